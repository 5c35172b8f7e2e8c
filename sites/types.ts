/**
 * The contract of the look-alike mailbox sites (crawler tests, benchmarks, the demo mailbox).
 * The crawler helper codes against these names: keep them stable.
 */

/** The structural kinds of real mailbox site reproduced here (see sites/README.md for URLs and selectors). */
export type SiteShape =
  | 'paged-html'
  | 'table-fixed-cells'
  | 'offset'
  | 'post-form'
  | 'aspnet-postback'
  | 'json-api'
  | 'js-literal'
  | 'load-more'
  | 'gbk-html'
  | 'forwarded';

export const siteShapes: readonly SiteShape[] = [
  'paged-html',
  'table-fixed-cells',
  'offset',
  'post-form',
  'aspnet-postback',
  'json-api',
  'js-literal',
  'load-more',
  'gbk-html',
  'forwarded',
];

/**
 * One message as the site holds it. Times are the site's local time (UTC+8) as
 * `YYYY-MM-DD HH:mm:ss`, which is how the sites print them.
 */
export interface SiteMessage {
  id: string;
  title: string;
  content: string;
  author?: string;
  postedAt: string;
  /** The site's own type label (咨询, 建议, 投诉, 求助, 举报, 表扬 ...). */
  type: string;
  /** The site's own status label (待回复, 办理中, 已办结). */
  status: string;
  /** Handling / replying unit. */
  unit?: string;
  replyText?: string;
  replyAt?: string;
  /** District the message is about (印台区, 王益区, 耀州区, 新区, 宜君县); shown by the city-mailbox shapes. */
  district?: string;
  /** Forwarded items only: the upper level's forwarding number (转办编号). */
  forwardNo?: string;
  originLevel?: 'province' | 'city';
  /** Forwarded items only: the upper level's deadline, `YYYY-MM-DD`. */
  upperDeadline?: string;
}

export interface SiteOptions {
  shape: SiteShape;
  /** Initial content, newest first. @default sampleMessages(45) */
  messages?: SiteMessage[];
  /** Items per list page (or per load-more batch). @default 15 */
  pageSize?: number;
  /** Answer 403 to everything until a first GET to `/` has set a session cookie. @default false */
  requireWarmupCookie?: boolean;
  /** Site name shown in page headers. @default a name fitting the shape */
  title?: string;
  /** Host to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
}

export type FaultKind = 'throttle429' | 'error5xx' | 'slow' | 'broken-html' | 'redesign' | 'forbidden403';

export interface Fault {
  kind: FaultKind;
  /** How many requests get it; then the fault clears itself. @default unlimited */
  times?: number;
  /** For 'slow': delay before answering. @default 1500 */
  delayMs?: number;
}

export interface RequestRecord {
  method: string;
  /** Raw path with query, as received (percent escapes kept). */
  path: string;
  status: number;
}

export interface RunningSite {
  /** Base URL, `http://127.0.0.1:PORT`. */
  url: string;
  /** Where a crawler starts (first list page or list endpoint). */
  startUrls: string[];
  close(): Promise<void>;
  /** Current content, newest first (copies). */
  messages(): SiteMessage[];
  /** Adds a message at the top of page 1; missing fields are generated. */
  addMessage(m?: Partial<SiteMessage>): SiteMessage;
  /** Sets reply text (and status, default 已办结) so it shows on list and detail. Throws on an unknown id. */
  reply(id: string, replyText: string, status?: string): void;
  setFault(fault: null | Fault): void;
  /** Every request served, in order. */
  requests(): RequestRecord[];
  resetRequests(): void;
}

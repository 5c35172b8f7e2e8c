/**
 * What a crawler remembers about a source between runs, and the store interface that keeps it.
 * The JSON-file store lives here; a database-backed one (workflow/) implements the same interface.
 */

/** A request the engine can replay (list pages, detail pages), serialisable. */
export interface PageRequest {
  url: string;
  method?: 'GET' | 'POST' | undefined;
  /** Already-encoded body (form or JSON). */
  body?: string | undefined;
  contentType?: string | undefined;
  /** Extra headers (signed APIs). */
  headers?: Record<string, string> | undefined;
}

/** One message the source has shown before. */
export interface KnownItem {
  /** Hash of what the list page shows of it (title, status, reply time ...). */
  listHash: string;
  /** Short hash per mapped message field, to say which fields changed. */
  fieldHashes: Record<string, string>;
  siteStatus?: string | undefined;
  /** Not closed (per the source's closedStatuses): revisited until it closes. */
  open: boolean;
  /** What the list showed of it, merged again when only the detail is revisited. */
  listFields?: Record<string, string> | undefined;
  /** Where its detail lives, to revisit it. */
  detail?: PageRequest | undefined;
  /** Set when the item was dropped (scope): why. Dropped items are not fetched again unless they change. */
  dropped?: string | undefined;
  /**
   * The message's fields as last extracted, so that its removal from the site can be reported with
   * the text staff last saw (the store would otherwise get an empty message). Kept while it is open,
   * and after it closes while the source re-checks closed messages (`watch.recheckClosedAfter`);
   * otherwise cleared once it closes (closed items are then never fetched again unless a list shows
   * them changed).
   */
  fields?: Record<string, string> | undefined;
  /** When its detail last said "removed from the site" (HTTP 404/410, `watch.removedText`). Removed items are closed. */
  removed?: string | undefined;
  /**
   * Set while the item was seen new on a list but its detail could not be read (it failed after
   * retries, answered a busy notice, came cut short, lacked its text …): nothing was handed on, and
   * the detail is fetched again at every run until it is read, wherever the list has moved it by
   * then (a run stops paging at known items, so one deep in the list was otherwise never fetched
   * again). Its other fields are placeholders; it is no known message (no change, no removal).
   */
  unfetched?: true | undefined;
  /**
   * The site id the message was first handed on under, when the site has given it another since
   * (a redesign with a new id and address scheme, `readdressed.ts`; its all-digit id re-padded,
   * `4` shown as `0004`, `repadded-ids.ts`): every later hand-on names the
   * message by it, so the store, which knows a message by (source, site id), keeps one message.
   */
  storeId?: string | undefined;
  /**
   * The address it was last handed on with (`CrawledMessage.url`): a site that moves a letter to
   * another address under the same id (or a re-addressed one, readdressed.ts) hands it on again
   * with the new one, so the case page's 原文 link follows it. Absent in states written before.
   */
  url?: string | undefined;
  firstSeenAt: string;
  lastSeenAt: string;
  lastCheckedAt: string;
}

/** A charset taken over what the site names (SourceHealth.charsetNotice). */
export interface CharsetNotice {
  /** What the site named and how its pages were read, with the advice (Chinese, no 编码提示 prefix). */
  text: string;
  /** The charset the HTTP header named, when it named one (at most 40 characters and an ellipsis). */
  header?: string | undefined;
  /** The charset the pages were read in: the `encoding` to set. */
  readAs: string;
}

/** Health of one source, shown by `minsheng sources status`. */
export interface SourceHealth {
  sourceId: string;
  lastRunAt?: string | undefined;
  lastSuccessAt?: string | undefined;
  lastError?: string | undefined;
  lastErrorAt?: string | undefined;
  /** Items seen on list pages in the last run. */
  itemsFound: number;
  /** Pages fetched in the last run (list + detail, each counted once). */
  pagesFetched: number;
  newItems: number;
  changedItems: number;
  droppedItems: number;
  /** Known messages whose detail said, in the last run, that the site removed them (reported once each). */
  removedItems: number;
  /** Closed messages whose detail was re-checked in the last run (`watch.recheckClosedAfter`), changed or not. */
  recheckedItems: number;
  /** Pages that failed in the last run (after retries) or could not be parsed; at most 20. */
  pageErrors: { url: string; error: string }[];
  /** Set when a page that used to yield items yields none, or selectors stopped matching. */
  layoutAlert?: string | undefined;
  /**
   * Set when the last run's pages were the site's access wall instead (a login page, a firewall's
   * or anti-bot challenge: access-wall.ts): a list page, or half or more of the detail pages. Says
   * so in Chinese (`本次 N 个详情页被网站拦截（要求登录）：…`); no layout alert is raised for them,
   * the source file is not at fault. Cleared by the next run that is not walled.
   */
  accessAlert?: string | undefined;
  /**
   * The last run read the site's pages in another charset than the site names (decideCharset: an
   * IIS default `charset=utf-8` over GBK pages whose `<meta>` says gbk …): a notice for staff, no
   * error and no layout alert (the letters were read right), asking for `encoding: readAs` in the
   * source file. `text` says what the site named and how the pages were read (Chinese, the advice
   * included); `header` is the charset the HTTP header named, if it named one (the site's text: a
   * charset name, cut at 40 characters). Kept by a run that decoded no HTML page (a held-off site, a
   * failed one); cleared by the first run whose pages read as the site says (the site fixed its
   * header, or the file sets `encoding`).
   */
  charsetNotice?: CharsetNotice | undefined;
  /**
   * The site asked (HTTP 429/503 with a Retry-After longer than `maxBackoff`) not to be visited
   * before `until` (ISO): kept across runs (and restarts, with the state), runs until then send the
   * site nothing. Cleared by the first run after it.
   */
  heldOff?: { until: string; status: number } | undefined;
  /**
   * The last run was cut off by its own process stopping on request (SIGTERM / SIGINT: a planned
   * restart, `minsheng start` or `minsheng worker` asked to stop), not by a fault of the site: it
   * stamps no error (lastError, lastErrorAt, pageErrors stay as a fault left them) and no success,
   * and the next run resumes where it stopped. Cleared by the next run.
   */
  interrupted?: boolean | undefined;
  knownItems: number;
  openItems: number;
  durationMs: number;
}

/** A list page to continue from: `start` is the index of the start URL whose list it belongs to. */
export interface ResumePoint {
  start: number;
  request: PageRequest;
  pageIndex: number;
  /**
   * The walk knew this page was there (the page before showed a next page or was full, or the page
   * failed): an error status when it is resumed is reported again, not read as the list's end.
   * Absent in states written before.
   */
  moreShown?: true | undefined;
  /**
   * An oldest-first list's last page that held letters (engine/list-tails.ts), not unfinished work:
   * when it is gone or shows no letter known before the run, the run reads the list from page 2.
   */
  tail?: true | undefined;
}

/** Everything remembered for one source. */
export interface SourceState {
  version: 1;
  sourceId: string;
  items: Record<string, KnownItem>;
  /** Where unfinished walks of the lists stopped (interrupted run, page limit, failed page); resumed next run. */
  resume: ResumePoint[];
  /** Items the first page of each list (by start URL index) showed last time: a layout change detector. */
  firstPageItems: Record<string, number>;
  health: SourceHealth;
}

/** Per-source crawl state. Implementations must make `put` durable before resolving. */
export interface CrawlStateStore {
  get(sourceId: string): Promise<SourceState | undefined>;
  put(sourceId: string, state: SourceState): Promise<void>;
  /** Every stored source state (for status tables). */
  list(): Promise<SourceState[]>;
}

export function emptyHealth(sourceId: string): SourceHealth {
  return { sourceId, itemsFound: 0, pagesFetched: 0, newItems: 0, changedItems: 0, droppedItems: 0, removedItems: 0, recheckedItems: 0, pageErrors: [], knownItems: 0, openItems: 0, durationMs: 0 };
}

export function emptyState(sourceId: string): SourceState {
  return { version: 1, sourceId, items: {}, resume: [], firstPageItems: {}, health: emptyHealth(sourceId) };
}

/**
 * The work of a run, as the run's parts pass it between them: the walks of each list (the head
 * walk from page 1, the backfill walk resuming a stopped one; keyed per start URL), the detail
 * requests a list page gives, and what to do after a list page. Types only, apart from the key,
 * so the handlers (list-answers.ts, page-router.ts), the browser pass and the crawler's jobs
 * (crawl-job.ts) share them without depending on the watching rules (crawl-run.ts).
 */
import type { PageRequest } from '../state/types.js';
import type { ListCopy } from './removals.js';

export type Chain = 'head' | 'backfill';

/** Key of one walk of one list. */
export const walkKey = (chain: Chain, start: number) => `${chain}:${start}`;

/** An item whose detail is to be fetched. */
export interface DetailWork extends ListCopy {
  siteId: string;
  request: PageRequest;
}

/** What to do after a list page. */
export interface ListDecision {
  /** Items whose detail must be fetched. */
  details: DetailWork[];
  /** Items complete from the list alone (no detail rule). */
  complete: ({ siteId: string } & ListCopy)[];
  /** Keep paging this chain. */
  more: boolean;
}

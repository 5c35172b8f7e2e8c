/**
 * What a queued request is for, and the Crawlee request that carries it. The job travels with the
 * request as Crawlee's userData, so each answer (page-router.ts) knows which walk, page or letter
 * it answers. Apart from the crawler itself because the handlers that read a job (list-answers.ts,
 * detail-answers.ts) and the router that queues one need it, not the crawler's politeness.
 */
import { Request } from '@crawlee/cheerio';
import { sha256 } from '../../core/index.js';
import type { RawFields } from '../extract/fields.js';
import type { PageRequest } from '../state/types.js';
import type { Chain } from './run-work.js';

/** What a queued request is for; travels with it as Crawlee's userData. */
export interface Job {
  kind: 'list' | 'detail';
  chain?: Chain;
  /** Index of the start URL whose list this belongs to. */
  start?: number;
  pageIndex?: number;
  siteId?: string;
  listFields?: RawFields;
  listHash?: string;
  page: PageRequest;
  /** Set once an answer reached the request handler (so a failure after it is not read as the site's answer). */
  answered?: boolean;
  /** In-page redirects to another detail page followed to reach this request (detail-answers.ts). */
  hops?: number;
  /** Fetched again to be decoded in the charset its page declares (page-router.ts): not again. */
  recoded?: boolean;
  /** The list page a stopped walk left off at, fetched again by the next run. */
  resumed?: boolean;
  /**
   * The walk knew there was more before asking for this list page (the page before showed a next
   * page, or was a full first page of offset pages; for a resumed page, its resume point says so):
   * an error status here is a page error, not the list's end (list-answers.ts).
   */
  moreShown?: boolean;
  /**
   * The page is an oldest-first list's tail from the run before (list-tails.ts): gone or shifted, the
   * list is read from page 2 (list-answers.ts). Asked under a key of its own, so a walk reaching the
   * same page in this run reads it too.
   */
  tail?: boolean;
  /** Not sent, or not retried, because the site asked to wait longer than the run does (Retry-After): why, for the page error. */
  heldOff?: string;
}

/** A Crawlee request for a job; `again` tells a deliberate second fetch of the same page from the first (Crawlee skips a key it has seen). */
export function toRequest(page: PageRequest, job: Job, again = ''): Request {
  const key = `${page.method ?? 'GET'} ${page.url} ${page.body ? sha256(page.body).slice(0, 16) : ''}${again ? ` ${again}` : ''}`;
  return new Request({
    url: page.url,
    method: page.method ?? 'GET',
    payload: page.body,
    headers: { ...(page.contentType ? { 'content-type': page.contentType } : {}), ...(page.headers ?? {}) },
    uniqueKey: key,
    userData: job,
  });
}

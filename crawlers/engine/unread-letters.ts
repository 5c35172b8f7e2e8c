/**
 * Letters listed as new whose detail a run asked for and could not read: kept in the state as
 * unfetched (KnownItem.unfetched), so their detail is fetched again at each run until it is read,
 * and given up, named in a page error, after `unreadGiveUpMs` of failed tries. Before, only the
 * list could bring them back, and a run stops paging at known items: a letter deep in the list (a
 * first crawl, a long backlog) whose detail failed once was never fetched again. Called by the
 * CrawlRun (crawl-run.ts) as the run closes; mutates the state it is given.
 */
import type { SourceState } from '../state/types.js';
import type { RunReport } from './run-report.js';
import type { DetailWork } from './run-work.js';

/** How long a letter whose detail was never read is retried at each run before it is given up (named in a page error). */
export const unreadGiveUpMs = 30 * 86_400_000;

/** What a run knows of the details it asked for. */
export interface UnreadLetters {
  /** New items (or never read ones) whose detail this run requested from a list page; those given up are deleted from it. */
  requested: Map<string, DetailWork>;
  /** Items whose detail was handled in this run. */
  checked: ReadonlySet<string>;
  /** Items whose detail this run asked the site for and got an answer or a final failure (not held off). */
  tried: ReadonlySet<string>;
}

/** Gives up letters unread for too long (tried in this run), and keeps those requested and not read as unfetched. */
export function keepUnread(state: SourceState, run: UnreadLetters, report: RunReport): void {
  const now = new Date().toISOString();
  // A letter whose detail could not be read for `unreadGiveUpMs` is given up, named in a page error
  // for staff to look up by hand, so the state does not ask the site for dead pages for ever; only
  // after this run asked for it and failed again (`tried`), never untried.
  const giveUpBefore = Date.now() - unreadGiveUpMs;
  for (const [siteId, item] of Object.entries(state.items)) {
    if (!item.unfetched || run.checked.has(siteId) || !run.tried.has(siteId) || Date.parse(item.firstSeenAt) > giveUpBefore) continue;
    delete state.items[siteId];
    run.requested.delete(siteId);
    report.pageError(item.detail?.url ?? '', `留言 ${siteId} 的详情页自 ${item.firstSeenAt.slice(0, 10)} 起一直无法读取，已停止重试：如网站上仍有此留言，请人工核对后录入`);
  }
  for (const [siteId, work] of run.requested) {
    const item = state.items[siteId];
    if (run.checked.has(siteId) || (item && !item.unfetched)) continue;
    state.items[siteId] = {
      unfetched: true,
      listHash: '', // never equal to a list's: a list showing it asks for its detail again
      fieldHashes: {},
      open: true,
      detail: work.request,
      listFields: work.listFields as Record<string, string>,
      firstSeenAt: item?.firstSeenAt ?? now,
      lastSeenAt: now,
      lastCheckedAt: now,
    };
  }
}

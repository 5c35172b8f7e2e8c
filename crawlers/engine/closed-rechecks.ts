/**
 * The slow re-check of closed messages (crawlers/README.md, Re-checks). The measures (第四条) want
 * replies published and followed up, but a closed (answered) message is otherwise fetched again
 * only when a list page shows it changed: a reply edited later, or a message the site deletes after
 * it left the pages the crawler walks, would never be seen. So each run, after its list walks and
 * open revisits (new messages are never delayed by this), re-fetches the details of at most
 * `watch.recheckClosedPerRun` closed known messages last checked more than
 * `watch.recheckClosedAfter` ago, oldest check first, within what is left of `maxPagesPerRun` and
 * through the same host gate. Their answers go through the usual detail handling: change
 * detection, and the removal rules with their mass-removal guard (judged on the re-checks alone).
 */
import type { RawFields } from '../extract/fields.js';
import type { SourceDefinition } from '../source/schema.js';
import type { PageRequest, SourceState } from '../state/types.js';
import type { RemovalWatch } from './removals.js';
import type { RunReport } from './run-report.js';

/** Whether the source re-checks closed messages at all (`0`/`off` in either setting disables it). */
export function rechecksClosed(source: SourceDefinition): boolean {
  return source.watch.recheckClosedAfter > 0 && source.watch.recheckClosedPerRun > 0;
}

/** Whether a closed message is still young enough to be re-checked (first seen within `watch.recheckClosedFor`). */
export function withinRecheckAge(source: SourceDefinition, item: { firstSeenAt: string }, now = Date.now()): boolean {
  const limit = source.watch.recheckClosedFor;
  return limit === 0 || Date.parse(item.firstSeenAt) >= now - limit;
}

/** A closed message whose detail is to be fetched again, with what its list showed last time. */
export interface RecheckWork {
  siteId: string;
  request: PageRequest;
  listFields: RawFields;
  listHash: string;
}

/** What the re-check needs of the run it belongs to (the CrawlRun). */
export interface RecheckRun {
  readonly source: SourceDefinition;
  readonly state: SourceState;
  readonly report: RunReport;
  readonly removals: RemovalWatch;
  /** Site ids whose detail request got an answer or failed for good in this run. */
  readonly answered: ReadonlySet<string>;
  readonly detailPages: number;
  readonly detailLayoutFailures: number;
  readonly listFailures: number;
  /** Half or more of the run's detail answers were access walls (a login page, a firewall's challenge). */
  readonly mostlyWalled: boolean;
  /** Whether the run already handled the item's detail or queued it. */
  detailTaken(siteId: string): boolean;
}

/** The label of the re-check batch in the mass-removal alert (`本次复查已办结留言时 N 个详情页都答复已删除…`). */
const batchLabel = '复查已办结留言时';

/**
 * Closed known messages due for a re-check, oldest check first, at most `limit`. Not re-checked:
 * open ones (revisited anyway), removed or scope-dropped ones, ones without a detail address, ones
 * first seen longer ago than `watch.recheckClosedFor`, and ones whose detail this run already
 * handled or queued.
 */
export function dueRechecks(run: RecheckRun, limit: number, now = Date.now()): RecheckWork[] {
  if (!rechecksClosed(run.source) || limit <= 0) return [];
  const due = now - run.source.watch.recheckClosedAfter;
  return Object.entries(run.state.items)
    .filter(([siteId, k]) => !k.open && !k.removed && !k.dropped && k.detail && Date.parse(k.lastCheckedAt) <= due && withinRecheckAge(run.source, k, now) && !run.detailTaken(siteId))
    .sort(([a, x], [b, y]) => Date.parse(x.lastCheckedAt) - Date.parse(y.lastCheckedAt) || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([siteId, k]) => ({ siteId, request: k.detail as PageRequest, listFields: (k.listFields ?? {}) as RawFields, listHash: k.listHash }));
}

/**
 * Re-checks the closed messages due, once the run's own requests are done (`fetch` sends detail
 * requests and resolves when all are answered or failed). Skipped when the run was stopped or
 * already shows the site in trouble (a failed list page, a layout alert, no detail page read, most
 * detail pages an access wall): they stay due for the next run. Each re-check answered (or failed for good) is counted in
 * `recheckedItems` and its last-check time is set, changed or not, failed or not, so one broken
 * page does not hold the queue; only removals held back by the mass-removal guard keep their old
 * time and are tried again next run.
 */
export async function recheckClosed(run: RecheckRun, fetch: (work: RecheckWork[]) => Promise<void>, signal?: AbortSignal): Promise<void> {
  // The walks' and revisits' removals are judged on their own answers, before the re-checks add theirs.
  await run.removals.settle(run.detailPages);
  const health = run.report.health;
  const troubled = run.listFailures > 0 || health.layoutAlert !== undefined || run.mostlyWalled || (run.detailPages > 0 && run.detailLayoutFailures >= run.detailPages);
  if (signal?.aborted || troubled) return;
  const work = dueRechecks(run, Math.min(run.source.watch.recheckClosedPerRun, run.source.watch.maxPagesPerRun - health.pagesFetched));
  if (work.length === 0) return;
  const before = new Map(work.map((w) => [w.siteId, run.state.items[w.siteId]?.lastCheckedAt]));
  await fetch(work);
  const held = await run.removals.settle(run.detailPages, batchLabel);
  const now = new Date().toISOString();
  for (const { siteId } of work) {
    if (!run.answered.has(siteId)) continue; // stopped before its answer
    run.report.recheckDone();
    const known = run.state.items[siteId];
    if (known && !held.has(siteId) && known.lastCheckedAt === before.get(siteId)) known.lastCheckedAt = now;
  }
}

/**
 * Where the next run resumes each list: the earliest page a run left unfinished work on, either a
 * walk not finished (its next list page) or a detail request queued and never handled (the list
 * page that showed it). So a stopped run loses nothing; page 1 is left out, as the head walk starts
 * there anyway. Pure: the CrawlRun (crawl-run.ts) holds the maps and saves the result.
 */
import type { ResumePoint } from '../state/types.js';

/** Per list, the earliest page with unfinished work among `pending` walks and `outstanding` details. */
export function earliestResumePoints(pending: Iterable<ResumePoint>, outstanding: Iterable<ResumePoint>): ResumePoint[] {
  const byStart = new Map<number, ResumePoint>();
  for (const point of [...pending, ...outstanding]) {
    if (point.pageIndex === 0) continue; // the head walk starts there anyway
    const best = byStart.get(point.start);
    if (!best || point.pageIndex < best.pageIndex) byStart.set(point.start, point);
  }
  return [...byStart.values()];
}

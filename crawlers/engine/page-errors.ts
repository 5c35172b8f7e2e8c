/**
 * The page errors of an answer that stands in for its page: the site's access wall (a login page,
 * a firewall's challenge) in place of a list or detail page, named for staff with the access alert
 * (CrawlRun.accessWalled); and the resume point a list page that could not be read leaves, so the
 * next run walks on from it. Used by the page router's list, detail and failed-request handlers
 * (page-router.ts, list-answers.ts, detail-answers.ts).
 */
import type { PageRequest, ResumePoint } from '../state/types.js';
import { accessWallNames, type AccessWall } from './access-wall.js';
import type { CrawlRun } from './crawl-run.js';
import { walkKey } from './run-work.js';

/** A resume point, marked when the walk knew its page was there, and when it is an oldest-first list's tail (list-tails.ts) read again next run. */
export const resumeAt = (start: number, request: PageRequest, pageIndex: number, moreShown: boolean | undefined, tail?: boolean): ResumePoint => ({
  start,
  request,
  pageIndex,
  ...(moreShown ? { moreShown: true } : {}),
  ...(tail ? { tail: true } : {}),
});

/**
 * A list page was the site's access wall: a page error naming the wall, the access alert, and for
 * a later page its page kept as the resume point (as a failed page's), so the walk goes on from
 * there next run (on a first crawl the rest of the backlog was otherwise never read). The caller
 * counts the list failure and ends the walk.
 */
export function listWalled(run: CrawlRun, page: { url: string; status: number; pageIndex: number; start: number; request: PageRequest }, wall: AccessWall, moreShown: boolean | undefined, tail?: boolean): void {
  const status = page.status >= 400 ? `，HTTP ${page.status}` : '';
  run.report.pageError(page.url, `列表第 ${page.pageIndex + 1} 页被网站拦截（${accessWallNames[wall.kind]}：“${wall.shown}”${status}），本次未读取，下次运行从这一页继续`);
  run.accessWalled(wall, true);
  if (page.pageIndex > 0) run.pending.set(walkKey('backfill', page.start), resumeAt(page.start, page.request, page.pageIndex, moreShown ?? true, tail));
}

/** A detail page was the site's access wall: a page error naming it; the message is fetched again next run. The caller counts it unread. */
export function detailWalled(run: CrawlRun, url: string, siteId: string, wall: AccessWall, status: number): void {
  const code = status >= 400 ? `，HTTP ${status}` : '';
  run.report.pageError(url, `详情页被网站拦截（${accessWallNames[wall.kind]}：“${wall.shown}”${code}），未显示留言 ${siteId}：下次运行再取`);
  run.accessWalled(wall, false);
}

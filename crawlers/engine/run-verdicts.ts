/**
 * What a run's pages say of the source as a whole, for staff: the layout alert (改版) when the
 * first list page holds nothing or most of a page shares ids, the access alert when the site walls
 * the crawler off, and the end-of-run judgement of the detail pages. Each verdict is raised on the
 * run's RunReport (run-report.ts); the counts are the CrawlRun's (crawl-run.ts).
 */
import { emptyListHolder, headerOnlyList, type ListItem, type ListPageResult } from '../extract/pages.js';
import { accessWallNames, type AccessWallKind } from './access-wall.js';
import { listHash } from './changes.js';
import type { RunReport } from './run-report.js';

/**
 * The head walk's first list page held no item. `before`: how many it held at the last run. A
 * list that says it is empty and never had items is a quiet channel (a new one, or items forwarded
 * from above), not a changed layout; one that had items and now says so may be either.
 */
export function judgeEmptyFirstPage(result: ListPageResult, before: number, report: RunReport): void {
  const shown = result.empty === '[]' ? '条目数组为空' : result.empty === headerOnlyList ? '列表只有表头行' : result.empty === emptyListHolder ? '列表为空' : `页面显示“${result.empty}”`;
  if (result.empty && before === 0) return;
  if (result.empty) report.layoutAlert(`列表首页原有 ${before} 条，本次为空（${shown}）：网站可能改版或清空了列表，请打开列表页核对`);
  else {
    const why = result.problems.join('；') || '条目选择器或路径未匹配';
    report.layoutAlert(before > 0 ? `列表首页原有 ${before} 条，本次解析出 0 条：网站可能改版（${why}）` : `列表首页未解析出任何条目（${why}）`);
  }
}

/**
 * Two different items under one id on one page: the id rule likely takes something shared (a
 * date, a status): all but the first would be lost without a word. A pinned copy repeats its item
 * alike. Returns the page's site ids, each with its (last) item's list hash.
 */
export function judgeSharedIds(items: readonly ListItem[], pageUrl: string, report: RunReport): Map<string, string> {
  const onPage = new Map<string, string>();
  const clashes = new Set<string>();
  for (const item of items) {
    const hash = listHash(item.fields);
    const earlier = onPage.get(item.siteId);
    if (earlier !== undefined && earlier !== hash) clashes.add(item.siteId);
    onPage.set(item.siteId, hash);
  }
  if (clashes.size > 0) {
    const ids = `${[...clashes].slice(0, 5).join('、')}${clashes.size > 5 ? ` 等 ${clashes.size} 个编号` : ''}`;
    const text = `编号 ${ids} 在同一页上对应内容不同的多条留言，只取了第一条：siteId 规则应取每条留言唯一的编号`;
    // Most of the page under shared ids: the rule is wrong, not one odd row.
    if ((items.length - onPage.size) * 2 >= items.length) report.layoutAlert(`${pageUrl}：${text}`);
    else report.pageError(pageUrl, text);
  }
  return onPage;
}

/** A list page was the site's access wall: the access alert at once, since nothing of that list could be read. */
export function judgeWalledList(kind: AccessWallKind, report: RunReport): void {
  report.accessAlert(`列表页被网站拦截（${accessWallNames[kind]}）：请在浏览器中打开列表页核对，必要时联系网站管理方`);
}

/** Half or more of the run's detail answers were access walls (the access alert's rule). */
export const mostlyWalled = (walledDetails: number, detailPages: number): boolean => walledDetails > 0 && walledDetails * 2 >= detailPages;

/** A run's detail-page counts, as the CrawlRun keeps them. */
export interface DetailCounts {
  detailPages: number;
  detailLayoutFailures: number;
  walledDetails: number;
  wallKinds: ReadonlySet<AccessWallKind>;
}

/**
 * The end-of-run verdict on the detail pages. Walled detail pages (a login page, a firewall's
 * challenge) are no redesign: half or more of the run's detail answers walled is said as such;
 * otherwise the redesign alert is raised when every other detail page lacked its required fields.
 */
export function judgeDetailPages(counts: DetailCounts, report: RunReport): void {
  if (mostlyWalled(counts.walledDetails, counts.detailPages)) {
    const kinds = [...counts.wallKinds].map((k) => accessWallNames[k]).join('或');
    report.accessAlert(`本次 ${counts.walledDetails} 个详情页被网站拦截（${kinds}）：请在浏览器中打开核对，必要时联系网站管理方`);
  } else if (counts.detailLayoutFailures > 0 && counts.detailLayoutFailures >= counts.detailPages - counts.walledDetails) {
    report.layoutAlert(`本次 ${counts.detailLayoutFailures} 个详情页都未取到必填字段：详情页可能改版`);
  }
}

/**
 * The router's LIST handler (page-router.ts): what a list answer means. A list page is parsed, the
 * run decides which details to fetch and whether to page on (CrawlRun.onListPage), and the walk
 * goes on or stops. An error status ends the walk: on a later page only when nothing said there
 * was more (laterListFailed); a page that holds no item after one that showed a next page is a busy
 * or blocking page, not the end; an access wall is a page error (page-errors.ts); an oldest-first
 * list's tail that is gone or shifted has the list read from page 2 (list-tails.ts). Each walk's
 * next request is queued through the router (`ListWalk`).
 */
import type { CheerioAPI } from 'cheerio';
import { describeError } from '../../core/index.js';
import { headerOnlyList, type ListPageResult } from '../extract/pages.js';
import type { SourceDefinition } from '../source/schema.js';
import type { PageRequest, ResumePoint } from '../state/types.js';
import type { FetchedPage, SiteAdapter } from './adapter.js';
import { accessWall } from './access-wall.js';
import type { CrawlRun } from './crawl-run.js';
import { walkKey, type Chain, type DetailWork } from './run-work.js';
import { listWalled, resumeAt } from './page-errors.js';
import type { Job } from './crawl-job.js';

/** What a first list page's error status usually means in a source file. */
const listStatusHints: Record<number, string> = {
  404: '：网站没有这个地址，请核对 startUrls（或 pagination.url）',
  410: '：网站没有这个地址，请核对 startUrls（或 pagination.url）',
  405: '：网站不接受这种请求方式，列表接口可能要用 POST（pagination 的 post-form 或 json-body）',
  400: '：网站不接受这个请求，请核对地址中的参数（或 pagination.body）',
};

/** A pager's link text to the next page (下一页, 下页 ›, next »). */
const nextLinkText = /^(?:下一页|下页|后一页|下一頁|next(?: page)?)\s*[>›»]*$/i;

/** Whether a page shows a link to the next page that leads elsewhere (no script, no `#`, not the page itself). */
function showsNextLink($: CheerioAPI, pageUrl: string): boolean {
  return $('a')
    .toArray()
    .some((el) => {
      const link = $(el);
      const href = link.attr('href')?.trim();
      if (!nextLinkText.test(link.text().trim()) || !href || href.startsWith('#') || /^javascript:/i.test(href)) return false;
      return URL.canParse(href, pageUrl) && new URL(href, pageUrl).href !== pageUrl;
    });
}

/** What the LIST handler reads with: the source, its adapter and the run (the router's options). */
export interface ListAnswersOptions {
  source: SourceDefinition;
  adapter: SiteAdapter;
  run: CrawlRun;
}

/** How a walk goes on: the router queues list and detail requests. */
export interface ListWalk {
  enqueueList(request: PageRequest, chain: Chain, start: number, pageIndex: number, moreShown?: boolean): Promise<void>;
  enqueueDetails(details: DetailWork[], from?: ResumePoint): Promise<void>;
}

export class ListAnswers {
  /** The most items a list page of this run held: a page holding as many is full. */
  private largestListPage = 0;
  /** List pages (`walkKey#pageIndex`) that a full page led to. */
  private readonly afterFullPage = new Set<string>();

  constructor(
    private readonly options: ListAnswersOptions,
    private readonly walk: ListWalk,
  ) {}

  /** Handles a list answer (`broken`: cut short or garbled, its items not used this run). */
  async handle(page: FetchedPage, job: Job, broken: boolean): Promise<void> {
    const { run, adapter, source } = this.options;
    const chain = job.chain ?? 'head';
    const key = walkKey(chain, page.start);
    // A login page or a firewall's challenge in place of the list (any status): not an empty list,
    // not a redesign, nor the list's end. The next run tries this page again.
    const walled = (items: number) => {
      const wall = items === 0 && !broken ? accessWall(page, job.page.url) : undefined;
      if (!wall) return false;
      run.listFailures++;
      run.pending.delete(key);
      listWalled(run, page, wall, job.moreShown, job.tail);
      return true;
    };
    if (page.status >= 400 && walled(0)) return;
    // An oldest-first list's tail from the run before (list-tails.ts; still one next run when walled).
    const tail = job.tail === true && run.tails.oldestFirst;
    if (page.status >= 400 && tail) {
      // An oldest-first list's tail gone (letters deleted, more a page): the list is read from page 2.
      run.pending.delete(key);
      await this.tailLost(page);
      return;
    }
    if (page.status >= 400) {
      if (page.pageIndex === 0) {
        run.listFailures++;
        run.report.pageError(page.url, `列表页返回 HTTP ${page.status}${listStatusHints[page.status] ?? ''}`);
      }
      run.pending.delete(key);
      // A later page: the list's end (many sites answer 404 past it) only when nothing said there
      // was more. Otherwise a page-2 address built wrong, or a site blocking the walk, would end it
      // without a word: on a first crawl the whole backlog after page 1 was never read (later runs
      // stop at known items). The next run tries this page again.
      if (page.pageIndex > 0 && job.moreShown) this.laterListFailed(page, job, chain);
      return;
    }
    const walkOn = async (next: PageRequest | undefined, result: ListPageResult) => {
      const moreShown = this.nextWasShown() || this.saidMore(page, result);
      this.largestListPage = Math.max(this.largestListPage, result.items.length);
      if (next && result.items.length > 0 && result.items.length >= this.largestListPage) this.afterFullPage.add(`${key}#${page.pageIndex + 1}`);
      if (!next) run.pending.delete(key);
      else if (run.listPages >= source.watch.maxPagesPerRun) run.pending.set(key, resumeAt(page.start, next, page.pageIndex + 1, moreShown));
      else await this.walk.enqueueList(next, chain, page.start, page.pageIndex + 1, moreShown);
    };
    let result;
    try {
      result = adapter.parseList(page);
    } catch (error) {
      if (walled(0)) return;
      run.report.pageError(page.url, `列表页无法解析：${describeError(error)}`);
      if (page.pageIndex === 0 && chain === 'head') run.report.layoutAlert(`列表首页无法解析：${describeError(error)}`);
      run.pending.delete(key);
      return;
    }
    if (broken) {
      // Items of a cut-short page may be cut too: take none of them this run, but walk on.
      run.listPages++;
      await walkOn(adapter.nextListRequest(page, result), result);
      return;
    }
    if (walled(result.items.length)) return;
    // An oldest-first list's tail showing no letter, or none known first: its items are read as any
    // page's (its walk goes on from it), and the pages before it from page 2.
    if (tail && run.tails.lostAt(result.items)) await this.tailLost(page);
    const saysEmpty = result.empty !== undefined && result.empty !== headerOnlyList;
    // A page saying 暂无数据 after a full page that showed a next page is not the end either: a site
    // whose database failed for a moment says so (the walk ended there, and the letters past it
    // were never read). After a short page it is the end (a next link that stays on the last page).
    const hiccup = saysEmpty && this.afterFullPage.has(`${key}#${page.pageIndex}`);
    if (page.pageIndex > 0 && result.items.length === 0 && (!saysEmpty || hiccup) && this.nextWasShown() && !job.resumed) {
      // The page before showed a next page, and this one holds no item and does not say the list
      // is empty (a bare header row does not: a site that lost its session shows the frame with no
      // rows): a busy or blocking page answered 200 (系统繁忙, a firewall's notice). Ending the
      // walk here would leave every later page unread for good on a first crawl (later runs stop at
      // known items): the next run walks on from this page. Seen again there, it is the list's end
      // (a pager whose "next" link stays on the last page).
      run.listPages++;
      const shown = hiccup ? `显示“${String(result.empty)}”，但上一页已满且` : '没有解析出条目，但上一页';
      run.report.pageError(page.url, `列表第 ${page.pageIndex + 1} 页${shown}显示还有下一页：网站可能繁忙或拦截了抓取，下次运行从这一页继续`);
      run.pending.delete(key);
      run.pending.set(walkKey('backfill', page.start), resumeAt(page.start, page.request, page.pageIndex, true));
      return;
    }
    const decision = run.onListPage(result, page.url, page.pageIndex, chain, page.start, page.request);
    // Where an oldest-first list's head walk would go on, should its tail turn out lost (judged at once, before any wait).
    if (run.tails.oldestFirst && chain === 'head' && page.pageIndex === 0 && !decision.more) {
      const next = adapter.nextListRequest(page, result);
      run.tails.headStopped(page.start, next && { request: next, moreShown: this.nextWasShown() || this.saidMore(page, result) });
    }
    await this.walk.enqueueDetails(decision.details, { start: page.start, request: page.request, pageIndex: page.pageIndex });
    for (const item of decision.complete) await run.finishItem(item.siteId, item.listFields, item.listHash, undefined, item.listFields);
    await walkOn(decision.more ? adapter.nextListRequest(page, result) : undefined, result);
  }

  /**
   * An oldest-first list's tail is lost (list-tails.ts): its head walk goes on from page 2 to the
   * list's end, queued here when it already stopped after page 1. Said in the log, not as a page
   * error: the list changed, nothing failed.
   */
  private async tailLost(page: FetchedPage): Promise<void> {
    const { run } = this.options;
    run.report.logger.info({ source: run.source.id, url: page.url }, `按时间正序的列表上次的最后一页（第 ${page.pageIndex + 1} 页）已不存在或已移动（网站删除了留言或改变了每页条数），本次从第 2 页读到列表末尾`);
    const stop = run.tails.lose(page.start);
    if (stop) await this.walk.enqueueList(stop.request, 'head', page.start, 1, stop.moreShown);
  }

  /**
   * A later list page answered an error status though the walk knew there was more (`moreShown`):
   * a page error naming the page, its page kept as the resume point (as a failed page's), and on a
   * first crawl's page 2, where the pager never worked, a layout alert pointing at `pagination`.
   */
  private laterListFailed(page: FetchedPage, job: Job, chain: Chain): void {
    const { run } = this.options;
    const why = job.resumed ? '上次运行停在这一页，网站可能改动了翻页地址或拦截了抓取' : '上一页显示还有下一页（或上一页已满），可能是翻页地址有误或网站拦截';
    run.listFailures++;
    run.report.pageError(page.url, `列表第 ${page.pageIndex + 1} 页返回 HTTP ${page.status}：${why}，下次运行从这一页继续`);
    run.pending.set(walkKey('backfill', page.start), resumeAt(page.start, page.request, page.pageIndex, true));
    if (run.firstCrawl && chain === 'head' && page.pageIndex === 1) {
      const onePage = this.nextWasShown() ? '' : '；列表如确实只有一页，可设置 pagination.hasNext';
      run.report.layoutAlert(`列表第 2 页返回 HTTP ${page.status}，只读到了第 1 页：翻页可能从未成功，请核对来源文件中的 pagination（翻页地址、起始页码）${onePage}`);
    }
  }

  /** Whether the pagination only goes on to a page the page before showed (a next link, or `hasNext` matched). */
  private nextWasShown(): boolean {
    const { source } = this.options;
    if (source.kind !== 'config') return false;
    const p = source.pagination;
    return p.type === 'next-link' || ('hasNext' in p && !!p.hasNext);
  }

  /**
   * Whether a list page said there was more though the source gives its pager no rule (path, query,
   * offset pagination without `hasNext`): it shows a working link to the next page (下一页 …), or it
   * is the list's first page and full (offset: `step` items; path and query declare no page size).
   * Not any first page with items: a list of one page (a new channel, a small one) answering 404
   * for page 2 would be reported at every run. Nor a full later page: once a built address answered
   * with items, a 4xx after a full page is read as the end of a list whose length is a multiple of
   * the page size (many sites answer 404 past the end: a 40-letter list in pages of 10 ends so).
   */
  private saidMore(page: FetchedPage, result: ListPageResult): boolean {
    const items = result.items.length;
    if (items === 0) return false;
    const p = this.options.source.kind === 'config' ? this.options.source.pagination : undefined;
    if (page.pageIndex === 0 && p?.type === 'offset' && items >= p.step) return true;
    return !!result.$ && showsNextLink(result.$, page.url);
  }
}

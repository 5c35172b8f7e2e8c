/**
 * What each answer means (house style 5: one router, LIST and DETAIL handlers). A list page is
 * parsed and the run decides which details to fetch and whether to page on; a detail page is
 * parsed and the item recorded, unless the answer says the site removed the message (removals.ts).
 * Broken pages (cut short, unparseable) are page errors: a broken list page's items are not used
 * this run, a broken detail leaves its message for the next run. A later list page answering an
 * error status is the list's end only when nothing said there was more (laterListFailed).
 */
import type { CheerioCrawlingContext, Request } from '@crawlee/cheerio';
import type { CheerioAPI } from 'cheerio';
import iconv from 'iconv-lite';
import { declaredCharset, headerCharset, misdecoded, pageCharset, undeclaredChineseCharset } from '../extract/charsets.js';
import { describeError } from '../../core/index.js';
import { compileRemovedText, type SourceDefinition } from '../source/schema.js';
import type { PageRequest, ResumePoint } from '../state/types.js';
import type { FetchedPage, SiteAdapter } from './adapter.js';
import { headerOnlyList, type ListPageResult } from '../extract/pages.js';
import { walkKey, type Chain, type CrawlRun, type DetailWork } from './crawl-run.js';
import { describeFetchError, failedStatus, toRequest, type AnswerHandlers, type DecodedContext, type Job } from './polite-crawler.js';
import type { Landing } from './detail-urls.js';
import { accessWall, accessWallNames, type AccessWall } from './access-wall.js';
import { busyNotice } from './busy-page.js';
import { pageShape, samePage, type PageShape } from './home-page.js';
import { alertAndBack, inPageRedirect } from './in-page-redirect.js';
import { goneStatusReason, removedPageReason } from './removals.js';

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

/** In-page redirects to other detail pages followed in a row before the answer is read as it is. */
const MAX_IN_PAGE_HOPS = 2;

export interface PageRouterOptions {
  source: SourceDefinition;
  adapter: SiteAdapter;
  run: CrawlRun;
  /** Queues requests on the crawler (bound late: the crawler is built with this router's handlers). */
  enqueue: (requests: Request[]) => Promise<void>;
  /** Called after each answer: progress report and periodic state saves. */
  afterPage: (url: string) => void;
  /** The home page of a page's host, fetched at most once per host and run (undefined when it could not be fetched). */
  homePage?: (pageUrl: string) => Promise<PageShape | undefined>;
  /** From now on, decode answers whose Content-Type names no charset in this one (bound late, like `enqueue`). */
  decodeUnlabelledAs?: (encoding: string) => void;
}

/** Crawlee has already transcoded non-Node charsets (gbk …) to UTF-8; `encoding` is what the bytes are now. */
function decode(body: string | Buffer, encoding: string | undefined): string {
  return typeof body === 'string' ? body : iconv.decode(body, encoding && iconv.encodingExists(encoding) ? encoding : 'utf8');
}

/** A detail request, with what the list showed of its item. */
export const detailRequest = (d: DetailWork): Request =>
  toRequest(d.request, { kind: 'detail', siteId: d.siteId, listFields: d.listFields, listHash: d.listHash, page: d.request });

/**
 * A list request of one walk; `resumed`: the page a stopped walk left off at (the state's resume
 * point); `moreShown`: the walk knew the page was there (Job's `moreShown`).
 */
export const listRequest = (request: PageRequest, chain: Chain, start: number, pageIndex: number, resumed = false, moreShown = false): Request =>
  toRequest(request, { kind: 'list', chain, start, pageIndex, page: request, ...(resumed ? { resumed } : {}), ...(moreShown ? { moreShown } : {}) });

/** A resume point, marked when the walk knew its page was there. */
const resumeAt = (start: number, request: PageRequest, pageIndex: number, moreShown: boolean | undefined): ResumePoint => ({
  start,
  request,
  pageIndex,
  ...(moreShown ? { moreShown: true } : {}),
});

export class PageRouter implements AnswerHandlers {
  /** The most items a list page of this run held: a page holding as many is full. */
  private largestListPage = 0;
  /** List pages (`walkKey#pageIndex`) that a full page led to. */
  private readonly afterFullPage = new Set<string>();

  private readonly removedText: RegExp | undefined;
  private charsetHinted = false;

  constructor(private readonly options: PageRouterOptions) {
    const pattern = options.source.watch.removedText;
    this.removedText = pattern ? compileRemovedText(pattern) : undefined;
  }

  async handle(ctx: CheerioCrawlingContext): Promise<void> {
    const { run, adapter } = this.options;
    const job = ctx.request.userData as Job;
    job.answered = true;
    const status = ctx.response.statusCode ?? 200;
    const body = decode(ctx.body, ctx.contentType?.encoding);
    const contentType = String(ctx.response.headers['content-type'] ?? '');
    // An HTML page was decoded in the charset its bytes showed (decideCharset, polite-crawler.ts);
    // other answers (JSON …) in the header's, their charset read as before.
    const decided = (ctx as DecodedContext).decidedCharset;
    const charset = decided ? decided.charset : pageCharset(adapter.encoding, contentType, body);
    // The site's header (or its `<meta>`) says another charset than its pages are in: the source's
    // health carries a notice for staff (told once a run in the log), cleared by a run reading as
    // said. An error answer (a server's own 404 or 503 page) says nothing of the site's pages.
    if (decided && status < 400) run.report.charsetRead(decided, ctx.request.loadedUrl ?? ctx.request.url);
    const page: FetchedPage = { request: job.page, url: ctx.request.loadedUrl ?? ctx.request.url, status, body, $: ctx.$ as unknown as FetchedPage['$'], pageIndex: job.pageIndex ?? 0, start: job.start ?? 0, charset };
    run.report.pageFetched();
    this.options.afterPage(page.url);
    let garbled: string | undefined;
    if (!adapter.encoding && page.body.includes('\uFFFD')) {
      const declared = declaredCharset(page.body);
      const header = headerCharset(contentType);
      // A page that declares no charset and is no UTF-8 (GBK bytes of an old site that names none
      // anywhere) is read as a browser set to Chinese reads it: GB18030. Garbled text was taken as
      // the letters before.
      const misread = !declared && misdecoded(page.body);
      const readAs = declared ?? (misread ? undeclaredChineseCharset : undefined);
      // The HTTP header names no charset and the page declares a Chinese one (or none and is not
      // UTF-8): read it in that charset. The page is fetched again; the run's later answers are
      // decoded so. HTML pages were decoded from their bytes already (decided): only other answers.
      if (readAs && !header && !decided && !job.recoded && this.options.decodeUnlabelledAs) {
        this.options.decodeUnlabelledAs(readAs);
        await this.options.enqueue([toRequest(job.page, { ...job, answered: false, recoded: true }, `charset:${readAs}`)]);
        return;
      }
      // The header names a charset the bytes are not in (or the page came back garbled anyway):
      // garbled text is kept out of the ledger, and the source file needs `encoding`.
      if (declared) garbled = `页面声明编码为 ${declared}，按网站所说的编码解码出现乱码：请在来源文件中设置 encoding: ${declared}`;
      else if (misread && header) garbled = `网站声明编码为 ${header}，按它解码出现乱码（页面未声明编码，可能是 GBK）：请在来源文件中设置 encoding: gbk`;
      else if (misread) garbled = `页面未声明编码，按 UTF-8 和 GB18030 解码都出现乱码：请在来源文件中设置 encoding`;
    }
    if (garbled) {
      if (!this.charsetHinted) run.report.layoutAlert(garbled);
      this.charsetHinted = true;
      run.report.pageError(page.url, `页面乱码，本次未使用${job.kind === 'detail' ? '，该留言下次再取' : ''}`);
    }
    // A page cut short (no closing </html>) is reported; what could be parsed from it is still used.
    const broken = !!ctx.$ && status < 400 && /<html[\s>]/i.test(page.body.slice(0, 2000)) && !/<\/html\s*>/i.test(page.body.slice(-2000));
    if (broken) run.report.pageError(page.url, `页面不完整或已损坏（缺少 </html>）${job.kind === 'detail' ? '，该留言下次再取' : ''}`);
    if (job.kind === 'list') await this.handleList(page, job, broken || !!garbled);
    else await this.handleDetail(page, job, broken || !!garbled);
  }

  /**
   * The request failed for good; a 404/410 of a detail is still the site's answer, and a 403, 429
   * or 5xx whose page (`answerText`) is an access wall is said as one.
   */
  async failed(ctx: CheerioCrawlingContext, error: Error, answerText?: string): Promise<void> {
    const { run } = this.options;
    const job = ctx.request.userData as Job;
    if (job.siteId) run.detailAnswered(job.siteId);
    if (job.siteId && !job.heldOff) run.tried.add(job.siteId);
    run.report.pageFetched();
    // A revisit queued under the id the site has since re-padded: its letter is read at the new address.
    if (job.kind === 'detail' && job.siteId && run.renumberedThisRun(job.siteId)) return;
    const status = failedStatus(ctx, error);
    const url = ctx.request.loadedUrl ?? ctx.request.url;
    const wall = answerText === undefined ? undefined : accessWall({ url, status, body: answerText }, job.page.url);
    if (wall && job.kind === 'detail') {
      run.unreadDetails++;
      this.detailWalled(url, job.siteId ?? '', wall, status);
      return;
    }
    if (wall) {
      run.listFailures++;
      const start = job.start ?? 0;
      if (job.chain) run.pending.delete(walkKey(job.chain, start));
      this.listWalled({ url, status, pageIndex: job.pageIndex ?? 0, start, request: job.page }, wall, job.moreShown);
      return;
    }
    // A 404/410 the handler never saw (an answer type Crawlee refuses): still the site saying it removed the message.
    const gone = job.kind === 'detail' && job.siteId && !job.answered ? goneStatusReason(status) : undefined;
    if (gone && job.siteId) {
      run.detailPages++;
      if (run.removals.note(job.siteId, gone, ctx.request.url)) return;
    }
    if (job.kind === 'detail') run.unreadDetails++;
    run.report.pageError(ctx.request.url, job.heldOff ?? `重试 ${ctx.request.retryCount} 次后仍失败：${describeFetchError(error, this.options.source.politeness.timeout)}`);
    if (job.kind === 'list') {
      run.listFailures++;
      // Keep the failed page as the resume point so the next run tries it again.
      const start = job.start ?? 0;
      if (job.chain) run.pending.delete(walkKey(job.chain, start));
      if ((job.pageIndex ?? 0) > 0) run.pending.set(walkKey('backfill', start), resumeAt(start, job.page, job.pageIndex ?? 0, job.moreShown));
    }
  }

  /** Starts (or continues) a walk of one list. */
  async enqueueList(request: PageRequest, chain: Chain, start: number, pageIndex: number, moreShown = false): Promise<void> {
    this.options.run.pending.set(walkKey(chain, start), resumeAt(start, request, pageIndex, moreShown));
    await this.options.enqueue([listRequest(request, chain, start, pageIndex, false, moreShown)]);
  }

  /** Queues details found on a list page (`from`: that page, the resume point while they are outstanding). */
  async enqueueDetails(details: DetailWork[], from?: ResumePoint): Promise<void> {
    if (details.length === 0) return;
    if (from) for (const d of details) this.options.run.outstanding.set(d.siteId, from);
    await this.options.enqueue(details.map(detailRequest));
  }

  private async handleList(page: FetchedPage, job: Job, broken: boolean): Promise<void> {
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
      this.listWalled(page, wall, job.moreShown);
      return true;
    };
    if (page.status >= 400 && walled(0)) return;
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
      else await this.enqueueList(next, chain, page.start, page.pageIndex + 1, moreShown);
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
    const decision = run.onListPage(result, page.url, page.pageIndex, chain, page.start);
    await this.enqueueDetails(decision.details, { start: page.start, request: page.request, pageIndex: page.pageIndex });
    for (const item of decision.complete) await run.finishItem(item.siteId, item.listFields, item.listHash, undefined, item.listFields);
    await walkOn(decision.more ? adapter.nextListRequest(page, result) : undefined, result);
  }

  /**
   * A list page was the site's access wall: a page error naming the wall, the access alert, and for
   * a later page its page kept as the resume point (as a failed page's), so the walk goes on from
   * there next run (on a first crawl the rest of the backlog was otherwise never read). The caller
   * counts the list failure and ends the walk.
   */
  private listWalled(page: { url: string; status: number; pageIndex: number; start: number; request: PageRequest }, wall: AccessWall, moreShown: boolean | undefined): void {
    const { run } = this.options;
    const status = page.status >= 400 ? `，HTTP ${page.status}` : '';
    run.report.pageError(page.url, `列表第 ${page.pageIndex + 1} 页被网站拦截（${accessWallNames[wall.kind]}：“${wall.shown}”${status}），本次未读取，下次运行从这一页继续`);
    run.accessWalled(wall, true);
    if (page.pageIndex > 0) run.pending.set(walkKey('backfill', page.start), resumeAt(page.start, page.request, page.pageIndex, moreShown ?? true));
  }

  /** A detail page was the site's access wall: a page error naming it; the message is fetched again next run. The caller counts it unread. */
  private detailWalled(url: string, siteId: string, wall: AccessWall, status: number): void {
    const code = status >= 400 ? `，HTTP ${status}` : '';
    this.options.run.report.pageError(url, `详情页被网站拦截（${accessWallNames[wall.kind]}：“${wall.shown}”${code}），未显示留言 ${siteId}：下次运行再取`);
    this.options.run.accessWalled(wall, false);
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

  private async handleDetail(page: FetchedPage, job: Job, broken: boolean): Promise<void> {
    const { run, adapter } = this.options;
    const siteId = job.siteId as string;
    run.detailAnswered(siteId);
    // A revisit queued under the id the site has since re-padded (`4`, now `0004`): the letter is
    // read at its new address; whatever the old one answers (404, or the letter still) is no news of it.
    if (run.renumberedThisRun(siteId)) return;
    run.detailPages++;
    run.tried.add(siteId);
    // Only a message seen before can be "removed"; a new item's 404 stays a page error (5xx, 403, 429 never get here: retried).
    const gone = goneStatusReason(page.status);
    if (gone && run.removals.note(siteId, gone, page.url)) return;
    const walledStatus = page.status >= 400 && !broken ? accessWall(page, job.page.url) : undefined;
    if (walledStatus) {
      run.unreadDetails++;
      this.detailWalled(page.url, siteId, walledStatus, page.status);
      return;
    }
    if (page.status >= 400) {
      run.unreadDetails++;
      run.report.pageError(page.url, `详情页返回 HTTP ${page.status}（留言 ${siteId}）`);
      return;
    }
    if (broken) {
      run.unreadDetails++;
      return;
    }
    let detail;
    let parseError: unknown;
    try {
      detail = adapter.parseDetail(page, job.listFields ?? {});
    } catch (error) {
      parseError = error;
    }
    // A login page or a firewall's challenge in place of the letter (redirected there, in the
    // letter's template, or alone): not the letter, not a removal, not a redesign; tried again next run.
    const wall = accessWall(page, job.page.url, detail?.fields.content, job.listFields?.title);
    if (wall) {
      run.unreadDetails++;
      this.detailWalled(page.url, siteId, wall, page.status);
      return;
    }
    // A busy notice in place of the letter (in the letter's template, or alone): not the letter, tried again next run.
    const busy = busyNotice(detail?.fields.content, page.body);
    if (busy) {
      run.unreadDetails++;
      run.report.pageError(page.url, `详情页显示“${busy}”，未显示留言 ${siteId}：网站繁忙，下次运行再取`);
      return;
    }
    const showsMessage = !!detail && detail.problems.length === 0 && !!detail.fields.content;
    const sendsTo = showsMessage ? undefined : this.inPageRedirect(page);
    if (sendsTo?.landing === 'detail' && (await this.followMove(job, sendsTo.url))) return;
    // A new item's "removed" answer is noted too (as a 404 is), so the mass-removal guard counts it, then stays a page error.
    const landing = run.addresses.landing(job.page.url, page.url);
    const alert = showsMessage ? undefined : alertAndBack(page.body);
    const looksLikeList = !showsMessage && this.looksLikeList(page);
    const signs = { sendsTo, alert, looksLikeList };
    let removed = removedPageReason(page, landing, showsMessage, this.removedText, signs);
    // Last, and only for a page that says nothing else: is it the home page? (one more request per host and run)
    if (!removed && !showsMessage && !alert && landing === 'same' && (await this.looksLikeHome(page))) {
      removed = removedPageReason(page, landing, showsMessage, this.removedText, { ...signs, looksLikeHome: true });
    }
    if (removed && run.removals.note(siteId, removed, page.url)) return;
    if (alert) {
      // A message box that does not say the message is gone (系统繁忙, 请先登录): tried again next run.
      run.unreadDetails++;
      run.report.pageError(page.url, `详情页只弹出提示“${alert}”并返回，未显示留言 ${siteId}`);
      return;
    }
    if (!detail) {
      run.detailLayoutFailures++;
      run.report.pageError(page.url, `详情页无法解析：${describeError(parseError)}`);
      return;
    }
    if (detail.problems.length) {
      run.detailLayoutFailures++;
      run.report.pageError(page.url, detail.problems.join('；'));
      return;
    }
    const list = run.listCopy(siteId) ?? { listFields: job.listFields ?? {}, listHash: job.listHash ?? '' };
    await run.finishItem(siteId, { ...list.listFields, ...detail.fields }, list.listHash, job.page, list.listFields);
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

  /** Where a 200 page sends the browser by itself (meta refresh, inline script), and where that lands; not a refresh to itself. */
  private inPageRedirect(page: FetchedPage): { url: string; landing: Landing } | undefined {
    if (page.status >= 300) return undefined;
    const url = inPageRedirect(page.body, page.url);
    const landing = url === undefined ? 'same' : this.options.run.addresses.landing(page.url, url);
    return url === undefined || landing === 'same' ? undefined : { url, landing };
  }

  /** Whether the source's list rules find message items on a detail answer (the site answered with its list page). */
  private looksLikeList(page: FetchedPage): boolean {
    try {
      return this.options.adapter.parseList(page).items.length > 0;
    } catch {
      return false;
    }
  }

  /** Whether a detail answer is the home page of its host (home-page.ts). */
  private async looksLikeHome(page: FetchedPage): Promise<boolean> {
    const home = await this.options.homePage?.(page.url);
    return !!home && samePage(pageShape(page.body, page.url), home);
  }

  /**
   * Follows an in-page redirect to another detail page (the message moved), at most
   * `MAX_IN_PAGE_HOPS` in a row; returns false when it may not. The followed page answers for the
   * message, so this one is not counted as a detail answer.
   */
  private async followMove(job: Job, url: string): Promise<boolean> {
    const hops = (job.hops ?? 0) + 1;
    if (hops > MAX_IN_PAGE_HOPS || !job.siteId) return false;
    this.options.run.detailPages--;
    const page: PageRequest = { url, ...(job.page.headers ? { headers: job.page.headers } : {}) };
    await this.options.enqueue([toRequest(page, { ...job, page, hops, answered: false })]);
    return true;
  }
}

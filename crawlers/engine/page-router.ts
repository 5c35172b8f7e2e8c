/**
 * What each answer means (house style 5: one router, LIST and DETAIL handlers). The router decodes
 * an answer, says when it is garbled or cut short, and hands it to the LIST handler (list-answers.ts:
 * the run decides which details to fetch and whether to page on) or the DETAIL handler
 * (detail-answers.ts: the item recorded, unless the answer says the site removed the message, walls
 * it off or is busy). Broken pages (cut short, unparseable) are page errors: a broken list page's
 * items are not used this run, a broken detail leaves its message for the next run. A request that
 * failed for good is judged here (`failed`); a walled page's error is page-errors.ts'. The router
 * queues every request (list walks, details, an answer fetched again).
 */
import type { CheerioCrawlingContext, Request } from '@crawlee/cheerio';
import iconv from 'iconv-lite';
import { declaredCharset, headerCharset, misdecoded, pageCharset, undeclaredChineseCharset } from '../extract/charsets.js';
import type { SourceDefinition } from '../source/schema.js';
import type { PageRequest, ResumePoint } from '../state/types.js';
import type { FetchedPage, SiteAdapter } from './adapter.js';
import { toRequest, type Job } from './crawl-job.js';
import type { CrawlRun } from './crawl-run.js';
import type { DecodedContext } from './decoding-crawler.js';
import type { FetchText } from './reply-request.js';
import { describeFetchError, failedStatus } from './fetch-errors.js';
import type { AnswerHandlers } from './polite-crawler.js';
import { walkKey, type Chain, type DetailWork } from './run-work.js';
import { accessWall } from './access-wall.js';
import { DetailAnswers } from './detail-answers.js';
import type { PageShape } from './home-page.js';
import { ListAnswers } from './list-answers.js';
import { detailWalled, listWalled, resumeAt } from './page-errors.js';
import { setCookieList, type RedirectedContext } from './redirect-cookies.js';
import { goneStatusReason } from './removals.js';

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
  /** A polite request outside the crawler (a letter's reply fetched apart). */
  fetchText?: FetchText;
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
 * point); `moreShown`: the walk knew the page was there (Job's `moreShown`); `tail`: an oldest-first
 * list's tail (Job's `tail`).
 */
export const listRequest = (request: PageRequest, chain: Chain, start: number, pageIndex: number, marks: { resumed?: boolean; moreShown?: boolean | undefined; tail?: boolean | undefined } = {}): Request => {
  const { resumed, moreShown, tail } = marks;
  const job: Job = { kind: 'list', chain, start, pageIndex, page: request, ...(resumed ? { resumed } : {}), ...(moreShown ? { moreShown } : {}), ...(tail ? { tail } : {}) };
  return toRequest(request, job, tail ? 'tail' : '');
};

export class PageRouter implements AnswerHandlers {
  private readonly lists: ListAnswers;
  private readonly details: DetailAnswers;
  private charsetHinted = false;

  constructor(private readonly options: PageRouterOptions) {
    this.lists = new ListAnswers(options, this);
    this.details = new DetailAnswers(options, (page, job) => options.enqueue([toRequest(page, job)]));
  }

  async handle(ctx: CheerioCrawlingContext): Promise<void> {
    const { run, adapter } = this.options;
    const job = ctx.request.userData as Job;
    job.answered = true;
    const status = ctx.response.statusCode ?? 200;
    const body = decode(ctx.body, ctx.contentType?.encoding);
    const contentType = String(ctx.response.headers['content-type'] ?? '');
    // An HTML page was decoded in the charset its bytes showed (decideCharset, decoding-crawler.ts);
    // other answers (JSON …) in the header's, their charset read as before.
    const decided = (ctx as DecodedContext).decidedCharset;
    const charset = decided ? decided.charset : pageCharset(adapter.encoding, contentType, body);
    // The site's header (or its `<meta>`) says another charset than its pages are in: the source's
    // health carries a notice for staff (told once a run in the log), cleared by a run reading as
    // said. An error answer (a server's own 404 or 503 page) says nothing of the site's pages.
    if (decided && status < 400) run.report.charsetRead(decided, ctx.request.loadedUrl ?? ctx.request.url);
    const setCookie = ctx.response.headers['set-cookie'];
    const setCookies = setCookie === undefined ? undefined : setCookieList(setCookie);
    // The redirects the page's address answered before it, with the cookies each set (redirect-cookies.ts).
    const redirected = (ctx as RedirectedContext).redirectCookies;
    const redirects = redirected?.length ? redirected : undefined;
    const page: FetchedPage = { request: job.page, url: ctx.request.loadedUrl ?? ctx.request.url, status, body, $: ctx.$ as unknown as FetchedPage['$'], pageIndex: job.pageIndex ?? 0, start: job.start ?? 0, charset, setCookies, redirects };
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
    if (job.kind === 'list') await this.lists.handle(page, job, broken || !!garbled);
    else await this.details.handle(page, job, broken || !!garbled);
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
      detailWalled(run, url, job.siteId ?? '', wall, status);
      return;
    }
    if (wall) {
      run.listFailures++;
      const start = job.start ?? 0;
      if (job.chain) run.pending.delete(walkKey(job.chain, start));
      listWalled(run, { url, status, pageIndex: job.pageIndex ?? 0, start, request: job.page }, wall, job.moreShown, job.tail);
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
      if ((job.pageIndex ?? 0) > 0) run.pending.set(walkKey('backfill', start), resumeAt(start, job.page, job.pageIndex ?? 0, job.moreShown, job.tail));
    }
  }

  /** Starts (or continues) a walk of one list. */
  async enqueueList(request: PageRequest, chain: Chain, start: number, pageIndex: number, moreShown = false): Promise<void> {
    this.options.run.pending.set(walkKey(chain, start), resumeAt(start, request, pageIndex, moreShown));
    await this.options.enqueue([listRequest(request, chain, start, pageIndex, { moreShown })]);
  }

  /** Queues details found on a list page (`from`: that page, the resume point while they are outstanding). */
  async enqueueDetails(details: DetailWork[], from?: ResumePoint): Promise<void> {
    if (details.length === 0) return;
    if (from) for (const d of details) this.options.run.outstanding.set(d.siteId, from);
    await this.options.enqueue(details.map(detailRequest));
  }
}

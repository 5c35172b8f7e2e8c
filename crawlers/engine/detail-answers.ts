/**
 * The router's DETAIL handler (page-router.ts): what a detail answer means. The message is parsed
 * and recorded (CrawlRun.finishItem), unless the answer stands in for it: the site removed the
 * message (a 404/410, a "removed" page, a redirect to the list or home page: removals.ts), an
 * access wall or an error status (page-errors.ts), a busy notice (busy-page.ts) or a message box
 * (in-page-redirect.ts), each a page error and the message fetched again next run. An in-page
 * redirect to another detail page is followed (`MAX_IN_PAGE_HOPS`), through the router (`requeue`).
 */
import { describeError } from '../../core/index.js';
import { compileRemovedText, type SourceDefinition } from '../source/schema.js';
import type { PageRequest } from '../state/types.js';
import type { FetchedPage, SiteAdapter } from './adapter.js';
import { accessWall } from './access-wall.js';
import { busyNotice } from './busy-page.js';
import type { CrawlRun } from './crawl-run.js';
import type { Landing } from './detail-urls.js';
import { pageShape, samePage, type PageShape } from './home-page.js';
import { alertAndBack, inPageRedirect } from './in-page-redirect.js';
import { detailWalled } from './page-errors.js';
import type { Job } from './crawl-job.js';
import { goneStatusReason, removedPageReason } from './removals.js';
import { readReply, type FetchText } from './reply-request.js';

/** In-page redirects to other detail pages followed in a row before the answer is read as it is. */
const MAX_IN_PAGE_HOPS = 2;

/** What the DETAIL handler reads with (the router's options). */
export interface DetailAnswersOptions {
  source: SourceDefinition;
  adapter: SiteAdapter;
  run: CrawlRun;
  /** The home page of a page's host, fetched at most once per host and run (undefined when it could not be fetched). */
  homePage?: (pageUrl: string) => Promise<PageShape | undefined>;
  /** A polite request outside the crawler (the host's gate, counted): a letter's reply fetched apart (`detail.reply`). */
  fetchText?: FetchText;
}

export class DetailAnswers {
  private readonly removedText: RegExp | undefined;

  /** `requeue`: queues the job again for another page (the router's crawler). */
  constructor(
    private readonly options: DetailAnswersOptions,
    private readonly requeue: (page: PageRequest, job: Job) => Promise<void>,
  ) {
    const pattern = options.source.watch.removedText;
    this.removedText = pattern ? compileRemovedText(pattern) : undefined;
  }

  /** Handles a detail answer (`broken`: cut short or garbled, its message left for the next run). */
  async handle(page: FetchedPage, job: Job, broken: boolean): Promise<void> {
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
      detailWalled(run, page.url, siteId, walledStatus, page.status);
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
      detailWalled(run, page.url, siteId, wall, page.status);
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
    let fields = { ...list.listFields, ...detail.fields };
    // A reply the page's script fetches after loading: asked for where the source says (reply-request.ts).
    const replySpec = this.options.source.kind === 'config' ? this.options.source.detail?.reply : undefined;
    if (replySpec && this.options.fetchText) {
      const reply = await readReply(replySpec, fields, siteId, page, this.options.fetchText, this.options.adapter.encoding);
      if ('error' in reply) {
        run.unreadDetails++;
        run.report.pageError(reply.url, `答复接口${reply.error}，留言 ${siteId} 的答复未取到：下次运行再取`);
        return;
      }
      fields = { ...fields, ...reply.fields };
    }
    await run.finishItem(siteId, fields, list.listHash, job.page, list.listFields);
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
    await this.requeue(page, { ...job, page, hops, answered: false });
    return true;
  }
}

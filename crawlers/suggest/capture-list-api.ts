/**
 * Opens a list page in headless chromium (Playwright, as the engine's load-more lists do) and
 * records what the page's script fetched (XHR and fetch answers: address, method, request body,
 * content type, answer text) and the links the rendered page shows. Used by `sources suggest` only
 * when the page's HTML holds no list: many re-designed sites build it in the browser from a JSON API.
 * Playwright is loaded here only, on that route.
 */

import iconv from 'iconv-lite';
import type { Browser } from 'playwright';
import { headerCharset } from '../extract/charsets.js';
import { currentPageMarker, findPagerControl, pagerControlFinder, type PagerControl } from './pager-control.js';

/** One XHR or fetch answer the page's script received. */
export interface CapturedResponse {
  url: string;
  method: string;
  /** The request's body (a POST's JSON or form), when it had one. */
  requestBody?: string | undefined;
  requestContentType?: string | undefined;
  /** `X-Requested-With`, when the script sent it (jQuery does; some servers answer only such requests). */
  requestedWith?: string | undefined;
  status: number;
  contentType: string;
  body: string;
}

/** The list page as the browser rendered it. */
export interface RenderedListPage {
  url: string;
  /** The rendered DOM (`page.content()`). */
  html: string;
  /** Every link's address as the browser resolves it (`a.href`), in page order. */
  links: string[];
  responses: CapturedResponse[];
}

export interface CaptureOptions {
  /** @default '/usr/bin/chromium' */
  chromiumPath?: string | undefined;
  /** The page load, its script's requests included. @default 30 s */
  timeoutMs?: number | undefined;
  userAgent?: string | undefined;
  /**
   * Stops the page at once: the browser is closed (its page load, click or wait ends in an error)
   * and the call throws the signal's reason. The console's 起草新来源 passes its 取消 and shutdown.
   * @default none
   */
  signal?: AbortSignal | undefined;
  /**
   * Told the address of each request the page makes over http(s) (the page itself, its redirects,
   * its script's requests); one it throws on is not sent (draft-from-site.ts `checkAddress`).
   * @default none: all sent
   */
  checkAddress?: ((url: string) => Promise<void>) | undefined;
}

/** Pager controls left out after their click showed a later page than 2, before the draft gives up clicking. */
const maxJumps = 3;

/** Answers larger than this are not kept (a file download, not a list). */
const maxBody = 5_000_000;

/** Opens `url` in chromium, waits until the network is quiet, and returns the page and what its script fetched; throws in Chinese. */
export async function captureListPage(url: string, options: CaptureOptions = {}): Promise<RenderedListPage> {
  return (await browse(url, options)).before;
}

/** The list page, and what the page's script fetched after its pager control was clicked (page 2 by XHR or fetch), or the page scrolled to its bottom. */
export interface ClickedPager {
  /** The control clicked, as its text (`2`, `下一页`, `加载更多`) or `<select>` choice; `滚动到页面底部` when none was and the page was scrolled. */
  control: string;
  /**
   * How the next page came: by a pager that replaces the list (`pager`), a load-more control whose
   * script appends to it (`load-more`, with the selector a `load-more` source clicks), or scrolling (`scroll`, appends too).
   */
  how: { kind: 'pager' } | { kind: 'load-more'; selector: string } | { kind: 'scroll' };
  /** The page before the click, with what its script fetched while it loaded. */
  before: RenderedListPage;
  /** The page after the click; its `responses` are only those the click set off. */
  after: RenderedListPage;
}

/**
 * Opens `url`, clicks its pager's control to page 2 (a `javascript:`/`onclick` link or a `<button>`
 * named 2, 下一页, 下页, 后页, ›, >, or an arrow with no name found as pager-control.ts says; a
 * load-more control, 加载更多, 查看更多 …; else chooses 2 in a page-jump `<select>`), and records the
 * XHR and fetch answers that follow, for `clickMs` at most (10 s by default). A control whose click
 * moves the pager's current-page marker from 1 to a page past 2 (a 下10页: pager-control.ts
 * `currentPageMarker`) is left out and the next one clicked on the page opened again. With `scroll`, a page
 * showing no such control is scrolled to its bottom once instead (infinite scroll), and what its
 * script fetched within `scrollMs` (3 s by default: most pages fetch nothing, and are not kept
 * waiting long) is recorded. Throws in Chinese when the page shows no control (and is not to be scrolled).
 */
export async function capturePagerClick(url: string, options: CaptureOptions & { clickMs?: number | undefined; scroll?: boolean | undefined; scrollMs?: number | undefined } = {}): Promise<ClickedPager> {
  const { before, clicked } = await browse(url, options, { clickMs: options.clickMs ?? 10_000, scrollMs: options.scroll ? (options.scrollMs ?? 3_000) : undefined });
  if (!clicked) throw new Error('页面上没有找到由脚本翻页的控件（下一页、页码 2、加载更多的脚本链接或按钮）');
  return { before, ...clicked };
}

/**
 * `url` opened in chromium once the network is quiet, with what its script fetched; with `clickMs`,
 * then its pager's control to page 2 clicked (findPagerControl in pager-control.ts) and what the
 * script fetched after it; with `scrollMs` too, a page with no control scrolled to its bottom instead.
 */
async function browse(url: string, options: CaptureOptions, act?: { clickMs: number; scrollMs?: number | undefined }): Promise<{ before: RenderedListPage; clicked?: Omit<ClickedPager, 'before'> | undefined }> {
  const timeout = options.timeoutMs ?? 30_000;
  const { signal } = options;
  const [{ chromium }, { chromiumArgs }] = await Promise.all([import('playwright'), import('../engine/browser-list.js')]);
  signal?.throwIfAborted();
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: options.chromiumPath ?? '/usr/bin/chromium', headless: true, args: chromiumArgs, timeout });
  } catch (error) {
    throw new Error(`无法启动浏览器（${options.chromiumPath ?? '/usr/bin/chromium'}）：${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const closeOnAbort = () => void browser.close().catch(() => undefined);
  signal?.addEventListener('abort', closeOnAbort, { once: true });
  try {
    signal?.throwIfAborted();
    const context = await browser.newContext(options.userAgent ? { userAgent: options.userAgent } : {});
    const { checkAddress } = options;
    if (checkAddress) {
      await context.route('**/*', async (route) => {
        const address = route.request().url();
        const allowed = !/^https?:/i.test(address) || (await checkAddress(address).then(() => true, () => false));
        await (allowed ? route.continue() : route.abort('blockedbyclient')).catch(() => undefined);
      });
    }
    const page = await context.newPage();
    let pending: Promise<CapturedResponse | undefined>[] = [];
    page.on('response', (response) => {
      const request = response.request();
      if (!['xhr', 'fetch'].includes(request.resourceType())) return;
      pending.push(
        response
          .body()
          .then((bytes) => {
            if (bytes.length > maxBody) return undefined;
            const headers = request.headers();
            const contentType = response.headers()['content-type'] ?? '';
            const charset = headerCharset(contentType) ?? 'utf8';
            return {
              url: response.url(),
              method: request.method(),
              requestBody: request.postData() ?? undefined,
              requestContentType: headers['content-type'],
              requestedWith: headers['x-requested-with'],
              status: response.status(),
              contentType,
              body: iconv.decode(bytes, iconv.encodingExists(charset) ? charset : 'utf8'),
            };
          })
          .catch(() => undefined),
      );
    });
    try {
      await page.goto(url, { waitUntil: 'networkidle', timeout });
    } catch (error) {
      // A page whose script keeps polling never goes quiet: what it fetched so far is read.
      if ((error as Error).name !== 'TimeoutError' || pending.length === 0) throw new Error(`浏览器无法打开 ${url}：${(error as Error).message.split('\n')[0]}`, { cause: error });
    }
    const taken = async () => {
      const got = pending;
      pending = [];
      return (await Promise.all(got)).filter((r): r is CapturedResponse => r !== undefined);
    };
    const rendered = async (): Promise<RenderedListPage> => {
      const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      return { url: page.url(), html: await page.content(), links, responses: await taken() };
    };
    const before = await rendered();
    if (act === undefined) return { before };
    const control = (await page.evaluate(findPagerControl)) as PagerControl | null;
    const xhr = (r: { request(): { resourceType(): string } }) => ['xhr', 'fetch'].includes(r.request().resourceType());
    if (!control) {
      if (act.scrollMs === undefined) return { before };
      // Infinite scroll: the page's script asks the next batch when the bottom comes into view
      // (a scroll listener, or an IntersectionObserver on a sentinel below the list).
      const scrolled = page.waitForResponse(xhr, { timeout: act.scrollMs }).then(
        () => true,
        () => false,
      );
      await page.evaluate('window.scrollTo(0, Math.max(document.body.scrollHeight, document.documentElement.scrollHeight))');
      await page.mouse.wheel(0, 10_000);
      if (await scrolled) await page.waitForLoadState('networkidle', { timeout: act.clickMs }).catch(() => undefined);
      await page.waitForTimeout(300);
      return { before, clicked: { control: '滚动到页面底部', how: { kind: 'scroll' }, after: await rendered() } };
    }
    const clickMs = act.clickMs;
    // A control whose click shows a later page than 2 (the pager read 1, then 11: a 下10页 whose
    // handler shows no page number, or is bound by script) is no next page: the page is opened
    // again and the next control tried, that one left out (up to `maxJumps` of them).
    const skipped: number[] = [];
    let jumpedTo = 0;
    for (let picked: PagerControl | null = control; picked; ) {
      const shown = (await page.evaluate(currentPageMarker)) as number | null;
      const answered = page.waitForResponse(xhr, { timeout: clickMs }).catch(() => undefined);
      if (picked.kind === 'select') await page.selectOption('[data-minsheng-pager]', picked.text, { timeout: clickMs });
      else await page.click('[data-minsheng-pager]', { timeout: clickMs });
      await answered;
      await page.waitForLoadState('networkidle', { timeout: clickMs }).catch(() => undefined);
      await page.waitForTimeout(300);
      const reached = (await page.evaluate(currentPageMarker).catch(() => null)) as number | null;
      if (shown === 1 && reached !== null && reached > 2 && picked.index >= 0 && skipped.length < maxJumps) {
        skipped.push(picked.index);
        jumpedTo = reached;
        await page.goto(url, { waitUntil: 'networkidle', timeout }).catch(() => undefined);
        await taken();
        picked = (await page.evaluate(pagerControlFinder(skipped))) as PagerControl | null;
        continue;
      }
      const how = picked.appends ? { kind: 'load-more' as const, selector: picked.selector } : { kind: 'pager' as const };
      return { before, clicked: { control: picked.kind === 'select' ? `选择 ${picked.text}` : picked.text, how, after: await rendered() } };
    }
    throw new Error(`点击翻页控件后页面显示的是第 ${jumpedTo} 页而不是第 2 页（跳页的控件，如“下10页”），页面上没有找到通往第 2 页的控件`);
  } catch (error) {
    // The browser closed under the page: the stop said as the caller's own reason, not as a page error.
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener('abort', closeOnAbort);
    await browser.close().catch(() => undefined);
  }
}

/**
 * Opens a list page in headless chromium (Playwright, as the engine's load-more lists do) and
 * records what the page's script fetched (XHR and fetch answers: address, method, request body,
 * content type, answer text) and the links the rendered page shows. Used by `sources suggest` only
 * when the page's HTML holds no list: many re-designed sites build it in the browser from a JSON API.
 * Playwright is loaded here only, on that route.
 */

import iconv from 'iconv-lite';
import { headerCharset } from '../extract/charsets.js';

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
}

/** Answers larger than this are not kept (a file download, not a list). */
const maxBody = 5_000_000;

/** Opens `url` in chromium, waits until the network is quiet, and returns the page and what its script fetched; throws in Chinese. */
export async function captureListPage(url: string, options: CaptureOptions = {}): Promise<RenderedListPage> {
  const timeout = options.timeoutMs ?? 30_000;
  const [{ chromium }, { chromiumArgs }] = await Promise.all([import('playwright'), import('../engine/browser-list.js')]);
  let browser;
  try {
    browser = await chromium.launch({ executablePath: options.chromiumPath ?? '/usr/bin/chromium', headless: true, args: chromiumArgs, timeout });
  } catch (error) {
    throw new Error(`无法启动浏览器（${options.chromiumPath ?? '/usr/bin/chromium'}）：${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  try {
    const context = await browser.newContext(options.userAgent ? { userAgent: options.userAgent } : {});
    const page = await context.newPage();
    const pending: Promise<CapturedResponse | undefined>[] = [];
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
    const responses = (await Promise.all(pending)).filter((r): r is CapturedResponse => r !== undefined);
    const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    return { url: page.url(), html: await page.content(), links, responses };
  } finally {
    await browser.close().catch(() => undefined);
  }
}

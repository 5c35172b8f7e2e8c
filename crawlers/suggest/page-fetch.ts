/**
 * How the drafter fetches a page over HTTP (draft-from-site.ts and what it lends its helpers): the
 * page's text in the charset the site names or its bytes tell, within a time limit, cut off by the
 * draft's stop signal, each address (redirects too) told to the caller's `checkAddress` first; a
 * letter's page with the cookies it and the redirects before it set.
 */
import iconv from 'iconv-lite';
import { UnavailableError } from '../../core/index.js';
import { decideCharset, headerCharset, type CharsetDecision } from '../extract/charsets.js';
import type { RawFields } from '../extract/fields.js';
import { describeFetchFailure } from '../engine/network-errors.js';
import { answersCookie, type CookieAnswer } from '../engine/page-cookies.js';
import type { ReplySend } from '../engine/reply-request.js';
import { timedSignal } from '../engine/request-signal.js';
import { defaultUserAgent } from '../engine/user-agent.js';
import type { DetailPage } from './suggest-detail.js';

/** How the drafter fetches a page: in the site's charset when given, within a time limit, stopped by the draft's signal, each address checked. */
export interface PageFetch {
  encoding?: string | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  checkAddress?: ((url: string) => Promise<void>) | undefined;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** checkAddress refused an address: its error, apart from the network's. */
class AddressRefused extends Error {}

/**
 * fetch, each address told to `checkAddress` first: with `manual`, the one address (its redirect
 * left to the caller); else its redirects followed as fetch follows them (20 at most; a POST
 * answered 301, 302 or 303 asked again as a GET), each checked. Without `checkAddress`, fetch's own.
 */
async function fetchChecked(url: string, init: RequestInit, checkAddress: PageFetch['checkAddress'], manual: boolean): Promise<Response> {
  if (!checkAddress) return fetch(url, { ...init, redirect: manual ? 'manual' : 'follow' });
  let at = url;
  let request = init;
  for (let hop = 0; ; hop++) {
    await checkAddress(at).catch((error: unknown) => {
      throw new AddressRefused('refused', { cause: error });
    });
    const response = await fetch(at, { ...request, redirect: 'manual' });
    const location = response.headers.get('location');
    if (manual || !redirectStatuses.has(response.status) || !location) return response;
    if (hop >= 20) throw new TypeError('fetch failed', { cause: new Error('重定向次数过多') });
    await response.body?.cancel();
    at = new URL(location, at).href;
    if (response.status === 303 || (request.method === 'POST' && response.status !== 307 && response.status !== 308)) {
      const { body: _body, method: _method, ...rest } = request;
      const headers = Object.fromEntries(Object.entries((rest.headers ?? {}) as Record<string, string>).filter(([k]) => k.toLowerCase() !== 'content-type'));
      request = { ...rest, headers };
    }
  }
}

/** One page as text (a GET, or a POST of `send.body`); throws an Error in Chinese naming the address when it cannot be read. */
export async function fetchPageText(url: string, options: PageFetch = {}, send?: ReplySend): Promise<string> {
  return (await fetchPage(url, options, send)).text;
}

/** Redirects followed to a letter's page, at most (a browser's limit is 20; a mailbox needs one or two). */
const MAX_REDIRECTS = 10;

/**
 * A letter's page as the draft reads it: its HTML and the cookies it set (a reply request sends them
 * back), the redirects before it included. Those are followed here rather than by fetch, which
 * keeps no cookie of theirs: each is kept with the address that set it, and sent on as a browser
 * sends it (page-cookies.ts), as the crawl does (engine/redirect-cookies.ts).
 */
export async function fetchLetterPage(url: string, options: PageFetch, listed: RawFields | undefined): Promise<DetailPage> {
  const redirects: CookieAnswer[] = [];
  let at = url;
  for (;;) {
    const cookie = answersCookie(redirects, at);
    const { text, setCookies, location } = await fetchPage(at, { ...options, manualRedirects: redirects.length < MAX_REDIRECTS }, cookie ? { cookie } : undefined);
    if (location !== undefined) {
      redirects.push({ url: at, setCookies });
      at = new URL(location, at).href;
      continue;
    }
    return { url, html: text, listed, ...(setCookies.length ? { setCookies } : {}), ...(redirects.length ? { redirects, loadedUrl: at } : {}) };
  }
}

/**
 * One page as text, with the charset its answer's Content-Type names (a site naming GBK only there)
 * and the one it was read in (decideCharset: checked against the bytes, as the crawl engine does).
 */
export async function fetchPage(url: string, options: PageFetch & { manualRedirects?: boolean | undefined }, send?: ReplySend): Promise<{ text: string; headerCharset: string | undefined; decided: CharsetDecision; setCookies: string[]; location?: string | undefined }> {
  let response: Response;
  const headers: Record<string, string> = { 'user-agent': defaultUserAgent, accept: 'text/html,application/xhtml+xml,*/*', ...send?.headers };
  if (send?.contentType) headers['content-type'] = send.contentType;
  if (send?.cookie) headers.cookie = send.cookie;
  const request = send?.body === undefined ? { headers } : { method: 'POST', body: send.body, headers };
  try {
    response = await fetchChecked(url, { ...request, signal: timedSignal(options.timeoutMs ?? 20_000, options.signal) }, options.checkAddress, options.manualRedirects ?? false);
  } catch (error) {
    options.signal?.throwIfAborted();
    // A refused address: said in the checker's own words.
    if (error instanceof AddressRefused) throw error.cause;
    // fetch says only `fetch failed`, the network error (ECONNREFUSED, ENOTFOUND …) being its cause:
    // said in staff's words, as the crawl engine does (network-errors.ts). A site that cannot be read is not an
    // internal error: UnavailableError, so the command line prints it without 内部错误.
    const why = (error as Error).name === 'TimeoutError' ? '超时' : (describeFetchFailure(error) ?? (error as Error).message);
    throw new UnavailableError(`无法打开 ${url}：${why}`, { cause: error });
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  // A redirect left to the caller (`manualRedirects`): its address and the cookies it set.
  const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
  if (options.manualRedirects && location !== null) return { text: '', headerCharset: undefined, decided: decideCharset(undefined, null, bytes), setCookies: response.headers.getSetCookie(), location };
  if (!response.ok) throw new UnavailableError(`无法打开 ${url}：网站答复 HTTP ${response.status}`);
  const contentType = response.headers.get('content-type');
  const decided = decideCharset(options.encoding, contentType, bytes);
  const charset = decided.charset ?? 'utf8';
  return { text: iconv.decode(bytes, iconv.encodingExists(charset) ? charset : 'utf8'), headerCharset: headerCharset(contentType)?.toLowerCase(), decided, setCookies: response.headers.getSetCookie() };
}

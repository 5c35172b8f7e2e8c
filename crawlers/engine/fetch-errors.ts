/**
 * Why a request failed, in words staff can act on (the page error's text), and its HTTP status.
 * Crawlee's and fetch's own texts are English and name Crawlee's limits rather than the source's:
 * these read them once, here, for the crawler (polite-crawler.ts), the warm-up (host-session.ts)
 * and the page router's final failures (page-router.ts). Loads no Crawlee.
 */
import { describeError } from '../../core/index.js';
import { describeNetworkError } from './network-errors.js';

/**
 * The error of a request not sent because the site asked, with a Retry-After longer than the
 * source's `maxBackoff`, not to be visited before a time (the text is the page error).
 */
export class HeldOffError extends Error {}

/** What the error statuses a crawler retries usually mean, for staff. */
const statusMeanings: Record<string, string> = {
  '403': '网站拒绝访问，可能限制了抓取或需要先访问首页',
  '408': '网站等待请求超时',
  '429': '访问过于频繁，网站要求放慢：可加大 politeness.delay',
  '500': '网站内部错误',
  '502': '网站网关错误',
  '503': '网站暂时无法服务或正在维护',
  '504': '网站网关超时',
};

/**
 * A failed request's cause in words staff can act on (the site refused the connection, its name
 * does not resolve, it did not answer within `timeoutMs`, the source's timeout); any other
 * error's own text.
 */
export function describeFetchError(error: Error, timeoutMs: number): string {
  const text = error.message;
  if (error instanceof HeldOffError) return text;
  const network = describeNetworkError(text);
  if (network) return network;
  // Crawlee's timeout texts name its own overall limits, not the source's timeout.
  if (/^(request|requestHandler) timed out after/.test(text)) return `网站在 ${timeoutMs / 1000} 秒内没有应答完毕`;
  // Crawlee's texts for an error status (`429 - Error status code was set by user.`, `503 - Internal Server Error: <body>`) are English.
  const status = /^(\d{3}) - /.exec(text)?.[1];
  if (status) return `网站返回 HTTP ${status}${statusMeanings[status] ? `（${statusMeanings[status]}）` : ''}`;
  return describeError(error).slice(0, 200);
}

/**
 * Why the warm-up request (Node's fetch) failed, in staff's words: fetch says only `fetch failed`
 * with the network error as its cause, and `TimeoutError` when the source's timeout ran out.
 */
export function describeWarmUpError(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return describeError(error);
  if (error.name === 'TimeoutError') return `网站在 ${timeoutMs / 1000} 秒内没有应答完毕`;
  return describeFetchError(error.cause instanceof Error ? error.cause : error, timeoutMs);
}

/** The HTTP status of a failed request: from the answer, or from Crawlee's error text when it refused the answer. */
export function failedStatus(ctx: { response?: { statusCode?: number | undefined } | undefined }, error: Error): number {
  return ctx.response?.statusCode ?? Number(/^(\d{3}) - /.exec(error.message)?.[1] ?? 0);
}

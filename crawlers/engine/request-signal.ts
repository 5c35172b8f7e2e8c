/**
 * Each request's own stop signal, linked to the session's while the request lasts, so a stopped
 * run cancels its requests in flight without leaking a listener per page on a long-lived signal.
 * The crawler (polite-crawler.ts) uses it; it loads nothing of Crawlee, as the leak is got's.
 */

/**
 * A signal of one request's own that aborts when `parent` (the session's: in the main job, the
 * queue's stop signal, which lives as long as the process) aborts; `unlink` drops the link once the
 * request is over. got adds an abort listener to the signal it is given and removes it only when the
 * request is destroyed, which a request that ends normally is not: given the long-lived signal
 * itself, every page fetched left a listener (and its request) on it for good, a leak that grew
 * with every crawl (Node's MaxListenersExceededWarning at each start was its sign).
 */
export function requestSignal(parent: AbortSignal): { signal: AbortSignal; unlink: () => void } {
  const controller = new AbortController();
  if (parent.aborted) controller.abort(parent.reason);
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, unlink: () => parent.removeEventListener('abort', onAbort) };
}

/**
 * A signal that aborts after `ms`, or at once when `parent` aborts (a stop the caller was given,
 * such as the console's 取消 of a draft): a short request's time limit joined to it.
 */
export function timedSignal(ms: number, parent?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return parent ? AbortSignal.any([parent, timeout]) : timeout;
}

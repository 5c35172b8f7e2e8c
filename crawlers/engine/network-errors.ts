/**
 * A network error in staff's words (the site refused the connection, its name does not resolve,
 * the network is down, the connection timed out or was cut), or undefined for any other error.
 * Kept apart from the crawl engine (polite-crawler.ts, which loads Crawlee) so that commands which
 * fetch a page themselves (`sources suggest`, and the CLI reaching the main job's API) name the
 * cause the same way without loading it. `target` names what was called (网站, 民声主程序).
 */
export function describeNetworkError(text: string, target = '网站'): string | undefined {
  // Node's network errors read `connect ECONNREFUSED 127.0.0.1:80`, `getaddrinfo ENOTFOUND host`.
  const where = /\b(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\s+(\S+)/.exec(text)?.[1];
  const at = where ? `：${where}` : '';
  if (text.includes('ECONNREFUSED')) return `无法连接${target}（拒绝连接${at}）`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `无法连接${target}（域名无法解析${at}）`;
  if (/EHOSTUNREACH|ENETUNREACH/.test(text)) return `无法连接${target}（网络不通）`;
  if (text.includes('ETIMEDOUT')) return `无法连接${target}（连接超时）`;
  if (text.includes('ECONNRESET')) return `${target}中断了连接`;
  return undefined;
}

/**
 * Why Node's fetch failed, in staff's words: fetch says only `fetch failed`, the network error
 * being its cause (an AggregateError's first error when it tried several addresses).
 */
export function describeFetchFailure(error: unknown, target = '网站'): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const found = describeNetworkError(`${e.message} ${(e as NodeJS.ErrnoException).code ?? ''}`, target);
    if (found) return found;
    if (e instanceof AggregateError && e.errors[0] instanceof Error) return describeFetchFailure(e.errors[0], target);
  }
  return undefined;
}

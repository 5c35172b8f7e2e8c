/**
 * The warm-up request some sites need before they answer: a GET whose Set-Cookie headers become
 * the session cookie. Ends at `timeoutMs` or when `stop` aborts, whichever comes first.
 */
export async function warmUp(url: string, headers: Record<string, string>, timeoutMs: number, stop?: AbortSignal): Promise<string | undefined> {
  const signal = stop ? AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  const response = await fetch(url, { headers, signal, redirect: 'follow' });
  await response.arrayBuffer();
  // Worded as Crawlee words an error status, so describeFetchError names it for staff.
  if (response.status >= 400) throw new Error(`${response.status} - warm-up answered an error status`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]?.trim()).filter((c): c is string => !!c);
  return cookies.length ? cookies.join('; ') : undefined;
}

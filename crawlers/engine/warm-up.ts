/** The warm-up request some sites need before they answer: a GET whose Set-Cookie headers become the session cookie. */
export async function warmUp(url: string, headers: Record<string, string>, timeoutMs: number): Promise<string | undefined> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  await response.arrayBuffer();
  if (response.status >= 400) throw new Error(`HTTP ${response.status}`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]?.trim()).filter((c): c is string => !!c);
  return cookies.length ? cookies.join('; ') : undefined;
}

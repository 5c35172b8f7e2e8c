/**
 * The cookies a letter's page set (its answer's Set-Cookie), sent with that letter's reply request
 * (reply-request.ts): sites whose reply answers only the session the letter's page opened (403
 * without it, or with an older one). A jar of its own per letter read, so one letter's session is
 * never sent with another's request, and scoped as a browser scopes it (tough-cookie: domain, path,
 * Secure, expiry; a `Domain` the page's host is not in, or a public suffix, is refused), so a
 * reply asked on another site gets none of them.
 */
import { CookieJar } from 'tough-cookie';

/**
 * The `Cookie` header the page at `pageUrl`, answering with `setCookies`, gives a request to
 * `requestUrl`: undefined when none of its cookies is in that address's scope.
 */
export function pageCookies(setCookies: readonly string[] | undefined, pageUrl: string, requestUrl: string): string | undefined {
  if (!setCookies?.length) return undefined;
  const jar = new CookieJar();
  // A malformed or out-of-scope cookie is dropped, as a browser drops it, rather than failing the letter.
  for (const header of setCookies) jar.setCookieSync(header, pageUrl, { ignoreError: true });
  return jar.getCookieStringSync(requestUrl) || undefined;
}

/**
 * One `Cookie` header of the session's (a warm-up's) and the letter's page's: a name both carry is
 * sent with the page's value, the newer session.
 */
export function joinCookies(session: string | undefined, page: string | undefined): string | undefined {
  if (!session || !page) return page ?? session;
  const pairs = (header: string) => header.split(';').map((p) => p.trim()).filter(Boolean);
  const name = (pair: string) => pair.split('=')[0]!.trim();
  const fromPage = new Set(pairs(page).map(name));
  return [...pairs(session).filter((p) => !fromPage.has(name(p))), ...pairs(page)].join('; ');
}

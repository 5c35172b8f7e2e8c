/**
 * Cookies set on the way to a page: a letter's link answering `302` with `Set-Cookie` (a session
 * opened at the link's address) before the page. Crawlee follows the redirect without a cookie jar
 * (none is kept between pages: `persistCookiesPerSession` off), so the next address was asked
 * without them and the page router saw only the final answer's `Set-Cookie`. Here each request
 * keeps the redirects it answered, with what each set, and sends them on to the next address as a
 * browser does (scoped by page-cookies.ts, joined to the session's warm-up cookie); the page router
 * hands them on with the page (`FetchedPage.redirects`), and a letter's reply request carries them.
 */
import type { CheerioCrawlingContext } from '@crawlee/cheerio';
import { answersCookie, joinCookies, type CookieAnswer } from './page-cookies.js';

/** A crawling context whose request kept the redirects it answered (`keepRedirectCookies`). */
export interface RedirectedContext {
  redirectCookies?: CookieAnswer[];
}

/** A Set-Cookie header as Node gives it: none, one, or several. */
export const setCookieList = (header: string | string[] | undefined): string[] => (header === undefined ? [] : Array.isArray(header) ? header : [header]);

/** What got gives a `beforeRedirect` hook: the next request's options, and the redirect's answer. */
type RedirectHook = (next: { url?: URL | string | undefined; headers: Record<string, string | string[] | undefined> }, answer: { url: string; headers: Record<string, string | string[] | undefined> }) => void;

/**
 * Installs, on the request about to be sent (`gotOptions` of a pre-navigation hook), the keeping of
 * the redirects it answers: each redirect's address and Set-Cookie are put on `ctx`
 * (`RedirectedContext`), and the next address is asked with the cookies they set in its scope,
 * after the session's cookie (`gotOptions`' own, sent on to its host only, as got does). A retry
 * starts again with none.
 */
export function keepRedirectCookies(ctx: CheerioCrawlingContext, gotOptions: { headers?: Record<string, unknown> | undefined; hooks?: { beforeRedirect?: unknown[] } | undefined }): void {
  const answers: CookieAnswer[] = [];
  (ctx as RedirectedContext).redirectCookies = answers;
  const sessionCookie = Object.entries(gotOptions.headers ?? {}).find(([k]) => k.toLowerCase() === 'cookie')?.[1];
  const origin = new URL(ctx.request.url).host;
  const onRedirect: RedirectHook = (next, answer) => {
    answers.push({ url: answer.url, setCookies: setCookieList(answer.headers['set-cookie']) });
    if (!next.url) return;
    const nextUrl = new URL(String(next.url));
    // The session's cookie goes to its own host only (got has dropped it on a redirect elsewhere).
    const session = nextUrl.host === origin && typeof sessionCookie === 'string' ? sessionCookie : undefined;
    const cookie = joinCookies(session, answersCookie(answers, nextUrl.href));
    if (cookie) next.headers.cookie = cookie;
    else delete next.headers.cookie;
  };
  gotOptions.hooks = { ...gotOptions.hooks, beforeRedirect: [...(gotOptions.hooks?.beforeRedirect ?? []), onRedirect] };
}

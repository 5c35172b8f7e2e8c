/**
 * The cookies a letter's page set, sent with that letter's reply request (reply-request.ts): sites
 * whose reply answers only the session the letter's page opened (403 without it, or with an older
 * one). What sets them, in the order a browser meets it: the redirects the letter's link answered
 * before the page (`302` with `Set-Cookie`), the page's own answer, then the page's inline scripts
 * assigning a quoted literal to `document.cookie` (read, never run). A jar of its own per letter
 * read, so one letter's session is never sent with another's request, and scoped as a browser
 * scopes it (tough-cookie: domain, path, Secure, expiry; a `Domain` the answering host is not in, or
 * a public suffix, is refused; a script neither sets nor replaces an HttpOnly cookie), so a reply
 * asked on another site gets none of them.
 */
import { load } from 'cheerio';
import { CookieJar } from 'tough-cookie';

/** One answer on the way to a letter's page: the address that answered and its Set-Cookie headers. */
export interface CookieAnswer {
  url: string;
  setCookies: readonly string[];
}

/** A letter's page as its cookies are read. */
export interface CookiePage {
  /** The page's address (after redirects): its answer's and its scripts' cookies are scoped to it. */
  url: string;
  /** The page's answer's Set-Cookie headers. */
  setCookies?: readonly string[] | undefined;
  /** The redirects the letter's link answered before the page, in order, with what each set. */
  redirects?: readonly CookieAnswer[] | undefined;
  /** The page's HTML: its inline scripts' `document.cookie = '…'` literals. */
  html?: string | undefined;
}

/** The jar of `answers` set in order, each at its own address; a malformed or out-of-scope cookie is dropped, as a browser drops it. */
function jarOf(answers: readonly CookieAnswer[]): CookieJar {
  const jar = new CookieJar();
  for (const answer of answers) for (const header of answer.setCookies) jar.setCookieSync(header, answer.url, { ignoreError: true });
  return jar;
}

/**
 * The `Cookie` header `answers` (a letter link's redirects so far) give a request to `requestUrl`
 * (the redirect's next address): a browser sends them on. Undefined when none is in its scope.
 */
export function answersCookie(answers: readonly CookieAnswer[], requestUrl: string): string | undefined {
  return jarOf(answers).getCookieStringSync(requestUrl) || undefined;
}

/**
 * The `Cookie` header the letter's `page` gives a request to `requestUrl`: what its redirects, its
 * answer and its inline scripts set, each later one replacing an earlier of the same name, domain
 * and path. Undefined when none of them is in that address's scope.
 */
export function pageCookies(page: CookiePage, requestUrl: string): string | undefined {
  const scripted = page.html ? scriptCookies(page.html) : [];
  if (!page.setCookies?.length && !page.redirects?.length && !scripted.length) return undefined;
  const jar = jarOf([...(page.redirects ?? []), { url: page.url, setCookies: page.setCookies ?? [] }]);
  // As `document.cookie` sets them: not HttpOnly, and never over an HttpOnly one the answers set.
  for (const cookie of scripted) jar.setCookieSync(cookie, page.url, { http: false, ignoreError: true });
  return jar.getCookieStringSync(requestUrl) || undefined;
}

/** A quoted JavaScript string literal, single or double quoted, on one line. */
const quoted = String.raw`(?:"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')`;
/**
 * `document.cookie = "token=abc; path=/"`, or quoted literals joined by `+` (`'k=' + 'v'`), and
 * nothing more: an expression going on (`+ token`, `.concat(…)`) is computed, and not read.
 */
const literalAssignment = new RegExp(String.raw`\bdocument\.cookie\s*=(?!=)\s*(${quoted}(?:\s*\+\s*${quoted})*)(?!\s*[+.\[(?&|])`, 'g');

/** A string literal's text: its escapes (`\'`, `\x3d`, `\u003d`, `\n` …) read as JavaScript reads them. */
function literalText(literal: string): string {
  const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };
  return literal.slice(1, -1).replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (/^[ux][0-9a-fA-F]/.test(e)) return String.fromCharCode(parseInt(e.slice(1), 16));
    return simple[e] ?? e;
  });
}

/**
 * The cookies the page's inline scripts set by assigning quoted literals to `document.cookie`, in
 * the order written (`token=abc123; path=/`). Script files and computed values (`'token=' + token`,
 * `document.cookie = buildCookie()`) are not read: no script is run.
 */
export function scriptCookies(html: string): string[] {
  if (!html.includes('document.cookie')) return [];
  const $ = load(html);
  // A `<script type="text/template">` is no script a browser runs.
  const scripts = $('script:not([src])').toArray().filter((el) => /(java|ecma)script|module/i.test($(el).attr('type') || 'text/javascript'));
  return scripts.flatMap((el) => [...$(el).text().matchAll(literalAssignment)].map((m) => m[1]!.split(new RegExp(String.raw`(${quoted})`)).filter((part) => /^["']/.test(part)).map(literalText).join('')));
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

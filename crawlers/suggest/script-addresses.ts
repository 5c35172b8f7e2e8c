/**
 * Addresses of a list's pages: the pagination reaching page 2's address from page 1's, and the
 * address a page's script opens for a page number, joined into a string (`'list_' + i + '.html'`,
 * `'?page=' + this.value`), inside the page's functions. Read by suggest-pagination.ts and
 * location-pager.ts. Pure.
 */
import type { CheerioAPI } from 'cheerio';
import { escapeRegex } from './field-words.js';

/** A pager that opens addresses numbered in their path or query. */
export type AddressPager = { type: 'path'; template: string; start: number } | { type: 'query'; param: string; start: number };

/**
 * The address a script builds by joining a page number into a string (`'list_' + i + '.html'`,
 * `"?page=" + (currentPage + 1)`, `'xxlb.jsp?pageNo=' + n`), as a `path` or `query` pager. `start`:
 * the first page's number when its own address does not show it; `base`: what the page's relative
 * links are resolved against (linkBase).
 */
export function joinedAddress(script: string, pageUrl: string, start: number, base = pageUrl): AddressPager | undefined {
  // The address's text just before the quote closing in front of `+ number +` (or `+ n;` at the end), and just after the one opening behind it.
  // The number may be read from a page's control: `this.value`, `document.getElementById('p').value`, `$('#p').val()`.
  const joined = /([\w./?&=-]*)["']\s*\+\s*\(?\s*[\w$]+(?:\.[\w$]+|\[[^\]]*\]|\((?:[^()]|\([^()]*\))*\))*\s*(?:[+-]\s*1\s*)?\)?\s*(?:\+\s*["']([\w.]*)|[;\n})])/g;
  const here = new URL(pageUrl);
  for (const [, href = '', after = ''] of script.matchAll(joined)) {
    const query = /[?&](\w+)=$/.exec(href);
    if (query) return { type: 'query', param: query[1]!, start: Number(here.searchParams.get(query[1]!) ?? start) };
    const tail = /^\.[a-z]{2,5}$/i.exec(after);
    if (!/^[\w./-]*[_-]$/.test(href) || !tail) continue;
    const template = new URL(`${href}0${tail[0]}`, base).pathname.replace(/0(\.[a-z]{2,5})$/i, '{page}$1');
    const own = new RegExp(`^${escapeRegex(template).replace('\\{page\\}', '(\\d+)')}$`).exec(here.pathname);
    return { type: 'path', template, start: Number(own?.[1] ?? start) };
  }
  return undefined;
}

/** The page's inline scripts, joined. */
export const scriptsOf = ($: CheerioAPI) => $('script').toArray().map((el) => $(el).html() ?? '').join('\n');

/**
 * The body of `function name(param) { … }` (or `name = function (param) { … }`) in the page's
 * scripts, braces matched; `param` is `''` for a function taking none.
 */
export function functionBody(scripts: string, name: string): { param: string; body: string } | undefined {
  const head = new RegExp(`(?:function\\s+${escapeRegex(name)}|\\b${escapeRegex(name)}\\s*=\\s*function)\\s*\\(\\s*(\\w*)[^)]*\\)\\s*\\{`).exec(scripts);
  if (!head) return undefined;
  let depth = 1;
  let end = head.index + head[0].length;
  for (; end < scripts.length && depth > 0; end++) depth += scripts[end] === '{' ? 1 : scripts[end] === '}' ? -1 : 0;
  return { param: head[1]!, body: scripts.slice(head.index + head[0].length, end - 1) };
}

/**
 * The pagination that reaches `page2` from `page1`: one query parameter growing by 1 (`query`) or
 * by more (`offset`), or one number in the path (`path`). `sameFolder`: page 2 must lie in page 1's
 * folder (an address known only by a class, which a side box's link to another column may carry).
 */
export function secondPagePager(page1: URL, page2: URL, sameFolder = false): AddressPager | { type: 'offset'; param: string; step: number; start: number } | undefined {
  if (page2.origin !== page1.origin) return undefined;
  if (page2.pathname === page1.pathname) {
    const changed = [...page2.searchParams.keys()].filter((k) => page2.searchParams.get(k) !== page1.searchParams.get(k));
    if (changed.length !== 1) return undefined;
    const param = changed[0]!;
    const v2 = Number(page2.searchParams.get(param));
    const v1 = page1.searchParams.has(param) ? Number(page1.searchParams.get(param)) : v2 === 2 ? 1 : 0;
    if (!Number.isInteger(v1) || !Number.isInteger(v2) || v2 <= v1) return undefined;
    const step = v2 - v1;
    return step === 1 ? { type: 'query', param, start: v1 } : { type: 'offset', param, step, start: v1 };
  }
  if (sameFolder && new URL('.', page2).pathname !== new URL('.', page1).pathname) return undefined;
  // One number differs between the two paths: list_1.html / list_2.html, list.html / list_2.html,
  // or index.html / index_1.html (TRS sites number the second page 1).
  const m = /^(.*?)(\d+)(\D*)$/.exec(page2.pathname);
  if (!m) return undefined;
  const template = `${m[1]}{page}${m[3]}`;
  const own = new RegExp(`^${escapeRegex(m[1]!)}(\\d+)${escapeRegex(m[3]!)}$`).exec(page1.pathname);
  const start = own ? Number(own[1]) : Number(m[2]) - 1;
  return start + 1 === Number(m[2]) ? { type: 'path', template: template + page2.search, start } : undefined;
}

/**
 * A query parameter holding a page number (`page`, `pageNo`, `curPage`, `p`, `pn`, `yema`), not an
 * offset (`start`, `offset`, `pageStart`, `rowFrom`): on it a link more than one page on is a jump.
 */
const pageNumberParam = /^(?!.*(?:start|offset|begin|from|row|skip|limit))(?:p|pn|pg|pno|yema|ys|yeshu|\w*page\w*|cur\w*|\w*index|\w*no)$/i;

/**
 * Whether the pagination secondPagePager read from a link steps one page on from page 1: to page 2
 * numbered from 0 or 1, or the next offset of a parameter not named for a page number
 * (`?start=20`). A `?page=11` or `list_11.html` from page 1 jumps ten pages (下10页): a link known
 * only by its look, its place or a word saying less that leads there is no next page, whatever it
 * looks like (`next10.gif`, `a.next-10`).
 */
export function stepsOnePage(pager: ReturnType<typeof secondPagePager>): boolean {
  if (!pager) return false;
  if (pager.type === 'offset') return !pageNumberParam.test(pager.param);
  return pager.type === 'query' || pager.start <= 1;
}

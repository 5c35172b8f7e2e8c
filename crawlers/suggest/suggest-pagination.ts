/**
 * Drafts a source's `pagination` from a list page: how page 2 is addressed, read from the pager's
 * link to it (or to 下一页), or from the script a TRS site writes its pager with. Pure.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { declaredCharset } from '../extract/charsets.js';
import { escapeQueryAs, linkBase } from '../extract/fields.js';
import { isElement, linkOf, pageSelector, textOf, usableClasses } from './css-path.js';
import { escapeRegex } from './field-words.js';

/** The pager's link to the next page (下一页) and to page 2, when the list page has them. */
export function pagerLinks($: CheerioAPI): { next?: Element | undefined; second?: Element | undefined } {
  const links = $('a').toArray().filter((a): a is Element => isElement(a) && !!linkOf(a) && !linkOf(a)!.script);
  const next = links.find((a) => /^(下一页|下页|后一页|下一頁|next|›|»|>)$/i.test(textOf($, a).replace(/\s*[›»>]+$/, '') || textOf($, a)));
  const second = links.find((a) => textOf($, a) === '2') ?? next;
  return { next, second };
}

/**
 * A TRS WCM pager, written in the browser by `createPageHTML(countPage, currentPage, "index", "html")`
 * (or `createPageHTML('page_div', countPage, currentPage, 'index', 'html', records)`): the page has
 * no link to read, the pages are `index.html`, `index_1.html`, `index_2.html` …
 */
function scriptedTrsPager($: CheerioAPI, pageUrl: string): { type: 'path'; template: string; start: number } | undefined {
  const scripts = $('script').toArray().map((el) => $(el).html() ?? '').join('\n');
  const call = /createPageHTML\s*\(([^)]*)\)/.exec(scripts);
  const names = (call?.[1] ?? '').split(',').flatMap((arg) => /^\s*["']([\w-]+)["']\s*$/.exec(arg)?.slice(1) ?? []);
  const [name, ext] = names.slice(-2);
  if (!name || !ext) return undefined;
  return { type: 'path', template: `${new URL('.', linkBase($, pageUrl)).pathname}${name}_{page}.${ext}`, start: 0 };
}

type AddressPager = { type: 'path'; template: string; start: number } | { type: 'query'; param: string; start: number };

/**
 * The address a script builds by joining a page number into a string (`'list_' + i + '.html'`,
 * `"?page=" + (currentPage + 1)`, `'xxlb.jsp?pageNo=' + n`), as a `path` or `query` pager. `start`:
 * the first page's number when its own address does not show it; `base`: what the page's relative
 * links are resolved against (linkBase).
 */
function joinedAddress(script: string, pageUrl: string, start: number, base = pageUrl): AddressPager | undefined {
  // The address's text just before the quote closing in front of `+ number +` (or `+ n;` at the end), and just after the one opening behind it.
  const joined = /([\w./?&=-]*)["']\s*\+\s*\(?\s*\w+\s*(?:[+-]\s*1\s*)?\)?\s*(?:\+\s*["']([\w.]*)|[;\n})])/g;
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

const scriptsOf = ($: CheerioAPI) => $('script').toArray().map((el) => $(el).html() ?? '').join('\n');

/**
 * A pager a site's own script writes (not TRS's): the script declares the page count and the
 * current page (`var pageCount = 5; var currentPage = 1;`, also `totalPage`, `countPage`,
 * `pageNo`, `curPage` …) and builds each link by joining a page number into an address
 * (`'list_' + i + '.html'`, `"?page=" + (currentPage + 1)`). The first page's own number, else
 * the current page the script declares, is where the numbering starts.
 */
function scriptedPager($: CheerioAPI, pageUrl: string): AddressPager | undefined {
  const scripts = scriptsOf($);
  const count = /\b(?:pageCount|countPage|totalPage|totalPages|pageTotal|pageCounts|maxPage)\s*=\s*(\d+)/i.exec(scripts);
  const current = /\b(?:currentPage|curPage|currPage|pageNo|pageIndex|nowPage|cpage)\s*=\s*(\d+)/i.exec(scripts);
  if (!count || !current) return undefined;
  return joinedAddress(scripts, pageUrl, Number(current[1]), linkBase($, pageUrl));
}

/** The body of `function name(param) { … }` (or `name = function (param) { … }`) in the page's scripts, braces matched. */
function functionBody(scripts: string, name: string): { param: string; body: string } | undefined {
  const head = new RegExp(`(?:function\\s+${escapeRegex(name)}|\\b${escapeRegex(name)}\\s*=\\s*function)\\s*\\(\\s*(\\w+)[^)]*\\)\\s*\\{`).exec(scripts);
  if (!head) return undefined;
  let depth = 1;
  let end = head.index + head[0].length;
  for (; end < scripts.length && depth > 0; end++) depth += scripts[end] === '{' ? 1 : scripts[end] === '}' ? -1 : 0;
  return { param: head[1]!, body: scripts.slice(head.index + head[0].length, end - 1) };
}

/**
 * A pager of script calls, `<a href="javascript:goPage(2)">` or `<a onclick="goPage(2)">` (its
 * text 2 or 下一页), whose function either sends the browser to an address it joins the number
 * into (`location.href = 'list.asp?page=' + n` → `query`/`path`), or fills the number into a form
 * and submits it (`document.pageForm.page.value = n; document.pageForm.submit()` → `post-form` of
 * the form's fields to its `action`, or `query` when the form is sent by GET to the page itself).
 * Page 1's number is the call's of page 2 less one.
 */
function scriptCallPager($: CheerioAPI, pageUrl: string): { pager: Record<string, unknown>; call: string; second: string } | undefined {
  const calls = $('a')
    .toArray()
    .filter((a): a is Element => isElement(a) && !!linkOf(a)?.script)
    .map((a) => ({ text: textOf($, a).replace(/\s*[›»>]+$/, ''), call: [...linkOf(a)!.href.matchAll(/(?:^|javascript:|[\s;])\s*([\w$]+)\s*\(\s*['"]?(\d+)['"]?\s*\)/gi)].find((m) => m[1] !== 'void') }));
  const link = calls.find((c) => c.call && c.text === '2') ?? calls.find((c) => c.call && /^(下一页|下页|后一页|下一頁|next)$/i.test(c.text));
  if (!link?.call) return undefined;
  const [, name = '', arg = ''] = link.call;
  const fn = functionBody(scriptsOf($), name);
  if (!fn) return undefined;
  const start = Number(arg) - 1;
  const call = `${name}(${arg})`;
  const p = escapeRegex(fn.param);
  if (/\blocation\b/.test(fn.body) && !/\.submit\s*\(/.test(fn.body)) {
    const address = joinedAddress(fn.body, pageUrl, start, linkBase($, pageUrl));
    if (!address) return undefined;
    return { pager: address, call, second: address.type === 'path' ? address.template.replace('{page}', String(start + 1)) : `?${address.param}=${start + 1}` };
  }
  if (!/\.submit\s*\(/.test(fn.body)) return undefined;
  // The field set to the number: `document.pageForm.page.value = n`, `form.elements['page'].value = n`, `getElementById('page').value = n`.
  const set = new RegExp(`(?:\\.(\\w+)|\\[\\s*['"](\\w+)['"]\\s*\\]|getElementById\\(\\s*['"](\\w+)['"]\\s*\\))\\.value\\s*=\\s*${p}\\b`).exec(fn.body);
  const field = set?.[1] ?? set?.[2] ?? set?.[3];
  if (!field) return undefined;
  const input = $(`form input[name="${field}"], form input#${field}`).first();
  const form = input.closest('form');
  const fieldName = input.attr('name');
  if (!form.length || !fieldName) return undefined;
  const url = form.attr('action') ? new URL(form.attr('action')!, linkBase($, pageUrl)) : new URL(pageUrl);
  const body: Record<string, string> = {};
  form.find('input, select').each((_i, el) => {
    const name = $(el).attr('name');
    const type = ($(el).attr('type') ?? 'text').toLowerCase();
    if (!name || ['submit', 'image', 'button', 'reset', 'file'].includes(type) || (['checkbox', 'radio'].includes(type) && $(el).attr('checked') === undefined)) return;
    body[name] = name === fieldName ? '{page}' : ($(el).is('select') ? ($(el).find('option[selected]').attr('value') ?? $(el).find('option').first().attr('value')) : $(el).attr('value')) ?? '';
  });
  if ((form.attr('method') ?? 'get').toLowerCase() === 'post') return { pager: { type: 'post-form', url: url.href, body, start }, call, second: `POST ${url.href} ${fieldName}=${start + 1}` };
  // A form sent by GET to the page itself is a query parameter (the page's other fields as its address has them).
  if (url.origin + url.pathname !== new URL(pageUrl).origin + new URL(pageUrl).pathname) return undefined;
  return { pager: { type: 'query', param: fieldName, start }, call, second: `?${fieldName}=${start + 1}` };
}

/** Where the second page is: the source file's `pagination`, or `{ type: 'none' }` with a note. */
export function suggestPagination($: CheerioAPI, pageUrl: string, notes: string[], charset = declaredCharset($.html().slice(0, 3000))): Record<string, unknown> {
  const { next, second } = pagerLinks($);
  const nextSelector = next ? (usableClasses(next).length ? pageSelector($, next) : `${pageSelector($, next.parent as Element)} a:contains("${textOf($, next)}")`) : undefined;
  // Resolved as a browser resolves it: against the page's `<base href>` when it has one, and a GBK
  // page's link writes the Chinese of its query in GBK.
  const page2 = second ? new URL(escapeQueryAs(second.attribs.href!, charset), linkBase($, pageUrl)) : undefined;
  const page1 = new URL(pageUrl);
  const hasNext = nextSelector ? { hasNext: nextSelector } : {};
  if (page2 && page2.origin === page1.origin) {
    if (page2.pathname === page1.pathname) {
      const changed = [...page2.searchParams.keys()].filter((k) => page2.searchParams.get(k) !== page1.searchParams.get(k));
      if (changed.length === 1) {
        const param = changed[0]!;
        const v2 = Number(page2.searchParams.get(param));
        const v1 = page1.searchParams.has(param) ? Number(page1.searchParams.get(param)) : v2 === 2 ? 1 : 0;
        if (Number.isInteger(v1) && Number.isInteger(v2) && v2 > v1) {
          const step = v2 - v1;
          return step === 1 ? { type: 'query', param, start: v1, ...hasNext } : { type: 'offset', param, step, start: v1, ...hasNext };
        }
      }
    } else {
      // One number differs between the two paths (list_1.html / list_2.html, or list.html / list_2.html).
      // One number differs between the two paths: list_1.html / list_2.html, list.html / list_2.html,
      // or index.html / index_1.html (TRS sites number the second page 1).
      const m = /^(.*?)(\d+)(\D*)$/.exec(page2.pathname);
      if (m) {
        const template = `${m[1]}{page}${m[3]}`;
        const own = new RegExp(`^${escapeRegex(m[1]!)}(\\d+)${escapeRegex(m[3]!)}$`).exec(page1.pathname);
        const start = own ? Number(own[1]) : Number(m[2]) - 1;
        if (start + 1 === Number(m[2])) return { type: 'path', template: template + page2.search, start, ...hasNext };
      }
    }
  }
  if (nextSelector) return { type: 'next-link', selector: nextSelector };
  const scripted = scriptedTrsPager($, pageUrl);
  if (scripted) {
    notes.push(`翻页链接由脚本 createPageHTML 写出（TRS 网站）：按 ${scripted.template} 翻页（第 2 页为 ${scripted.template.replace('{page}', '1')}），请在浏览器中核对`);
    return scripted;
  }
  const written = scriptedPager($, pageUrl);
  if (written) {
    const second = written.type === 'path' ? written.template.replace('{page}', String(written.start + 1)) : `?${written.param}=${written.start + 1}`;
    notes.push(`翻页链接由网页脚本按页数（pageCount）写出：按 ${written.type === 'path' ? written.template : `参数 ${written.param}`} 翻页（第 2 页为 ${second}），请在浏览器中核对`);
    return written;
  }
  const called = scriptCallPager($, pageUrl);
  if (called) {
    const how = called.pager.type === 'post-form' ? `填写并提交表单（post-form，提交到 ${String(called.pager.url)}）` : `打开脚本拼出的地址（${called.pager.type}）`;
    notes.push(`翻页链接是脚本调用 ${called.call}，由它${how}：第 2 页为 ${called.second}，请在浏览器中核对第 2 页`);
    return called.pager;
  }
  notes.push('没有在列表页上找到翻页链接（下一页、页码 2）：翻页规则为 none，只抓第一页；网站用表单或脚本翻页时请按 crawlers/README.md 的 Pagination 一节填写');
  return { type: 'none' };
}


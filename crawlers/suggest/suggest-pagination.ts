/**
 * Drafts a source's `pagination` from a list page: how page 2 is addressed, read from the pager's
 * link to it (or to 下一页), or from the script a TRS site writes its pager with. Pure.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { declaredCharset } from '../extract/charsets.js';
import { escapeQueryAs, linkBase } from '../extract/fields.js';
import { isElement, linkOf, pageSelector, textOf, usableClasses } from './css-path.js';
import { escapeRegex } from './field-words.js';
import { locationPager } from './location-pager.js';
import { functionBody, joinedAddress, scriptsOf, secondPagePager, stepsOnePage, type AddressPager } from './script-addresses.js';
import { arrowWords, controlName, doubledArrows, greyed, looseNextWords, maxArrows, namedAs, namedHow, nextImageOf, nextSignOf, nextWords, pageTwo, previousWords, squeezeName, wordOf, type NameSource } from './pager-names.js';

/**
 * How the link to the next page was known when not by its text: a name standing for it, a class,
 * its image's file name, or its place (`placed`: its image's file name, which says nothing).
 */
export type NextHow = { from: NameSource; name: string } | { sign: string } | { file: string } | { placed: string };

/** Known by its look or place, not by any name: it must lead to page 2 of this list. */
const byLook = (how: NextHow | undefined) => !!how && !('from' in how);

/** A pager box's text showing page 1 of N: `1/3`, `第1页`, `共3页` (not a date's `2026/1/3`). */
const pagerText = /(?:^|[^\d/])1\s*\/\s*\d{1,4}(?:[^\d/]|$)|第\s*1\s*页|共\s*\d{1,4}\s*页/;

/** Whether `a` stands in a pager's box: an element up to three levels above it prints pagerText. */
function inPagerBox($: CheerioAPI, a: Element): boolean {
  let box = a.parent;
  for (let level = 0; level < 3 && box && isElement(box); level++, box = box.parent) if (pagerText.test($(box).text())) return true;
  return false;
}

/** Page 1 as a pager prints the current page: 1, [1], 第1页, 第一页. */
const currentFirst = /^[[【(（]?第?[1一][页頁]?[\]】)）]?$/u;

/** The text of the page before `el` within its nearest box holding text before it (up to three levels up), and right after it. */
function textBeside($: CheerioAPI, el: Element): { before?: string | undefined; after?: string | undefined } {
  let box = el.parent;
  for (let level = 0; level < 3 && box && isElement(box); level++, box = box.parent) {
    const texts: string[] = [];
    let at = -1;
    const walk = (node: Element) => {
      for (const child of node.children) {
        if (child === el) at = texts.length;
        else if (child.type === 'text' && child.data.trim()) texts.push(child.data.replace(/[\s\u3000\u00a0]+/g, ''));
        else if (isElement(child) && child.name !== 'script' && child.name !== 'style') walk(child);
      }
    };
    walk(box);
    if (at > 0) return { before: texts[at - 1], after: texts[at] };
  }
  return {};
}

/**
 * Whether the image link `a` stands in a pager, where its place tells what it is: in a box printing
 * 第1页/共3页 (pagerText); right after the current page 1 (`[1] <img>`) and before no page number; or
 * one of a row of two to four images (首页 上一页 下一页 尾页, drawn with no word), the linked ones
 * all leading to pages of this list (`ofList`): a side box's image to its column, a row of banners,
 * leads elsewhere.
 */
function imagePager($: CheerioAPI, a: Element, ofList: (a: Element) => boolean): boolean {
  if (inPagerBox($, a)) return true;
  const { before, after } = textBeside($, a);
  if (before !== undefined && currentFirst.test(before) && !/^\d/.test(after ?? '')) return true;
  let box = a.parent;
  for (let level = 0; level < 3 && box && isElement(box); level++, box = box.parent) {
    const count = $(box).find('img').length;
    if (count < 2) continue;
    const linked = $(box).find('a:has(img)').toArray().filter((l): l is Element => isElement(l) && !!linkOf(l) && !linkOf(l)!.script);
    return count <= maxArrows && linked.every(ofList);
  }
  return false;
}

/**
 * The pager's link to the next page (下一页) and to page 2, when the list page has them: the next
 * link by its name (its text, else its `aria-label`, an image's `alt`, its `title`: nextWords of
 * pager-names.ts; 下一页>> and [下一页] read as 下一页), one leading to page 2 of this list first; an
 * arrow alone (›, », >) or a word saying less (翻页, 向后, 往后, 后翻: looseNextWords) only when it
 * does (a side box's » to its column, a 向后 to another column, is none); a doubled arrow
 * (>>) when no link is named next, it leads to page 2 and no page number 2 leads elsewhere (then it
 * is the last page's); else a link with no name whose class (or its icon's) says next, or whose
 * image's file name does (`xyy.gif`, `next.gif`), not greyed out, not one of more than four alike (a
 * row's 查看 › icon), and leading to a page 2 of this list in its folder; else the one image link
 * naming nothing to page 2 of this list in a pager (imagePager). A link known by a word saying less,
 * its look or its place must step one page on (nextStep): a 下10页 to `?page=11`, whatever it looks
 * like, is none. Page 2 is a link reading 2
 * (or [2], 第2页, [第2页], 二, 第二页, 贰, 第贰页) to a page of this list: an address in the list page's folder, or below it, differing by
 * one number (a box of related topics numbered 1 2 3 elsewhere is none). `how` says how the next
 * link was known when not by its text; `charset`: the page's, its links' query escaped in it.
 */
export function pagerLinks($: CheerioAPI, pageUrl: string, charset = declaredCharset($.html().slice(0, 3000))): { next?: Element | undefined; second?: Element | undefined; how?: NextHow | undefined } {
  const links = $('a').toArray().filter((a): a is Element => isElement(a) && !!linkOf(a) && !linkOf(a)!.script);
  const here = new URL(pageUrl);
  const base = linkBase($, pageUrl);
  const folder = new URL('.', here).pathname;
  const addressOf = (a: Element) => {
    const href = escapeQueryAs(a.attribs.href!, charset);
    return URL.canParse(href, base) ? new URL(href, base) : undefined;
  };
  /** The pagination `a` reaches as page 2 of this list (`sameFolder`: in the list page's folder, else in it or below). */
  const page2 = (a: Element, sameFolder = false) => {
    const to = addressOf(a);
    return to?.pathname.startsWith(folder) ? secondPagePager(here, to, sameFolder) : undefined;
  };
  const second = links.find((a) => pageTwo(wordOf(squeezeName(textOf($, a)))) && page2(a));
  const names = links.map((a) => ({ a, ...controlName($, a) }));
  // Page 2 numbered from 0 or 1 (not list_9.html, ?page=9: the last page's, or a 下10页's ?page=11).
  const firstStep = (a: Element, sameFolder = false) => {
    const pager = page2(a, sameFolder);
    return !!pager && (pager.type === 'query' || (pager.type === 'path' && pager.start <= 1));
  };
  // One step on (stepsOnePage): a `?page=11` from page 1 is a 下10页, whatever names it.
  const nextStep = (a: Element, sameFolder = false) => stepsOnePage(page2(a, sameFolder));
  const worded = names.filter((l) => namedAs(l.name, nextWords) || namedAs(l.name, looseNextWords));
  const named = worded.find((l) => nextStep(l.a)) ?? worded.find((l) => namedAs(l.name, nextWords) && !arrowWords.includes(wordOf(l.name)));
  if (named) return { next: named.a, second: second ?? named.a, how: named.from === 'text' ? undefined : { from: named.from, name: named.name } };
  const sameAs = (a: Element, b: Element) => addressOf(a)?.href === addressOf(b)?.href;
  const doubled = names.find((l) => doubledArrows.includes(wordOf(l.name)) && firstStep(l.a) && (!second || sameAs(second, l.a)));
  if (doubled) return { next: doubled.a, second: second ?? doubled.a, how: doubled.from === 'text' ? undefined : { from: doubled.from, name: doubled.name } };
  const lookOf = (a: Element): { sign: string } | { file: string } | undefined => {
    const sign = nextSignOf($, a);
    if (sign) return { sign };
    const file = nextImageOf($, a);
    return file ? { file } : undefined;
  };
  const alike = (a: Element) => `${a.attribs.class ?? ''}|${JSON.stringify(lookOf(a))}|${a.attribs.href!.replace(/[?#].*$/, '')}`;
  const unnamed = links.filter((a) => controlName($, a).name === '' && !greyed(a) && lookOf(a));
  // A file or class saying next may say 下10页 too (`next10.gif`, `a.next-10`): its address tells.
  const signed = unnamed.find((a) => unnamed.filter((b) => alike(b) === alike(a)).length <= maxArrows && nextStep(a, true));
  if (signed) return { next: signed, second: second ?? signed, how: lookOf(signed) };
  // Images naming nothing (`fy_03.gif`) in a pager (imagePager): the one image link to page 2 of
  // the list is the next page's (on page 1, 首页 and 上一页 lead nowhere or to page 1 itself, 尾页 to
  // page N); two leading to a first and a second page (a 首页 to `?page=1`) tell nothing.
  const ofList = (a: Element) => addressOf(a)?.href === here.href || !!page2(a, true);
  const images = links.filter((a) => controlName($, a).name === '' && !greyed(a) && $(a).find('img[src]').length > 0 && firstStep(a, true) && imagePager($, a, ofList));
  const placed = [...new Map(images.map((a) => [addressOf(a)!.href, a])).values()];
  const only = placed.length === 1 ? placed[0] : undefined;
  const file = only && ($(only).find('img[src]').attr('src') ?? '').replace(/[?#].*$/, '').split('/').pop();
  if (only && file && (!second || sameAs(second, only))) return { next: only, second: second ?? only, how: { placed: file } };
  return { second };
}

/**
 * A selector of the next link for `hasNext` and `next-link`: its classes, else what named it. One
 * known by another sign than its text leaves out a greyed copy (layui keeps `a.layui-laypage-next
 * .layui-disabled` on the last page, an image pager its link with a grey image's class).
 */
function nextLinkSelector($: CheerioAPI, next: Element, how: NextHow | undefined): string {
  if (usableClasses(next).length) return `${pageSelector($, next)}${how ? ':not([class*=disabled])' : ''}`;
  const within = pageSelector($, next.parent as Element);
  const quoted = (s: string) => JSON.stringify(s);
  if (!how) {
    // 翻页 is in 上翻页 too, which a last page still links: left out, or the crawl would page on past it.
    const word = squeezeName(textOf($, next));
    const previous = previousWords.filter((w) => w !== word && w.includes(word)).map((w) => `:not(:contains(${quoted(w)}))`);
    return `${within} a:contains(${quoted(textOf($, next))})${previous.join('')}`;
  }
  if ('sign' in how) return `${within} a:has(.${how.sign})`;
  if ('file' in how || 'placed' in how) return `${within} a:has(img[src$=${quoted('file' in how ? how.file : how.placed)}])`;
  if (how.from === 'alt') return `${within} a:has(img[alt=${quoted($(next).find('img[alt]').attr('alt')!)}])`;
  if (how.from === 'title' && next.attribs.title === undefined) return `${within} a:has([title=${quoted($(next).find('[title]').attr('title')!)}])`;
  return `${within} a[${how.from}=${quoted(next.attribs[how.from]!)}]`;
}

/**
 * A TRS WCM pager, written in the browser by `createPageHTML(countPage, currentPage, "index", "html")`
 * (or `createPageHTML('page_div', countPage, currentPage, 'index', 'html', records)`): the page has
 * no link to read, the pages are `index.html`, `index_1.html`, `index_2.html` …
 */
function scriptedTrsPager($: CheerioAPI, pageUrl: string): { type: 'path'; template: string; start: number } | undefined {
  const scripts = scriptsOf($);
  const call = /createPageHTML\s*\(([^)]*)\)/.exec(scripts);
  const names = (call?.[1] ?? '').split(',').flatMap((arg) => /^\s*["']([\w-]+)["']\s*$/.exec(arg)?.slice(1) ?? []);
  const [name, ext] = names.slice(-2);
  if (!name || !ext) return undefined;
  return { type: 'path', template: `${new URL('.', linkBase($, pageUrl)).pathname}${name}_{page}.${ext}`, start: 0 };
}

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
  const link = calls.find((c) => c.call && pageTwo(wordOf(squeezeName(c.text)))) ?? calls.find((c) => c.call && /^(下一页|下页|后一页|下一頁|next)$/i.test(c.text));
  if (!link?.call) return undefined;
  const [, name = '', arg = ''] = link.call;
  const fn = functionBody(scriptsOf($), name);
  if (!fn?.param) return undefined;
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
  const { next, second, how } = pagerLinks($, pageUrl, charset);
  const nextSelector = next ? nextLinkSelector($, next, how) : undefined;
  // Resolved as a browser resolves it: against the page's `<base href>` when it has one, and a GBK
  // page's link writes the Chinese of its query in GBK.
  const page2 = second ? new URL(escapeQueryAs(second.attribs.href!, charset), linkBase($, pageUrl)) : undefined;
  const hasNext = nextSelector ? { hasNext: nextSelector } : {};
  // Said when the next link was known by another sign than its words (a title, an icon's class).
  const found = how ? `翻页链接${namedHow(how)}` : undefined;
  const addressed = page2 && secondPagePager(new URL(pageUrl), page2, byLook(how));
  if (addressed) {
    if (found) notes.push(`${found}：第 2 页为 ${page2.pathname}${page2.search}，按 ${addressed.type === 'path' ? addressed.template : `参数 ${addressed.param}`} 翻页`);
    return { ...addressed, ...hasNext };
  }
  // A link known only by its look, to no page of this list, is another box's (a column's 更多 ›).
  if (nextSelector && !byLook(how)) {
    if (found) notes.push(`${found}：按它的链接翻页（next-link）`);
    return { type: 'next-link', selector: nextSelector };
  }
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
  const located = locationPager($, pageUrl);
  if (located) {
    const { pager } = located;
    const by = pager.type === 'path' ? `地址 ${String(pager.template)}` : `参数 ${String(pager.param)}`;
    notes.push(`${located.how}：按${by} 翻页（${pager.type}，第 1 页为 ${String(pager.start)}），不需要浏览器，请核对第 2 页`);
    return pager;
  }
  notes.push('没有在列表页上找到翻页链接（下一页、页码 2）：翻页规则为 none，只抓第一页；网站用表单或脚本翻页时请按 crawlers/README.md 的 Pagination 一节填写');
  return { type: 'none' };
}


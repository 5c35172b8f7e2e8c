/**
 * A list page's pager control to page 2 when a script handles it (no address the HTML route can
 * read): found on the HTML as fetched (`showsScriptPager`, whether to open chromium at all) and in
 * the rendered page (`findPagerControl`, which control capture-list-api.ts clicks). Both read a
 * control alike, in this order, so what the one sees the other clicks:
 *
 * 1. its name reads 2, 第2页, 第二页, 二, 第贰页, 贰, 下一页, 下页, 后页, 下翻页, 向后翻页, ›, >, next …, last the words
 *    saying less (翻页, 向后, 往后, 后翻, 向后翻) (下一页> and [下一页] as 下一页): its text, or when it has
 *    none, as a screen reader names it: `aria-label`, an image's `alt`, `title`;
 * 2. an arrow with no name whose class, or its icon's, names it next (Element UI's `btn-next`, layui's
 *    `layui-laypage-next`, `<i class="iconfont icon-right">`: pager-names.ts's nextSign); an icon
 *    font's glyph (`&#xe602;`) is no name;
 * 3. an arrow with no name whose handler (`onclick`, `javascript:` link) calls a function with the
 *    next page's number, 2 (`goPage(2)`, `toPage('2', 10)`): the number a pager writes into it;
 * 4. an arrow with no name right after the page numbers of a pager showing page 1 (‹ 1 2 3 ›,
 *    ‹ 1/3 ›), not before a page number (the ‹ before them): where pagers put the next page.
 *
 * 5. after 1 (before the arrows: a pager's 下一页 comes first where both are shown), a load-more
 *    control: its name reads 加载更多, 查看更多, 点击加载更多, 显示更多, 上滑加载更多 … (more
 *    letters, 留言 / 信件 / 内容, may follow; an arrow or ∨ after it is left out) or load more / show
 *    more. Its script APPENDS the next batch to the list rather than replacing it; the control is
 *    marked so (`appends`), and the draft tells page 1 apart by the answer, never by the list on
 *    the page (which still holds page 1's rows after the click).
 *
 * Arrows (2–4) are taken only when not greyed out (`disabled`), not calling a function with page
 * numbers 3 or more only (`goPage(11)`: a 下10页 drawn as an arrow) nor adding more than 1 to the
 * current page (`jump(cur + 10)`), and, in the page, drawn with a size;
 * and not when repeated as a row's icon is: more than four arrows alike (tag, class and the
 * functions called), where a pager has four at most (first, previous, next, last). A wrong
 * pick costs no wrong draft: a click that fetches no list, or page 1 again, leaves the HTML draft
 * (draft-script-pager.ts), saying so; one after which the pager's marker (`currentPageMarker`) reads
 * a page past 2 is left out and the next control clicked (capture-list-api.ts).
 */
import type { Element } from 'cheerio';
import { isElement, textOf, type loadPage } from './css-path.js';
import { bracketed, greyed, looseNextWords, maxArrows, nextSign, nextSignOf, nextWords, pageTwoWords, squeezeName, wordOf } from './pager-names.js';

type Page = ReturnType<typeof loadPage>;

/** A control's name reading one of these, in this order, is the pager's way to page 2. */
const pagerWords = [...pageTwoWords, ...nextWords, ...looseNextWords];

/**
 * A load-more control's name (squeezed, lower case): 加载更多, 查看更多留言, 点击加载更多∨, loadmore.
 * Not a bare 更多 (a column's link to its own page, 更多>>, more often than a load-more).
 */
const loadMoreName = /^(?:点击|上拉|上滑|下拉)?(?:加载|查看|显示|浏览|载入|展开)更多(?:留言|信件|来信|内容|数据|记录|信息)?[^\p{L}\p{N}]*$|^(?:click)?(?:load|show|view|see)more[^\p{L}\p{N}]*$/u;

/** What may be a pager's control: links, buttons, handlers, and the items of a pager's box. */
const controlSelector = 'a, button, input[type=button], input[type=submit], input[type=image], [onclick], [role=button], [class*=next], [class*=page] span, [class*=page] li';

/** A pager's page number or position: 3, 第3页, 1/5, 第1页/共5页. */
const pageToken = /^第?\d{1,4}页?(?:\/共?\d{1,4}页?)?$/;
/** Page 1 shown as the current page (the list page as first opened). */
const firstPageToken = /^第?1页?(?:\/共?\d{1,4}页?)?$/;
/** A bare page number: an arrow before one goes back. */
const pageNumber = /^\d{1,4}$/;

/** Levels above an arrow searched for the page numbers it follows (`<li><a><i>` in `<ul>` in `<div>`). */
const pagerDepth = 3;


/** The functions a handler's source calls, each with its arguments (quotes taken off). */
const callsIn = (handler: string) => [...handler.matchAll(/([\w$.]+)\s*\(([^()]*)\)/g)].map((call) => ({ name: call[1]!, args: call[2]!.split(',').map((arg) => arg.trim().replace(/^(['"])(.*)\1$/, '$2')) }));


/** An argument adding more than 1 to a variable (`cur + 10`, `page+10`): a jump of that many pages. */
const addsPages = /^[\w$.]+\s*\+\s*(?:[2-9]|\d{2,4})$/;

/**
 * A handler calling a function with page numbers 3 or more only (`goPage(11)`, `toPage('11', 10)`),
 * or adding more than 1 to the current page (`jump(cur + 10)`, `goPage(page+10)`): on page 1 it
 * jumps pages (a 下10页 drawn as an arrow), never to the next one.
 */
const jumpsPages = (handler: string) => callsIn(handler).some((call) => {
  const numbers = call.args.filter((arg) => /^\d+$/.test(arg));
  return (numbers.length > 0 && numbers.every((n) => Number(n) >= 3)) || call.args.some((arg) => addsPages.test(arg));
});

/** A control's name as the HTML gives it: its text or input value, else `aria-label`, an image's `alt`, `title`. */
function nameOf($: Page, el: Element): string {
  const squeeze = squeezeName;
  const text = squeeze(el.name === 'input' ? el.attribs.value : textOf($, el));
  if (text) return text;
  const img = el.name === 'img' || (el.name === 'input' && el.attribs.type === 'image') ? el : $(el).find('img[alt]').toArray().filter(isElement)[0];
  return squeeze(el.attribs['aria-label']) || squeeze(img?.attribs.alt) || squeeze(el.attribs.title);
}

/** A control a script handles: not a link to an address (the HTML route reads those). */
const scripted = (el: Element) => el.name !== 'a' || /^(javascript:|#|$)/i.test((el.attribs.href ?? '').trim()) || !!el.attribs.onclick;


/** The text pieces of `scope` before and after `target`, in page order (scripts and styles left out). */
function textAround(scope: Element, target: Element): { before: string[]; after: string[] } {
  const before: string[] = [];
  const after: string[] = [];
  let passed = false;
  const walk = (el: Element) => {
    for (const child of el.children) {
      if (child === target) passed = true;
      else if (child.type === 'text') {
        const text = child.data.replace(/\s+/g, '');
        if (text) (passed ? after : before).push(text);
      } else if (isElement(child) && child.name !== 'script' && child.name !== 'style') walk(child);
    }
  };
  walk(scope);
  return { before, after };
}

/** Whether `el` stands right after the page numbers of a pager showing page 1, and before no page number. */
function followsPageNumbers(el: Element): boolean {
  let scope = el.parent;
  for (let level = 0; level < pagerDepth && scope && isElement(scope); level++, scope = scope.parent) {
    const { before, after } = textAround(scope, el);
    if (before.length === 0) continue;
    return pageToken.test(before.at(-1)!) && !pageNumber.test(after[0] ?? '') && [...before, ...after].some((t) => firstPageToken.test(t));
  }
  return false;
}

/**
 * Whether the list page's HTML shows a pager control a script handles (as the module comment
 * orders them: a load-more control too), or a page-jump `<select>` offering page 2.
 */
export function showsScriptPager($: Page): boolean {
  const controls = $(controlSelector).toArray().filter(isElement).filter(scripted);
  const named = controls.some((el) => pagerWords.includes(wordOf(nameOf($, el))) || loadMoreName.test(nameOf($, el)));
  if (named) return true;
  const handler = (el: Element) => `${el.attribs.onclick ?? ''} ${/^javascript:/i.test(el.attribs.href ?? '') ? el.attribs.href : ''}`;
  const alike = (el: Element) => `${el.name}.${el.attribs.class ?? ''}:${callsIn(handler(el)).map((call) => call.name).join()}`;
  const unnamed = controls.filter((el) => nameOf($, el) === '' && !greyed(el));
  const counts = new Map<string, number>();
  for (const el of unnamed) counts.set(alike(el), (counts.get(alike(el)) ?? 0) + 1);
  const arrows = unnamed.filter((el) => counts.get(alike(el))! <= maxArrows && !jumpsPages(handler(el)));
  if (arrows.some((el) => !!nextSignOf($, el) || callsIn(handler(el)).some((call) => call.args.includes('2')) || followsPageNumbers(el))) return true;
  return $('select')
    .toArray()
    .filter(isElement)
    .some((s) => $(s).find('option').toArray().some((o) => $(o).text().trim() === '2' || $(o).attr('value') === '2') && (!!s.attribs.onchange || /page|pg|yem/i.test(`${s.attribs.id ?? ''} ${s.attribs.name ?? ''} ${s.attribs.class ?? ''}`)));
}

/** What `findPagerControl` found in the page. */
export interface PagerControl {
  kind: 'click' | 'select';
  /** Its name (`下一页`, `加载更多`), or the `<select>`'s value chosen. */
  text: string;
  /** A load-more control: its script appends the next batch to the list. */
  appends: boolean;
  /**
   * A selector Playwright finds it by in the page as loaded (`#id`, `tag.class` when only it has
   * those classes, else `tag:text-is("name")`): what a `load-more` source clicks.
   */
  selector: string;
  /** Its place among the page's controls as loaded: what `pagerControlFinder` skips after it jumped pages. */
  index: number;
}

/**
 * Run in the page: marks the pager's control to page 2 with `data-minsheng-pager` and says what it
 * is (a `PagerControl`, or null). The same reading as `showsScriptPager`, on the
 * rendered DOM, leaving out the controls at `skip` (`PagerControl.index`: ones a click showed to
 * jump pages, capture-list-api.ts). A string, not a function: a bundler's helpers (esbuild's
 * `__name` under tsx) do not exist there; the patterns above are passed in as their sources.
 */
export const pagerControlFinder = (skip: readonly number[] = []) => `(() => {
  const words = ${JSON.stringify(pagerWords)};
  const nextSign = new RegExp(${JSON.stringify(nextSign.source)}, 'i');
  const signed = (el) => [el, ...el.querySelectorAll('[class]')].some((e) => (e.getAttribute('class') || '').split(/\\s+/).some((c) => nextSign.test(c)));
  const pageToken = new RegExp(${JSON.stringify(pageToken.source)});
  const firstPageToken = new RegExp(${JSON.stringify(firstPageToken.source)});
  const pageNumber = new RegExp(${JSON.stringify(pageNumber.source)});
  const squeeze = (s) => (s || '').replace(/[\\s\\u3000\\u00a0\\ue000-\\uf8ff]+/g, '').toLowerCase();
  const nameOf = (el) => {
    const text = squeeze(el instanceof HTMLInputElement ? el.value : el.textContent);
    if (text) return text;
    const img = el.tagName === 'IMG' || (el instanceof HTMLInputElement && el.type === 'image') ? el : el.querySelector('img[alt]');
    return squeeze(el.getAttribute('aria-label')) || squeeze(img && img.getAttribute('alt')) || squeeze(el.getAttribute('title'));
  };
  const bracketed = new RegExp(${JSON.stringify(bracketed.source)}, 'u');
  const wordOf = (name) => {
    const inner = bracketed.exec(name);
    const word = inner ? inner.slice(1).find(Boolean) : name;
    return (word.length > 1 ? word.replace(/[›>»]+$/u, '') : word) || word;
  };
  const visible = (el) => el.offsetParent !== null || el.getClientRects().length > 0;
  const drawn = (el) => { const box = el.getBoundingClientRect(); return box.width > 0 && box.height > 0; };
  const scripted = (el) => el.tagName !== 'A' || /^(javascript:|#|$)/i.test((el.getAttribute('href') || '').trim()) || el.hasAttribute('onclick');
  const greyed = (el) => el.disabled === true || el.hasAttribute('disabled') || el.getAttribute('aria-disabled') === 'true' || /disabled/i.test(el.getAttribute('class') || '');
  const handler = (el) => (el.getAttribute('onclick') || '') + ' ' + (/^javascript:/i.test(el.getAttribute('href') || '') ? el.getAttribute('href') : '');
  const callsIn = (source) => [...source.matchAll(/([\\w$.]+)\\s*\\(([^()]*)\\)/g)].map((call) => ({ name: call[1], args: call[2].split(',').map((arg) => arg.trim().replace(/^(['"])(.*)\\1$/, '$2')) }));
  const textAround = (scope, target) => {
    const before = [], after = [];
    let passed = false;
    const walk = (el) => {
      for (const child of el.childNodes) {
        if (child === target) passed = true;
        else if (child.nodeType === 3) { const t = child.data.replace(/\\s+/g, ''); if (t) (passed ? after : before).push(t); }
        else if (child.nodeType === 1 && child.tagName !== 'SCRIPT' && child.tagName !== 'STYLE') walk(child);
      }
    };
    walk(scope);
    return { before, after };
  };
  const followsPageNumbers = (el) => {
    let scope = el.parentElement;
    for (let level = 0; level < ${pagerDepth} && scope; level++, scope = scope.parentElement) {
      const { before, after } = textAround(scope, el);
      if (before.length === 0) continue;
      return pageToken.test(before[before.length - 1]) && !pageNumber.test(after[0] || '') && [...before, ...after].some((t) => firstPageToken.test(t));
    }
    return false;
  };
  const loadMoreName = new RegExp(${JSON.stringify(loadMoreName.source)}, 'u');
  const selectorOf = (el) => {
    const tag = el.tagName.toLowerCase();
    if (el.id && /^[A-Za-z][\\w-]*$/.test(el.id) && document.querySelectorAll('#' + el.id).length === 1) return '#' + el.id;
    const classes = [...el.classList].filter((c) => /^[A-Za-z_][\\w-]*$/.test(c));
    if (classes.length > 0 && document.querySelectorAll(tag + '.' + classes.join('.')).length === 1) return tag + '.' + classes.join('.');
    return tag + ':text-is(' + JSON.stringify((el instanceof HTMLInputElement ? el.value : el.textContent || '').trim()) + ')';
  };
  const all = [...document.querySelectorAll(${JSON.stringify(controlSelector)})];
  const skip = new Set(${JSON.stringify(skip)});
  const mark = (el, kind, text, appends) => { const selector = selectorOf(el); el.setAttribute('data-minsheng-pager', '1'); return { kind, text, appends: !!appends, selector, index: all.indexOf(el) }; };
  const controls = all.filter((c, i) => !skip.has(i) && scripted(c) && visible(c));
  for (const word of words) {
    const el = controls.find((c) => wordOf(nameOf(c)) === word);
    if (el) return mark(el, 'click', word);
  }
  const more = controls.find((c) => loadMoreName.test(nameOf(c)));
  if (more) return mark(more, 'click', (more instanceof HTMLInputElement ? more.value : more.textContent || nameOf(more)).replace(/\\s+/g, '').replace(/[^\\p{L}\\p{N}]+$/u, ''), true);
  const alike = (el) => el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '') + ':' + callsIn(handler(el)).map((call) => call.name).join();
  const unnamed = controls.filter((c) => nameOf(c) === '' && !greyed(c));
  const counts = new Map();
  for (const c of unnamed) counts.set(alike(c), (counts.get(alike(c)) || 0) + 1);
  const addsPages = new RegExp(${JSON.stringify(addsPages.source)});
  const jumpsPages = (source) => callsIn(source).some((call) => { const numbers = call.args.filter((arg) => /^\\d+$/.test(arg)); return (numbers.length > 0 && numbers.every((n) => Number(n) >= 3)) || call.args.some((arg) => addsPages.test(arg)); });
  const arrows = unnamed.filter((c) => counts.get(alike(c)) <= ${maxArrows} && drawn(c) && !jumpsPages(handler(c)));
  const arrow = arrows.find(signed) || arrows.find((c) => callsIn(handler(c)).some((call) => call.args.includes('2'))) || arrows.find(followsPageNumbers);
  if (arrow) return mark(arrow, 'click', '下一页');
  const select = [...document.querySelectorAll('select')].find((s) => [...s.options].some((o) => o.text.trim() === '2' || o.value === '2') && (s.hasAttribute('onchange') || /page|pg|yem/i.test(s.id + ' ' + s.name + ' ' + s.className)));
  if (select) {
    const option = [...select.options].find((o) => o.text.trim() === '2') || [...select.options].find((o) => o.value === '2');
    return mark(select, 'select', option.value);
  }
  return null;
})()`;

/** findPagerControl leaving nothing out: the control a first click tries. */
export const findPagerControl = pagerControlFinder();

/** A class marking the current page in a pager: `cur`, `current`, `active`, `on`, `selected`, `thisclass`. */
const currentClass = /(?:^|[\s_-])(?:cur|curr|current|active|on|selected|thisclass)(?:$|[\s_-])/i;

/**
 * Run in the page: the page number the pager shows as the current page, or null where none is
 * read. In this order: an element of a current class reading a bare number (`<span class="cur">1</span>`,
 * `[1]`, 第1页); a short box reading the page among the count (`第1页/共12页`, `1/12`, `当前第1页`);
 * a number not linked beside page numbers that are (`<b>1</b> <a>2</a>`). Read before and after a
 * click on the pager's control (capture-list-api.ts): a pager showing 1 then 11 jumped ten pages (a
 * 下10页 arrow whose handler shows no page number, or is bound by script), whatever the control looked like.
 */
export const currentPageMarker = `(() => {
  const current = new RegExp(${JSON.stringify(currentClass.source)}, 'i');
  const squeeze = (s) => (s || '').replace(/[\\s\\u3000\\u00a0]+/g, '');
  const numberOf = (text) => { const m = /^[\\[【]?第?(\\d{1,4})[页頁]?[\\]】]?$/.exec(text); return m ? Number(m[1]) : null; };
  const linked = (el) => !!el.closest('a[href], [onclick], button');
  const elements = [...document.body.querySelectorAll('*')].filter((el) => el.tagName !== 'SCRIPT' && el.tagName !== 'STYLE' && el.tagName !== 'OPTION');
  for (const el of elements) {
    const n = current.test(el.getAttribute('class') || '') ? numberOf(squeeze(el.textContent)) : null;
    if (n !== null) return n;
  }
  for (const el of elements) {
    const text = squeeze(el.textContent);
    if (text.length > 24 || linked(el)) continue;
    const m = /^(?:当前)?第?(\\d{1,4})[页頁]?\\/共?\\d{1,4}[页頁]?$|^当前第?(\\d{1,4})[页頁]|第(\\d{1,4})[页頁]\\/?共\\d{1,4}[页頁]/.exec(text);
    // A bare 1/12 only in a box holding the pager's controls: a cell reading 5/12 is a date.
    if (m && (/[页頁共]/.test(text) || el.querySelector('a, [onclick], button'))) return Number(m[1] || m[2] || m[3]);
  }
  for (const el of elements) {
    const n = el.children.length === 0 && !linked(el) ? numberOf(squeeze(el.textContent)) : null;
    if (n !== null && el.parentElement && [...el.parentElement.querySelectorAll('a, [onclick]')].some((a) => a !== el && numberOf(squeeze(a.textContent)) !== null)) return n;
  }
  return null;
})()`;

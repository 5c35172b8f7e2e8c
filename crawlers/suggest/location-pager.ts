/**
 * Pagers with no link that send the browser to another page (no XHR), read from the list page's
 * HTML so the draft pages over HTTP with no browser:
 *
 * - a control named next (a `<button>`, an `<input type=button>`, an element with `onclick`; named
 *   as pager-names.ts reads a name, or known by its class) whose handler opens a written address
 *   (`onclick="window.location='?pageNo=2'"`): page 2's address, read as a link's (one known by its
 *   class only when it steps one page on: a `button.next-10` opening `?page=11` is a 下10页);
 * - a page-jump `<select>` offering page 2 whose `onchange` opens the chosen option's value
 *   (`location.href=this.value`, the options' values being the pages' addresses) or joins it into
 *   an address (`location.href='list.jsp?page='+this.value`): the pages numbered from the options
 *   (page 1's value is the option reading 1);
 * - a 跳转 box: a GO button (GO, 跳转, 确定 …) beside a page-number input, whose handler joins a
 *   value into an address (`location.href='?page=' + document.getElementById('p').value`), or a GET
 *   form of that one input sent to the list itself, the parameter named for a page (`pageParam`):
 *   numbered as typed, from 1, as 共N页 counts them;
 * - a link to the last page only (尾页, named by its text or its title), the pager printing 共N页.
 *
 * A handler calling a function of the page (`onclick="jump()"`) is read with that function's body.
 * A handler that asks by XHR, fetch or a posted form is none of these (pager-control.ts and
 * capture-list-api.ts click it in chromium). Pure.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { linkBase } from '../extract/fields.js';
import { isElement, linkOf } from './css-path.js';
import { controlName, greyed, namedAs, namedHow, nextSignOf, nextWords } from './pager-names.js';
import { functionBody, joinedAddress, scriptsOf, secondPagePager, stepsOnePage } from './script-addresses.js';

/** What was found: the pagination, and how, for the notes. */
export interface LocatedPager {
  pager: Record<string, unknown>;
  how: string;
}

/** Page 2's address read as a link to it is (secondPagePager), `sameFolder` for one known only by its class. */
function toPage2(pageUrl: string, page2: URL, how: string, sameFolder: boolean): LocatedPager | undefined {
  const pager = secondPagePager(new URL(pageUrl), page2, sameFolder);
  return pager && { pager, how };
}

/** A GO button's name: 跳转, 转到, 确定, GO. */
const goName = /^(?:go|goto|跳转|转到|跳到|跳页|前往|确定|转)$/i;

/**
 * A query parameter a page number goes in (`page`, `pageNo`, `curPage`, `pn`, `p`, `yema`): what
 * tells a 跳转 box from a site search's GO box beside it (`search.jsp?q=` + the typed words).
 */
const pageParam = /^(?:p|pn|pg|pno|ys|yema|yeshu|start|offset|\w*page\w*|cur\w*|\w*index)$/i;

/** Code that asks the next page without leaving the page, or posts a form: not a page to open. */
const fetches = /XMLHttpRequest|\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|\baxios\b|\.load\s*\(|\.submit\s*\(/;

/** An address written whole: `location.href = 'list.jsp?page=2'`, `location.assign('…')`, `window.open('…', '_self')`. */
const writtenAddress = /\blocation(?:\.href)?\s*=\s*(['"])([^'"]+)\1\s*(?:[;})]|$)|\blocation\.(?:assign|replace)\(\s*(['"])([^'"]+)\3\s*\)|\bwindow\.open\(\s*(['"])([^'"]+)\5\s*,\s*['"]_self['"]/;

/** `location.href = this.value` (or the selected option's value): the options' values are addresses. */
const opensOwnValue = /\blocation(?:\.href)?\s*=\s*this(?:\.options\[[^\]]+\])?\.value\s*(?:[;})]|$)/;

/** The page's functions a handler calls, named. */
const calledNames = (code: string) => [...code.matchAll(/(?:^|[^\w$.])([A-Za-z_$][\w$]*)\s*\(/g)].map((m) => m[1]!).filter((n) => !/^(?:if|for|while|function|return|parseInt|Number|String|encodeURIComponent|alert)$/.test(n));

/** A handler's code: the attribute, then the bodies of the page's functions it calls (their own calls not followed). */
function handlerCode($: CheerioAPI, el: Element, attribute: 'onclick' | 'onchange'): string {
  const own = `${el.attribs[attribute] ?? ''}${el.name === 'a' && /^javascript:/i.test(el.attribs.href ?? '') ? `;${el.attribs.href!.replace(/^javascript:/i, '')}` : ''}`;
  const scripts = scriptsOf($);
  const bodies = calledNames(own).flatMap((name) => functionBody(scripts, name)?.body ?? []);
  return [own, ...bodies].join(';\n');
}

/** The code opens another page and does nothing else that fetches. */
const navigates = (code: string) => /\blocation\b|\bwindow\.open\b/.test(code) && !fetches.test(code);

/** `共5页`, `共 5 页`, `1/5页`: the page count the pager prints (said in the notes; a lone 尾页 is read by it). */
function pageCount($: CheerioAPI): number | undefined {
  const m = /共\s*(\d{1,4})\s*页|第?\s*\d{1,4}\s*\/\s*(\d{1,4})\s*页/.exec($('body').text());
  return m ? Number(m[1] ?? m[2]) : undefined;
}

/** A control named next whose handler opens a written address. */
function nextControl($: CheerioAPI, pageUrl: string, base: string): LocatedPager | undefined {
  const controls = $('button, input[type=button], input[type=submit], input[type=image], [onclick], a[href^="javascript:"]')
    .toArray()
    .filter((el): el is Element => isElement(el) && !greyed(el) && (el.name !== 'a' || !!linkOf(el)?.script));
  for (const el of controls) {
    const named = controlName($, el);
    const sign = named.name === '' ? nextSignOf($, el) : undefined;
    if (!namedAs(named.name, nextWords) && named.name !== '2' && !sign) continue;
    const code = handlerCode($, el, 'onclick');
    const written = navigates(code) ? writtenAddress.exec(code) : null;
    const address = written?.[2] ?? written?.[4] ?? written?.[6];
    if (!address) continue;
    const how = `翻页控件 <${el.name}>${sign ? namedHow({ sign }) : named.name === '2' ? '文字为“2”' : namedHow(named)}，点击时打开 ${address}`;
    const pager = URL.canParse(address, base) ? secondPagePager(new URL(pageUrl), new URL(address, base), !!sign) : undefined;
    // Known by its class alone, it must step one page on (a `button.next-10` opening `?page=11` is a 下10页).
    if (pager && (!sign || stepsOnePage(pager))) return { pager, how };
  }
  return undefined;
}

/** A page-jump `<select>` whose `onchange` opens the chosen page. */
function pageSelect($: CheerioAPI, pageUrl: string, base: string): LocatedPager | undefined {
  for (const select of $('select').toArray().filter(isElement)) {
    const options = $(select).find('option').toArray().filter(isElement);
    const valueOf = (text: string) => options.find((o) => $(o).text().trim() === text)?.attribs.value;
    const [first, second] = [valueOf('1'), valueOf('2')];
    if (first === undefined || second === undefined) continue;
    const code = handlerCode($, select, 'onchange');
    if (!navigates(code)) continue;
    const counted = `页码下拉框（<select>，共 ${options.length} 项）`;
    if (opensOwnValue.test(code)) {
      const found = URL.canParse(second, base) ? toPage2(pageUrl, new URL(second, base), `${counted}选中页码时打开所选项的值（第 2 页为 ${second}）`, false) : undefined;
      if (found) return found;
      continue;
    }
    const start = /^\d+$/.test(first) ? Number(first) : 1;
    const joined = joinedAddress(`${code};`, pageUrl, start, base);
    if (!joined) continue;
    const step = /^\d+$/.test(second) ? Number(second) - start : 1;
    const how = `${counted}选中页码时把所选项的值拼进地址打开（第 1 页的值为 ${first}，第 2 页为 ${second}）`;
    if (joined.type === 'query' && step > 1) return { pager: { type: 'offset', param: joined.param, step, start: joined.start }, how };
    return step === 1 ? { pager: joined, how } : undefined;
  }
  return undefined;
}

/** Inputs a reader types a page number into, within a GO button's box. */
function numberInputs($: CheerioAPI, el: Element): Element[] {
  let box = el.parent;
  for (let level = 0; level < 3 && box && isElement(box); level++, box = box.parent) {
    const inputs = $(box).find('input:not([type]), input[type=text], input[type=number]').toArray().filter(isElement);
    if (inputs.length) return inputs;
  }
  return [];
}

/** A 跳转 box: a GO button joining the typed number into an address, or a GET form of one number input. */
function jumpBox($: CheerioAPI, pageUrl: string, base: string): LocatedPager | undefined {
  const count = pageCount($);
  const counted = count ? `（共 ${count} 页，页码从 1 起）` : '（页码从 1 起）';
  const buttons = $('button, input[type=button], input[type=submit], input[type=image], a, [onclick]').toArray().filter(isElement);
  for (const el of buttons.filter((b) => goName.test(controlName($, b).name) && numberInputs($, b).length === 1)) {
    const code = handlerCode($, el, 'onclick');
    const joined = navigates(code) ? joinedAddress(`${code};`, pageUrl, 1, base) : undefined;
    if (joined && (joined.type === 'path' || pageParam.test(joined.param))) return { pager: joined, how: `跳转框：按钮“${controlName($, el).name}”把输入框中的页码拼进地址打开${counted}` };
    const form = $(el).closest('form');
    const input = numberInputs($, el)[0]!;
    const fields = form.find('input[name], select[name]').toArray().filter(isElement);
    if (!form.length || (form.attr('method') ?? 'get').toLowerCase() !== 'get' || !pageParam.test(input.attribs.name ?? '') || fields.some((f) => f !== input && f !== el)) continue;
    const action = new URL(form.attr('action') || pageUrl, base);
    if (action.origin + action.pathname !== new URL(pageUrl).origin + new URL(pageUrl).pathname) continue;
    return { pager: { type: 'query', param: input.attribs.name, start: 1 }, how: `跳转框：表单以 GET 把输入框 ${input.attribs.name} 中的页码提交到列表页本身${counted}` };
  }
  return undefined;
}

/** Words naming the last page. */
const lastWords = ['尾页', '末页', '最后一页', '最末页', 'last'];

/**
 * A link to the last page (尾页: its text, else its title, alt, aria-label) on a pager printing the
 * page count (共5页, 1/5页) and no link to page 2: the number its address holds is page N's, so
 * page 1's is that less N − 1 (0 or 1; another is no page number). Page 2's address is the link's
 * with that number, read as a link to page 2 is.
 */
function lastPageLink($: CheerioAPI, pageUrl: string, base: string): LocatedPager | undefined {
  const count = pageCount($);
  if (!count || count < 2) return undefined;
  const links = $('a').toArray().filter((a): a is Element => isElement(a) && !!linkOf(a) && !linkOf(a)!.script && !greyed(a));
  const last = links.map((a) => ({ a, ...controlName($, a) })).find((l) => namedAs(l.name, lastWords));
  if (!last || !URL.canParse(last.a.attribs.href!, base)) return undefined;
  const address = new URL(last.a.attribs.href!, base);
  const page1 = new URL(pageUrl);
  const param = address.pathname === page1.pathname ? [...address.searchParams.keys()].find((k) => address.searchParams.get(k) !== page1.searchParams.get(k)) : undefined;
  const number = param ? address.searchParams.get(param)! : (/(\d+)\D*$/.exec(address.pathname)?.[1] ?? '');
  const start = Number(number) - (count - 1);
  if (!/^\d+$/.test(number) || (start !== 0 && start !== 1)) return undefined;
  const page2 = new URL(address);
  if (param) page2.searchParams.set(param, String(start + 1));
  else page2.pathname = address.pathname.replace(/\d+(\D*)$/, `${start + 1}$1`);
  const named = last.from === 'text' ? `“${last.name}”` : `${last.from}“${last.name}”`;
  return toPage2(pageUrl, page2, `翻页链接只有尾页（${named}），它的地址 ${address.pathname}${address.search} 是第 ${count} 页（共 ${count} 页），第 2 页为 ${page2.pathname}${page2.search}`, true);
}

/** The first pager of the module comment's found on the page, in its order. */
export function locationPager($: CheerioAPI, pageUrl: string): LocatedPager | undefined {
  const base = linkBase($, pageUrl);
  return nextControl($, pageUrl, base) ?? pageSelect($, pageUrl, base) ?? jumpBox($, pageUrl, base) ?? lastPageLink($, pageUrl, base);
}

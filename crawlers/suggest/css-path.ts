/**
 * Short CSS selectors for elements of a page, written the way the source file's README asks:
 * an id or a class where the page has one, no `> tbody >` (a saved page may hold a tbody the
 * server never sends), and nothing that depends on the page's position in a site.
 */
import { load, type AnyNode, type CheerioAPI, type Element } from 'cheerio';

/**
 * A page parsed as the crawler parses it (Crawlee's CheerioCrawler: htmlparser2, which keeps the
 * markup as sent). cheerio's default parser (parse5) builds the tree a browser would, with a
 * `<tbody>` in every table and `<p>`s closed early: a rule drafted and checked on that tree would
 * find nothing on the pages the crawler reads.
 */
export const loadPage = (html: string): CheerioAPI => load(html, { xml: { xmlMode: false, decodeEntities: true } });

/** A pager link's text (下一页, 尾页, 2, »): never a message's title. */
export const isPagerText = (text: string) => /^(\[?(首页|尾页|末页|上一页|下一页|上页|下页|前一页|后一页|下一頁|上一頁|更多|more|next|prev|previous|last|first)\]?|\d{1,4}|[<>«»‹›]{1,2}|\.{3}|…)$/i.test(text.replace(/[\s\u3000\u00a0]+/g, '').replace(/^[<>«»‹›]+|[<>«»‹›]+$/g, '') || text.trim());

export const isElement = (node: AnyNode): node is Element => node.type === 'tag';

/** A link a citizen's title could be: an address or a script that opens one. */
export function linkOf(el: Element): { href: string; script: boolean } | undefined {
  const href = (el.attribs.href ?? '').trim();
  if (/^javascript:|^#/i.test(href) || (!href && el.attribs.onclick)) return { href: `${href} ${el.attribs.onclick ?? ''}`.trim(), script: true };
  return href ? { href, script: false } : undefined;
}

/** Class names a selector can use: generated or state names (`active`, `odd`, `clearfix`, `ng-…`) left out. */
export function usableClasses(el: Element): string[] {
  return (el.attribs.class ?? '')
    .split(/\s+/)
    .filter((c) => /^[A-Za-z][\w-]*$/.test(c) && !/^(active|current|cur|on|odd|even|first|last|clearfix|clear|fl|fr|left|right|hover|selected|ng-|v-|css-|jsx-)/i.test(c));
}

/** `tag#id`, `tag.class`, or the bare tag. */
export function ownSelector(el: Element): string {
  const id = el.attribs.id;
  if (id && /^[A-Za-z][\w-]*$/.test(id)) return `${el.name}#${id}`;
  const [cls] = usableClasses(el);
  return cls ? `${el.name}.${cls}` : el.name;
}

/** Whether an own selector names the element by an id or class (not by its tag alone). */
export const isNamed = (selector: string) => /[#.]/.test(selector);

/**
 * A selector for `el` unique enough on the page: its own, prefixed by the nearest named ancestor's
 * when its own is a bare tag or matches more than `el`.
 */
export function pageSelector($: CheerioAPI, el: Element): string {
  const own = ownSelector(el);
  if (isNamed(own) && $(own).length === 1) return own;
  for (let up = el.parent; up && isElement(up) && up.name !== 'body' && up.name !== 'html'; up = up.parent) {
    const anchor = ownSelector(up);
    if (!isNamed(anchor)) continue;
    const joined = `${anchor} ${own}`;
    if ($(joined).length >= 1) return joined;
  }
  return own;
}

/** Text of an element, spaces collapsed. */
export function textOf($: CheerioAPI, el: AnyNode): string {
  return $(el).text().replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}

/** The text nodes directly inside an element, joined. */
export function ownText(el: Element): string {
  return el.children
    .filter((c) => c.type === 'text')
    .map((c) => (c as unknown as { data: string }).data)
    .join('')
    .replace(/[\s\u3000\u00a0]+/g, ' ')
    .trim();
}

/** Attributes that tell apart the layout tables of old sites, which carry no id or class. */
const layoutAttributes = ['summary', 'name', 'bgcolor', 'background', 'width', 'cellpadding', 'cellspacing', 'border', 'align'];

/**
 * A selector that finds `el` and nothing else on the page, or undefined: its page selector, else
 * its own with named ancestors before it (`div.main ul`), else with an attribute of its own that
 * no other such element has (`table[bgcolor="#CCCCCC"]`, an old site's list table).
 */
export function uniqueSelector($: CheerioAPI, el: Element): string | undefined {
  const only = (selector: string) => {
    const found = $(selector).toArray();
    return found.length === 1 && found[0] === el;
  };
  const base = pageSelector($, el);
  if (only(base)) return base;
  const anchors: string[] = [];
  for (let up = el.parent; up && isElement(up) && up.name !== 'body' && up.name !== 'html'; up = up.parent) {
    const anchor = ownSelector(up);
    if (isNamed(anchor)) anchors.push(anchor);
  }
  const owns = [ownSelector(el), ...layoutAttributes.flatMap((name) => (el.attribs[name] && !/["\\\n]/.test(el.attribs[name]!) ? [`${el.name}[${name}="${el.attribs[name]}"]`] : []))];
  for (const own of owns) {
    if (only(own)) return own;
    let chained = own;
    for (const anchor of anchors) {
      chained = `${anchor} ${chained}`;
      if (only(`${anchor} ${own}`)) return `${anchor} ${own}`;
      if (only(chained)) return chained;
    }
  }
  return undefined;
}

/** Page furniture whose text is the site's, not the message's; and form controls (a search form's `<option>标题</option>` is no label of the letter). */
const furniture = 'head, script, style, nav, header, footer, .nav, .top, .foot, .footer, .header, .menu, .breadcrumb, select, option, button, textarea';

/** Whether an element is page furniture or inside it. */
export const inFurniture = ($: CheerioAPI, el: Element) => $(el).closest(furniture).length > 0;

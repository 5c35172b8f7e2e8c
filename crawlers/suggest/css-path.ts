/**
 * Short CSS selectors for elements of a page, written the way the source file's README asks:
 * an id or a class where the page has one, no `> tbody >` (a saved page may hold a tbody the
 * server never sends), and nothing that depends on the page's position in a site.
 */
import type { AnyNode, CheerioAPI, Element } from 'cheerio';

export const isElement = (node: AnyNode): node is Element => node.type === 'tag';

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

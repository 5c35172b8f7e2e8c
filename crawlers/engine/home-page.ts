/**
 * The site's home page answered at a detail's own address (HTTP 200, no redirect, no notice):
 * some sites "delete" a message that way (crawlers/README.md, Removals). The engine fetches the
 * home page of the detail's host once per run, and only for a detail page that shows no message
 * and says nothing else, then compares the two by what stays the same between two loads of one
 * page: its <title> and the set of addresses it links to. A home page's headlines, dates and visit
 * counters change from one load to the next; its menus and sections do not.
 */

/** What two loads of one page share. */
export interface PageShape {
  title: string;
  links: Set<string>;
  /** Visible text with digits blanked, for pages with too few links to compare. */
  text: string;
}

/** Links both pages need before their link sets are compared (a bare error page has one or two). */
const MIN_LINKS = 5;
/** Share of the two link sets in common (Jaccard) from which two pages are one. */
const SAME_LINKS = 0.8;

const titleTag = /<title[^>]*>([\s\S]*?)<\/title\s*>/i;
const hrefAttr = /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

export function pageShape(body: string, url: string): PageShape {
  const title = (titleTag.exec(body)?.[1] ?? '').replace(/\s+/g, ' ').trim();
  const links = new Set<string>();
  for (const m of body.matchAll(hrefAttr)) {
    const href = (m[1] ?? m[2] ?? m[3] ?? '').trim().replaceAll('&amp;', '&');
    if (!href || href.startsWith('#') || /^javascript:/i.test(href)) continue;
    try {
      const u = new URL(href, url);
      u.hash = '';
      links.add(u.href);
    } catch {
      // An unparseable address is no evidence either way.
    }
  }
  const text = body
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|\s+/g, ' ')
    .replace(/\d+/g, '#')
    .trim();
  return { title, links, text };
}

/** Whether two pages are two loads of one page: the same title, and most links shared (or, with few links, the same text). */
export function samePage(a: PageShape, b: PageShape): boolean {
  if (a.title !== b.title) return false;
  if (a.links.size < MIN_LINKS || b.links.size < MIN_LINKS) return a.links.size === b.links.size && a.text === b.text && a.text.length > 0;
  let shared = 0;
  for (const link of a.links) if (b.links.has(link)) shared++;
  return shared / (a.links.size + b.links.size - shared) >= SAME_LINKS;
}

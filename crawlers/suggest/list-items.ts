/**
 * Which repeated element of a list page is a message: the largest group of like siblings (same
 * tag, mostly one class) that each carry a link with the text of a title; nav bars and pagers lose
 * on their short link texts, and of groups alike the one next to the pager wins (a side box of
 * 最新公告 is as long as the list). Also the `list.items` selector naming that group alone, and the
 * notes on groups that could have been it. Pure: a loaded page in.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { isElement, isPagerText, linkOf, pageSelector, textOf, uniqueSelector, usableClasses } from './css-path.js';
import { printsField } from './letter-lines.js';
import { columnsSelectors, holderOf, type Candidate } from './list-columns.js';

/** The longest-text link of an element (itself included); a pager's link (下一页, 2) is no title. */
export function titleLink($: CheerioAPI, el: Element): Element | undefined {
  const links = [el, ...$(el).find('a').toArray()].filter((a): a is Element => isElement(a) && a.name === 'a' && !!linkOf(a) && !isPagerText(textOf($, a)));
  let best: Element | undefined;
  let bestLength = -1;
  for (const a of links) {
    const length = Math.max(textOf($, a).length, (a.attribs.title ?? '').length);
    if (length > bestLength) [best, bestLength] = [a, length];
  }
  return best;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
};

/**
 * Groups of like sibling items that may be the list, best first: the same tag, mostly one class,
 * each carrying a link with the text of a title (nav bars and pagers lose on their short link texts).
 */
export function findCandidates($: CheerioAPI): Candidate[] {
  const candidates: Candidate[] = [];
  // A spacer, or a note printed under a letter that is no field of it (注：…), is no member lacking its link.
  const noteBetween = (kid: Element, before: Element | undefined) => textOf($, kid) === '' || (!!before && !!titleLink($, before) && !printsField($, kid));
  for (const parent of $('body *').toArray()) {
    if (!isElement(parent) || ['script', 'style', 'select', 'head'].includes(parent.name)) continue;
    const byTag = new Map<string, Element[]>();
    for (const kid of parent.children) if (isElement(kid)) byTag.set(kid.name, [...(byTag.get(kid.name) ?? []), kid]);
    for (const [tag, kids] of byTag) {
      if (kids.length < 3 || ['br', 'option', 'script', 'style', 'th'].includes(tag)) continue;
      const linked = kids.filter((k) => titleLink($, k));
      if (linked.length < 3 || linked.length < kids.filter((k, i) => linked.includes(k) || !noteBetween(k, kids[i - 1])).length * 0.5) continue;
      // The class most linked members share (odd/even rows keep theirs out of the way).
      const counts = new Map<string, number>();
      for (const k of linked) for (const c of usableClasses(k)) counts.set(c, (counts.get(c) ?? 0) + 1);
      const [cls] = [...counts].filter(([, n]) => n >= linked.length * 0.8).sort((a, b) => b[1] - a[1])[0] ?? [];
      // A row of another class in the same markup is a member too: its class may be its status (`<li class="doing">` among `li.done`).
      const shape = (k: Element) => k.children.filter(isElement).map((e) => e.name).join();
      const shapes = new Set(linked.filter((k) => cls && usableClasses(k).includes(cls)).map(shape));
      const members = cls ? linked.filter((k) => usableClasses(k).includes(cls) || (usableClasses(k).length > 0 && shapes.size === 1 && shapes.has(shape(k)))) : linked;
      const titleLength = median(members.map((m) => {
        const a = titleLink($, m)!;
        return Math.max(textOf($, a).length, (a.attribs.title ?? '').length);
      }));
      // Menus and pagers: short link texts (首页, 下一页, 2, 3); a message's title is a sentence.
      if (titleLength < 5) continue;
      candidates.push({ parent, members, tag, cls, score: members.length * Math.min(titleLength, 30) });
    }
  }
  return candidates.sort((a, b) => b.score - a.score);
}

/** Whether a link stays on the list page's host. */
function sameSite(a: Element, pageUrl: string): boolean {
  try {
    return new URL(a.attribs.href ?? '', pageUrl).host === new URL(pageUrl).host;
  } catch {
    return false;
  }
}

/** Steps from one element up to the nearest ancestor both share and down to the other. */
function treeDistance(a: Element, b: Element): number {
  const up = new Map<unknown, number>();
  let steps = 0;
  for (let node: Element['parent'] | Element = a; node; node = node.parent) up.set(node, steps++);
  steps = 0;
  for (let node: Element['parent'] | Element = b; node; node = node.parent, steps++) {
    const there = up.get(node);
    if (there !== undefined) return there + steps;
  }
  return Number.POSITIVE_INFINITY;
}

const contains = (outer: Element, inner: Element) => {
  for (let node: Element['parent'] = inner.parent; node; node = node.parent) if (node === outer) return true;
  return false;
};

/**
 * The list among the candidates: the largest, unless another group not much smaller sits nearer the
 * pager (a portal's side box of 最新公告 or 热点信件 holds as many links as the list, the pager
 * belongs to the list). Rivals are the other groups nearly as large, said in the notes.
 */
export function chooseCandidate(candidates: Candidate[], pager: Element | undefined): { best: Candidate; rivals: Candidate[] } | undefined {
  let best = candidates[0];
  if (!best) return undefined;
  if (pager) {
    const distance = new Map(candidates.map((c) => [c, treeDistance(c.parent, pager)]));
    const nearest = Math.min(...distance.values());
    const top = best.score;
    best = candidates.find((c) => distance.get(c) === nearest && c.score >= top / 4) ?? best;
  }
  const chosen = best;
  const rivals = candidates.filter((c) => c.parent !== chosen.parent && !contains(c.parent, chosen.parent) && !contains(chosen.parent, c.parent) && c.score >= chosen.score / 2);
  return { best, rivals };
}

/**
 * The `list.items` selector of a candidate, checked to select its members and nothing else on the
 * page (the crawler would take anything more for a message: a pager row of the list's table, a
 * side box of the same markup). A selector that still takes more is said in the notes.
 */
export function itemsSelector($: CheerioAPI, c: Candidate, notes: string[]): string {
  // A table's rows: named by the table, never as its children: a browser's parser (and a saved
  // page) puts them in a tbody the server may never send, the crawler's parser does not.
  const holders = c.holders ?? [holderOf(c)];
  const holderSelectors = c.holders ? columnsSelectors($, c.holders, c.parent) : [uniqueSelector($, holders[0]!) ?? pageSelector($, holders[0]!)];
  const direct = c.members[0]!.parent === holders[0] && holders[0]!.name !== 'table' ? ' > ' : ' ';
  // Rows without a link (a header row drawn with td) are not messages; nor rows of fewer cells
  // than every message has (a pager row of one wide cell).
  const fewest = Math.min(...c.members.map((m) => m.children.filter(isElement).length));
  const cellTag = c.members[0]!.children.find(isElement)?.name;
  const triesOf = (member: string) => {
    // A list in columns is named by one selector per column when no one selector finds them all.
    const each = (more: string) => holderSelectors.map((holder) => `${holder}${direct}${member}${more}`).join(', ');
    const tries = [each(''), each(':has(a)'), ...(fewest >= 2 && cellTag ? [each(`:has(a):has(> ${cellTag}:nth-of-type(${fewest}))`)] : [])].map((selector) => {
      const found = $(selector).toArray();
      return { selector, covers: c.members.every((m) => found.includes(m)), extra: found.filter((el): el is Element => isElement(el) && !c.members.includes(el)) };
    });
    return { first: each(''), covering: tries.filter((t) => t.covers).sort((a, b) => a.extra.length - b.extra.length) };
  };
  const named = triesOf(c.cls ? `${c.tag}.${c.cls}` : c.tag);
  // Rows whose class is their status (`<li class="done">`, `<li class="doing">`): the class names only some, the tag all.
  const [chosen] = named.covering.length > 0 || !c.cls ? named.covering : triesOf(c.tag).covering;
  if (!chosen) return named.first;
  const [extra] = chosen.extra;
  if (extra) notes.push(`列表条目选择器 ${chosen.selector} 在列表页上还选中了 ${chosen.extra.length} 个不是留言的元素（如“${textOf($, extra).slice(0, 20)}”）：爬取时会被当作留言，请收紧 list.items`);
  return chosen.selector;
}

/**
 * Notes on the groups nearly as large as the chosen one (`rivals`), two at most: staff see what
 * the draft passed over. Link lists to other sites (友情链接) are no rival of the list.
 */
export function rivalNotes($: CheerioAPI, chosen: { best: Candidate; rivals: Candidate[] }, items: string, base: string, nearPager: boolean): string[] {
  const onSite = (c: Candidate) => c.members.filter((m) => sameSite(titleLink($, m)!, base)).length * 2 >= c.members.length;
  return chosen.rivals
    .filter(onSite)
    .slice(0, 2)
    .map((rival) => {
      const sample = textOf($, titleLink($, rival.members[0]!)!).slice(0, 20);
      return `页面上另有一组相似的链接（${pageSelector($, rival.parent)}，${rival.members.length} 条，如“${sample}”）：草稿取了${nearPager ? '离翻页链接最近的' : '最大的'} ${items}（${chosen.best.members.length} 条），取错时请改 list.items`;
    });
}

/**
 * A list printed over several holders of one page: two `<ul>` (or two `<table>`) columns side by
 * side under one pager, the letters taking the columns in turn or split half and half. Each holder
 * alone is a group of like items (suggest-list.ts's candidates); holders of the same markup whose
 * items have the same shape and link to the same kind of page, lying close together, are one list.
 * A side box of the same look stays out by its items' shape (热点信件 of a title and a date only) or
 * by its links going to another kind of page (最新公告 linking to notices).
 */
import type { CheerioAPI, Element } from 'cheerio';
import { isElement, pageSelector, uniqueSelector, usableClasses } from './css-path.js';

/** A group of like sibling items that may be the list. */
export interface Candidate {
  parent: Element;
  members: Element[];
  tag: string;
  cls?: string | undefined;
  score: number;
  /** The holders of a list printed over several (columns), in page order: `parent` is then the ancestor they share. */
  holders?: Element[] | undefined;
}

/** Columns of one list lie at most this many levels under the ancestor they share (two tables in a layout table's cells: 3). */
const maxColumnDepth = 3;
/** More holders alike than this side by side are rows of something, not columns of a list. */
const maxColumns = 4;

/** The element holding a candidate's items: a table's rows belong to the table (a tbody the server may not send). */
export function holderOf(c: Pick<Candidate, 'parent'>): Element {
  const up = c.parent.parent;
  return ['tbody', 'thead', 'tfoot'].includes(c.parent.name) && up && isElement(up) ? up : c.parent;
}

const ancestors = (el: Element) => {
  const chain: Element[] = [];
  for (let up = el.parent; up && isElement(up); up = up.parent) chain.push(up);
  return chain;
};

/** The nearest ancestor two elements share, with how many levels up it is from each. */
function sharedAncestor(a: Element, b: Element): { common: Element; fromA: number; fromB: number } | undefined {
  const upA = ancestors(a);
  const upB = ancestors(b);
  const fromA = upA.findIndex((el) => upB.includes(el));
  if (fromA < 0) return undefined;
  return { common: upA[fromA]!, fromA: fromA + 1, fromB: upB.indexOf(upA[fromA]!) + 1 };
}

/** The value most items share. */
function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1])[0]?.[0];
}

/** An item's shape: the tags of its cells, in order (`td,td,td,td`; `a,span,span`). */
const rowShape = (item: Element) => item.children.filter(isElement).map((cell) => cell.name).join(',');

/** The kind of page a link goes to: its path with the numbers taken out, and its query's names (`/show.jsp?id`). */
function linkKind(href: string | undefined, pageUrl: string): string {
  try {
    const url = new URL(href ?? '', pageUrl);
    return `${url.host}${url.pathname.replace(/\d+/g, '0')}?${[...url.searchParams.keys()].sort().join('&')}`;
  } catch {
    return '';
  }
}

/**
 * Joins the candidates that are columns of one list into one candidate (its members all the
 * columns' items, in page order; its score theirs together). `titleHref` gives an item's title link.
 */
export function joinColumns($: CheerioAPI, candidates: Candidate[], titleHref: (item: Element) => string | undefined, pageUrl: string): Candidate[] {
  const markup = (c: Candidate) => {
    const holder = holderOf(c);
    const kind = mostCommon(c.members.map((m) => linkKind(titleHref(m), pageUrl)));
    return `${c.tag}.${c.cls ?? ''} in ${holder.name}.${usableClasses(holder).sort().join('.')} as ${mostCommon(c.members.map(rowShape))} to ${kind}`;
  };
  const near = (a: Candidate, b: Candidate) => {
    const shared = sharedAncestor(holderOf(a), holderOf(b));
    // Columns of one list are laid out alike: as deep under the box they share (a side box in a sidebar seldom is).
    return !!shared && shared.common !== holderOf(a) && shared.common !== holderOf(b) && shared.fromA === shared.fromB && shared.fromA <= maxColumnDepth;
  };
  // A group whose links go to one address is one item's cells (a row of links to one letter), no column.
  const listing = (c: Candidate) => new Set(c.members.map(titleHref)).size >= 3;
  const order = new Map($('*').toArray().map((el, i) => [el, i] as const));
  const joined = new Set<Candidate>();
  const result: Candidate[] = [];
  for (const c of candidates) {
    if (joined.has(c)) continue;
    const columns = listing(c) ? [c, ...candidates.filter((o) => o !== c && !joined.has(o) && listing(o) && markup(o) === markup(c) && near(c, o))] : [c];
    if (columns.length === 1 || columns.length > maxColumns) {
      result.push(c);
      continue;
    }
    columns.sort((a, b) => (order.get(holderOf(a)) ?? 0) - (order.get(holderOf(b)) ?? 0));
    for (const column of columns) joined.add(column);
    const holders = columns.map(holderOf);
    // Columns in a layout table's cells share a row: the table is the box holding them (its place to the pager).
    const shared = ancestors(holders[0]!).find((up) => holders.every((h) => ancestors(h).includes(up)))!;
    const common = ['tr', 'tbody', 'thead', 'tfoot'].includes(shared.name) ? (ancestors(shared).find((up) => up.name === 'table') ?? shared) : shared;
    result.push({ parent: common, members: columns.flatMap((col) => col.members), tag: c.tag, cls: c.cls, score: columns.reduce((sum, col) => sum + col.score, 0), holders });
  }
  return result.sort((a, b) => b.score - a.score);
}

/**
 * Selectors for the holders of a list in columns: one naming them all (`table.xjlb`, `div.cols
 * ul.mail-list`) when the page has one that finds them and nothing else, else one per holder.
 */
export function columnsSelectors($: CheerioAPI, holders: Element[], common: Element): string[] {
  const [first] = holders;
  const shared = usableClasses(first!).find((cls) => holders.every((h) => usableClasses(h).includes(cls)));
  const own = shared ? `${first!.name}.${shared}` : first!.name;
  const exact = (selector: string) => {
    const found = $(selector).toArray();
    return found.length === holders.length && holders.every((h) => found.includes(h));
  };
  const commonSelector = uniqueSelector($, common);
  const tries = [own, ...(commonSelector ? [`${commonSelector} ${own}`, `${commonSelector} > ${own}`] : [])];
  const one = tries.find(exact);
  return one ? [one] : holders.map((h) => uniqueSelector($, h) ?? pageSelector($, h));
}

/** The note of a list drafted from several columns. */
export const columnsNote = (count: number, items: string) =>
  `列表分在页面上 ${count} 个并列的同样容器中（分栏排列）：草稿把它们作为一个列表读取（list.items: ${items}），请核对没有漏掉或多取一栏`;

/**
 * Drafts the `list` and `pagination` of a source from one list page: which repeated element is a
 * message, which of its cells holds which field, and how the next pages are addressed.
 *
 * The items are the largest group of like siblings (same tag, mostly one class) that each carry a
 * link with the text of a title; nav bars and pagers lose on their short link texts. A cell's
 * field comes from the column's header when the page prints one (编号, 标题, 来信日期 …), else from
 * what its values look like (all dates, all status words …). Pure: a page in, a draft out.
 */
import { load, type CheerioAPI, type Element } from 'cheerio';
import type { FieldMap, FieldSpec, MessageField } from '../source/schema.js';
import { isElement, isNamed, ownSelector, pageSelector, textOf, usableClasses } from './css-path.js';
import { fieldOfLabel, valueLooks } from './field-words.js';

export interface ListColumn {
  /** The selector of the cell inside an item. */
  selector: string;
  header?: string | undefined;
  field?: MessageField | undefined;
  /** The first item's value (for the notes). */
  sample: string;
}

export interface ListDraft {
  items: string;
  fields: FieldMap;
  columns: ListColumn[];
  /** The source file's `pagination`, as written in the file. */
  pagination: Record<string, unknown>;
  notes: string[];
}

/** A link a citizen's title could be: an address or a script that opens one. */
function linkOf(el: Element): { href: string; script: boolean } | undefined {
  const href = (el.attribs.href ?? '').trim();
  if (/^javascript:|^#/i.test(href) || (!href && el.attribs.onclick)) return { href: `${href} ${el.attribs.onclick ?? ''}`.trim(), script: true };
  return href ? { href, script: false } : undefined;
}

interface Candidate {
  parent: Element;
  members: Element[];
  tag: string;
  cls?: string | undefined;
  score: number;
}

/** The longest-text link of an element (itself included). */
function titleLink($: CheerioAPI, el: Element): Element | undefined {
  const links = [el, ...$(el).find('a').toArray()].filter((a): a is Element => isElement(a) && a.name === 'a' && !!linkOf(a));
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

function findCandidates($: CheerioAPI): Candidate[] {
  const candidates: Candidate[] = [];
  for (const parent of $('body *').toArray()) {
    if (!isElement(parent) || ['script', 'style', 'select', 'head'].includes(parent.name)) continue;
    const byTag = new Map<string, Element[]>();
    for (const kid of parent.children) if (isElement(kid)) byTag.set(kid.name, [...(byTag.get(kid.name) ?? []), kid]);
    for (const [tag, kids] of byTag) {
      if (kids.length < 3 || ['br', 'option', 'script', 'style', 'th'].includes(tag)) continue;
      const linked = kids.filter((k) => titleLink($, k));
      if (linked.length < 3 || linked.length < kids.length * 0.5) continue;
      // The class most linked members share (odd/even rows keep theirs out of the way).
      const counts = new Map<string, number>();
      for (const k of linked) for (const c of usableClasses(k)) counts.set(c, (counts.get(c) ?? 0) + 1);
      const [cls] = [...counts].filter(([, n]) => n >= linked.length * 0.8).sort((a, b) => b[1] - a[1])[0] ?? [];
      const members = cls ? linked.filter((k) => usableClasses(k).includes(cls)) : linked;
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

/** The `list.items` selector of a candidate, checked to match its members. */
function itemsSelector($: CheerioAPI, c: Candidate): string {
  const member = c.cls ? `${c.tag}.${c.cls}` : c.tag;
  // A table's rows: named by the table (the parser's tbody may not be in the page's source).
  const holder = c.parent.name === 'tbody' && c.parent.parent && isElement(c.parent.parent) ? c.parent.parent : c.parent;
  const holderSelector = pageSelector($, holder);
  const direct = holder === c.parent ? ' > ' : ' ';
  let selector = `${holderSelector}${direct}${member}`;
  // Rows without a link (a header row drawn with td) are not messages.
  if ($(selector).length > c.members.length) selector = `${selector}:has(a)`;
  return selector;
}

/** The cells of an item: its child elements, or for an item of one child, that child's. */
function cellsOf(item: Element): Element[] {
  let kids = item.children.filter(isElement);
  while (kids.length === 1 && kids[0]!.children.filter(isElement).length > 1 && kids[0]!.name !== 'a') kids = kids[0]!.children.filter(isElement);
  return kids;
}

/** A selector for the n-th cell inside an item, by class when that class is the cell's alone. */
function cellSelector(cells: Element[], index: number): string {
  const cell = cells[index]!;
  const own = ownSelector(cell);
  if (isNamed(own) && cells.filter((c) => ownSelector(c) === own).length === 1) return own;
  const sameTag = cells.filter((c) => c.name === cell.name);
  return sameTag.length === 1 ? cell.name : `${cell.name}:nth-of-type(${sameTag.indexOf(cell) + 1})`;
}

/** The column titles printed above the items: a table's header row, or a row of labels just before the list. */
function headerTexts($: CheerioAPI, c: Candidate, width: number): string[] | undefined {
  const table = $(c.members[0]!).closest('table');
  const candidates: Element[] = [];
  if (table.length) {
    const first = table.find('tr').toArray().find(isElement);
    if (first && !c.members.includes(first)) candidates.push(first);
  }
  const before = $(c.members[0]!).prevAll().toArray().find(isElement);
  if (before) candidates.push(before);
  const holderBefore = $(c.parent).prev().toArray().find(isElement);
  if (holderBefore) candidates.push(holderBefore);
  for (const row of candidates) {
    const texts = row.children.filter(isElement).map((cell) => textOf($, cell));
    if (texts.length === width && texts.filter((t) => fieldOfLabel(t)).length >= 2) return texts;
  }
  return undefined;
}

/** The field a column of values holds, judged by the values alone (no header). */
function fieldOfValues(values: string[]): MessageField | undefined {
  const filled = values.filter((v) => v !== '');
  if (filled.length === 0) return undefined;
  const all = (test: (v: string) => boolean) => filled.every(test);
  if (all(valueLooks.date)) return 'postedAt';
  if (all(valueLooks.type)) return 'siteType';
  if (all(valueLooks.status)) return 'siteStatus';
  if (all(valueLooks.level)) return 'originLevel';
  if (all(valueLooks.district)) return 'district';
  if (all(valueLooks.id) && new Set(filled).size === filled.length && filled.length === values.length) return 'siteId';
  return undefined;
}

/** The query parameter whose value tells the items' links apart (`id` of `detail?id=7`), if any. */
function idParameter(hrefs: string[], pageUrl: string): string | undefined {
  const urls = hrefs.map((h) => {
    try {
      return new URL(h, pageUrl);
    } catch {
      return undefined;
    }
  });
  if (urls.some((u) => !u)) return undefined;
  const names = [...urls[0]!.searchParams.keys()];
  return names.find((name) => {
    const values = urls.map((u) => u!.searchParams.get(name));
    return values.every((v) => v && /^[\w-]+$/.test(v)) && new Set(values).size === values.length;
  });
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where the second page is: the source file's `pagination`, or `{ type: 'none' }` with a note. */
function suggestPagination($: CheerioAPI, pageUrl: string, notes: string[]): Record<string, unknown> {
  const links = $('a').toArray().filter(isElement);
  const next = links.find((a) => /^(下一页|下页|后一页|下一頁|next|›|»|>)$/i.test(textOf($, a)) && linkOf(a) && !linkOf(a)!.script);
  const nextSelector = next ? (usableClasses(next).length ? pageSelector($, next) : `${pageSelector($, next.parent as Element)} a:contains("${textOf($, next)}")`) : undefined;
  const second = links.find((a) => textOf($, a) === '2' && linkOf(a) && !linkOf(a)!.script) ?? next;
  const page2 = second ? new URL(second.attribs.href!, pageUrl) : undefined;
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
  notes.push('没有在列表页上找到翻页链接（下一页、页码 2）：翻页规则为 none，只抓第一页；网站用表单或脚本翻页时请按 crawlers/README.md 的 Pagination 一节填写');
  return { type: 'none' };
}

/** Drafts `list` and `pagination` from a list page; throws when no repeated linked item is found. */
export function suggestList(html: string, pageUrl: string): ListDraft {
  const $ = load(html);
  const notes: string[] = [];
  const [best] = findCandidates($);
  if (!best) throw new Error('列表页上没有找到重复出现、带标题链接的条目（至少 3 条）：这可能不是列表页，或列表由脚本生成（请改用 json、js-literal 或 load-more，见 crawlers/README.md）');
  const items = itemsSelector($, best);
  const rows = best.members;
  const width = Math.max(...rows.map((r) => cellsOf(r).length));
  const shaped = rows.filter((r) => cellsOf(r).length === width);
  const headers = headerTexts($, best, width);
  const fields: FieldMap = {};
  const columns: ListColumn[] = [];

  // The title: the cell holding each item's longest link.
  const first = shaped[0] ?? rows[0]!;
  const firstCells = cellsOf(first);
  const link = titleLink($, first)!;
  const titleCell = firstCells.findIndex((c) => c === link || $(c).find(link).length > 0);
  const titleSelector = titleCell < 0 ? 'a' : link === firstCells[titleCell] ? cellSelector(firstCells, titleCell) : `${cellSelector(firstCells, titleCell)} a`;
  const links = rows.map((r) => $(r).find(titleSelector).toArray().find(isElement) ?? titleLink($, r)!);
  // Titles cut short on the list (…) stand whole in the link's title attribute.
  const cut = links.some((a) => /(…|\.{2,})$/.test(textOf($, a)) || (a.attribs.title ?? '').length > textOf($, a).length);
  fields.title = cut && links.every((a) => a.attribs.title) ? { selector: titleSelector, attr: 'title' } : titleSelector;
  if (cut && !links.every((a) => a.attribs.title)) notes.push('列表上的标题有被截短的（以…结尾），详情页的标题会替换它：请确认 detail.fields 中有 title');
  const scripted = links.some((a) => linkOf(a)?.script);
  if (scripted) notes.push('标题链接是脚本（javascript: 或 onclick），不是网址：请从中取出编号作 siteId（regex），并按网站写出 detail.url 模板，见 crawlers/README.md 的 detailUrl');
  else fields.detailUrl = { selector: titleSelector, attr: 'href' };

  firstCells.forEach((cell, index) => {
    const selector = cellSelector(firstCells, index);
    const values = shaped.map((r) => {
      const c = cellsOf(r)[index];
      return c ? textOf($, c) : '';
    });
    const header = headers?.[index];
    let field = index === titleCell ? 'title' : (header ? fieldOfLabel(header) : undefined) ?? fieldOfValues(values);
    if (field === 'title' && index !== titleCell) field = undefined;
    if (field && field !== 'title' && fields[field] === undefined) fields[field] = selector;
    else if (field !== 'title') field = undefined;
    columns.push({ selector, header, field, sample: textOf($, cell) });
  });

  if (!fields.siteId && !scripted) {
    const param = idParameter(links.map((a) => a.attribs.href ?? ''), pageUrl);
    if (param) fields.siteId = { selector: titleSelector, attr: 'href', regex: `[?&]${escapeRegex(param)}=([^&#]+)` } satisfies FieldSpec;
    else notes.push('没有找到每条留言自己的编号：siteId 将取详情页地址（路径和参数）；网站改地址格式时会被当成新留言');
  }
  if (!fields.siteStatus) notes.push('列表上没有找到办理状态：答复和状态变化只能靠按时重访详情页发现（watch.revisitOpenAfter）');
  return { items, fields, columns, pagination: suggestPagination($, pageUrl, notes), notes };
}

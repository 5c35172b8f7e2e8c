/**
 * Drafts the `list` and `pagination` of a source from one list page: which repeated element is a
 * message, which of its cells holds which field, and (suggest-pagination.ts) how the next pages
 * are addressed.
 *
 * The items are the largest group of like siblings (same tag, mostly one class) that each carry a
 * link with the text of a title; nav bars and pagers lose on their short link texts, and of groups
 * alike the one next to the pager wins (a side box of 最新公告 is as long as the list); a list printed
 * in columns side by side is one group (list-columns.ts). A cell's field comes from the column's
 * header when the page prints one (编号, 标题, 来信日期 …), from the labels it prints itself (编号：…
 * 状态：…), else from what its values look like (all dates, all status words …). Pure: a page in,
 * a draft out.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { linkBase } from '../extract/fields.js';
import { joinSpannedRows } from '../extract/spanned-rows.js';
import type { FieldMap, FieldSpec, ListSpec, MessageField } from '../source/schema.js';
import { isElement, isNamed, isPagerText, linkOf, loadPage, ownSelector, pageSelector, textOf, uniqueSelector, usableClasses } from './css-path.js';
import { iconColumn, type LearnedStatus } from './icon-column.js';
import { joinLetterLinesInPage, labelledLineFields, letterLinesNote, printsField } from './letter-lines.js';
import { columnsNote, columnsSelectors, holderOf, joinColumns, type Candidate } from './list-columns.js';
import { escapeRegex, fieldOfLabel, labelsInText, labelValueRegex, valueLooks } from './field-words.js';
import { rowMarks } from './row-marks.js';
import { pagerLinks, suggestPagination } from './suggest-pagination.js';

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
  /** `list.linesPerLetter`: the list table prints each letter over this many lines, or up to the next linked one (letter-lines.ts). */
  linesPerLetter?: number | 'until-next-link' | undefined;
  /** `list.linkLine`: `last` when a letter's link is on the last of its lines, its number (from 1) when on a middle one. */
  linkLine?: 'first' | 'last' | number | undefined;
  notes: string[];
}

/** The `list` of a drafted HTML list as the crawler reads it (`items` in place of the draft's, to try a narrower one). */
export function htmlListSpec(list: Pick<ListDraft, 'items' | 'fields' | 'linesPerLetter' | 'linkLine'>, items = list.items): ListSpec {
  return { format: 'html', items, fields: list.fields, ...letterLinesOf(list) };
}

/** The draft's `linesPerLetter` and `linkLine`, as the source file's `list` holds them (absent when one line a letter). */
export function letterLinesOf(list: Pick<ListDraft, 'linesPerLetter' | 'linkLine'>): Pick<ListSpec, 'linesPerLetter' | 'linkLine'> {
  return { ...(list.linesPerLetter ? { linesPerLetter: list.linesPerLetter } : {}), ...(list.linkLine ? { linkLine: list.linkLine } : {}) };
}

/** The longest-text link of an element (itself included); a pager's link (下一页, 2) is no title. */
function titleLink($: CheerioAPI, el: Element): Element | undefined {
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

function findCandidates($: CheerioAPI): Candidate[] {
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
function chooseCandidate(candidates: Candidate[], pager: Element | undefined): { best: Candidate; rivals: Candidate[] } | undefined {
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
function itemsSelector($: CheerioAPI, c: Candidate, notes: string[]): string {
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

/** The cells of an item: its child elements, or for an item of one child, that child's. */
function cellsOf(item: Element): Element[] {
  let kids = item.children.filter(isElement);
  while (kids.length === 1 && kids[0]!.children.filter(isElement).length > 1 && kids[0]!.name !== 'a') kids = kids[0]!.children.filter(isElement);
  return kids;
}

/**
 * A selector for the n-th cell inside an item, by class when that class is the cell's alone and
 * the same cell of every other item (`column`) has it too: a class or id that differs row by row
 * (`<td class="st2">`, a status drawn by CSS on the cell) names no column.
 */
function cellSelector(cells: Element[], index: number, column: readonly (Element | undefined)[] = []): string {
  const cell = cells[index]!;
  const own = ownSelector(cell);
  if (isNamed(own) && cells.filter((c) => ownSelector(c) === own).length === 1 && column.every((c) => !c || ownSelector(c) === own)) return own;
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

/** A value in brackets, as lists print statuses, types and dates: [已办结], 【咨询】, （2023-05-12）. */
const bracketedValue = /^[[【［(（]\s*(.*?)\s*[\]】］)）]$/;

/** Whether a column's numbers count the rows (1, 2, 3 … on the first page; 序号 counted either way): they move on as letters arrive, no id. */
function isRowNumbers(values: string[], header: string | undefined): boolean {
  const numbers = values.map((v) => (/^\d{1,6}$/.test(v) ? Number(v) : NaN));
  if (numbers.length < 2 || numbers.some(Number.isNaN)) return false;
  const counted = (step: number) => numbers.every((n, i) => n === numbers[0]! + i * step);
  return (counted(1) && numbers[0]! <= 1) || (header !== undefined && fieldOfLabel(header) === 'siteId' && /序号/.test(header) && (counted(1) || counted(-1)));
}

/** The labels every value of a column starts its text with and prints beside its values (编号：… 时间：… 状态：…). */
function printedLabels(values: string[]): { label: string; field: MessageField }[] {
  const filled = values.filter((v) => v !== '');
  if (filled.length === 0) return [];
  const runs = filled.map(labelsInText);
  if (runs.some((run, i) => !run[0] || !filled[i]!.startsWith(run[0].label))) return [];
  return runs[0]!.filter(({ label }) => runs.every((run) => run.some((r) => r.label === label)));
}

/**
 * Drafts `list` and `pagination` from a list page; throws when no repeated linked item is found.
 * `charset`: the page's (pageCharset), the links' query escaped in it; by default the `<meta>`'s.
 * `learned`: statuses of icon tokens found from the letters the draft opened (icon-statuses.ts).
 */
export function suggestList(html: string, pageUrl: string, charset?: string, learned?: ReadonlyMap<string, LearnedStatus>): ListDraft {
  const $ = loadPage(html);
  // A letter printed over two table lines is drafted as one row of all its cells, as the crawl reads it.
  joinSpannedRows($);
  // So is one printed over lines with no rowspan tying them (a linked line, then its status line).
  const joinedLines = joinLetterLinesInPage($);
  const notes: string[] = [];
  const { next, second } = pagerLinks($, pageUrl, charset);
  const titleHref = (item: Element) => titleLink($, item)?.attribs.href;
  const chosen = chooseCandidate(joinColumns($, findCandidates($), titleHref, linkBase($, pageUrl)), second ?? next);
  if (!chosen) {
    // A table of letters the draft saw but could not split: its linked lines are too few among its lines to be found.
    const unsure = [...joinedLines.values()].find((l) => 'unsure' in l);
    throw new Error(`列表页上没有找到重复出现、带标题链接的条目（至少 3 条）：这可能不是列表页，或列表由脚本生成（请改用 json、js-literal 或 load-more，见 crawlers/README.md）${unsure ? `。${letterLinesNote(unsure)}` : ''}`);
  }
  const { best, rivals } = chosen;
  const tableLines = joinedLines.get(best.parent);
  if (tableLines) notes.push(letterLinesNote(tableLines));
  const letterLines = tableLines && 'unsure' in tableLines ? undefined : tableLines;
  const items = itemsSelector($, best, notes);
  if (best.holders) notes.push(columnsNote(best.holders.length, items));
  // Link lists to other sites (友情链接) are no rival of the list.
  const onSite = (c: Candidate) => c.members.filter((m) => sameSite(titleLink($, m)!, linkBase($, pageUrl))).length * 2 >= c.members.length;
  for (const rival of rivals.filter(onSite).slice(0, 2)) {
    const sample = textOf($, titleLink($, rival.members[0]!)!).slice(0, 20);
    notes.push(`页面上另有一组相似的链接（${pageSelector($, rival.parent)}，${rival.members.length} 条，如“${sample}”）：草稿取了${second ?? next ? '离翻页链接最近的' : '最大的'} ${items}（${best.members.length} 条），取错时请改 list.items`);
  }
  const rows = best.members;
  // Letters of lines varying in number: the columns are the linked line's, the other lines' fields go by label.
  const width = letterLines?.linkedCells ?? Math.max(...rows.map((r) => cellsOf(r).length));
  const shaped = rows.filter((r) => cellsOf(r).length >= width);
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

  firstCells.slice(0, width).forEach((cell, index) => {
    const selector = cellSelector(firstCells, index, shaped.map((r) => cellsOf(r)[index]));
    const values = shaped.map((r) => {
      const c = cellsOf(r)[index];
      return c ? textOf($, c) : '';
    });
    const header = headers?.[index];
    // A cell that prints its own labels holds a field per label, each taken out by a regex.
    const printed = index === titleCell ? [] : printedLabels(values);
    if (printed.length > 0) {
      for (const { label, field } of printed) {
        if (field === 'title' || fields[field] !== undefined) continue;
        const regex = labelValueRegex(label, printed.map((l) => l.label));
        const got = values.map((v) => new RegExp(regex).exec(v)?.[1]?.trim() ?? '');
        if (field === 'siteId' && (got.some((v) => !v) || new Set(got).size !== got.length || isRowNumbers(got, label))) continue;
        fields[field] = { selector, regex };
        columns.push({ selector, header: label, field, sample: got[0] ?? '' });
      }
      if (!columns.some((c) => c.selector === selector)) columns.push({ selector, sample: textOf($, cell) });
      return;
    }
    // A column drawn as icons (已回复/未回复 as `<img alt="已回复">`, or only by file name, `yhf.gif`, a background image or a class; no text).
    const icons = index === titleCell ? undefined : iconColumn($, shaped.map((r) => cellsOf(r)[index]), learned);
    if (icons) {
      const iconField = (header ? fieldOfLabel(header) : undefined) ?? fieldOfValues(icons.values) ?? icons.guess;
      if (iconField && iconField !== 'title' && iconField !== 'siteId' && fields[iconField] === undefined) {
        fields[iconField] = icons.rule(selector, iconField);
        notes.push(icons.note(`第 ${index + 1} 列${header ? `（${header}）` : ''}`, iconField));
        columns.push({ selector, header, field: iconField, sample: icons.values[0] ?? '' });
        return;
      }
    }
    // Values in brackets ([已办结], 【咨询】, (2023-05-12)) are read inside them.
    const bracketed = index !== titleCell && values.some((v) => v) && values.every((v) => v === '' || bracketedValue.test(v));
    const inner = bracketed ? values.map((v) => bracketedValue.exec(v)?.[1] ?? v) : values;
    let field = index === titleCell ? 'title' : (header ? fieldOfLabel(header) : undefined) ?? fieldOfValues(inner);
    if (field === 'title' && index !== titleCell) field = undefined;
    if (field === 'siteId' && (isRowNumbers(inner, header) || new Set(inner).size !== inner.length || inner.some((v) => !v))) {
      notes.push(`第 ${index + 1} 列${header ? `（${header}）` : ''}是行号或有重复，不是每条留言自己的编号：siteId 不取它`);
      field = undefined;
    }
    if (field && field !== 'title' && fields[field] === undefined) fields[field] = bracketed ? { selector, regex: bracketedValue.source } : selector;
    else if (field !== 'title') field = undefined;
    columns.push({ selector, header, field, sample: textOf($, cell) });
  });

  // No status cell: a status drawn only by a class of the row itself (`<tr class="st2">`).
  if (!fields.siteStatus) {
    const marks = rowMarks($, shaped, learned);
    if (marks) {
      fields.siteStatus = marks.rule(':self', 'siteStatus');
      notes.push(marks.note('', 'siteStatus'));
    }
  }

  if (letterLines?.linkedCells !== undefined) {
    for (const { label, field, selector, sample } of labelledLineFields($, rows, width, fields)) columns.push({ selector, header: label, field, sample });
  }

  if (!fields.siteId && !scripted) {
    const param = idParameter(links.map((a) => a.attribs.href ?? ''), linkBase($, pageUrl));
    if (param) fields.siteId = { selector: titleSelector, attr: 'href', regex: `[?&]${escapeRegex(param)}=([^&#]+)` } satisfies FieldSpec;
    else notes.push('没有找到每条留言自己的编号：siteId 将取详情页地址（路径和参数）；网站改地址格式时会被当成新留言');
  }
  if (!fields.siteStatus) notes.push('列表上没有找到办理状态：答复和状态变化只能靠按时重访详情页发现（watch.revisitOpenAfter）');
  return { items, fields, columns, pagination: suggestPagination($, pageUrl, notes, charset), ...(letterLines ? letterLinesOf(letterLines) : {}), notes };
}

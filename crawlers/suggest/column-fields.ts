/**
 * What each column of a list's items holds: the title's cell (the one holding the item's longest
 * link) and its link, then each other cell's field, from the column's header when the page prints
 * one (编号, 标题, 来信日期 …), from the labels a cell prints itself (编号：… 状态：…), from icons drawn in
 * place of text (icon-column.ts), else from what its values look like (all dates, all status
 * words …); and a letter's id from its link's query when no column holds one. Pure: a loaded page in.
 */
import type { CheerioAPI, Element } from 'cheerio';
import type { FieldMap, FieldSpec, MessageField } from '../source/schema.js';
import { isElement, isNamed, linkOf, ownSelector, textOf } from './css-path.js';
import { iconColumn, type LearnedStatus } from './icon-column.js';
import { escapeRegex, fieldOfLabel, labelsInText, labelValueRegex, valueLooks } from './field-words.js';
import type { Candidate } from './list-columns.js';
import { titleLink } from './list-items.js';

export interface ListColumn {
  /** The selector of the cell inside an item. */
  selector: string;
  header?: string | undefined;
  field?: MessageField | undefined;
  /** The first item's value (for the notes). */
  sample: string;
}

/** The cells of an item: its child elements, or for an item of one child, that child's. */
export function cellsOf(item: Element): Element[] {
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
export function headerTexts($: CheerioAPI, c: Candidate, width: number): string[] | undefined {
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

/** The title's column: which cell of the items it is (-1: the item is the link), its rule, and each row's title link. */
export interface TitleColumn {
  titleCell: number;
  titleSelector: string;
  links: Element[];
  /** Whether a title link is a script (javascript: or onclick) rather than an address. */
  scripted: boolean;
}

/**
 * The title's cell, read from `first` (an item of all the columns): `fields.title` and
 * `fields.detailUrl` set, with notes on titles cut short and on links that are scripts.
 */
export function titleFields($: CheerioAPI, rows: readonly Element[], first: Element, fields: FieldMap, notes: string[]): TitleColumn {
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
  return { titleCell, titleSelector, links, scripted };
}

/**
 * Each column's field (the title's cell listed as the title), read from the cells of `shaped` (the rows of
 * all `width` cells) under `headers` when the page prints them: set in `fields`, every column
 * listed in `columns`, notes on icons read and on row numbers taken for no id.
 */
export function columnFields(
  $: CheerioAPI,
  shaped: readonly Element[],
  first: Element,
  { width, titleCell, headers, learned }: { width: number; titleCell: number; headers: string[] | undefined; learned: ReadonlyMap<string, LearnedStatus> | undefined },
  { fields, columns, notes }: { fields: FieldMap; columns: ListColumn[]; notes: string[] },
): void {
  const firstCells = cellsOf(first);
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
}

/** `fields.siteId` from the query parameter telling the title links apart (`id` of `detail?id=7`), else a note that none was found. */
export function linkIdField(title: TitleColumn, base: string, fields: FieldMap, notes: string[]): void {
  const param = idParameter(title.links.map((a) => a.attribs.href ?? ''), base);
  if (param) fields.siteId = { selector: title.titleSelector, attr: 'href', regex: `[?&]${escapeRegex(param)}=([^&#]+)` } satisfies FieldSpec;
  else notes.push('没有找到每条留言自己的编号：siteId 将取详情页地址（路径和参数）；网站改地址格式时会被当成新留言');
}

/**
 * Drafts `detail.cells` for a detail page that prints its values in a fixed order with no text
 * label beside them (Zhuhai 12345's `table.detail td.R`: 主题, 日期, 咨询人, 内容, 处理单位, 状态,
 * 受理意见, each beside an image or an empty cell). A group of like cells (one class, or the last
 * cell of two-cell rows, in one table) as many on every letter's page is read cell by cell across
 * the letters: the cell that is the list's title, the list's status (or only status words), dates,
 * types, the longest text that differs from letter to letter (the letter's), and after it the
 * office's reply, unit and time. A group is taken only when it gives the letter's text and its
 * title, time or status: the order is a guess from the letters read, said in the notes. Pure.
 */
import type { CheerioAPI } from 'cheerio';
import { isReplyPlaceholder } from '../../core/index.js';
import { htmlField, type RawFields } from '../extract/fields.js';
import type { MessageField } from '../source/schema.js';
import { inFurniture, isElement, uniqueSelector, usableClasses } from './css-path.js';
import { fieldOfLabel, valueLooks } from './field-words.js';

export interface CellsDraft {
  selector: string;
  order: (MessageField | 'skip')[];
}

/** A detail page, with what the list printed of its letter when it is known. */
export interface CellsPage {
  $: CheerioAPI;
  listed?: RawFields | undefined;
}

/** Fewer cells than this is no fixed-order record (a two-cell line is a label and its value). */
const minCells = 4;

/** The reply's office: a unit of government, a company, a committee (区住房和城乡建设局, 某某街道办事处). */
const unitLike = (text: string) => /^[\u4e00-\u9fa5（）()]{2,30}(局|委|办|室|中心|政府|街道|办事处|院|所|公司|部|处|科|队|站|会|镇|乡|社区)$/.test(text);

/** Tags a page prints a line of bare values in, one element each (`<div class="info"><span>王先生</span><span>2023-05-20 09:31</span>…`). */
const valueTags = ['span', 'dd'];

/**
 * Candidate groups on a page: in each table, the cells of one class, and the last cells of two-cell
 * rows; and the bare `<span>`s or `<dd>`s of one element (a `<dl>` with `<dt>` labels is labelled).
 */
function candidateSelectors($: CheerioAPI): { selector: string; bare: boolean }[] {
  const found = new Set<string>();
  const bare = new Set<string>();
  for (const el of $('body *').toArray()) {
    if (!isElement(el) || inFurniture($, el) || $(el).children('dt').length > 0) continue;
    for (const tag of valueTags) {
      const values = $(el).children(tag).toArray();
      const container = values.length >= minCells ? uniqueSelector($, el) : undefined;
      if (container) bare.add(`${container} > ${tag}`);
    }
  }
  for (const table of $('table').toArray()) {
    if (!isElement(table) || $(table).find('table').length > 0) continue;
    const tableSelector = uniqueSelector($, table);
    if (!tableSelector) continue;
    const cells = $(table).find('td').toArray().filter(isElement);
    for (const cls of new Set(cells.flatMap((c) => usableClasses(c)))) found.add(`${tableSelector} td.${cls}`);
    const rows = $(table).find('tr').toArray();
    if (rows.length >= minCells && rows.every((r) => $(r).children('td, th').length === 2)) found.add(`${tableSelector} tr > td:last-child`);
  }
  return [...[...found].map((selector) => ({ selector, bare: false })), ...[...bare].map((selector) => ({ selector, bare: true }))];
}

/** The cells' values on one page: text as the crawler extracts it, '' when blank. */
function cellValues($: CheerioAPI, selector: string): string[] {
  return $(selector)
    .toArray()
    .map((cell) => htmlField($, $(cell), ':self') ?? '');
}

const sameTitle = (cell: string, listed: string | undefined) => {
  if (!listed) return false;
  const cut = listed.replace(/(…|\.{3})$/, '');
  return cell === listed || (cut.length >= 4 && cell.startsWith(cut));
};

/** The digits of a value's day (2023-05-20 09:31 → 20230520), to match a detail's time against the list's date. */
const dayDigits = (text: string) => text.replace(/\D/g, '').slice(0, 8);

/**
 * Maps each cell index to a field, or undefined when the group does not read as a letter. With
 * `contentKnown` (the letter's text found elsewhere, by a label or a class), the group need not
 * hold the letter's text, but one of its cells must be what the list printed for each letter (the
 * title, the status, the day of the time): a line of values, not a side box's.
 */
function orderOf(columns: string[][], pages: readonly CellsPage[], contentKnown: boolean): (MessageField | 'skip')[] | undefined {
  const order: (MessageField | 'skip')[] = columns.map(() => 'skip');
  const free = (i: number) => order[i] === 'skip';
  const filled = (col: string[]) => col.filter((v) => v !== '');
  const all = (col: string[], test: (v: string) => boolean) => filled(col).length > 0 && filled(col).every(test);
  // A cell printing a label (主题：) is a label cell: this group is not values only.
  if (columns.some((col) => col.some((v) => !!fieldOfLabel(v)))) return undefined;
  const take = (field: MessageField, test: (col: string[], i: number) => boolean, from = 0) => {
    const i = columns.findIndex((col, k) => k >= from && free(k) && test(col, k));
    if (i >= 0) order[i] = field;
    return i;
  };
  take('title', (col) => pages.some((p, k) => sameTitle(col[k] ?? '', p.listed?.title)) && pages.every((p, k) => !p.listed?.title || sameTitle(col[k] ?? '', p.listed.title)));
  const posted = take('postedAt', (col) => all(col, valueLooks.date) && col.every((v) => v !== ''));
  take('siteStatus', (col) => all(col, valueLooks.status) || (pages.some((p) => p.listed?.siteStatus) && pages.every((p, k) => !p.listed?.siteStatus || col[k] === p.listed.siteStatus)));
  take('siteType', (col) => all(col, valueLooks.type));
  // The letter's text: a long cell that differs from letter to letter and is blank on none (a
  // reply box is, on open letters); the first of some length, as the reply comes after the
  // letter and may be longer, else the longest.
  const length = (col: string[]) => Math.max(...col.map((v) => v.length));
  const texts = columns.flatMap((col, i) => (free(i) && !col.some((v) => v === '') && length(col) >= 10 && (pages.length < 2 || new Set(col).size > 1) ? [i] : []));
  const content = contentKnown ? -1 : (texts.find((i) => length(columns[i]!) >= 40) ?? texts.sort((a, b) => length(columns[b]!) - length(columns[a]!))[0] ?? -1);
  if (contentKnown) {
    const listed = (i: number, field: 'siteStatus' | 'postedAt', same: (cell: string, listed: string) => boolean) =>
      i >= 0 && pages.some((p) => p.listed?.[field]) && pages.every((p, k) => !p.listed?.[field] || same(columns[i]![k] ?? '', p.listed[field]));
    const fromList = order.includes('title') || listed(order.indexOf('siteStatus'), 'siteStatus', (a, b) => a === b) || listed(posted, 'postedAt', (a, b) => dayDigits(a) === dayDigits(b) && dayDigits(b).length === 8);
    if (!fromList) return undefined;
  } else if (content < 0 || (order.indexOf('title') < 0 && posted < 0 && order.indexOf('siteStatus') < 0)) return undefined;
  else order[content] = 'content';
  // After the letter: the reply's text (long on an answered letter, blank or a placeholder on others), its unit and time.
  take('replyAt', (col) => all(col, valueLooks.date), content + 1);
  take('replyUnit', (col) => all(col, unitLike), content + 1);
  const replyLike = (v: string) => v.length >= 10 && !valueLooks.date(v) && !isReplyPlaceholder(v);
  take('replyText', (col) => col.some(replyLike) && new Set(col).size > 1 && col.every((v) => replyLike(v) || v === '' || isReplyPlaceholder(v)), content + 1);
  // Before it: a short name (张先生, 匿名) is the writer's.
  const author = columns.findIndex((col, i) => (contentKnown || i < content) && free(i) && all(col, (v) => v.length <= 12 && /^[\u4e00-\u9fa5*＊某]+$/.test(v)));
  if (author >= 0) order[author] = 'author';
  // Trailing cells nothing was read from are left out of the order.
  while (order.length > 0 && order[order.length - 1] === 'skip') order.pop();
  return order;
}

/**
 * The fixed-order cells of the pages, when a group of them reads as a letter: the group of like
 * cells, as many on every page, whose order maps the most fields. `known`: the fields drafted
 * otherwise, when the letter's text is among them; only lines of bare values are tried then, for
 * two fields at least that are not known.
 */
export function suggestCells(pages: readonly CellsPage[], known?: ReadonlySet<string>): CellsDraft | undefined {
  const [first] = pages;
  if (!first) return undefined;
  const contentKnown = !!known?.has('content');
  let best: CellsDraft | undefined;
  for (const { selector, bare } of candidateSelectors(first.$)) {
    if (contentKnown && !bare) continue;
    const perPage = pages.map((p) => cellValues(p.$, selector));
    const count = perPage[0]!.length;
    if (count < minCells || perPage.some((v) => v.length !== count)) continue;
    const columns = Array.from({ length: count }, (_, i) => perPage.map((v) => v[i]!));
    const order = orderOf(columns, pages, contentKnown);
    const mapped = (o: CellsDraft['order']) => o.filter((f) => f !== 'skip' && !known?.has(f)).length;
    if (order && (!contentKnown || mapped(order) >= 2) && (!best || mapped(order) > mapped(best.order))) best = { selector, order };
  }
  return best;
}

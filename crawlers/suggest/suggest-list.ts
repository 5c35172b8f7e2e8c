/**
 * Drafts the `list` and `pagination` of a source from one list page: which repeated element is a
 * message (list-items.ts), which of its cells holds which field (column-fields.ts), a status drawn
 * only by the row's own class (row-marks.ts), and (suggest-pagination.ts) how the next pages are
 * addressed. A list printed in columns side by side is one group (list-columns.ts); a letter
 * printed over several table lines is read as one row (letter-lines.ts). Pure: a page in, a draft out.
 */
import type { Element } from 'cheerio';
import { htmlField, linkBase } from '../extract/fields.js';
import { joinSpannedRows } from '../extract/spanned-rows.js';
import type { FieldMap, ListSpec } from '../source/schema.js';
import { loadPage } from './css-path.js';
import { cellsOf, columnFields, headerTexts, linkIdField, titleFields, type ListColumn } from './column-fields.js';
import type { LearnedStatus } from './icon-column.js';
import { joinLetterLinesInPage, labelledLineFields, letterLinesNote } from './letter-lines.js';
import { columnsNote, joinColumns } from './list-columns.js';
import { chooseCandidate, findCandidates, itemsSelector, rivalNotes, titleLink } from './list-items.js';
import { rowMarks } from './row-marks.js';
import { pagerLinks, suggestPagination } from './suggest-pagination.js';

export type { ListColumn } from './column-fields.js';

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
  const { best } = chosen;
  const tableLines = joinedLines.get(best.parent);
  if (tableLines) notes.push(letterLinesNote(tableLines));
  const letterLines = tableLines && 'unsure' in tableLines ? undefined : tableLines;
  const items = itemsSelector($, best, notes);
  if (best.holders) notes.push(columnsNote(best.holders.length, items));
  notes.push(...rivalNotes($, chosen, items, linkBase($, pageUrl), !!(second ?? next)));
  const rows = best.members;
  // Letters of lines varying in number: the columns are the linked line's, the other lines' fields go by label.
  const width = letterLines?.linkedCells ?? Math.max(...rows.map((r) => cellsOf(r).length));
  const shaped = rows.filter((r) => cellsOf(r).length >= width);
  const headers = headerTexts($, best, width);
  const fields: FieldMap = {};
  const columns: ListColumn[] = [];

  // The title: the cell holding each item's longest link; then the other columns.
  const first = shaped[0] ?? rows[0]!;
  const title = titleFields($, rows, first, fields, notes);
  columnFields($, shaped, first, { width, titleCell: title.titleCell, headers, learned }, { fields, columns, notes });

  // No status cell, or one blank on every row (a stylesheet writing it from the row's class,
  // `tr.st2 td:last-child::after`): a status drawn only by a class of the row itself (`<tr class="st2">`).
  const blank = fields.siteStatus !== undefined && shaped.every((r) => !htmlField($, $(r), fields.siteStatus!)?.trim());
  if (!fields.siteStatus || blank) {
    const marks = rowMarks($, shaped, learned);
    if (marks) {
      for (const column of columns.filter((c) => c.field === 'siteStatus')) {
        column.field = undefined;
        notes.push(`${column.header ? `办理状态列（${column.header}）` : '办理状态列'}在每一行都没有文字（多为样式表按行的 class 画出）：不取它的文字`);
      }
      fields.siteStatus = marks.rule(':self', 'siteStatus');
      notes.push(marks.note('', 'siteStatus'));
    }
  }

  if (letterLines?.linkedCells !== undefined) {
    for (const { label, field, selector, sample } of labelledLineFields($, rows, width, fields)) columns.push({ selector, header: label, field, sample });
  }

  if (!fields.siteId && !title.scripted) linkIdField(title, linkBase($, pageUrl), fields, notes);
  if (!fields.siteStatus) notes.push('列表上没有找到办理状态：答复和状态变化只能靠按时重访详情页发现（watch.revisitOpenAfter）');
  return { items, fields, columns, pagination: suggestPagination($, pageUrl, notes, charset), ...(letterLines ? letterLinesOf(letterLines) : {}), notes };
}

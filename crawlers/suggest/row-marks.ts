/**
 * A status drawn only by a class on the list's row itself (`<tr class="st2">`, `<li class="done">`)
 * where no cell of the row shows one: read as icon-column.ts reads a cell's mark, on the row.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { statusOfIconName, tokenColumn, type IconColumn, type LearnedStatus } from './icon-column.js';
import { escapeRegex } from './field-words.js';
import { isRowStyle, noMarks, type MarkReader } from './mark-readers.js';

const rowClass: MarkReader = {
  under: ':self',
  attr: 'class',
  shown: '列表上没有状态列，状态只以每行（条目自身）的样式类（class）画出，只能按行的 class 区分',
  took: '取条目自身的 class 属性',
  itself: ' class ',
};

/**
 * The rows' own classes as a status mark, or undefined when they tell nothing: a row with no
 * class (the list's items are then no mark of their own), one class alike on every row, a class
 * of its own on every row (`row-1201`), or only
 * the words a table stripes or highlights rows with (`odd`/`even`, `on`, `current`: mark-readers.ts's
 * noMarks). Rows striped besides (`<tr class="odd st2">`) are read by the one class of each row
 * that is no stripe (a regex taking it). Tokens are mapped as a cell's are (a class naming a
 * status, `done`; else one `learned` from the letters the draft opened; else the class itself, for staff).
 */
export function rowMarks($: CheerioAPI, rows: readonly Element[], learned: ReadonlyMap<string, LearnedStatus> = new Map()): IconColumn | undefined {
  const classes = rows.map((r) => ($(r).attr('class') ?? '').trim().split(/\s+/).filter(Boolean));
  if (rows.length < 2 || classes.some((c) => c.length === 0) || noMarks(rowClass, classes.map((c) => c.join(' ')))) return undefined;
  // Striped rows: the one class of each that is no stripe is the mark.
  const unstriped = classes.map((c) => c.filter((w) => !isRowStyle(w)));
  const striped = unstriped.some((u, i) => u.length < classes[i]!.length);
  if (striped && unstriped.some((u) => u.length !== 1)) return undefined;
  const tokens = striped ? unstriped.map((u) => u[0]!) : classes.map((c) => c.join(' '));
  const distinct = [...new Set(tokens)];
  // One class alike tells nothing; one of its own on each of four rows or more is the row's number (`row-1201`).
  if (distinct.length < 2 || (tokens.length >= 4 && distinct.length === tokens.length)) return undefined;
  const statuses = new Map(distinct.map((t) => [t, statusOfIconName(t) ?? learned.get(t)?.status]));
  const regex = striped ? { regex: `(?:^|\\s)(${distinct.map(escapeRegex).join('|')})(?:\\s|$)` } : {};
  return tokenColumn(rowClass, { selector: ':self', attr: 'class', ...regex }, tokens, statuses, learned);
}

/**
 * Finds a list table printing each letter over several lines with no `rowspan` tying them
 * (extract/letter-lines.ts) and joins them in the page drafted from, so the draft sees one row a
 * letter as the crawl will read it. Three shapes, tried in this order:
 * - the link on the last line: every letter's linked line but the first has the same number N-1 ≥ 1
 *   of unlinked lines above it since the previous letter's (the first at least as many: a header
 *   may stand above) → `linesPerLetter: N, linkLine: last`;
 * - the link on the first line: every letter's linked line but the last has N-1 ≥ 1 unlinked lines
 *   after it (the last at least as many: a note or pager may follow) → `linesPerLetter: N`;
 * - lines varying in number (a reply line under answered letters only): the unlinked lines of at
 *   least two letters print labelled fields (`办理状态：已办结 答复单位：…`) → `until-next-link`,
 *   those fields drafted by their labels wherever they stand among the letter's other lines.
 * Spacer lines and a repeated header are not counted, and a table counts only with at least 3
 * letters whose unlinked lines print a letter's fields (a date, a status or type word, a known
 * label) that differ letter by letter: a one-line table with now and then a note line, or a note
 * printed alike under every letter, stays one line a letter.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { joinLinesInPlace, lineCount, lineKinds, linesOf, ownLinks, type LineKind } from '../extract/letter-lines.js';
import type { FieldMap } from '../source/schema.js';
import { isPagerText, textOf } from './css-path.js';
import { labelsInText, labelValueRegex, valueLooks } from './field-words.js';

/** How a table body prints its letters, as drafted (`list.linesPerLetter`, `list.linkLine`). */
export interface DraftedLines {
  linesPerLetter: number | 'until-next-link';
  linkLine?: 'last' | undefined;
  /** `until-next-link`: the cells of a letter's linked line, which come first in its row. */
  linkedCells?: number | undefined;
}

/** Letters a table must show before its lines are taken for a pattern. */
const fewestLetters = 3;
/** The most lines a letter may take with a fixed count (the source file's limit). */
const mostLines = 6;

/** A letter's linked line and its other lines, as one alignment groups them. */
interface Letter {
  line: Element;
  others: Element[];
}

/** Each letter with the unlinked lines after it (`after`) or above it since the previous letter's. */
function lettersOf(rows: readonly Element[], kinds: readonly LineKind[], side: 'after' | 'above'): Letter[] {
  const letters: Letter[] = [];
  let pending: Element[] = [];
  rows.forEach((row, i) => {
    if (kinds[i] === 'letter') {
      letters.push({ line: row, others: side === 'above' ? pending : [] });
      pending = [];
    } else if (kinds[i] === 'line') {
      if (side === 'above') pending.push(row);
      else letters[letters.length - 1]?.others.push(row);
    }
  });
  return letters;
}

const cellTexts = ($: CheerioAPI, line: Element) => $(line).children().toArray().map((c) => textOf($, c));
const lineText = ($: CheerioAPI, lines: readonly Element[]) => lines.map((l) => cellTexts($, l).join(' ')).join('\n');
/** A known label with its value printed in a line (`来信人：王先生`); a title is no line's field. */
const labelsIn = ($: CheerioAPI, line: Element) => cellTexts($, line).flatMap((t) => labelsInText(t)).filter((l) => l.field !== 'title');

/** Whether a line (or any element) prints a letter's field: a date, a status or type word in a cell of its own, or a known label. */
export function printsField($: CheerioAPI, line: Element): boolean {
  return cellTexts($, line).some((t) => valueLooks.date(t) || valueLooks.status(t) || valueLooks.type(t)) || labelsIn($, line).length > 0;
}

/** Whether each letter's `lines` print its fields, and not the same text under every letter (a note). */
function carryFields($: CheerioAPI, groups: readonly Element[][]): boolean {
  if (groups.some((lines) => !lines.some((l) => printsField($, l)))) return false;
  return new Set(groups.map((lines) => lineText($, lines))).size > 1;
}

/** N-1 when every letter but the one at `odd` (the first or last) has N-1 ≥ 1 other lines and that one at least as many. */
function fixedOthers(letters: readonly Letter[], odd: 'first' | 'last'): number | undefined {
  if (letters.length < fewestLetters) return undefined;
  const counts = letters.map((l) => l.others.length);
  const oddCount = odd === 'first' ? counts.shift()! : counts.pop()!;
  const period = counts[0]!;
  return period >= 1 && period < mostLines && counts.every((c) => c === period) && oddCount >= period ? period : undefined;
}

/** How one table body prints its letters, or undefined when it is one line a letter (or no pattern is sure). */
function draftLines($: CheerioAPI, rows: readonly Element[], isLetter: (row: Element) => boolean): { lines: DraftedLines; kinds: LineKind[] } | undefined {
  // The link on the last line: the lines just above the first letter's are its own, no header.
  for (let others = 1; others < mostLines; others++) {
    const kinds = lineKinds($, rows, isLetter, others);
    const letters = lettersOf(rows, kinds, 'above');
    if (fixedOthers(letters, 'first') === others && carryFields($, letters.map((l) => l.others.slice(-others)))) return { lines: { linesPerLetter: others + 1, linkLine: 'last' }, kinds };
  }
  const kinds = lineKinds($, rows, isLetter);
  const letters = lettersOf(rows, kinds, 'after');
  if (letters.length < fewestLetters) return undefined;
  const others = fixedOthers(letters, 'last');
  if (others !== undefined) return carryFields($, letters.map((l) => l.others.slice(0, others))) ? { lines: { linesPerLetter: others + 1 }, kinds } : undefined;
  // Lines varying in number: their fields are read by label, so labels must tell them; the last
  // letter's lines are no evidence (a table's closing note or 更新时间 follows it).
  const linkedCells = new Set(letters.map((l) => $(l.line).children('td, th').length));
  const labelled = letters.slice(0, -1).map((l) => l.others.filter((line) => labelsIn($, line).length > 0)).filter((lines) => lines.length > 0);
  if (linkedCells.size !== 1 || labelled.length < 2 || new Set(labelled.map((lines) => lineText($, lines))).size < 2) return undefined;
  return { lines: { linesPerLetter: 'until-next-link', linkedCells: [...linkedCells][0] }, kinds };
}

/**
 * Joins the lines of every such table of the page in place; returns how each table body joined so
 * prints its letters (the source's `list.linesPerLetter` when the list turns out to be its rows).
 */
export function joinLetterLinesInPage($: CheerioAPI): Map<Element, DraftedLines> {
  // A letter's line links to it; a pager's (下一页, 2) is no letter.
  const isLetter = (row: Element) => ownLinks($, row).some((a) => !isPagerText(textOf($, a)));
  const joined = new Map<Element, DraftedLines>();
  const holders = new Set($('tr').toArray().map((tr) => tr.parent).filter((p): p is Element => !!p && p.type === 'tag'));
  for (const holder of holders) {
    const rows = linesOf(holder);
    const drafted = draftLines($, rows, isLetter);
    if (!drafted) continue;
    joinLinesInPlace($, rows, drafted.kinds, lineCount(drafted.lines.linesPerLetter), drafted.lines.linkLine);
    joined.set(holder, drafted.lines);
  }
  return joined;
}

/** The draft's note on a list so drafted. */
export function letterLinesNote(lines: DraftedLines): string {
  const n = lines.linesPerLetter;
  if (n === 'until-next-link') {
    return '列表表格中每封信的行数不定（有标题链接的一行之后，部分信件另有办理状态、答复等行，没有 rowspan 相连）：已设置 list.linesPerLetter: until-next-link，爬取时把每个链接行连同其后到下一个链接行之前的各行当作一条留言读取，这些行中的字段按其标签（办理状态：… 等）读取';
  }
  if (lines.linkLine === 'last') return `列表表格中每封信占 ${n} 行，标题链接在最后一行（其上几行是日期、状态等，没有 rowspan 相连）：已设置 list.linesPerLetter: ${n} 和 list.linkLine: last，爬取时把这几行当作一条留言读取`;
  return `列表表格中每封信占 ${n} 行（第一行有标题链接，其余行是日期、状态等，没有 rowspan 相连）：已设置 list.linesPerLetter: ${n}，爬取时把这几行当作一条留言读取`;
}

/**
 * `until-next-link`: the fields the letters' other lines print by label (`办理状态：已办结 答复单位：…`),
 * drafted as a regex over the text of every cell after the linked line's (`td:nth-of-type(n+4)`),
 * so a line missing under one letter or a note line before it moves nothing. Fields already drafted
 * are kept; returns the labels drafted, with the field and the first letter's value.
 */
export function labelledLineFields($: CheerioAPI, rows: readonly Element[], linkedCells: number, fields: FieldMap): { label: string; field: keyof FieldMap; selector: string; sample: string }[] {
  // The other lines' cells: the `td`s after the linked line's (nth-of-type counts `td`s only).
  const linkedTds = rows[0] ? $(rows[0]).children('td, th').toArray().slice(0, linkedCells).filter((c) => c.name === 'td').length : 0;
  const selector = `td:nth-of-type(n+${linkedTds + 1})`;
  const texts = rows.map((row) => $(row).children('td').toArray().slice(linkedTds).map((c) => textOf($, c)).join('\n'));
  const labels = [...new Map(texts.flatMap((t) => labelsInText(t)).map((l) => [l.label, l] as const)).values()].filter((l) => l.field !== 'title');
  const drafted: { label: string; field: keyof FieldMap; selector: string; sample: string }[] = [];
  for (const { label, field } of labels) {
    if (fields[field] !== undefined) continue;
    const regex = labelValueRegex(label, labels.map((l) => l.label));
    fields[field] = { selector, all: true, regex };
    const sample = texts.map((t) => new RegExp(regex).exec(t)?.[1]?.trim()).find((v) => v) ?? '';
    drafted.push({ label, field, selector, sample });
  }
  return drafted;
}

/**
 * Finds a list table printing each letter over several lines with no `rowspan` tying them
 * (extract/letter-lines.ts) and joins them in the page drafted from, so the draft sees one row a
 * letter as the crawl will read it. Five shapes, tried in this order:
 * - the link on a middle line: between two letters' linked lines the same N-1 ≥ 2 unlinked lines,
 *   k-1 ≥ 1 of them over the first letter's and N-k ≥ 1 under the last's, each place of a letter
 *   holding lines of one shape (a 编号 and date line, then the title's, then a status line) →
 *   `linesPerLetter: N, linkLine: k`;
 * - the link on the last line: every letter's linked line but the first has the same number N-1 ≥ 1
 *   of unlinked lines above it since the previous letter's (the first at least as many: a header
 *   may stand above) → `linesPerLetter: N, linkLine: last`;
 * - the link on the first line: every letter's linked line but the last has N-1 ≥ 1 unlinked lines
 *   after it (the last at least as many: a note or pager may follow) → `linesPerLetter: N`;
 * - lines varying in number ending at the link (a 编号 line starting every letter, a reply line over
 *   the title's under answered ones): every letter, the first too, has unlinked lines over its link
 *   and where they begin is seen (a first line of one shape, or a spacer under every link) →
 *   `until-next-link, linkLine: last`, the fields drafted by label as below; where it is not seen,
 *   nothing (the draft says so);
 * - lines varying in number (a reply line under answered letters only): the unlinked lines of at
 *   least two letters print labelled fields (`办理状态：已办结 答复单位：…`) → `until-next-link`,
 *   those fields drafted by their labels wherever they stand among the letter's other lines.
 * Spacer lines and a repeated header are not counted, and a table counts only with at least 3
 * letters whose unlinked lines print a letter's fields (a date, a status or type word, a known
 * label) that differ letter by letter: a one-line table with now and then a note line, or a note
 * printed alike under every letter, stays one line a letter.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { joinLinesInPlace, lineCount, lineKinds, linesAbove, linesOf, ownLinesAboveFirst, ownLinks, type LineKind } from '../extract/letter-lines.js';
import type { FieldMap } from '../source/schema.js';
import { isPagerText, textOf } from './css-path.js';
import { labelsInText, labelValueRegex, valueLooks } from './field-words.js';

/** How a table body prints its letters, as drafted (`list.linesPerLetter`, `list.linkLine`). */
export interface DraftedLines {
  linesPerLetter: number | 'until-next-link';
  /** `last`, or the number (from 1) of the line holding the link when neither first nor last. */
  linkLine?: 'last' | number | undefined;
  /** `until-next-link`: the cells of a letter's linked line, which come first in its row. */
  linkedCells?: number | undefined;
}

/** A table whose letters seem to end at their link over lines varying in number, where no letter's start is seen: not drafted, only told. */
export interface UnsureLines {
  unsure: true;
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

/** What is compared of the lines standing at one place in every letter: their cells, a date in a cell, their known labels. */
const shapeOf = ($: CheerioAPI, line: Element) => [cellTexts($, line).length, cellTexts($, line).some((t) => valueLooks.date(t)), ...labelsIn($, line).map((l) => l.label)].join('|');

/**
 * The link on a middle line of `count` (`above` lines over it, the rest under it): the unlinked
 * lines between two letters' linked lines are exactly `count - 1`, the first letter has `above`
 * lines of its own over it and the last at least the rest under it, and the lines at each place of
 * a letter have one shape in every letter (a note after the last letter or a header drawn with
 * `<td>` over the first, taken for a letter's line by a wrong split, has another). Returns each
 * letter's other lines, or undefined.
 */
function middleLetters($: CheerioAPI, rows: readonly Element[], kinds: readonly LineKind[], count: number, above: number): Element[][] | undefined {
  const gaps: Element[][] = [[]];
  rows.forEach((row, i) => {
    if (kinds[i] === 'letter') gaps.push([]);
    else if (kinds[i] === 'line') gaps[gaps.length - 1]!.push(row);
  });
  const letters = gaps.length - 1;
  const under = count - 1 - above;
  if (letters < fewestLetters || gaps[0]!.length !== above || gaps[letters]!.length < under || gaps.slice(1, -1).some((g) => g.length !== count - 1)) return undefined;
  const groups = Array.from({ length: letters }, (_, k) => [...gaps[k]!.slice(-above), ...gaps[k + 1]!.slice(0, under)]);
  const sameShapes = groups[0]!.every((_, j) => new Set(groups.map((g) => shapeOf($, g[j]!))).size === 1);
  return sameShapes && carryFields($, groups) ? groups : undefined;
}

/** How one table body prints its letters, or undefined when it is one line a letter (or no pattern is sure). */
function draftLines($: CheerioAPI, rows: readonly Element[], isLetter: (row: Element) => boolean): { lines: DraftedLines | UnsureLines; kinds: LineKind[] } | undefined {
  // The link on a middle line, tried first: its table also fits a split with the link first (a
  // note after the last letter) or last (a header drawn with `<td>` over the first).
  for (let count = 3; count <= mostLines; count++) {
    for (let above = 1; above < count - 1; above++) {
      const kinds = lineKinds($, rows, isLetter, above);
      if (middleLetters($, rows, kinds, count, above)) return { lines: { linesPerLetter: count, linkLine: above + 1 }, kinds };
    }
  }
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
  // Lines varying in number, the link on the last of them: tried first, as its lines also fit
  // the split below shifted by one letter.
  const above = varyingAbove($, rows, isLetter);
  if (above === 'unsure') return { lines: { unsure: true }, kinds: [] };
  if (above) {
    const linkedCells = labelledLines($, above.letters);
    return linkedCells === undefined ? undefined : { lines: { linesPerLetter: 'until-next-link', linkLine: 'last', linkedCells }, kinds: above.kinds };
  }
  // Lines varying in number: the last letter's lines are no evidence (a table's closing note or
  // 更新时间 follows it).
  const linkedCells = labelledLines($, letters.slice(0, -1), letters);
  return linkedCells === undefined ? undefined : { lines: { linesPerLetter: 'until-next-link', linkedCells }, kinds };
}

/**
 * Lines varying in number are read by label, so labels must tell their fields: the lines of at
 * least two of `letters` print known labels with values that differ, and every letter's linked
 * line (of `all`) has as many cells. Returns that number of cells, or undefined.
 */
function labelledLines($: CheerioAPI, letters: readonly Letter[], all = letters): number | undefined {
  const linkedCells = new Set(all.map((l) => $(l.line).children('td, th').length));
  const labelled = letters.map((l) => l.others.filter((line) => labelsIn($, line).length > 0)).filter((lines) => lines.length > 0);
  if (linkedCells.size !== 1 || labelled.length < 2 || new Set(labelled.map((lines) => lineText($, lines))).size < 2) return undefined;
  return [...linkedCells][0];
}

/**
 * Lines varying in number, the link on the last: every letter, the first too, has unlinked lines
 * over its linked line (the first's up to a spacer or a `<th>` header), and where a letter's lines
 * begin is seen, not guessed: every letter's first line has one shape printing a label or a date
 * (`编号：…`), or a spacer stands right under every linked line but the last. A header drawn with
 * `<td>` right over the first letter's lines has neither. `unsure` when the first letter's lines
 * over it print its fields but neither is seen: the lines between two links may then be the
 * earlier letter's as well, so no split is drafted.
 */
function varyingAbove($: CheerioAPI, rows: readonly Element[], isLetter: (row: Element) => boolean): { kinds: LineKind[]; letters: Letter[] } | 'unsure' | undefined {
  const own = ownLinesAboveFirst($, rows, isLetter);
  if (own === 0) return undefined;
  const kinds = lineKinds($, rows, isLetter, own);
  const letters = lettersOf(rows, kinds, 'above');
  if (letters.length < fewestLetters || letters.some((l) => l.others.length === 0)) return undefined;
  const firsts = letters.map((l) => l.others[0]!);
  const startLine = new Set(firsts.map((line) => shapeOf($, line))).size === 1 && (labelsIn($, firsts[0]!).length > 0 || cellTexts($, firsts[0]!).some((t) => valueLooks.date(t)));
  const spaced = letters.slice(0, -1).every((l) => kinds[rows.indexOf(l.line) + 1] === 'blank');
  if (startLine || spaced) return { kinds, letters };
  return letters[0]!.others.some((line) => labelsIn($, line).length > 0) ? 'unsure' : undefined;
}

/**
 * Joins the lines of every such table of the page in place; returns how each table body joined so
 * prints its letters (the source's `list.linesPerLetter` when the list turns out to be its rows).
 */
export function joinLetterLinesInPage($: CheerioAPI): Map<Element, DraftedLines | UnsureLines> {
  // A letter's line links to it; a pager's (下一页, 2) is no letter.
  const isLetter = (row: Element) => ownLinks($, row).some((a) => !isPagerText(textOf($, a)));
  const joined = new Map<Element, DraftedLines | UnsureLines>();
  const holders = new Set($('tr').toArray().map((tr) => tr.parent).filter((p): p is Element => !!p && p.type === 'tag'));
  for (const holder of holders) {
    const rows = linesOf(holder);
    const drafted = draftLines($, rows, isLetter);
    if (!drafted) continue;
    if ('unsure' in drafted.lines) {
      joined.set(holder, drafted.lines);
      continue;
    }
    const count = lineCount(drafted.lines.linesPerLetter);
    joinLinesInPlace($, rows, drafted.kinds, count, linesAbove(count, drafted.lines.linkLine));
    joined.set(holder, drafted.lines);
  }
  return joined;
}

/** The draft's note on a list so drafted. */
export function letterLinesNote(lines: DraftedLines | UnsureLines): string {
  if ('unsure' in lines) {
    return '列表表格中每封信的行数不定，标题链接似乎在最后一行（第一个链接行之上已有印着来信字段的行），但看不出每封信从哪一行开始（各信的第一行格式不一，链接行下也没有分隔行）：草稿没有把这些行拼成一条留言；若确是如此，请手工写 list.items（如 table.x tr:has(a)）、list.linesPerLetter: until-next-link 和 list.linkLine: last（每个链接行连同它与上一个链接行之间的各行为一封信，链接行的各列在前，其余字段按标签读取）';
  }
  const n = lines.linesPerLetter;
  if (n === 'until-next-link' && lines.linkLine === 'last') {
    return '列表表格中每封信的行数不定，标题链接在最后一行（其上是编号、时间、办理状态、答复等行，部分信件多几行，没有 rowspan 相连）：已设置 list.linesPerLetter: until-next-link 和 list.linkLine: last，爬取时把每个链接行连同它与上一个链接行之间的各行当作一条留言读取（链接行的各列在前），这些行中的字段按其标签（办理状态：… 等）读取';
  }
  if (n === 'until-next-link') {
    return '列表表格中每封信的行数不定（有标题链接的一行之后，部分信件另有办理状态、答复等行，没有 rowspan 相连）：已设置 list.linesPerLetter: until-next-link，爬取时把每个链接行连同其后到下一个链接行之前的各行当作一条留言读取，这些行中的字段按其标签（办理状态：… 等）读取';
  }
  if (typeof lines.linkLine === 'number') {
    const k = lines.linkLine;
    return `列表表格中每封信占 ${n} 行，标题链接在第 ${k} 行（其上 ${k - 1} 行、其下 ${n - k} 行是编号、日期、状态等，没有 rowspan 相连）：已设置 list.linesPerLetter: ${n} 和 list.linkLine: ${k}，爬取时把这几行当作一条留言读取`;
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

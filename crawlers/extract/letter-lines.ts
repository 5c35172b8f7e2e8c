/**
 * Letters printed over several table lines with no `rowspan` tying them: old ASP/JSP district sites
 * print a letter's title link on one `<tr>` and its date, type or status on the next (`<tr
 * class="sub"><td>2023-05-20</td><td>已回复</td></tr>`), often with a spacer line (`<td colspan=5
 * class="line">`) or the header repeated between letters. Read row by row, half the rows are no
 * letters and the status is out of a rule's reach. With `list.linesPerLetter: N` the list page is
 * read as a browser shows it: each linked line takes the cells of the N-1 unlinked lines after it
 * (so `td:nth-of-type(3)` is the second line's first cell when the first has two), or with
 * `linkLine: last` those of the N-1 lines before it, in the page's order (the status line printed
 * above the title's), and with `linkLine: n` those of the n-1 lines before it and the N-n after
 * (a line of 编号 and date above the title's, a status line below); with `until-next-link`, of
 * every unlinked line up to the next linked one (a reply line under answered letters only), or
 * with `linkLine: last` since the previous one (after the linked line's cells). Those lines,
 * spacers and repeated headers are removed. The drafting side (suggest/letter-lines.ts) finds N
 * and the link's line.
 */
import type { CheerioAPI, Element } from 'cheerio';
import type { ListSpec } from '../source/schema.js';

/** How a list table prints its letters: `list.linesPerLetter` and `list.linkLine`. */
export type LetterLines = Pick<ListSpec, 'linesPerLetter' | 'linkLine'>;

/** What a table line is: a letter's linked line, one of its other lines, a spacer, or a (repeated) header. */
export type LineKind = 'letter' | 'line' | 'blank' | 'heading';

const isTag = (node: { type: string }): node is Element => node.type === 'tag';
const squeezed = ($: CheerioAPI, el: Element) => $(el).text().replace(/\s+/g, '');

/** The links of a line that are its own (not those of a table nested in one of its cells: a layout table's row). */
export function ownLinks($: CheerioAPI, row: Element): Element[] {
  return $(row)
    .find('a[href], a[onclick]')
    .toArray()
    .filter((a) => $(a).closest('tr').get(0) === row);
}

/**
 * The kind of each line of one table body. `isLetter` tells a letter's line (by default: one with a
 * link of its own). A line of header cells only, or one printing the text of a line above the first
 * letter (the header drawn with `<td>` and repeated), is a heading; a line with no text and no image
 * a spacer. `ownLinesBefore`: the lines just above the first letter's that are its own (its link on
 * its last line), whose text is no header's.
 */
export function lineKinds($: CheerioAPI, rows: readonly Element[], isLetter: (row: Element) => boolean = (row) => ownLinks($, row).length > 0, ownLinesBefore = 0): LineKind[] {
  const headings = new Set<string>();
  const letterAt = rows.findIndex(isLetter);
  const textOfLine = rows.map((row) => squeezed($, row));
  const isBlank = (i: number) => textOfLine[i] === '' && $(rows[i]!).find('img, input').length === 0;
  const headerCells = (row: Element) => {
    const cells = $(row).children('td, th').toArray();
    return cells.length > 0 && cells.every((c) => c.name === 'th');
  };
  const aboveFirst = rows.slice(0, Math.max(letterAt, 0)).filter((row, i) => !isBlank(i) && !headerCells(row));
  const firstLettersOwn = new Set(ownLinesBefore > 0 ? aboveFirst.slice(-ownLinesBefore) : []);
  return rows.map((row, i) => {
    if (isLetter(row)) return 'letter';
    if (isBlank(i)) return 'blank';
    const text = textOfLine[i]!;
    if ((letterAt < 0 || i < letterAt) && !firstLettersOwn.has(row)) headings.add(text);
    if (headerCells(row)) return 'heading';
    return headings.has(text) ? 'heading' : 'line';
  });
}

/** How many lines a letter takes: `until-next-link` as many as come (Infinity). */
export const lineCount = (lines: LetterLines['linesPerLetter']): number => (lines === 'until-next-link' ? Number.POSITIVE_INFINITY : (lines ?? 1));

/**
 * How many of a letter's lines stand above its linked line: none with `first`, all but it with
 * `last` (Infinity with `until-next-link`: every one since the previous letter's), `n - 1` with a
 * line number `n`.
 */
export function linesAbove(count: number, linkLine: LetterLines['linkLine']): number {
  if (linkLine === 'last') return count - 1;
  return typeof linkLine === 'number' ? linkLine - 1 : 0;
}

/**
 * Joins the lines of one table body in place: the unlinked lines between two letters' linked lines
 * are the earlier letter's first (up to `count - 1 - above` of them, after its own cells), then
 * the later one's (its last `above`, ahead of its own cells), in the page's order; the first
 * letter takes its last `above` lines before it, the last its first lines after it. With `above`
 * Infinity (`until-next-link` and `linkLine: last`) a letter takes every line since the previous
 * letter's after its own cells, so those stand at the same place in every letter. Those lines are
 * removed with the spacers and the headers repeated after the first letter; lines beyond them (a
 * note) stay.
 */
export function joinLinesInPlace($: CheerioAPI, rows: readonly Element[], kinds: readonly LineKind[], count: number, above = 0): void {
  const begun = kinds.indexOf('letter');
  if (begun < 0) return;
  const after = above === Number.POSITIVE_INFINITY ? 0 : count - 1 - above;
  const cellsOf = (lines: Element[]) => lines.flatMap((line) => $(line).children('td, th').toArray());
  let letter: Element | undefined;
  // The unlinked lines since the previous letter's linked line (or the table's top).
  let gap: Element[] = [];
  const share = (next?: Element) => {
    const before = letter ? gap.slice(0, after) : [];
    const rest = gap.slice(before.length);
    const own = next && above > 0 ? rest.slice(Math.max(rest.length - above, 0)) : [];
    if (letter) $(letter).append(cellsOf(before));
    // Lines varying in number come after the linked line's cells, which so stand alike in every letter.
    if (next && above === Number.POSITIVE_INFINITY) $(next).append(cellsOf(own));
    else if (next) $(next).prepend(cellsOf(own));
    for (const line of [...before, ...own]) $(line).remove();
  };
  rows.forEach((row, i) => {
    const kind = kinds[i];
    if (kind === 'letter') {
      share(row);
      [letter, gap] = [row, []];
    } else if (i > begun && (kind === 'blank' || kind === 'heading')) $(row).remove();
    else if (kind === 'line') gap.push(row);
  });
  share();
}

/**
 * The first letter's own lines above its linked line with `until-next-link` and `linkLine: last`:
 * the lines just above it up to a spacer or a line of header cells (or the table's top), since their
 * number varies.
 */
export function ownLinesAboveFirst($: CheerioAPI, rows: readonly Element[], isLetter: (row: Element) => boolean = (row) => ownLinks($, row).length > 0): number {
  const letterAt = rows.findIndex(isLetter);
  let n = 0;
  for (let i = letterAt - 1; i >= 0; i--) {
    const row = rows[i]!;
    const cells = $(row).children('td, th').toArray();
    const header = cells.length > 0 && cells.every((c) => c.name === 'th');
    if (header || (squeezed($, row) === '' && $(row).find('img, input').length === 0)) break;
    n++;
  }
  return n;
}

/** The table lines (`<tr>`) directly under a table or its body. */
export const linesOf = (holder: Element): Element[] => holder.children.filter(isTag).filter((el) => el.name === 'tr');

/**
 * The list page as read for `list.linesPerLetter`: every table body holding rows `items` selects has
 * its letters' lines joined (joinLinesInPlace). Works on the page given: pass a copy.
 */
export function joinLetterLines($: CheerioAPI, items: string, lines: LetterLines): void {
  const count = lineCount(lines.linesPerLetter);
  const above = linesAbove(count, lines.linkLine);
  const holders = new Set<Element>();
  for (const el of $(items).toArray()) if (isTag(el) && el.name === 'tr' && el.parent && isTag(el.parent)) holders.add(el.parent);
  for (const holder of holders) {
    const rows = linesOf(holder);
    const kinds = lineKinds($, rows, undefined, above === Number.POSITIVE_INFINITY ? ownLinesAboveFirst($, rows) : above);
    joinLinesInPlace($, rows, kinds, count, above);
  }
}

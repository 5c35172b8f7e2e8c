/**
 * Letters printed over several table lines with no `rowspan` tying them: old ASP/JSP district sites
 * print a letter's title link on one `<tr>` and its date, type or status on the next (`<tr
 * class="sub"><td>2023-05-20</td><td>已回复</td></tr>`), often with a spacer line (`<td colspan=5
 * class="line">`) or the header repeated between letters. Read row by row, half the rows are no
 * letters and the status is out of a rule's reach. With `list.linesPerLetter: N` the list page is
 * read as a browser shows it: each linked line takes the cells of the N-1 unlinked lines after it
 * (so `td:nth-of-type(3)` is the second line's first cell when the first has two), or with
 * `linkLine: last` those of the N-1 lines before it, in the page's order (the status line printed
 * above the title's); with `until-next-link`, of every unlinked line up to the next linked one (a
 * reply line under answered letters only). Those lines, spacers and repeated headers are removed.
 * The drafting side (suggest/letter-lines.ts) finds N.
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
 * Joins the lines of one table body in place: each letter's line takes the cells of the first
 * `linesPerLetter - 1` lines after it (before the next letter's line), or with `linkLine: 'last'`
 * of the last `linesPerLetter - 1` lines before it (after the previous letter's line) ahead of its
 * own; those are removed with the spacers and the headers repeated after the first letter. Lines
 * beyond those (a note) stay.
 */
export function joinLinesInPlace($: CheerioAPI, rows: readonly Element[], kinds: readonly LineKind[], linesPerLetter: number, linkLine: 'first' | 'last' = 'first'): void {
  const begun = kinds.indexOf('letter');
  if (begun < 0) return;
  const others = linesPerLetter - 1;
  const cellsOf = (lines: Element[]) => lines.flatMap((line) => $(line).children('td, th').toArray());
  let letter: Element | undefined;
  let taken = 0;
  // With the link on the last line: the unlinked lines since the previous letter's line.
  let above: Element[] = [];
  rows.forEach((row, i) => {
    const kind = kinds[i];
    if (kind === 'letter' && linkLine === 'last') {
      const own = others > 0 ? above.slice(-others) : [];
      $(row).prepend(cellsOf(own));
      for (const line of own) $(line).remove();
      above = [];
    } else if (kind === 'letter') [letter, taken] = [row, 0];
    else if (i > begun && (kind === 'blank' || kind === 'heading')) $(row).remove();
    else if (kind === 'line' && linkLine === 'last') above.push(row);
    else if (kind === 'line' && letter && taken < others) {
      $(letter).append(cellsOf([row]));
      $(row).remove();
      taken++;
    }
  });
}

/** The table lines (`<tr>`) directly under a table or its body. */
export const linesOf = (holder: Element): Element[] => holder.children.filter(isTag).filter((el) => el.name === 'tr');

/**
 * The list page as read for `list.linesPerLetter`: every table body holding rows `items` selects has
 * its letters' lines joined (joinLinesInPlace). Works on the page given: pass a copy.
 */
export function joinLetterLines($: CheerioAPI, items: string, lines: LetterLines): void {
  const count = lineCount(lines.linesPerLetter);
  const linkLine = lines.linkLine ?? 'first';
  const holders = new Set<Element>();
  for (const el of $(items).toArray()) if (isTag(el) && el.name === 'tr' && el.parent && isTag(el.parent)) holders.add(el.parent);
  for (const holder of holders) {
    const rows = linesOf(holder);
    const kinds = lineKinds($, rows, undefined, linkLine === 'last' ? count - 1 : 0);
    joinLinesInPlace($, rows, kinds, count, linkLine);
  }
}

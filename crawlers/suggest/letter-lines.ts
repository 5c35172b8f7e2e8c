/**
 * Finds a list table printing each letter over several lines with no `rowspan` tying them (a
 * linked line, then N-1 unlinked lines of its date, type, status …; extract/letter-lines.ts) and
 * joins them in the page drafted from, so the draft sees one row a letter as the crawl will read it.
 * A table counts only when every letter but the last has the same number of unlinked lines after it
 * (the last at least as many: a note or pager may follow), spacers and repeated headers aside, and
 * that number is at least one: a one-line table with an occasional note line has letters followed
 * by none.
 */
import type { CheerioAPI, Element } from 'cheerio';
import { joinLinesInPlace, lineKinds, linesOf, ownLinks } from '../extract/letter-lines.js';
import { isPagerText, textOf } from './css-path.js';

/** Letters a table must show before its lines are taken for a pattern. */
const fewestLetters = 3;

/** Unlinked lines after each letter's line, or undefined when they differ (the last letter may have more). */
function linesAfterEach(kinds: readonly string[]): number | undefined {
  const counts: number[] = [];
  for (const kind of kinds) {
    if (kind === 'letter') counts.push(0);
    else if (kind === 'line' && counts.length > 0) counts[counts.length - 1]!++;
  }
  if (counts.length < fewestLetters) return undefined;
  const period = counts[0]!;
  const alike = counts.slice(0, -1).every((c) => c === period) && counts[counts.length - 1]! >= period;
  return alike && period >= 1 ? period : undefined;
}

/**
 * Joins the lines of every such table of the page in place; returns the lines a letter takes in
 * each table body joined so (`list.linesPerLetter` when the list turns out to be that body's rows).
 */
export function joinLetterLinesInPage($: CheerioAPI): Map<Element, number> {
  // A letter's line links to it; a pager's (下一页, 2) is no letter.
  const isLetter = (row: Element) => ownLinks($, row).some((a) => !isPagerText(textOf($, a)));
  const joined = new Map<Element, number>();
  const holders = new Set($('tr').toArray().map((tr) => tr.parent).filter((p): p is Element => !!p && p.type === 'tag'));
  for (const holder of holders) {
    const rows = linesOf(holder);
    const kinds = lineKinds($, rows, isLetter);
    const period = linesAfterEach(kinds);
    if (period === undefined) continue;
    joinLinesInPlace($, rows, kinds, period + 1);
    joined.set(holder, period + 1);
  }
  return joined;
}

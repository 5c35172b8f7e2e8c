/**
 * Where a value printed run together with the next label ends, on a line of labels as old JSP and
 * ASP templates print it (`答复单位：区住建局联系电话：0919-1234567经办人：张建答复时间：2023-05-23`):
 * at a label the site prints on that line on most of its letters' pages, whether field-words.ts
 * knows it or not. A label known there is recognised by its words; an unknown one only by
 * recurring, since its own text tells nothing (联系电话 after 区住建局 is 区住建局联系电话 until
 * another page shows 区医保局联系电话, or the line of an open letter shows 联系电话 alone). Pure.
 */
import { labelsInText } from './field-words.js';

/** The shortest and the longest label not known to field-words.ts that is told by recurring. */
const shortestUnknown = 2;
const longestUnknown = 6;

/** Runs of Chinese characters ending in a colon (`王先生邮编：`); the colon of a time (09:31) is no label's. */
function colonRuns(text: string): string[] {
  return [...text.matchAll(/([\u4e00-\u9fa5]{2,})[^\S\n]*[：:]/g)].map((m) => m[1]!);
}

/** The label of field-words.ts a colon run ends with (张三答复时间 → 答复时间), if any. */
const knownEnding = (run: string): string | undefined => labelsInText(`${run}：`)[0]?.label;

/** The last 2–6 characters of a run, the shortest first: where an unknown label may start. */
const endings = (run: string): string[] =>
  Array.from({ length: Math.max(0, Math.min(longestUnknown, run.length) - shortestUnknown + 1) }, (_, i) => run.slice(run.length - shortestUnknown - i));

/** Whether a text prints a colon run that ends with no label of field-words.ts (`王先生邮编：`, `区住建局联系电话：`). */
export function printsUnknownLabel(text: string): boolean {
  return colonRuns(text).some((run) => !knownEnding(run));
}

/**
 * The labels of one line of labels as the site prints it. `lines` is that line's text on each
 * letter's page read (undefined where a page has none). Each colon run ends with a label: the one of
 * field-words.ts it ends with, else the longest of its last 2–6 characters that as many pages end
 * a run with as its last two (区住建局联系电话, 区医保局联系电话 and 联系电话: 联系电话, not 局联系电话).
 * A label is kept when more than half of the pages print it on the line: a phrase quoted in one
 * letter's text (`前次答复时间：2023年5月10日`) is no label there, and does not cut the text.
 */
export function lineLabels(lines: readonly (string | undefined)[]): string[] {
  const read = lines.filter((t): t is string => t !== undefined);
  const most = (pages: number) => pages * 2 > read.length;
  const runs = read.map((text) => colonRuns(text).map((run) => ({ run, known: knownEnding(run) })));
  const pagesEnding = countPages(runs.map((page) => page.filter((r) => !r.known).flatMap((r) => endings(r.run))));
  const unknownLabel = (run: string): string | undefined => {
    const recurring = endings(run).filter((e) => most(pagesEnding.get(e) ?? 0));
    const widest = pagesEnding.get(recurring[0] ?? '') ?? 0;
    return recurring.filter((e) => pagesEnding.get(e) === widest).at(-1);
  };
  const pagesPrinting = countPages(runs.map((page) => page.flatMap((r) => r.known ?? unknownLabel(r.run) ?? [])));
  return [...pagesPrinting].filter(([, pages]) => most(pages)).map(([label]) => label);
}

/** On how many pages each word occurs (`words`: each page's, repeats counted once). */
function countPages(words: readonly string[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const page of words) for (const word of new Set(page)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

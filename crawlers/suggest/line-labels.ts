/**
 * Where a value printed run together with the next label ends, on a line of labels as old JSP and
 * ASP templates print it (`答复单位：区住建局联系电话：0919-1234567经办人：张建答复时间：2023-05-23`):
 * at a label the site prints on that line on most of its letters' pages, whether field-words.ts
 * knows it or not. A label known there is recognised by its words; an unknown one only by
 * recurring, since its own text tells nothing (联系电话 after 区住建局 is 区住建局联系电话 until
 * another page shows 区医保局联系电话, or the line of an open letter shows 联系电话 alone). Pure.
 */
import { fieldLabels, labelsInText } from './field-words.js';

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

/**
 * Known labels that end other known labels (时间 ends 来信时间, 内容 ends 来信内容): a site's own
 * label may end with them too (受理时间, 转办时间, 审核内容), so a longer ending printed alike on most
 * pages wins over them. A specific label (答复时间) is kept even when the values before it all end
 * alike (区住建局答复时间, 区医保局答复时间).
 */
const allLabels = fieldLabels.flatMap(([, labels]) => labels);
const endsOthers = new Set(allLabels.filter((label) => allLabels.some((other) => other !== label && other.endsWith(label))));

/**
 * Whether a text prints a colon run that ends with no label of field-words.ts (`王先生邮编：`,
 * `区住建局联系电话：`), or with one that ends other labels after more characters (`王先生受理时间：`):
 * which label it is, only more letters' pages tell.
 */
export function printsUnknownLabel(text: string): boolean {
  return colonRuns(text).some((run) => {
    const known = knownEnding(run);
    return !known || (endsOthers.has(known) && run.length > known.length);
  });
}

/** A colon run of a page: the label of field-words.ts it ends with, and the label the site prints there. */
interface RunLabel {
  known: string | undefined;
  label: string | undefined;
}

/**
 * Each page's colon runs with their labels. A run ends with a label: the longest of its last 2–6
 * characters that as many pages end a run with as the shortest such ending (区住建局联系电话,
 * 区医保局联系电话 and 联系电话: 联系电话, not 局联系电话), when that is longer than the label of
 * field-words.ts it ends with, if any, and that label ends other labels (受理时间, not 时间).
 */
function runLabels(lines: readonly (string | undefined)[]): { read: number; pages: RunLabel[][] } {
  const read = lines.filter((t): t is string => t !== undefined);
  const most = (pages: number) => pages * 2 > read.length;
  const runs = read.map((text) => colonRuns(text).map((run) => ({ run, known: knownEnding(run) })));
  const open = (known: string | undefined) => !known || endsOthers.has(known);
  const pagesEnding = countPages(runs.map((page) => page.filter((r) => open(r.known)).flatMap((r) => endings(r.run))));
  const siteLabel = (run: string, known: string | undefined): string | undefined => {
    const longer = endings(run).filter((e) => e.length > (known?.length ?? 0));
    const recurring = longer.filter((e) => most(pagesEnding.get(e) ?? 0));
    const widest = pagesEnding.get(recurring[0] ?? '') ?? 0;
    return recurring.filter((e) => pagesEnding.get(e) === widest).at(-1) ?? known;
  };
  return { read: read.length, pages: runs.map((page) => page.map(({ run, known }) => ({ known, label: open(known) ? siteLabel(run, known) : known }))) };
}

/**
 * The labels of one line of labels as the site prints it. `lines` is that line's text on each
 * letter's page read (undefined where a page has none). Each colon run ends with a label (see
 * `runLabels`). A label is kept when more than half of the pages print it on the line: a phrase
 * quoted in one letter's text (`前次答复时间：2023年5月10日`) is no label there, and does not cut
 * the text. A known label that is only the ending of the site's own (时间 of 受理时间) is none.
 */
export function lineLabels(lines: readonly (string | undefined)[]): string[] {
  const { read, pages } = runLabels(lines);
  const pagesPrinting = countPages(pages.map((page) => page.flatMap((r) => r.label ?? [])));
  return [...pagesPrinting].filter(([, count]) => count * 2 > read).map(([label]) => label);
}

/**
 * The site's own label that a known label is only the ending of on this line on most pages
 * (受理时间 for 时间), or undefined: the field of the known label is then not on the line under it.
 */
export function longerLabelOf(lines: readonly (string | undefined)[], known: string): string | undefined {
  const { read, pages } = runLabels(lines);
  const longer = countPages(pages.map((page) => page.flatMap((r) => (r.known === known && r.label !== known && r.label ? [r.label] : []))));
  return [...longer].find(([, count]) => count * 2 > read)?.[0];
}

/** On how many pages each word occurs (`words`: each page's, repeats counted once). */
function countPages(words: readonly string[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const page of words) for (const word of new Set(page)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * The draw of the label sets that need positives of a rare kind (suggestion-labels, test4):
 * `randomCount` messages at random from the pool, then `cuedCount` at random among the rest that
 * hold a word of a list written for the purpose, shuffled together so the labeller cannot tell the
 * two draws apart. Seeded: the same pool and seed give the same rows in the same order. The two
 * draws are strata for post-stratified figures (each row weighs its cell's pool size over its
 * labelled rows).
 */
import { writeFileSync } from 'node:fs';
import { seededRandom, shuffled } from '../../core/index.js';
import type { LabeledRow } from '../data.js';
import { textKey } from './out-of-scope-sets.js';

/** A predicate: the message's title or content holds one of `words` (the cued draw's population and weighting cell). */
export function holdsWordOf(words: readonly string[]): (row: { title: string; content: string }) => boolean {
  return (row) => {
    const text = `${row.title}\n${row.content}`;
    return words.some((w) => text.includes(w));
  };
}

export interface DrawnRow<R> {
  row: R;
  stratum: 'random' | 'cued';
}

export function drawRandomPlusCued<R extends { id: string }>(
  pool: readonly R[],
  options: { seed: number; randomCount: number; cuedCount: number; isCued: (row: R) => boolean },
): DrawnRow<R>[] {
  const random = seededRandom(options.seed);
  const randomRows = shuffled(pool, random).slice(0, options.randomCount);
  const taken = new Set(randomRows.map((r) => r.id));
  const cuedRows = shuffled(
    pool.filter((r) => !taken.has(r.id) && options.isCued(r)),
    random,
  ).slice(0, options.cuedCount);
  const drawn: DrawnRow<R>[] = [...randomRows.map((row) => ({ row, stratum: 'random' as const })), ...cuedRows.map((row) => ({ row, stratum: 'cued' as const }))];
  return shuffled(drawn, random);
}

/**
 * The rows these sets are drawn from: Dalian, Jiamusi and Beijing (Teddy has no type labels), in
 * file order, each text once (its first id kept), without `excluded` ids nor verbatim copies of them.
 */
export function drawPool(rows: readonly LabeledRow[], excluded: ReadonlySet<string> = new Set()): LabeledRow[] {
  const sampled = rows.filter((r) => /^(dalian|jiamusi|beijing)-/.test(r.id));
  const excludedTexts = new Set(sampled.filter((r) => excluded.has(r.id)).map(textKey));
  const seen = new Set<string>();
  return sampled.filter((r) => {
    const key = textKey(r);
    if (excluded.has(r.id) || excludedTexts.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What a sampler's command line does with its draw: prints each row as the labeller reads it (id,
 * title and content only, as JSON lines on stdout: no stratum, no score), and with `--strata FILE`
 * writes `strata` (one JSON line each: which draw a row came from, for weighted figures).
 */
export function emitDraw(argv: readonly string[], rows: readonly { id: string; title: string; content: string }[], strata: readonly unknown[]): void {
  for (const row of rows) process.stdout.write(`${JSON.stringify({ id: row.id, title: row.title, content: row.content })}\n`);
  const at = argv.indexOf('--strata');
  if (at < 0) return;
  const file = argv[at + 1];
  if (!file) throw new Error('--strata needs a file');
  writeFileSync(file, strata.map((line) => JSON.stringify(line)).join('\n') + '\n');
}

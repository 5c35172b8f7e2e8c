/**
 * The labelled rows the evaluation scripts split: Dalian, Beijing and Jiamusi from ../shared/data,
 * exact repeats dropped (about 200 Dalian rows repeat another's body: they would sit on both sides
 * of a split and flatter the figures), keeping the first of each.
 */
import path from 'node:path';
import { defaultSharedDataDir, readLabeledFiles, type LabeledRow } from '../data.js';
import { seededRandom } from '../linear-model.js';

export function readEvaluationRows(): LabeledRow[] {
  const dir = defaultSharedDataDir();
  const files = ['dalian-train.jsonl', 'beijing-train.jsonl', 'jiamusi-train.jsonl'].map((f) => path.join(dir, f));
  const seen = new Set<string>();
  return readLabeledFiles(files).labeled.filter((r) => {
    const key = `${r.title}\u0000${r.content}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The evaluation rows of each source the scripts split (Dalian, Beijing, Jiamusi). */
export function evaluationSources(rows: LabeledRow[] = readEvaluationRows()): { dalian: LabeledRow[]; beijing: LabeledRow[]; jiamusi: LabeledRow[] } {
  const bySource = (s: string) => rows.filter((r) => r.source === s);
  return { dalian: bySource('dalian-12345'), beijing: bySource('beijing-mailbox'), jiamusi: bySource('jiamusi-zmhd') };
}

/**
 * [kept, drawn]: each row is drawn with probability `share`, in order, from seededRandom(seed).
 * The scripts' Dalian held-out 20% is drawShare(dalian, 0.2, 42).
 */
export function drawShare<T>(rows: readonly T[], share: number, seed: number): [T[], T[]] {
  const random = seededRandom(seed);
  const kept: T[] = [];
  const drawn: T[] = [];
  for (const r of rows) (random() < share ? drawn : kept).push(r);
  return [kept, drawn];
}

/** Each row's fold (0 … folds-1) in k-fold cross-validation; the scripts use fold seeds 99 and 7. */
export function foldsOf(rows: readonly unknown[], folds: number, seed: number): number[] {
  const random = seededRandom(seed);
  return rows.map(() => Math.floor(random() * folds));
}

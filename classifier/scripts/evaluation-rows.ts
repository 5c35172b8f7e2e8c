/**
 * The labelled rows the evaluation scripts split: Dalian, Beijing and Jiamusi from ../shared/data,
 * exact repeats dropped (about 200 Dalian rows repeat another's body: they would sit on both sides
 * of a split and flatter the figures), keeping the first of each.
 */
import path from 'node:path';
import { defaultSharedDataDir, readLabeledFiles, type LabeledRow } from '../data.js';

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

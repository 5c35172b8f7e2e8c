/**
 * Sweep of the reworded-copy thresholds on the tune split (Dalian), with the index's decisions
 * (IDF from the index over all Dalian rows). Real pairs only: the synthetic copies are found by
 * the other paths. How minTokenOverlap and minJaccardReworded were chosen (see dedup/README.md).
 *
 *   npx tsx dedup/eval/sweep-reworded.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDedupIndex } from '../dedup-index.js';
import { fingerprint, type Fingerprint } from '../fingerprint.js';
import { defaultDuplicateRule } from '../similarity.js';
import { loadRows } from './data.js';
import type { LabeledPair } from './mine-pairs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const pairs = (JSON.parse(readFileSync(path.join(here, 'pairs.json'), 'utf8')) as LabeledPair[]).filter((p) => p.split === 'tune' && typeof p.b === 'string');
const fps = new Map<string, Fingerprint>();
for (const row of loadRows('dalian')) fps.set(row.id, fingerprint(row));
const lines = ['minTokenOverlap minJaccardReworded   TP   FN   FP  hardLinked'];
for (const minTokenOverlap of [0.45, 0.5, 0.55, 0.6, 2]) {
  for (const minJaccardReworded of [0.1, 0.15, 0.2]) {
    const index = createDedupIndex({ rule: { minTokenOverlap, minJaccardReworded } });
    for (const [id, fp] of fps) index.add(id, fp);
    let tp = 0;
    let fn = 0;
    let fp = 0;
    let hard = 0;
    for (const p of pairs) {
      const linked = index.findDuplicates(fps.get(p.b as string)!).some((m) => m.id === p.a);
      if (p.label === 1) {
        if (linked) tp++;
        else fn++;
      } else if (linked) {
        fp++;
        if (p.kind === 'hard-negative') hard++;
      }
    }
    const mark = minTokenOverlap === defaultDuplicateRule.minTokenOverlap && minJaccardReworded === defaultDuplicateRule.minJaccardReworded ? '  <- default' : minTokenOverlap > 1 ? '  (path off)' : '';
    lines.push(`${String(minTokenOverlap).padEnd(15)} ${String(minJaccardReworded).padEnd(18)} ${String(tp).padStart(4)} ${String(fn).padStart(4)} ${String(fp).padStart(4)} ${String(hard).padStart(11)}${mark}`);
  }
}
process.stdout.write(`${lines.join('\n')}\n`);

/**
 * Sweep of the duplicate rule on what may be tuned on: the tune split's real pairs (Dalian, pairs.json)
 * and the fresh dev pairs (Dalian, fresh-labels.json). The fresh held-out pairs (Jiamusi, Beijing) are
 * not read here. Index decisions (IDF over all Dalian rows).
 *
 *   npx tsx dedup/eval/sweep-fresh.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDedupIndex } from '../dedup-index.js';
import { fingerprint, type Fingerprint } from '../fingerprint.js';
import { defaultDuplicateRule, type DuplicateRule } from '../similarity.js';
import { loadRows } from './data.js';
import { loadFresh } from './fresh.js';
import type { LabeledPair } from './mine-pairs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tune = (JSON.parse(readFileSync(path.join(here, 'pairs.json'), 'utf8')) as LabeledPair[]).filter((p) => p.split === 'tune' && typeof p.b === 'string');
const dev = loadFresh().pairs.filter((p) => p.role === 'dev');
const fps = new Map<string, Fingerprint>();
for (const row of loadRows('dalian')) fps.set(row.id, fingerprint(row));

const grid: Partial<DuplicateRule>[] = [{}];
for (const minTokenOverlap of [0.45, 0.5]) grid.push({ minTokenOverlap });
for (const minJaccardWithTitle of [0.1, 0.15, 0.2, 0.25, 0.3]) for (const minTitleJaccard of [0.4, 0.5, 0.6]) grid.push({ minJaccardWithTitle, minTitleJaccard });
for (const minContainment of [0.7, 0.75, 0.8]) grid.push({ minContainment });
for (const minJaccardReworded of [0.05, 0.1]) for (const minTokenOverlap of [0.5, 0.55]) grid.push({ minJaccardReworded, minTokenOverlap });

const lines = ['rule                                             tune TP/FN  FP hard | dev TP/FN  FP'];
for (const over of grid) {
  const index = createDedupIndex({ rule: over });
  for (const [id, fp] of fps) index.add(id, fp);
  const linked = (a: string, b: string) => index.findDuplicates(fps.get(b)!).some((m) => m.id === a && m.id !== b);
  const t = { tp: 0, fn: 0, fp: 0, hard: 0 };
  for (const p of tune) {
    const l = linked(p.a, p.b as string);
    if (p.label === 1) {
      if (l) t.tp++;
      else t.fn++;
    } else if (l) {
      t.fp++;
      if (p.kind === 'hard-negative') t.hard++;
    }
  }
  const d = { tp: 0, fn: 0, fp: 0 };
  for (const p of dev) {
    const l = linked(p.a, p.b);
    if (p.label === 1) {
      if (l) d.tp++;
      else d.fn++;
    } else if (l) d.fp++;
  }
  const name = Object.keys(over).length === 0 ? 'default' : JSON.stringify(over);
  lines.push(`${name.padEnd(48)} ${String(t.tp).padStart(4)}/${String(t.fn).padEnd(4)} ${String(t.fp).padStart(3)} ${String(t.hard).padStart(4)} | ${String(d.tp).padStart(3)}/${String(d.fn).padEnd(3)} ${String(d.fp).padStart(3)}`);
}
process.stdout.write(`${lines.join('\n')}\n(defaults: ${JSON.stringify(defaultDuplicateRule)})\n`);

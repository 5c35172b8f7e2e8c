/**
 * Experiment: can a learned pair score (logistic regression over the similarity features the rules
 * use) separate reworded re-posts from hard negatives better than the hand rules? Trains on what may
 * be tuned on (tune split real pairs + fresh dev), reports the held-out sets (test split real pairs,
 * fresh held-out) at the threshold that links no training negative and at fixed thresholds, next to
 * the rules' pairwise decisions (compareFingerprints with the index's token weights) on the same pairs.
 * Result (fifth session): not better than the rules at any threshold; see dedup/README.md.
 *   npx tsx dedup/eval/pair-model-experiment.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDedupIndex, type DedupIndex } from '../dedup-index.js';
import { decodeSketch, fingerprint, TITLE_SKETCH, type Fingerprint } from '../fingerprint.js';
import { compareFingerprints, defaultDuplicateRule, numbersDiffer, sketchOverlap, weightedTokenOverlap } from '../similarity.js';
import { loadRows, type DataSetName } from './data.js';
import { loadFresh } from './fresh.js';
import type { LabeledPair } from './mine-pairs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const pairs = (JSON.parse(readFileSync(path.join(here, 'pairs.json'), 'utf8')) as LabeledPair[]).filter((p) => typeof p.b === 'string' && (p.kind === 'real-near' || p.kind === 'hard-negative'));
const fresh = loadFresh().pairs;

const fps = new Map<string, Fingerprint>();
const indexes: Record<'tune' | 'test', DedupIndex> = { tune: createDedupIndex(), test: createDedupIndex() };
const sets: Record<'tune' | 'test', DataSetName[]> = { tune: ['dalian'], test: ['jiamusi', 'beijing', 'teddy'] };
for (const split of ['tune', 'test'] as const)
  for (const set of sets[split])
    for (const row of loadRows(set)) {
      const fp = fingerprint(row);
      fps.set(row.id, fp);
      indexes[split].add(row.id, fp);
    }

interface Example { x: number[]; y: number; group: string; rule: boolean; vetoed: boolean; id: string }
function features(aId: string, bId: string, split: 'tune' | 'test'): { x: number[]; rule: boolean; vetoed: boolean } {
  const a = fps.get(aId)!;
  const b = fps.get(bId)!;
  const w = indexes[split].tokenWeight;
  const rule = compareFingerprints(b, a, undefined, w).duplicate;
  // With a Jaccard bar of 0 every pair passes `near`, so only the name and request vetoes can refuse it.
  const vetoed = !compareFingerprints(b, a, { ...defaultDuplicateRule, minJaccard: 0 }, w).duplicate;
  const o = sketchOverlap(decodeSketch(a.sketch), a.size, decodeSketch(b.sketch), b.size);
  const titleOk = Math.min(a.titleSize, b.titleSize) >= 5;
  const t = titleOk ? sketchOverlap(decodeSketch(a.titleSketch), a.titleSize, decodeSketch(b.titleSketch), b.titleSize, TITLE_SKETCH).jaccard : 0;
  const ta = decodeSketch(a.tokens);
  const tb = decodeSketch(b.tokens);
  const idf = weightedTokenOverlap(ta, tb, w);
  const uni = weightedTokenOverlap(ta, tb);
  const sharedName = a.names.some((n) => b.names.includes(n)) ? 1 : 0;
  const numDiff = numbersDiffer(a.numbers, b.numbers) ? 1 : 0;
  const minSize = Math.min(a.size, b.size);
  const contained = minSize >= 30 ? o.containment : 0;
  return { x: [o.jaccard, contained, t, titleOk ? 1 : 0, idf, uni, sharedName, numDiff, Math.log1p(minSize) / 6, Math.log1p(Math.max(a.size, b.size)) / 6], rule, vetoed };
}

const train: Example[] = [];
const heldTest: Example[] = [];
const heldFresh: Example[] = [];
for (const p of pairs) {
  const f = features(p.a, p.b as string, p.split as 'tune' | 'test');
  const ex = { ...f, y: p.label, group: `${p.split}:${p.kind}`, id: `${p.a}~${p.b}` };
  (p.split === 'tune' ? train : heldTest).push(ex);
}
for (const p of fresh) {
  const f = features(p.a, p.b, p.role === 'dev' ? 'tune' : 'test');
  const ex = { ...f, y: p.label, group: `fresh-${p.role}`, id: `${p.a}~${p.b}` };
  (p.role === 'dev' ? train : heldFresh).push(ex);
}

// Logistic regression with pairwise products of the first features (small, L2).
const expand = (x: number[]) => {
  const out = [...x];
  for (let i = 0; i < 6; i++) for (let j = i; j < 6; j++) out.push(x[i]! * x[j]!);
  return out;
};
const X = train.map((e) => expand(e.x));
const d = X[0]!.length;
const wts = new Float64Array(d + 1);
const pos = train.filter((e) => e.y === 1).length;
const neg = train.length - pos;
for (let epoch = 0; epoch < 3000; epoch++) {
  const g = new Float64Array(d + 1);
  for (let i = 0; i < X.length; i++) {
    let z = wts[d]!;
    for (let k = 0; k < d; k++) z += wts[k]! * X[i]![k]!;
    const p = 1 / (1 + Math.exp(-z));
    const cw = train[i]!.y === 1 ? train.length / (2 * pos) : train.length / (2 * neg);
    const err = (p - train[i]!.y) * cw;
    for (let k = 0; k < d; k++) g[k]! += err * X[i]![k]!;
    g[d]! += err;
  }
  for (let k = 0; k < d; k++) wts[k]! -= (0.5 * (g[k]! / X.length + 0.001 * wts[k]!));
  wts[d]! -= 0.5 * (g[d]! / X.length);
}
const score = (e: Example) => {
  const x = expand(e.x);
  let z = wts[d]!;
  for (let k = 0; k < d; k++) z += wts[k]! * x[k]!;
  return e.vetoed ? 0 : 1 / (1 + Math.exp(-z));
};
// Threshold: lowest that links no training negative.
const negMax = Math.max(...train.filter((e) => e.y === 0).map(score));
const report = (name: string, exs: Example[], thr: number) => {
  const tp = exs.filter((e) => e.y === 1 && score(e) > thr).length;
  const fp = exs.filter((e) => e.y === 0 && score(e) > thr).length;
  const rtp = exs.filter((e) => e.y === 1 && e.rule).length;
  const rfp = exs.filter((e) => e.y === 0 && e.rule).length;
  const P = exs.filter((e) => e.y === 1).length;
  const N = exs.length - P;
  return `${name.padEnd(14)} pos ${P} neg ${N} | model thr ${thr.toFixed(3)}: TP ${tp} FP ${fp} R ${(tp / P).toFixed(3)} | rules: TP ${rtp} FP ${rfp} R ${(rtp / P).toFixed(3)}`;
};
for (const thr of [negMax, 0.5, 0.7, 0.8, 0.9]) {
  process.stdout.write(`-- threshold ${thr.toFixed(3)}${thr === negMax ? ' (no training negative)' : ''}\n`);
  process.stdout.write(`${report('train', train, thr)}\n${report('test split', heldTest, thr)}\n${report('fresh held', heldFresh, thr)}\n`);
}
process.stdout.write(`weights ${Array.from(wts).map((v) => v.toFixed(2)).join(' ')}\n`);

/**
 * Fits the urgency suggestion's weights (suggestions.ts `urgencyWeights`, `urgencyFit`) on the
 * development labels only: the dev half of eval/urgency-labels.jsonl (250 messages) and the 200 of
 * eval/suggestion-labels.jsonl (development data since the fifth session). The test half of the
 * urgency labels is never read here.
 *   npx tsx classifier/scripts/fit-urgency.ts [--l2 1] [--folds 5] [--repeats 5] [--drop a,b]
 * 1. Each message goes through classify() for its category, then urgency-signals.ts.
 * 2. Logistic regression over the signals (plus two combinations the policy names: a cold home
 *    with a vulnerable person, a supply lost now or for many), L2 `--l2` on the weights, Newton's
 *    method, every row weight 1 (the ranking is learnt on the rows as drawn).
 * 3. Cross-validation (`--folds`, stratified by label, `--repeats` seeds): out-of-fold scores,
 *    their ranking AUC, and precision and recall at p ≥ 0.5 after a Platt fit on the out-of-fold
 *    scores, weighted to all mail (each set post-stratified by its own word list, as the
 *    evaluations do): what to expect on unseen mail, for choosing `--l2`.
 * 4. The final fit on all development rows, and Platt's a, b on the out-of-fold scores of the
 *    first repeat (so the confidence is fitted on scores the model did not train on), printed as
 *    TypeScript to paste into suggestions.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededRandom, shuffled } from '../../core/index.js';
import { loadClassifier } from '../classifier.js';
import { urgencyFeatureNames, urgencyFeatures } from '../suggestions.js';
import { auc, binaryFigures, fitPlatt, reliability, sigmoid, type ScoredBinaryRow } from './suggestion-metrics.js';
import { hasUrgencyDrawWord, readUrgencyLabels, urgencyPool } from './sample-urgency-labels.js';
import { drawSuggestionSample, hasUrgencyWord, suggestionPool } from './sample-suggestion-labels.js';

const argValue = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const l2 = Number(argValue('--l2', '1'));
const folds = Number(argValue('--folds', '5'));
const repeats = Number(argValue('--repeats', '5'));
const dropped = new Set(argValue('--drop', '').split(',').filter(Boolean));

interface DevRow {
  id: string;
  set: 'urgency-dev' | 'suggestion';
  urgent: boolean;
  x: number[];
  /** Post-stratification weight within its set (figures for all mail). */
  weight: number;
}

const classifier = await loadClassifier();
const featureNames = urgencyFeatureNames.filter((n) => !dropped.has(n));
const keep = urgencyFeatureNames.map((n) => !dropped.has(n));
const featuresOf = (title: string, content: string) => {
  const category = classifier.classify({ title, content }).category;
  return urgencyFeatures(title, content, category).filter((_, i) => keep[i]);
};

function poststratified<T extends { cell: boolean }>(rows: T[], population: { cell: number; rest: number }): number[] {
  const nCell = rows.filter((r) => r.cell).length;
  return rows.map((r) => (r.cell ? population.cell / nCell : population.rest / (rows.length - nCell)));
}

// The dev half of the urgency labels.
const newPool = urgencyPool();
const { labels, rows: texts } = readUrgencyLabels(newPool);
const newCells = { cell: newPool.filter(hasUrgencyDrawWord).length, rest: 0 };
newCells.rest = newPool.length - newCells.cell;
const devPart = labels.map((l, i) => ({ l, t: texts[i]!, cell: l.listWord })).filter(({ l }) => l.split === 'dev');
const devWeights = poststratified(devPart, newCells);
const rows: DevRow[] = devPart.map(({ l, t }, i) => ({ id: l.id, set: 'urgency-dev', urgent: l.urgency === 'urgent', x: featuresOf(t.title, t.content), weight: devWeights[i]! }));

// The earlier 200.
const oldPool = suggestionPool();
const oldSample = drawSuggestionSample(oldPool);
const oldLabels = readFileSync(fileURLToPath(new URL('../eval/suggestion-labels.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; urgency: string });
const oldCells = { cell: oldPool.filter(hasUrgencyWord).length, rest: 0 };
oldCells.rest = oldPool.length - oldCells.cell;
const oldPart = oldSample.map(({ row }, i) => ({ row, l: oldLabels[i]!, cell: hasUrgencyWord(row) }));
if (oldPart.some(({ row, l }) => row.id !== l.id)) throw new Error('suggestion-labels.jsonl does not match its draw');
const oldWeights = poststratified(oldPart, oldCells);
// The two sets estimate the same mail: each set's weights are scaled to its share of the rows.
const scale = (ws: number[], n: number) => {
  const total = ws.reduce((s, w) => s + w, 0);
  return ws.map((w) => (w * n) / total);
};
const devScaled = scale(rows.map((r) => r.weight), rows.length);
rows.forEach((r, i) => (r.weight = devScaled[i]!));
const oldScaled = scale(oldWeights, oldPart.length);
rows.push(...oldPart.map(({ row, l }, i) => ({ id: l.id, set: 'suggestion' as const, urgent: l.urgency === 'urgent', x: featuresOf(row.title, row.content), weight: oldScaled[i]! })));

/** L2-regularised logistic regression by Newton's method; returns [bias, ...weights]. */
function fitLogistic(train: DevRow[]): number[] {
  const d = featureNames.length + 1;
  const w = new Array<number>(d).fill(0);
  const xOf = (r: DevRow) => [1, ...r.x];
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const r of train) {
      const x = xOf(r);
      const p = sigmoid(x.reduce((s, v, k) => s + v * w[k]!, 0));
      const err = p - (r.urgent ? 1 : 0);
      const v = p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a]! += err * x[a]!;
        if (x[a] === 0) continue;
        for (let b = 0; b < d; b++) h[a]![b]! += v * x[a]! * x[b]!;
      }
    }
    for (let a = 1; a < d; a++) {
      g[a]! += l2 * w[a]!;
      h[a]![a]! += l2;
    }
    h[0]![0]! += 1e-6;
    const step = solve(h, g);
    let moved = 0;
    for (let a = 0; a < d; a++) {
      w[a]! -= step[a]!;
      moved += Math.abs(step[a]!);
    }
    if (moved < 1e-9) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting: h · s = g. */
function solve(h: number[][], g: number[]): number[] {
  const n = g.length;
  const m = h.map((row, i) => [...row, g[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const p = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / p;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

const scoreOf = (w: number[], r: DevRow) => w[0]! + r.x.reduce((s, v, k) => s + v * w[k + 1]!, 0);

/** Out-of-fold scores of one stratified split into `folds`. */
function outOfFold(seed: number): Map<DevRow, number> {
  const random = seededRandom(seed);
  const foldOf = new Map<DevRow, number>();
  for (const label of [true, false]) {
    shuffled(rows.filter((r) => r.urgent === label), random).forEach((r, i) => foldOf.set(r, i % folds));
  }
  const scores = new Map<DevRow, number>();
  for (let f = 0; f < folds; f++) {
    const w = fitLogistic(rows.filter((r) => foldOf.get(r) !== f));
    for (const r of rows) if (foldOf.get(r) === f) scores.set(r, scoreOf(w, r));
  }
  return scores;
}

const f3 = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));
let firstPlatt = { a: 1, b: 0 };
process.stdout.write(`${rows.length} development rows (${rows.filter((r) => r.urgent).length} urgent); L2 ${l2}; ${folds} folds × ${repeats} repeats; dropped: ${[...dropped].join(',') || 'none'}\n`);
const summary: number[][] = [];
for (let rep = 0; rep < repeats; rep++) {
  const oof = outOfFold(20261211 + rep);
  const platt = fitPlatt(rows.map((r) => ({ score: oof.get(r)!, truth: r.urgent, weight: r.weight })));
  if (rep === 0) firstPlatt = platt;
  const scored = (subset: DevRow[], weighted: boolean): ScoredBinaryRow[] =>
    subset.map((r) => ({ truth: r.urgent, p: sigmoid(platt.a * oof.get(r)! + platt.b), weight: weighted ? r.weight : 1 }));
  const line: number[] = [];
  const parts = (['urgency-dev', 'suggestion'] as const).map((set) => {
    const subset = rows.filter((r) => r.set === set);
    const un = scored(subset, false);
    const we = scored(subset, true);
    const fu = binaryFigures(un);
    const fw = binaryFigures(we);
    line.push(fu.precision, fu.recall, auc(we), fw.recall, auc(un));
    return `${set}: P ${f3(fu.precision)} (${fu.confusion.tp}/${fu.confusion.tp + fu.confusion.fp}) R ${f3(fu.recall)} (${fu.confusion.tp}/${fu.confusion.tp + fu.confusion.fn}) AUC ${f3(auc(un))} | weighted P ${f3(fw.precision)} R ${f3(fw.recall)} AUC ${f3(auc(we))} ECE ${f3(reliability(we).ece)}`;
  });
  summary.push(line);
  if (process.argv.includes('--cuts')) {
    const all = rows.map((r) => ({ r, p: sigmoid(platt.a * oof.get(r)! + platt.b) }));
    const cutLine = [0.5, 0.4, 0.3, 0.2, 0.1].map((cut) => {
      const flagged = all.filter((x) => x.p >= cut);
      const tp = flagged.filter((x) => x.r.urgent).length;
      const tw = flagged.reduce((s2, x) => s2 + (x.r.urgent ? x.r.weight : 0), 0);
      const fw = flagged.reduce((s2, x) => s2 + x.r.weight, 0);
      const posW = all.reduce((s2, x) => s2 + (x.r.urgent ? x.r.weight : 0), 0);
      return `≥${cut}: ${tp}/${flagged.length} of ${rows.filter((r) => r.urgent).length} (weighted P ${f3(tw / fw)} R ${f3(tw / posW)})`;
    });
    process.stdout.write(`    cuts (both sets): ${cutLine.join('; ')}\n`);
    const edges = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0001];
    const bins = edges.slice(0, -1).map((from, k) => {
      const inBin = all.filter((x) => x.p >= from && x.p < edges[k + 1]!);
      const wsum = inBin.reduce((s2, x) => s2 + x.r.weight, 0);
      const mp = inBin.reduce((s2, x) => s2 + x.r.weight * x.p, 0) / wsum;
      const share = inBin.reduce((s2, x) => s2 + (x.r.urgent ? x.r.weight : 0), 0) / wsum;
      return `[${from},${Math.min(edges[k + 1]!, 1)}) ${inBin.length} rows, mean p ${f3(mp)}, urgent ${f3(share)}`;
    });
    process.stdout.write(`    reliability (weighted): ${bins.join('; ')}\n`);
  }
  process.stdout.write(`  repeat ${rep + 1}: ${parts.join(' || ')}\n`);
}
const mean = (k: number) => summary.reduce((s, l) => s + (Number.isNaN(l[k]!) ? 0 : l[k]!), 0) / summary.length;
process.stdout.write(
  `  mean: urgency-dev P ${f3(mean(0))} R ${f3(mean(1))} AUC ${f3(mean(4))} weighted AUC ${f3(mean(2))} weighted R ${f3(mean(3))} || suggestion P ${f3(mean(5))} R ${f3(mean(6))} AUC ${f3(mean(9))} weighted AUC ${f3(mean(7))} weighted R ${f3(mean(8))}\n`,
);

if (process.argv.includes('--show')) {
  const oof = outOfFold(20261211);
  const platt = fitPlatt(rows.map((r) => ({ score: oof.get(r)!, truth: r.urgent, weight: r.weight })));
  process.stdout.write(`\n== out-of-fold, first repeat: urgent rows, and normal rows at p ≥ 0.2 ==\n`);
  const shown = rows
    .map((r) => ({ r, p: sigmoid(platt.a * oof.get(r)! + platt.b) }))
    .filter(({ r, p }) => r.urgent || p >= 0.2)
    .sort((a, b) => b.p - a.p);
  for (const { r, p } of shown) {
    const on = featureNames.filter((_, k) => r.x[k]);
    process.stdout.write(`  ${r.urgent ? 'URGENT' : 'normal'} ${p.toFixed(3)} ${r.set} ${r.id}: ${on.join(' ')}\n`);
  }
}

const w = fitLogistic(rows);
process.stdout.write(`\nfinal fit on all ${rows.length} rows; Platt on the first repeat's out-of-fold scores\n`);
process.stdout.write(`const urgencyBias = ${w[0]!.toFixed(3)};\nconst urgencyWeights: Record<UrgencyFeatureName, number> = {\n`);
const byName = new Map(featureNames.map((n, k) => [n, w[k + 1]!]));
for (const n of urgencyFeatureNames) process.stdout.write(`  ${n}: ${(byName.get(n) ?? 0).toFixed(3)},\n`);
process.stdout.write(`};\nconst urgencyFit = { a: ${firstPlatt.a.toFixed(3)}, b: ${firstPlatt.b.toFixed(3)} };\n`);

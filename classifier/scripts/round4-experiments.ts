/**
 * Round 4 of the category-model trials: changes to the training itself rather than to the
 * features' words. Every variant is measured the same way (shipped settings unless said):
 *   Dalian 5-fold CV, two seeds (A: folds seed 99, training seed 1 = the README's CV split;
 *   B: folds seed 7, training seed 2; C, only when asked: folds seed 123, training seed 3; D and E, only when asked:
 *   folds 2024 / 31, training seeds 4 / 5), every fold also training on all Beijing and Jiamusi rows;
 *   the Dalian 20% held-out split (seed 42); and -> Jiamusi (train Dalian + Beijing).
 *   nice -n 10 npx tsx classifier/scripts/round4-experiments.ts VARIANT... [--only cvA,cvB,held,jms]
 * Variants join options with + (e.g. src+bag5):
 *   base      the shipped model, re-implemented here (must match train-category.ts)
 *   shipped   the shipped trainCategoryModel itself, as a check on `base`
 *   src       source-aware debiasing: every source whose single labels do not cover all five
 *             classes (Beijing: 建议/咨询 only; Jiamusi: 咨询 + merged) gets its own class-bias
 *             vector in training, dropped at prediction (the shipped global bias stays)
 *   srcall    the same for every source, with an L2 pull of the source biases towards 0
 *             (1e-3 per update; srcall2 / srcall4: 1e-2 / 1e-4); cals: fit the temperature
 *             with each held-out row's own source bias added
 *   fea       "frustratingly easy" domain adaptation: for the same partial-label sources, each
 *             feature also has a source-specific copy in training; only shared weights ship
 *   ls10      label smoothing 0.1 (ls05: 0.05)
 *   boot8     hard bootstrap loss, target = 0.8 label + 0.2 the model's own top class
 *   drop5     co-teaching-style: after a first pass, drop each class's 5% single-label rows
 *             with the highest loss and retrain (drop10: 10%)
 *   bag5      five trainings with different shuffle seeds, weights averaged (one linear model,
 *             so classification costs the same); bagb5: on bootstrap resamples
 *   nb        NB-SVM-style scaling: each feature's value times (1 + the largest |log-count
 *             ratio| of one class against the rest, capped at 3), from the training rows
 *   val       counted features: words, title words, word pairs with sublinear tf (1 + ln tf),
 *             a separate L2 norm per group (words, title, pairs, cues), groups weighted alike
 *   val1      as val under one L2 norm over all groups (is it the counts or the per-group norms?)
 *   grp       the shipped binary features with val's per-group norms (no counts)
 *   valc      as val plus counted character 2/3-grams in their own group
 *   ens       (thirteenth session) the average of the probabilities of a one-norm and a grp model
 *             (EXP_ENS_W: the grp model's share, default 0.5)
 *   mix       one vector blending the one-norm and per-group values (EXP_MIX: the per-group share)
 * Group weights (grp, val): EXP_QSEP=1 makes the q: cues a group of their own; EXP_GW=q:0.5,k:0.7
 * weighs groups (default 1). --only also takes `reader` (with held: accuracy where the blind reader
 * and the site agree, reader-agreement.ts's goal figure), `teddy` (train on every labelled row, test
 * on the Teddy Cup board's blind labels, strict and lenient); EXP_CONF=1 prints -> Jiamusi's confusions;
 * EXP_DIGITS=4 prints accuracy, macro-F1 and ECE to 4 places, EXP_REL=1 the reliability bins (from:rows/shown/right).
 * grp+ls05+srcall ships since the thirteenth session (train.ts featureNorm 'per-group').
 * The parts: round4-rows.ts (the rows and their shipped features), round4-vectors.ts (each variant's
 * vectors), round4-training.ts (the trainer and the variant's options); here, the measures and the command.
 */
import { readFileSync } from 'node:fs';
import { drawReaderSample } from './reader-sample.js';
import { allRows, baseFeats, K, labeled, teddy, teddyLenient } from './round4-rows.js';
import { logitsOf, optionsOf, trainCalibrated } from './round4-training.js';
import { askFeatures, askKinds, binaryVec, countedVec, groupedBinaryVec, mixedBinaryVec, type Vec } from './round4-vectors.js';
import { categories } from '../../core/index.js';
import { type LabeledRow } from '../data.js';
import { parseLabel } from '../labels.js';
import { LinearScorer, softmaxInPlace, seededRandom } from '../linear-model.js';
import { computeReport, type ScoredRow } from '../metrics.js';
import { trainCategoryModel } from '../train-category.js';
import { defaultTrainOptions } from '../train.js';

function predictAll(train: LabeledRow[], test: LabeledRow[], parts: string[], seed: number, vecs: Map<LabeledRow, Vec>): ScoredRow[] {
  const toScored = (p: Float64Array, r: LabeledRow): ScoredRow => {
    let best = 0;
    for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k;
    return { allowed: parseLabel(r.label), predicted: categories[best]!, confidence: p[best]! };
  };
  if (parts.includes('shipped')) {
    const scorer = new LinearScorer(trainCategoryModel(train, { ...defaultTrainOptions, seed }, train.map((r) => baseFeats.get(r)!)));
    return test.map((r) => toScored(scorer.probabilities(baseFeats.get(r)!), r));
  }
  if (parts.includes('ens')) {
    // Average of the probabilities of the one-norm binary model and the per-group-norm model (EXP_ENS_W: the latter's share).
    const share = Number(process.env.EXP_ENS_W ?? '0.5');
    const o = optionsOf(parts.filter((p) => p !== 'ens'), seed);
    const a = trainCalibrated(train, binaryVec, o);
    const b = trainCalibrated(train, groupedBinaryVec, o);
    return test.map((r) => {
      const za = logitsOf(a, binaryVec(r));
      softmaxInPlace(za, a.temperature);
      const zb = logitsOf(b, groupedBinaryVec(r));
      softmaxInPlace(zb, b.temperature);
      const z = za.map((v, k) => (1 - share) * v + share * zb[k]!);
      return toScored(z, r);
    });
  }
  const m = trainCalibrated(train, (r) => vecs.get(r)!, optionsOf(parts, seed));
  return test.map((r) => {
    const z = logitsOf(m, vecs.get(r)!);
    softmaxInPlace(z, m.temperature);
    return toScored(z, r);
  });
}

/** Accuracy on the reader sample's rows where reader and site agree (reader-agreement.ts's goal figure), raw and weighted to the split's class mix. */
function readerAgreed(dTest: LabeledRow[], scored: ScoredRow[]): string {
  const reader = new Map<string, string>();
  for (const line of readFileSync(new URL('../eval/reader-labels-dalian.jsonl', import.meta.url), 'utf8').split('\n')) {
    if (line.trim()) { const { id, reader: r } = JSON.parse(line) as { id: string; reader: string }; reader.set(id, r); }
  }
  const predicted = new Map(dTest.map((r, i) => [r.id, scored[i]!.predicted]));
  const sample = drawReaderSample(dTest).map((s) => s.row);
  const site = (r: LabeledRow) => parseLabel(r.label)[0]!;
  const weight = new Map(categories.map((c) => [c, dTest.filter((r) => site(r) === c).length / Math.max(1, sample.filter((r) => site(r) === c).length)]));
  const agreed = sample.filter((r) => reader.get(r.id) === site(r));
  let right = 0, w = 0, wRight = 0;
  const perClass = new Map<string, [number, number]>();
  for (const r of agreed) {
    const ok = predicted.get(r.id) === site(r);
    const pc = perClass.get(site(r)) ?? [0, 0];
    perClass.set(site(r), [pc[0] + (ok ? 1 : 0), pc[1] + 1]);
    right += ok ? 1 : 0;
    w += weight.get(site(r))!;
    wRight += ok ? weight.get(site(r))! : 0;
  }
  const vsReader = sample.filter((r) => reader.has(r.id) && predicted.get(r.id) === reader.get(r.id)).length;
  return `vs reader ${vsReader}/${sample.length}; agreed ${right}/${agreed.length} = ${(right / agreed.length).toFixed(3)}, weighted ${(wRight / w).toFixed(3)} [${[...perClass].map(([c, [k, n]]) => `${c}${k}/${n}`).join(' ')}]`;
}

const fmt = (rows: ScoredRow[]) => {
  const r = computeReport(rows);
  const f = categories.map((c) => `${c}${r.perClass[c].f1.toFixed(2)}`).join(' ');
  const d = Number(process.env.EXP_DIGITS ?? '3');
  const bins = process.env.EXP_REL === '1' ? ` bins ${r.reliability.filter((b) => b.count).map((b) => `${b.from.toFixed(1)}:${b.count}/${b.meanConfidence.toFixed(2)}/${b.accuracy.toFixed(2)}`).join(' ')}` : '';
  return `acc ${r.accuracy.toFixed(d)} F1 ${r.macroF1.toFixed(d)} ECE ${r.ece.toFixed(d)} ≥0.9 ${(r.confident.accuracy * 100).toFixed(1)}%/${r.confident.rows} [${f}]${bins}`;
};

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1]!.split(',') : ['cvA', 'cvB', 'held', 'jms'];
const variants = args.filter((a, i) => !a.startsWith('--') && (onlyAt < 0 || i !== onlyAt + 1));
const dalian = labeled.filter((r) => r.source === 'dalian-12345');
const beijing = labeled.filter((r) => r.source === 'beijing-mailbox');
const jiamusi = labeled.filter((r) => r.source === 'jiamusi-zmhd');
const extra = [...beijing, ...jiamusi];

for (const variant of variants) {
  const parts = variant.split('+');
  const t0 = performance.now();
  const askKind = parts.find((p) => askKinds.includes(p));
  if (askKind && !parts.includes('grp')) throw new Error(`${askKind} is measured with grp only`);
  if (process.env.EXP_ASKSHOW && askKind) for (const r of labeled.slice(0, Number(process.env.EXP_ASKSHOW))) process.stdout.write(`${r.label} ${r.title} | ${askFeatures(r, askKind).filter((f) => /^[ae]:|^k:a-|^t:[\^]|\$$/.test(f)).join(' ')}\n`);
  const vecs = new Map<LabeledRow, Vec>(allRows.map((r) => [r, parts.includes('val') ? countedVec(r, false) : parts.includes('val1') ? countedVec(r, false, true) : parts.includes('grp') ? groupedBinaryVec(r, askKind ? askFeatures(r, askKind) : undefined) : parts.includes('mix') ? mixedBinaryVec(r) : parts.includes('valc') ? countedVec(r, true) : binaryVec(r)]));
  const lines: string[] = [];
  // cvD, cvE (fourteenth session): two more fold splits, only for confirming a choice made on A-C.
  for (const [name, foldSeed, seed] of [['cvA', 99, 1], ['cvB', 7, 2], ['cvC', 123, 3], ['cvD', 2024, 4], ['cvE', 31, 5]] as const) {
    if (!only.includes(name)) continue;
    const random = seededRandom(foldSeed);
    const fold = dalian.map(() => Math.floor(random() * 5));
    const pooled: ScoredRow[] = [];
    for (let f = 0; f < 5; f++) pooled.push(...predictAll([...dalian.filter((_, i) => fold[i] !== f), ...extra], dalian.filter((_, i) => fold[i] === f), parts, seed, vecs));
    lines.push(`  ${name}  ${fmt(pooled)}`);
  }
  if (only.includes('held')) {
    const r2 = seededRandom(42);
    const dTrain: LabeledRow[] = [];
    const dTest: LabeledRow[] = [];
    for (const r of dalian) (r2() < 0.2 ? dTest : dTrain).push(r);
    const scored = predictAll([...dTrain, ...extra], dTest, parts, 1, vecs);
    lines.push(`  held ${fmt(scored)}`);
    if (only.includes('reader')) lines.push(`  reader ${readerAgreed(dTest, scored)}`);
  }
  if (only.includes('teddy')) {
    lines.push(`  teddy  ${fmt(predictAll(labeled, teddy, parts, 1, vecs))}`);
    lines.push(`  teddyL ${fmt(predictAll(labeled, teddyLenient, parts, 1, vecs))}`);
  }
  if (only.includes('jms')) {
    const scored = predictAll([...dalian, ...beijing], jiamusi, parts, 1, vecs);
    lines.push(`  jms  ${fmt(scored)}`);
    if (process.env.EXP_CONF === '1') {
      const conf = new Map<string, number>();
      for (const s of scored) { const key = `${s.allowed.join('|')} -> ${s.predicted}`; conf.set(key, (conf.get(key) ?? 0) + 1); }
      lines.push(`  jms confusion ${[...conf].sort().map(([k, n]) => `${k}: ${n}`).join('; ')}`);
    }
  }
  process.stdout.write(`${variant} (${((performance.now() - t0) / 1000).toFixed(0)}s)\n${lines.join('\n')}\n`);
}

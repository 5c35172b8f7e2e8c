/**
 * Held-out and cross-source figures for the linear model and the Bayes baseline.
 *   npx tsx classifier/scripts/cross-source.ts [--quick] [--power 0.5] [--l2 1e-4] [--epochs 10]
 *     [--ls 0.05 (label smoothing)] [--no-src (no per-source biases)] [--srcl2 1e-3]
 *     [--foldseed 99 (the cross-validation's fold split)]
 * The defaults are the shipped settings (train.ts defaultTrainOptions); `--ls 0 --no-src` gives
 * the settings shipped before round 4.
 * Splits (all from ../shared/data); --only cv runs 5-fold cross-validation on Dalian instead:
 *   dalian-heldout: train on 80% of Dalian + Beijing + Jiamusi, test on the other 20% of Dalian
 *   ->dalian: train on Beijing + Jiamusi, test on Dalian; ->beijing, ->jiamusi likewise.
 */
import { drawShare, evaluationSources, foldsOf, readEvaluationRows } from './evaluation-rows.js';
import { categories, type Category } from '../../core/index.js';
import { trainBayesBaseline } from '../bayes-baseline.js';
import { type LabeledRow } from '../data.js';
import { extractFeatures } from '../features.js';
import { parseLabel } from '../labels.js';
import { LinearScorer } from '../linear-model.js';
import { computeReport, formatReport, type ScoredRow } from '../metrics.js';
import { trainCategoryModel, type CategoryTrainOptions } from '../train-category.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const options: CategoryTrainOptions = {
  classWeightPower: arg('power', 0.75),
  l2: arg('l2', 1e-5),
  epochs: arg('epochs', 15),
  learningRate: arg('lr', 0.1),
  minDf: arg('mindf', 10),
  sourceCap: arg('cap', 0),
  maxClassWeight: arg('maxw', 10),
  prune: arg('prune', 0.1),
  labelSmoothing: arg('ls', 0.05),
  sourceBiases: !args.includes('--no-src'),
  sourceBiasL2: arg('srcl2', 1e-3),
  featureNorm: args.includes('--one-norm') ? 'one' : 'per-group',
};
const withBayes = !args.includes('--no-bayes');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

const labeled = readEvaluationRows();
// --drop KIND removes a feature kind for ablations: c3 (character trigrams), c (all character
// n-grams), b (word pairs), t (title words), q (cues).
const drop = args.includes('--drop') ? args[args.indexOf('--drop') + 1] : undefined;
const keep = (f: string) =>
  !drop || (drop === 'c3' ? !(f.startsWith('c:') && f.length === 5) : !f.startsWith(`${drop}:`));
const featureCache = new Map<LabeledRow, string[]>();
for (const row of labeled) featureCache.set(row, extractFeatures(row).filter(keep));

function scoreLinear(train: LabeledRow[], test: LabeledRow[]): { scored: ScoredRow[]; temperature: number; features: number } {
  const model = trainCategoryModel(train, options, train.map((r) => featureCache.get(r)!));
  const scorer = new LinearScorer(model);
  const scored = test.map((r) => {
    const p = scorer.probabilities(featureCache.get(r)!);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    return { allowed: parseLabel(r.label), predicted: categories[best]!, confidence: p[best]! };
  });
  return { scored, temperature: model.temperature, features: model.features.length };
}

/** k-fold cross-validation over `target`; every fold also trains on `extra`. Pooled figures. */
function crossValidate(name: string, target: LabeledRow[], extra: LabeledRow[], folds: number): void {
  const fold = foldsOf(target, folds, arg('foldseed', 99));
  const pooled: ScoredRow[] = [];
  for (let f = 0; f < folds; f++) {
    const train = [...target.filter((_, i) => fold[i] !== f), ...extra];
    pooled.push(...scoreLinear(train, target.filter((_, i) => fold[i] === f)).scored);
    process.stderr.write(`fold ${f + 1}/${folds}\n`);
  }
  process.stdout.write(`\n### ${name} linear ${folds}-fold\n${formatReport(computeReport(pooled), name)}`);
}

/** Macro-F1 over rows given per-class additive log biases. */
function macroF1With(rows: { p: Float64Array; allowed: Category[] }[], bias: number[]): { f1: number; acc: number } {
  const scored: ScoredRow[] = rows.map((r) => {
    let best = 0;
    for (let k = 1; k < bias.length; k++) if (Math.log(r.p[k]!) + bias[k]! > Math.log(r.p[best]!) + bias[best]!) best = k;
    return { allowed: r.allowed, predicted: categories[best]!, confidence: r.p[best]! };
  });
  const rep = computeReport(scored);
  return { f1: rep.macroF1, acc: rep.accuracy };
}

/** Coordinate ascent on per-class log biases for macro-F1. */
function fitBias(rows: { p: Float64Array; allowed: Category[] }[]): number[] {
  const bias = categories.map(() => 0);
  for (let round = 0; round < 3; round++) {
    for (let k = 1; k < bias.length; k++) {
      let bestB = bias[k]!;
      let bestF = macroF1With(rows, bias).f1;
      for (let b = -1.5; b <= 2.5; b += 0.1) {
        bias[k] = b;
        const f = macroF1With(rows, bias).f1;
        if (f > bestF + 1e-9) [bestF, bestB] = [f, b];
      }
      bias[k] = bestB;
    }
  }
  return bias;
}

function crossValidateBias(target: LabeledRow[], extra: LabeledRow[], folds: number): void {
  const fold = foldsOf(target, folds, arg('foldseed', 99));
  const oof: { p: Float64Array; allowed: Category[]; half: number }[] = [];
  for (let f = 0; f < folds; f++) {
    const train = [...target.filter((_, i) => fold[i] !== f), ...extra];
    const model = trainCategoryModel(train, options, train.map((r) => featureCache.get(r)!));
    const scorer = new LinearScorer(model);
    target.forEach((r, i) => {
      if (fold[i] === f) oof.push({ p: scorer.probabilities(featureCache.get(r)!), allowed: parseLabel(r.label), half: i % 2 });
    });
    process.stderr.write(`fold ${f + 1}/${folds}\n`);
  }
  const a = oof.filter((r) => r.half === 0);
  const b = oof.filter((r) => r.half === 1);
  const zero = categories.map(() => 0);
  const ba = fitBias(a);
  const bb = fitBias(b);
  const before = macroF1With(oof, zero);
  const afterB = macroF1With(b, ba);
  const afterA = macroF1With(a, bb);
  process.stdout.write(`bias fitted on half A ${ba.map((x) => x.toFixed(1))}, on B ${bb.map((x) => x.toFixed(1))}\n`);
  process.stdout.write(`before: acc ${before.acc.toFixed(3)} F1 ${before.f1.toFixed(3)}; after (cross-half): acc ${((afterA.acc + afterB.acc) / 2).toFixed(3)} F1 ${((afterA.f1 + afterB.f1) / 2).toFixed(3)}\n`);
}

function run(name: string, train: LabeledRow[], test: LabeledRow[]): void {
  const t0 = performance.now();
  const model = trainCategoryModel(train, options, train.map((r) => featureCache.get(r)!));
  const scorer = new LinearScorer(model);
  const scored: ScoredRow[] = test.map((r) => {
    const p = scorer.probabilities(featureCache.get(r)!);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    return { allowed: parseLabel(r.label), predicted: categories[best]!, confidence: p[best]! };
  });
  const report = computeReport(scored);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  process.stdout.write(`\n### ${name} linear (T=${model.temperature.toFixed(2)}, ${model.features.length} features, ${secs}s)\n${formatReport(report, name)}`);
  if (withBayes) {
    const bayes = trainBayesBaseline(train);
    const bscored: ScoredRow[] = test.map((r) => {
      const p = bayes.probabilities(r);
      let best: Category = '咨询';
      for (const c of categories) if (p[c] > p[best]) best = c;
      return { allowed: parseLabel(r.label), predicted: best, confidence: p[best] };
    });
    const b = computeReport(bscored);
    process.stdout.write(`### ${name} bayes: 准确率 ${(b.accuracy * 100).toFixed(1)}% 宏F1 ${b.macroF1.toFixed(3)} ECE ${b.ece.toFixed(3)}\n`);
  }
}

const { dalian, beijing, jiamusi } = evaluationSources(labeled);
process.stdout.write(`options ${JSON.stringify(options)}\n`);
const [dTrain, dTest] = drawShare(dalian, 0.2, 42);
if (only === 'cv-bias') crossValidateBias(dalian, [...beijing, ...jiamusi], 5);
if (only === 'cv') crossValidate('dalian-5fold', dalian, [...beijing, ...jiamusi], 5);
if (only === 'cv-dalian-only') crossValidate('dalian-5fold-dalian-only', dalian, [], 5);
if (!only || only === 'heldout') run('dalian-heldout', [...dTrain, ...beijing, ...jiamusi], dTest);
if (!only || only === 'dalian') run('->dalian', [...beijing, ...jiamusi], dalian);
if (!only || only === 'beijing') run('->beijing', [...dalian, ...jiamusi], beijing);
if (!only || only === 'jiamusi') run('->jiamusi', [...dalian, ...beijing], jiamusi);

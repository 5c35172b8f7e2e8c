/**
 * Experiment (issue #4): does adapting the class priors to the mail being read (EM, Saerens,
 * Latinne & Decaestecker 2002, "Adjusting the outputs of a classifier to new a priori
 * probabilities") help on another site? Sites' class mixes differ widely (Teddy's board is 71 %
 * 投诉 by the reader, Jiamusi's mostly 咨询), and the model's own prior is the class-weighted
 * training mix. Prints accuracy / macro-F1 / ECE without and with adaptation per split.
 *   npx tsx classifier/scripts/prior-shift-experiment.ts
 */
import { readEvaluationRows } from './evaluation-rows.js';
import { readTeddyRows } from './teddy-labels.js';
import { categories } from '../../core/index.js';
import { type LabeledRow } from '../data.js';
import { extractFeatures } from '../features.js';
import { parseLabel } from '../labels.js';
import { LinearScorer, seededRandom } from '../linear-model.js';
import { computeReport, type ScoredRow } from '../metrics.js';
import { trainCategoryModel } from '../train-category.js';
import { defaultTrainOptions } from '../train.js';

const K = categories.length;
const features = new Map<LabeledRow, string[]>();
const feats = (r: LabeledRow) => features.get(r) ?? (features.set(r, extractFeatures(r)), features.get(r)!);

/** EM re-estimation of the target prior; returns the adjusted posteriors. */
function adapt(probs: Float64Array[], trainPrior: number[], iterations = 100): { adjusted: Float64Array[]; prior: number[] } {
  let prior = [...trainPrior];
  let adjusted = probs;
  for (let it = 0; it < iterations; it++) {
    adjusted = probs.map((p) => {
      const q = new Float64Array(K);
      let z = 0;
      for (let k = 0; k < K; k++) z += q[k] = (p[k]! * prior[k]!) / trainPrior[k]!;
      for (let k = 0; k < K; k++) q[k]! /= z;
      return q;
    });
    const next = categories.map((_, k) => adjusted.reduce((s, q) => s + q[k]!, 0) / adjusted.length);
    const moved = next.reduce((s, v, k) => s + Math.abs(v - prior[k]!), 0);
    prior = next;
    if (moved < 1e-6) break;
  }
  return { adjusted, prior };
}

function report(rows: LabeledRow[], probs: Float64Array[]) {
  const scored: ScoredRow[] = rows.map((r, i) => {
    const p = probs[i]!;
    let best = 0;
    for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k;
    return { allowed: parseLabel(r.label), predicted: categories[best]!, confidence: p[best]! };
  });
  const rep = computeReport(scored);
  return `${rep.accuracy.toFixed(3)} / ${rep.macroF1.toFixed(3)} / ECE ${rep.ece.toFixed(3)}`;
}

function trainScorer(train: LabeledRow[]) {
  const model = trainCategoryModel(train, defaultTrainOptions, train.map(feats));
  const scorer = new LinearScorer(model);
  // The model's own prior: its mean posterior over what it trained on.
  const trainProbs = train.map((r) => scorer.probabilities(feats(r)));
  const trainPrior = categories.map((_, k) => trainProbs.reduce((s, p) => s + p[k]!, 0) / trainProbs.length);
  return { scorer, trainPrior };
}

function evaluateSplit(name: string, train: LabeledRow[], test: LabeledRow[]) {
  const { scorer, trainPrior } = trainScorer(train);
  const probs = test.map((r) => scorer.probabilities(feats(r)));
  const { adjusted, prior } = adapt(probs, trainPrior);
  process.stdout.write(`${name}: none ${report(test, probs)} | adapted ${report(test, adjusted)}\n  prior train ${trainPrior.map((v) => v.toFixed(2))} -> target ${prior.map((v) => v.toFixed(2))}\n`);
  return { probs, adjusted };
}

const labeled = readEvaluationRows();
const by = (s: string) => labeled.filter((r) => r.source === s);
const dalian = by('dalian-12345');
const beijing = by('beijing-mailbox');
const jiamusi = by('jiamusi-zmhd');
const random = seededRandom(42);
const dTrain: LabeledRow[] = [];
const dTest: LabeledRow[] = [];
for (const r of dalian) (random() < 0.2 ? dTest : dTrain).push(r);

const only = process.argv.slice(2);
const want = (s: string) => only.length === 0 || only.includes(s);
if (want('teddy')) evaluateSplit('->teddy (all)', labeled, readTeddyRows());
if (want('heldout')) evaluateSplit('dalian-heldout', [...dTrain, ...beijing, ...jiamusi], dTest);
if (want('jiamusi')) evaluateSplit('->jiamusi', [...dalian, ...beijing], jiamusi);
if (want('dalian')) evaluateSplit('->dalian', [...beijing, ...jiamusi], dalian);
if (want('cv')) {
  // 5-fold CV on Dalian, each fold adapted on its own rows (about 540: a week or two of a city's mail).
  const fr = seededRandom(99);
  const fold = dalian.map(() => Math.floor(fr() * 5));
  const all: LabeledRow[] = [];
  const none: Float64Array[] = [];
  const adjusted: Float64Array[] = [];
  for (let f = 0; f < 5; f++) {
    const test = dalian.filter((_, i) => fold[i] === f);
    const r = evaluateSplit(`cv fold ${f + 1}`, [...dalian.filter((_, i) => fold[i] !== f), ...beijing, ...jiamusi], test);
    all.push(...test);
    none.push(...r.probs);
    adjusted.push(...r.adjusted);
  }
  process.stdout.write(`dalian-5fold pooled: none ${report(all, none)} | adapted ${report(all, adjusted)}\n`);
}

/**
 * Experiment (issue #4): does adapting the class priors to a batch of one site's mail help on that
 * site? Each split's test rows are read as one unlabelled batch (a file given to `minsheng classify
 * --input`); the prior of that batch is re-estimated by EM from the model's posteriors (Saerens,
 * Latinne & Decaestecker 2002, "Adjusting the outputs of a classifier to new a priori
 * probabilities") and every posterior re-weighted by p'(y|x) ∝ p(y|x)·π'(y)/π(y).
 *   npx tsx classifier/scripts/prior-shift-experiment.ts [cv heldout jiamusi dalian beijing teddy]
 *     [--foldseeds 99,7]
 * Variants (the shipped model's posteriors are the baseline):
 *   em          EM to convergence, π = the model's mean posterior over its own training rows;
 *   em-damped   MAP-EM with a Dirichlet prior of N pseudo-rows (N = the batch's rows) at the
 *               training prior, at most 10 iterations: the estimate moves at most half-way;
 *   bcts        bias-corrected temperature scaling alone (softmax(a·z + b), a and b fitted on the
 *               held-out slice the shipped temperature is fitted on): shown, not a candidate;
 *   bcts+em, bcts+em-damped: EM on the BCTS posteriors, π = their mean over that slice;
 *   oracle      the shipped posteriors re-weighted to the batch's true mix (merged labels spread
 *               over their classes by the training prior): what a perfect estimate could give.
 * --bcts-rows: BCTS is fitted on the slice's single-label rows, as the temperature (`single`, the
 * default), or on all of them, merged labels scoring P(any of the set) (`all`).
 * Splits are those of cross-source.ts (evaluation-rows.ts): Dalian 5-fold CV per fold seed (each
 * fold is its own batch, about 500 rows, pooled afterwards), the Dalian held-out 20%, → Jiamusi
 * (trained on Dalian + Beijing), → Dalian (Beijing + Jiamusi), → Beijing (Dalian + Jiamusi), and
 * the Teddy board (trained on all; teddy-labels.ts). The acceptance rule, fixed before the first
 * run, is checked at the end: a variant passes when on each CV fold seed, → Jiamusi and → Dalian
 * its accuracy is higher, its macro-F1 at most 0.005 lower and its ECE at most 0.01 higher.
 */
import { drawShare, evaluationSources, foldsOf, readEvaluationRows } from './evaluation-rows.js';
import { readTeddyRows } from './teddy-labels.js';
import { categories } from '../../core/index.js';
import { type HeldOutLogits } from '../calibration.js';
import { type LabeledRow } from '../data.js';
import { extractFeatures } from '../features.js';
import { parseLabel } from '../labels.js';
import { LinearScorer, softmaxInPlace } from '../linear-model.js';
import { computeReport, type EvaluationReport, type ScoredRow } from '../metrics.js';
import { trainCategoryModel } from '../train-category.js';
import { defaultTrainOptions } from '../train.js';

const K = categories.length;
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const foldSeeds = (option('--foldseeds') ?? '99,7').split(',').map(Number);
const bctsRows = option('--bcts-rows') ?? 'single';
const only = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const want = (s: string) => only.length === 0 || only.includes(s);

const features = new Map<LabeledRow, string[]>();
const feats = (r: LabeledRow) => features.get(r) ?? (features.set(r, extractFeatures(r)), features.get(r)!);

/** Softmax of a·z + b. */
function bctsProbs(z: Float64Array, a: number, b: number[]): Float64Array {
  const p = Float64Array.from(z, (v, k) => a * v + b[k]!);
  softmaxInPlace(p);
  return p;
}

/** Mean NLL of the rows (a merged label scores P(any of its set)) and its gradient in (a, b). */
function bctsLoss(rows: HeldOutLogits[], a: number, b: number[]): { loss: number; ga: number; gb: number[] } {
  let loss = 0;
  let ga = 0;
  const gb = new Array<number>(K).fill(0);
  for (const row of rows) {
    const p = bctsProbs(row.logits, a, b);
    let s = 0;
    for (const k of row.allowed) s += p[k]!;
    loss -= Math.log(Math.max(s, 1e-12));
    for (let k = 0; k < K; k++) {
      const d = p[k]! - (row.allowed.includes(k) ? p[k]! / Math.max(s, 1e-12) : 0);
      gb[k]! += d;
      ga += d * row.logits[k]!;
    }
  }
  const n = Math.max(rows.length, 1);
  return { loss: loss / n, ga: ga / n, gb: gb.map((g) => g / n) };
}

/** Bias-corrected temperature scaling (Alexandari et al. 2020): gradient descent with backtracking from (1/T, 0). */
function fitBcts(rows: HeldOutLogits[], temperature: number): { a: number; b: number[] } {
  let a = 1 / temperature;
  let b = new Array<number>(K).fill(0);
  let cur = bctsLoss(rows, a, b);
  let step = 1;
  for (let it = 0; it < 300 && step > 1e-8; it++) {
    const na = a - step * cur.ga;
    const nb = b.map((v, k) => v - step * cur.gb[k]!);
    const next = bctsLoss(rows, na, nb);
    if (next.loss < cur.loss) {
      if (cur.loss - next.loss < 1e-9) break;
      [a, b, cur] = [na, nb, next];
      step *= 1.5;
    } else step /= 2;
  }
  return { a, b };
}

const meanOf = (probs: readonly Float64Array[]) => categories.map((_, k) => probs.reduce((s, p) => s + p[k]!, 0) / Math.max(probs.length, 1));

/** p'(y|x) ∝ p(y|x)·target(y)/source(y). */
function reweight(probs: readonly Float64Array[], source: number[], target: number[]): Float64Array[] {
  return probs.map((p) => {
    const q = Float64Array.from(p, (v, k) => (v * target[k]!) / source[k]!);
    const z = q.reduce((s, v) => s + v, 0);
    return q.map((v) => v / z);
  });
}

/**
 * EM re-estimation of the batch's prior (Saerens et al. 2002). `strength` > 0: MAP-EM under a
 * Dirichlet prior of strength × N pseudo-rows at the source prior (N = the batch's rows).
 */
function emAdapt(probs: readonly Float64Array[], source: number[], strength = 0, maxIterations = 100): { adjusted: Float64Array[]; prior: number[] } {
  const pseudo = strength * probs.length;
  let prior = [...source];
  for (let it = 0; it < maxIterations; it++) {
    const mean = meanOf(reweight(probs, source, prior));
    const next = mean.map((m, k) => (m * probs.length + pseudo * source[k]!) / (probs.length + pseudo));
    const moved = next.reduce((s, v, k) => s + Math.abs(v - prior[k]!), 0);
    prior = next;
    if (moved < 1e-6) break;
  }
  return { adjusted: reweight(probs, source, prior), prior };
}

interface Scored {
  rows: LabeledRow[];
  /** Posteriors of each variant, and the batch prior it estimated (none for the fixed ones). */
  variants: Map<string, { probs: Float64Array[]; prior?: number[] }>;
}

const variantNames = ['shipped', 'em', 'em-damped', 'bcts', 'bcts+em', 'bcts+em-damped', 'oracle'];
const candidates = ['em', 'em-damped', 'bcts+em', 'bcts+em-damped'];

/** Trains on `train` with the shipped settings and reads `test` as one batch under each variant. */
function scoreBatch(train: LabeledRow[], test: LabeledRow[]): Scored {
  let held: HeldOutLogits[] = [];
  let temperature = 1;
  const model = trainCategoryModel(train, { ...defaultTrainOptions, onHeldOut: (rows, t) => ([held, temperature] = [rows, t]) }, train.map(feats));
  const scorer = new LinearScorer(model);
  // The model's own prior: its mean posterior over what it trained on.
  const source = meanOf(train.map((r) => scorer.probabilities(feats(r))));
  const bctsSet = bctsRows === 'all' ? held : held.filter((row) => row.allowed.length === 1);
  const { a, b } = fitBcts(bctsSet, temperature);
  const bctsSource = meanOf(bctsSet.map((row) => bctsProbs(row.logits, a, b)));
  const logits = test.map((r) => scorer.logits(feats(r)).logits);
  const shipped = logits.map((z) => {
    const p = Float64Array.from(z);
    softmaxInPlace(p, model.temperature);
    return p;
  });
  const bcts = logits.map((z) => bctsProbs(z, a, b));
  const em = emAdapt(shipped, source);
  const emDamped = emAdapt(shipped, source, 1, 10);
  const bEm = emAdapt(bcts, bctsSource);
  const bEmDamped = emAdapt(bcts, bctsSource, 1, 10);
  const truth = trueMix(test, source);
  return {
    rows: test,
    variants: new Map([
      ['shipped', { probs: shipped, prior: source }],
      ['em', { probs: em.adjusted, prior: em.prior }],
      ['em-damped', { probs: emDamped.adjusted, prior: emDamped.prior }],
      ['bcts', { probs: bcts, prior: bctsSource }],
      ['bcts+em', { probs: bEm.adjusted, prior: bEm.prior }],
      ['bcts+em-damped', { probs: bEmDamped.adjusted, prior: bEmDamped.prior }],
      ['oracle', { probs: reweight(shipped, source, truth), prior: truth }],
    ]),
  };
}

function reportOf(rows: LabeledRow[], probs: Float64Array[]): EvaluationReport {
  const scored: ScoredRow[] = rows.map((r, i) => {
    const p = probs[i]!;
    let best = 0;
    for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k;
    return { allowed: parseLabel(r.label), predicted: categories[best]!, confidence: p[best]! };
  });
  return computeReport(scored);
}

const fmt = (xs: readonly number[]) => xs.map((x) => x.toFixed(2)).join(' ');

/** The batch's true class mix; a merged label is spread over its classes in proportion to `spread`. */
function trueMix(rows: LabeledRow[], spread: number[]): number[] {
  const mix = new Array<number>(K).fill(0);
  for (const r of rows) {
    const a = parseLabel(r.label).map((c) => categories.indexOf(c));
    const z = a.reduce((s, k) => s + spread[k]!, 0);
    for (const k of a) mix[k]! += spread[k]! / z / rows.length;
  }
  return mix;
}

/** The share of merged labels, for the header. */
const mergedShare = (rows: LabeledRow[]) => rows.filter((r) => parseLabel(r.label).length > 1).length / rows.length;

const results = new Map<string, Map<string, EvaluationReport>>();

/** Prints one split (batches pooled) and keeps its reports for the rule. */
function printSplit(name: string, batches: Scored[]): void {
  const rows = batches.flatMap((b) => b.rows);
  process.stdout.write(`\n### ${name} (${rows.length} rows${batches.length > 1 ? `, ${batches.length} batches pooled` : ''}); true mix ${fmt(trueMix(rows, new Array<number>(K).fill(1)))}${mergedShare(rows) ? ` (merged labels ${mergedShare(rows).toFixed(2)}, spread evenly here)` : ''}\n`);
  process.stdout.write(`  variant          acc    mF1    ECE   | F1 ${categories.join('   ')} | prior (source for shipped/bcts; batch estimate, mean over batches)\n`);
  const reports = new Map<string, EvaluationReport>();
  for (const v of variantNames) {
    const rep = reportOf(rows, batches.flatMap((b) => b.variants.get(v)!.probs));
    reports.set(v, rep);
    const priors = batches.map((b) => b.variants.get(v)!.prior!);
    const prior = categories.map((_, k) => priors.reduce((s, p) => s + p[k]!, 0) / priors.length);
    process.stdout.write(
      `  ${v.padEnd(15)} ${rep.accuracy.toFixed(3)}  ${rep.macroF1.toFixed(3)}  ${rep.ece.toFixed(3)} | ${categories.map((c) => rep.perClass[c].f1.toFixed(3)).join(' ')} | ${fmt(prior)}\n`,
    );
  }
  results.set(name, reports);
}

const labeled = readEvaluationRows();
const { dalian, beijing, jiamusi } = evaluationSources(labeled);
const [dTrain, dTest] = drawShare(dalian, 0.2, 42);
process.stdout.write(`categories ${categories.join(' ')}\n`);

if (want('cv'))
  for (const seed of foldSeeds) {
    const fold = foldsOf(dalian, 5, seed);
    const batches: Scored[] = [];
    for (let f = 0; f < 5; f++) {
      const train = [...dalian.filter((_, i) => fold[i] !== f), ...beijing, ...jiamusi];
      batches.push(scoreBatch(train, dalian.filter((_, i) => fold[i] === f)));
    }
    printSplit(`dalian-5fold seed ${seed}`, batches);
  }
if (want('heldout')) printSplit('dalian-heldout', [scoreBatch([...dTrain, ...beijing, ...jiamusi], dTest)]);
if (want('jiamusi')) printSplit('->jiamusi', [scoreBatch([...dalian, ...beijing], jiamusi)]);
if (want('dalian')) printSplit('->dalian', [scoreBatch([...beijing, ...jiamusi], dalian)]);
if (want('beijing')) printSplit('->beijing', [scoreBatch([...dalian, ...jiamusi], beijing)]);
if (want('teddy')) printSplit('->teddy (200 read, trained on all)', [scoreBatch(labeled, readTeddyRows())]);

// The acceptance rule, on the splits that ran of: each CV fold seed, -> Jiamusi, -> Dalian.
const ruleSplits = [...foldSeeds.map((s) => `dalian-5fold seed ${s}`), '->jiamusi', '->dalian'].filter((s) => results.has(s));
process.stdout.write(`\n### rule (acc up, macro-F1 down <= 0.005, ECE up <= 0.01) on ${ruleSplits.join(', ')}\n`);
for (const v of candidates) {
  const cells = ruleSplits.map((s) => {
    const base = results.get(s)!.get('shipped')!;
    const r = results.get(s)!.get(v)!;
    const [da, df, de] = [r.accuracy - base.accuracy, r.macroF1 - base.macroF1, r.ece - base.ece];
    const ok = da > 0 && df >= -0.005 && de <= 0.01;
    return { ok, text: `${ok ? 'pass' : 'FAIL'} ${da >= 0 ? '+' : ''}${da.toFixed(3)}/${df >= 0 ? '+' : ''}${df.toFixed(3)}/${de >= 0 ? '+' : ''}${de.toFixed(3)}` };
  });
  process.stdout.write(`  ${v.padEnd(15)} ${cells.every((c) => c.ok) ? 'PASSES' : 'fails '} | ${cells.map((c) => c.text).join(' | ')}\n`);
}

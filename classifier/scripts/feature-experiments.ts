/**
 * Feature and setting ablations for the category model: Dalian 5-fold CV (every fold also
 * trains on all Beijing and Jiamusi rows) and the Dalian 20% held-out split, with the shipped
 * training settings unless EXP_OPTS overrides some (JSON, e.g. '{"learningRate":0.2,"epochs":10}').
 *   npx tsx classifier/scripts/feature-experiments.ts VARIANT...   [EXP_BIAS=1 for the bias check]
 * Variants (joined with +): base (the shipped features), c2 / c23 (character bi / bi+tri-grams
 * added), nob (word pairs removed). EXP_BIAS=1 also fits per-class log-biases for macro-F1 on
 * one half of the CV rows and applies them to the other half.
 * The wider cue groups (help2, thanks2, ask2, suggest2, complain2) were measured here as
 * variants and are now part of features.ts.
 */
import { readEvaluationRows } from './evaluation-rows.js';
import { categories } from '../../core/index.js';
import { type LabeledRow } from '../data.js';
import { extractFeatures, messageText } from '../features.js';
import { parseLabel } from '../labels.js';
import { LinearScorer, seededRandom } from '../linear-model.js';
import { computeReport, type ScoredRow } from '../metrics.js';
import { trainCategoryModel } from '../train-category.js';
import { defaultTrainOptions } from '../train.js';

const labeled = readEvaluationRows();
const base = new Map<LabeledRow, string[]>(labeled.map((r) => [r, extractFeatures(r)]));

function variantFeatures(row: LabeledRow, parts: string[]): string[] {
  const out = [...base.get(row)!];
  const { title, content } = messageText(row);
  const text = `${title}\n${content}`;
  for (const part of parts) {
    if (part === 'c2' || part === 'c23') {
      const grams = new Set<string>();
      const chars = [...text.replace(/[\s\p{P}\p{S}0-9a-z]/gu, '|')];
      for (let i = 0; i + 1 < chars.length; i++) {
        if (chars[i] === '|' || chars[i + 1] === '|') continue;
        grams.add(`c:${chars[i]}${chars[i + 1]}`);
        if (part === 'c23' && i + 2 < chars.length && chars[i + 2] !== '|') grams.add(`c:${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
      }
      out.push(...grams);
    }
    if (part === 'nob') for (let i = out.length - 1; i >= 0; i--) if (out[i]!.startsWith('b:')) out.splice(i, 1);
  }
  return out;
}

const dalian = labeled.filter((r) => r.source === 'dalian-12345');
const extra = labeled.filter((r) => r.source !== 'dalian-12345');
const opts = { ...defaultTrainOptions, ...(process.env.EXP_OPTS ? (JSON.parse(process.env.EXP_OPTS) as object) : {}) };

const oof: { p: Float64Array; allowed: ReturnType<typeof parseLabel> }[] = [];
function score(train: LabeledRow[], test: LabeledRow[], feats: Map<LabeledRow, string[]>): ScoredRow[] {
  const model = trainCategoryModel(train, opts, train.map((r) => feats.get(r)!));
  const scorer = new LinearScorer(model);
  return test.map((r) => {
    const p = scorer.probabilities(feats.get(r)!);
    oof.push({ p, allowed: parseLabel(r.label) });
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    return { allowed: parseLabel(r.label), predicted: categories[best]!, confidence: p[best]! };
  });
}

const fmt = (rows: ScoredRow[]) => {
  const r = computeReport(rows);
  const f = categories.map((c) => `${c}${r.perClass[c].f1.toFixed(2)}`).join(' ');
  return `acc ${r.accuracy.toFixed(3)} F1 ${r.macroF1.toFixed(3)} ECE ${r.ece.toFixed(3)} [${f}]`;
};

for (const variant of process.argv.slice(2)) {
  const parts = variant.split('+');
  const feats = new Map<LabeledRow, string[]>(labeled.map((r) => [r, variantFeatures(r, parts)]));
  const random = seededRandom(99);
  const fold = dalian.map(() => Math.floor(random() * 5));
  const pooled: ScoredRow[] = [];
  for (let f = 0; f < 5; f++) {
    pooled.push(...score([...dalian.filter((_, i) => fold[i] !== f), ...extra], dalian.filter((_, i) => fold[i] === f), feats));
  }
  const r2 = seededRandom(42);
  const dTrain: LabeledRow[] = [];
  const dTest: LabeledRow[] = [];
  for (const r of dalian) (r2() < 0.2 ? dTest : dTrain).push(r);
  const held = score([...dTrain, ...extra], dTest, feats);
  process.stdout.write(`${variant.padEnd(12)} cv: ${fmt(pooled)}\n${''.padEnd(12)} held: ${fmt(held)}\n`);
  if (process.env.EXP_BIAS) {
    // One log-bias per rare class (建议, 求助, 其他), fitted on one half of the CV rows, applied to the other.
    const cv = oof.slice(0, pooled.length);
    oof.length = 0;
    const apply = (rows: typeof cv, bias: number[]) => rows.map((r) => {
      let best = 0;
      for (let k = 1; k < bias.length; k++) if (Math.log(r.p[k]!) + bias[k]! > Math.log(r.p[best]!) + bias[best]!) best = k;
      return { allowed: r.allowed, predicted: categories[best]!, confidence: r.p[best]! };
    });
    const fit = (rows: typeof cv) => {
      const bias = categories.map(() => 0);
      for (const k of [3, 1, 4, 3]) {
        let bestB = 0, bestF = -1;
        for (let b = -0.5; b <= 1.51; b += 0.25) { bias[k] = b; const f = computeReport(apply(rows, bias)).macroF1; if (f > bestF + 0.002) [bestF, bestB] = [f, b]; }
        bias[k] = bestB;
      }
      return bias;
    };
    const a = cv.filter((_, i) => i % 2 === 0), b = cv.filter((_, i) => i % 2 === 1);
    const ba = fit(a), bb = fit(b);
    process.stdout.write(`  bias A ${ba.join(',')} B ${bb.join(',')}: B with A's ${fmt(apply(b, ba))}; A with B's ${fmt(apply(a, bb))}; unbiased A ${fmt(apply(a, [0,0,0,0,0]))} B ${fmt(apply(b, [0,0,0,0,0]))}\n`);
  }
  oof.length = 0;
}

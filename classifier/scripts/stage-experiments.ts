/**
 * Trials on top of the shipped category model (Dalian 5-fold CV, every fold also trains on all
 * Beijing and Jiamusi rows; and the Dalian 20% held-out split), each tuned only on an inner dev
 * split of its own training rows (20% of the training Dalian rows), never on the test rows:
 *   [EXP_OBJ=f1] npx tsx classifier/scripts/stage-experiments.ts VARIANT...
 * Variants: base; cnb (complement naive Bayes over character bigrams, averaged with the linear
 * model's log-probabilities, weight and temperature chosen on the inner dev split); pair (a
 * second 求助-vs-投诉 model applied when the first stage's top two are that pair); other (the
 * same for 其他 against its runner-up); self90 / self80 (self-training on Jiamusi's merged-label
 * rows: confident single-class predictions inside the allowed set become extra single labels).
 * cnbw: the same Bayes over the linear model's own features; pairc: the pair model with character
 * bigrams added. Variants join with + (e.g. cnb+pair).
 */
import { readEvaluationRows } from './evaluation-rows.js';
import { categories } from '../../core/index.js';
import { fitTemperature } from '../calibration.js';
import { type LabeledRow } from '../data.js';
import { extractFeatures, messageText } from '../features.js';
import { parseLabel } from '../labels.js';
import { LinearScorer, seededRandom, softmaxInPlace, trainLinear } from '../linear-model.js';
import { computeReport, type ScoredRow } from '../metrics.js';
import { trainCategoryModel } from '../train-category.js';
import { defaultTrainOptions } from '../train.js';

const K = categories.length;
const [ZX, , TS, QZ, QT] = [0, 1, 2, 3, 4];
const labeled = readEvaluationRows();
const feats = new Map<LabeledRow, string[]>(labeled.map((r) => [r, extractFeatures(r)]));
const allowedOf = new Map<LabeledRow, number[]>(labeled.map((r) => [r, parseLabel(r.label).map((c) => categories.indexOf(c))]));
const bigramsOf = new Map<LabeledRow, string[]>(labeled.map((r) => {
  const { title, content } = messageText(r);
  const chars = [...`${title}|${content}`.replace(/[\s\p{P}\p{S}0-9a-z]/gu, '|')];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) if (chars[i] !== '|' && chars[i + 1] !== '|') grams.add(chars[i]! + chars[i + 1]!);
  return [r, [...grams]];
}));
const opts = { ...defaultTrainOptions };

/** Complement NB over binary, L2-normalised bigrams; a merged-label row counts in the complement of the classes it excludes. */
function trainCnb(rows: LabeledRow[], words = false): (r: LabeledRow) => Float64Array {
  const bigrams = words ? feats : bigramsOf;
  const df = new Map<string, number>();
  for (const r of rows) for (const g of bigrams.get(r)!) df.set(g, (df.get(g) ?? 0) + 1);
  const vocab = new Map<string, number>();
  for (const [g, n] of df) if (n >= 3) vocab.set(g, vocab.size);
  const V = vocab.size;
  const comp = new Float64Array(V * K);
  const tot = new Float64Array(K);
  for (const r of rows) {
    const gs = bigrams.get(r)!;
    const x = gs.length ? 1 / Math.sqrt(gs.length) : 0;
    const allowed = allowedOf.get(r)!;
    for (let k = 0; k < K; k++) {
      if (allowed.includes(k)) continue;
      for (const g of gs) {
        const i = vocab.get(g);
        if (i === undefined) continue;
        comp[i * K + k] = comp[i * K + k]! + x;
        tot[k] = tot[k]! + x;
      }
    }
  }
  const alpha = 0.3;
  const w = new Float64Array(V * K);
  for (let k = 0; k < K; k++) {
    const denom = Math.log(tot[k]! + alpha * V);
    for (let i = 0; i < V; i++) w[i * K + k] = -(Math.log(comp[i * K + k]! + alpha) - denom);
  }
  return (r) => {
    const s = new Float64Array(K);
    const gs = bigrams.get(r)!;
    const x = gs.length ? 1 / Math.sqrt(gs.length) : 0;
    for (const g of gs) {
      const i = vocab.get(g);
      if (i === undefined) continue;
      for (let k = 0; k < K; k++) s[k] = s[k]! + w[i * K + k]! * x;
    }
    let mean = 0;
    for (let k = 0; k < K; k++) mean += s[k]!;
    for (let k = 0; k < K; k++) s[k] = s[k]! - mean / K;
    return s;
  };
}

/** A binary model `a` vs `b` (b = -1: every other class) over the base features; returns the logit of a. */
function trainBinary(rows: LabeledRow[], a: number, b: number, withBigrams = false): (r: LabeledRow) => number {
  const fx = (r: LabeledRow) => (withBigrams ? [...feats.get(r)!, ...bigramsOf.get(r)!.map((g) => `c:${g}`)] : feats.get(r)!);
  const sel = rows.filter((r) => { const al = allowedOf.get(r)!; return al.length === 1 && (al[0] === a || b < 0 || al[0] === b); });
  const na = sel.filter((r) => allowedOf.get(r)![0] === a).length;
  const nb = sel.length - na;
  const train = sel.map((r) => {
    const isA = allowedOf.get(r)![0] === a;
    return { features: fx(r), allowed: [isA ? 0 : 1], weight: Math.min(10, Math.pow(sel.length / (2 * (isA ? na : nb)), 0.75)) };
  });
  const model = new LinearScorer(trainLinear(train, ['a', 'b'], { ...opts, minDf: 5 }));
  return (r) => { const z = model.logits(fx(r)).logits; return z[0]! - z[1]!; };
}

function selfTrain(train: LabeledRow[], threshold: number): LabeledRow[] {
  const scorer = new LinearScorer(trainCategoryModel(train, opts, train.map((r) => feats.get(r)!)));
  let added = 0;
  const out = train.map((r) => {
    const allowed = allowedOf.get(r)!;
    if (allowed.length === 1) return r;
    const p = scorer.probabilities(feats.get(r)!);
    let best = 0;
    for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k;
    if (!allowed.includes(best) || p[best]! < threshold) return r;
    added++;
    const copy: LabeledRow = { ...r, label: categories[best]! };
    feats.set(copy, feats.get(r)!);
    allowedOf.set(copy, [best]);
    bigramsOf.set(copy, bigramsOf.get(r)!);
    return copy;
  });
  process.stderr.write(`self-training: ${added} merged rows labelled\n`);
  return out;
}

interface Parts { lin: Float64Array; cnb?: Float64Array; pair?: number; other?: number; otherRival?: number }
interface Params { lambda: number; beta: number; b: number; gamma: number; c: number; t: number }

/** Builds the components on `train`; returns per-row parts. */
function build(train: LabeledRow[], parts: string[]): (r: LabeledRow) => Parts {
  const selfT = parts.find((p) => p.startsWith('self'));
  if (selfT) train = selfTrain(train, Number(selfT.slice(4)) / 100);
  const model = trainCategoryModel(train, opts, train.map((r) => feats.get(r)!));
  const scorer = new LinearScorer(model);
  const cnb = parts.includes('cnb') ? trainCnb(train) : parts.includes('cnbw') ? trainCnb(train, true) : undefined;
  const pair = parts.includes('pair') ? trainBinary(train, QZ, TS) : parts.includes('pairc') ? trainBinary(train, QZ, TS, true) : undefined;
  const other = parts.includes('other') ? trainBinary(train, QT, -1) : undefined;
  return (r) => {
    const lin = scorer.probabilities(feats.get(r)!);
    for (let k = 0; k < K; k++) lin[k] = Math.log(Math.max(lin[k]!, 1e-12));
    return { lin, cnb: cnb?.(r), pair: pair?.(r), other: other?.(r) };
  };
}

function combine(p: Parts, q: Params): Float64Array {
  const z = Float64Array.from(p.lin);
  if (p.cnb) for (let k = 0; k < K; k++) z[k] = (1 - q.lambda) * z[k]! + q.lambda * p.cnb[k]!;
  const order = [...z.keys()].sort((a, b) => z[b]! - z[a]!);
  const top2 = new Set(order.slice(0, 2));
  if (p.pair !== undefined && top2.has(QZ) && top2.has(TS) && q.beta > 0) {
    // Keep the pair's log-mass; move the split between them towards the second stage.
    const m = Math.log(Math.exp(z[QZ]!) + Math.exp(z[TS]!));
    const r = (1 - q.beta) * (z[QZ]! - z[TS]!) + q.beta * p.pair + q.b;
    z[QZ] = m - Math.log1p(Math.exp(-r));
    z[TS] = m - Math.log1p(Math.exp(r));
  }
  if (p.other !== undefined && top2.has(QT) && q.gamma > 0) {
    const rival = order[0] === QT ? order[1]! : order[0]!;
    const m = Math.log(Math.exp(z[QT]!) + Math.exp(z[rival]!));
    const r = (1 - q.gamma) * (z[QT]! - z[rival]!) + q.gamma * p.other + q.c;
    z[QT] = m - Math.log1p(Math.exp(-r));
    z[rival] = m - Math.log1p(Math.exp(r));
  }
  return z;
}

function scoreRows(rows: { p: Parts; allowed: number[] }[], q: Params): ScoredRow[] {
  return rows.map(({ p, allowed }) => {
    const z = combine(p, q);
    softmaxInPlace(z, q.t);
    let best = 0;
    for (let k = 1; k < K; k++) if (z[k]! > z[best]!) best = k;
    return { allowed: allowed.map((k) => categories[k]!), predicted: categories[best]!, confidence: z[best]! };
  });
}

const base: Params = { lambda: 0, beta: 0, b: 0, gamma: 0, c: 0, t: 1 };
/** Tunes the combination on dev rows: coordinate search for macro-F1 + accuracy, then a temperature. */
function tune(dev: { p: Parts; allowed: number[] }[], parts: string[]): Params {
  const q = { ...base };
  // EXP_OBJ=f1: macro-F1 alone, with no loss of accuracy against the first stage on the dev rows.
  const baseAcc = computeReport(scoreRows(dev, q)).accuracy;
  const obj = () => {
    const r = computeReport(scoreRows(dev, q));
    if (process.env.EXP_OBJ === 'f1') return r.accuracy + 1e-9 < baseAcc ? -1 : r.macroF1;
    return r.macroF1 + r.accuracy;
  };
  const grid: [keyof Params, number[]][] = [];
  if (parts.includes('cnb') || parts.includes('cnbw')) grid.push(['lambda', [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]]);
  if (parts.includes('pair') || parts.includes('pairc')) grid.push(['beta', [0, 0.25, 0.5, 0.75, 1]], ['b', [-1.5, -1, -0.5, 0, 0.5, 1, 1.5]]);
  if (parts.includes('other')) grid.push(['gamma', [0, 0.25, 0.5, 0.75, 1]], ['c', [-1.5, -1, -0.5, 0, 0.5, 1, 1.5]]);
  for (let round = 0; round < 2; round++) {
    for (const [key, values] of grid) {
      let bestV = q[key];
      let bestO = obj();
      for (const v of values) { q[key] = v; const o = obj(); if (o > bestO + 1e-9) [bestO, bestV] = [o, v]; }
      q[key] = bestV;
    }
  }
  // Re-calibrate: one temperature over the combined log-scores (merged labels score their set).
  const single = dev.filter((d) => d.allowed.length === 1);
  q.t = fitTemperature(single.map((d) => ({ logits: combine(d.p, { ...q, t: 1 }), allowed: d.allowed })));
  return q;
}

function runSplit(train: LabeledRow[], test: LabeledRow[], parts: string[]): { scored: ScoredRow[]; q: Params } {
  let q = base;
  const tuned = parts.some((p) => ['cnb', 'cnbw', 'pair', 'pairc', 'other'].includes(p));
  if (tuned) {
    const random = seededRandom(7);
    const inner: LabeledRow[] = [];
    const dev: LabeledRow[] = [];
    for (const r of train) (r.source === 'dalian-12345' && random() < 0.2 ? dev : inner).push(r);
    const f = build(inner, parts);
    q = tune(dev.map((r) => ({ p: f(r), allowed: allowedOf.get(r)! })), parts);
  }
  const f = build(train, parts);
  const scored = scoreRows(test.map((r) => ({ p: f(r), allowed: allowedOf.get(r)! })), tuned ? q : { ...base, t: 1 });
  return { scored, q };
}

const fmt = (rows: ScoredRow[]) => {
  const r = computeReport(rows);
  const f = categories.map((c) => `${c}${r.perClass[c].f1.toFixed(2)}`).join(' ');
  return `acc ${r.accuracy.toFixed(3)} F1 ${r.macroF1.toFixed(3)} ECE ${r.ece.toFixed(3)} ≥0.9: ${(r.confident.accuracy * 100).toFixed(1)}% of ${r.confident.rows} [${f}]`;
};
const dalian = labeled.filter((r) => r.source === 'dalian-12345');
const extra = labeled.filter((r) => r.source !== 'dalian-12345');
void ZX;
for (const variant of process.argv.slice(2)) {
  const parts = variant.split('+');
  const random = seededRandom(99);
  const fold = dalian.map(() => Math.floor(random() * 5));
  const pooled: ScoredRow[] = [];
  const qs: string[] = [];
  for (let f = 0; f < 5; f++) {
    const { scored, q } = runSplit([...dalian.filter((_, i) => fold[i] !== f), ...extra], dalian.filter((_, i) => fold[i] === f), parts);
    pooled.push(...scored);
    qs.push(JSON.stringify(q));
  }
  const r2 = seededRandom(42);
  const dTrain: LabeledRow[] = [];
  const dTest: LabeledRow[] = [];
  for (const r of dalian) (r2() < 0.2 ? dTest : dTrain).push(r);
  const held = runSplit([...dTrain, ...extra], dTest, parts);
  process.stdout.write(`${variant.padEnd(12)} cv: ${fmt(pooled)}\n${''.padEnd(12)} held: ${fmt(held.scored)}\n  params cv ${qs.join(' ')}\n  held ${JSON.stringify(held.q)}\n`);
}

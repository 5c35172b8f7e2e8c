/**
 * The trainer of the round-4 trials (round4-experiments.ts): the shipped AdaGrad loop
 * re-implemented with this round's options (source biases, feature copies, label smoothing, hard
 * bootstrap, dropping noisy rows, bagging, NB scaling), centred and pruned, with class weights
 * and temperature as the shipped trainer; and the variant names read into options. Apart from
 * the vectors (round4-vectors.ts) because it takes any vector; `base` must match train-category.ts.
 */
import { fitTemperature } from '../calibration.js';
import { type LabeledRow } from '../data.js';
import { seededRandom, softmaxInPlace } from '../linear-model.js';
import { defaultTrainOptions } from '../train.js';
import { allowedOf, K } from './round4-rows.js';
import { askKinds, type Vec } from './round4-vectors.js';

interface XRow { vec: Vec; allowed: number[]; weight: number; source: string }

interface XOptions {
  epochs: number; lr: number; l2: number; minDf: number; prune: number; seed: number;
  power: number; maxWeight: number;
  /** Which sources get their own bias (and, with fea, feature copies) in training. */
  sourceBias: 'none' | 'partial' | 'all';
  sourceL2: number;
  fea: boolean;
  smoothing: number;
  bootstrap: number;
  dropShare: number;
  bag: number;
  bagResample: boolean;
  nb: boolean;
  /** Calibrate with each held row's own source bias added (its site's prior is known there). */
  calibrateWithSource: boolean;
}

const baseOptions: XOptions = {
  epochs: defaultTrainOptions.epochs, lr: defaultTrainOptions.learningRate, l2: defaultTrainOptions.l2,
  minDf: defaultTrainOptions.minDf, prune: defaultTrainOptions.prune, seed: 1,
  power: defaultTrainOptions.classWeightPower, maxWeight: defaultTrainOptions.maxClassWeight,
  sourceBias: 'none', sourceL2: 0, fea: false, smoothing: 0, bootstrap: 1, dropShare: 0, bag: 1, bagResample: false, nb: false, calibrateWithSource: false,
};

/** A trained model: shared weights only (what would ship). */
interface XModel { vocab: Map<string, number>; W: Float64Array; bias: Float64Array; temperature: number; sourceBias?: Map<string, Float64Array> }

export function logitsOf(m: XModel, vec: Vec): Float64Array {
  const z = Float64Array.from(m.bias);
  for (let j = 0; j < vec.names.length; j++) {
    const i = m.vocab.get(vec.names[j]!);
    if (i === undefined) continue;
    for (let k = 0; k < K; k++) z[k] = z[k]! + m.W[i * K + k]! * vec.values[j]!;
  }
  return z;
}

/** Sources whose single labels miss a class, or that have merged labels: their priors are the site's habit. */
function biasedSources(rows: XRow[], mode: XOptions['sourceBias']): Set<string> {
  const out = new Set<string>();
  if (mode === 'none') return out;
  const seen = new Map<string, Set<number>>();
  const merged = new Set<string>();
  for (const r of rows) {
    if (!seen.has(r.source)) seen.set(r.source, new Set());
    if (r.allowed.length === 1) seen.get(r.source)!.add(r.allowed[0]!);
    else merged.add(r.source);
  }
  for (const [s, set] of seen) if (mode === 'all' || set.size < K || merged.has(s)) out.add(s);
  return out;
}

/** One AdaGrad training (the shipped loop plus this round's options). */
function trainOnce(rows: XRow[], o: XOptions, seed: number): XModel {
  const df = new Map<string, number>();
  for (const r of rows) for (const f of r.vec.names) df.set(f, (df.get(f) ?? 0) + 1);
  const vocab = new Map<string, number>();
  for (const [f, n] of df) if (n >= o.minDf) vocab.set(f, vocab.size);
  const F = vocab.size;
  const srcSet = biasedSources(rows, o.sourceBias);
  const srcIndex = new Map([...srcSet].map((s, i) => [s, i]));
  const S = srcIndex.size;

  // NB-style scale per feature: largest |log-count ratio| of one class against the rest.
  const scale = new Float64Array(F).fill(1);
  if (o.nb) {
    const pc = new Float64Array(F * K);
    const tot = new Float64Array(K);
    for (const r of rows) {
      if (r.allowed.length !== 1) continue;
      const k = r.allowed[0]!;
      for (let j = 0; j < r.vec.names.length; j++) {
        const i = vocab.get(r.vec.names[j]!);
        if (i === undefined) continue;
        pc[i * K + k] = pc[i * K + k]! + r.vec.values[j]!;
        tot[k] = tot[k]! + r.vec.values[j]!;
      }
    }
    const all = tot.reduce((a, b) => a + b, 0);
    for (let i = 0; i < F; i++) {
      let rowSum = 0;
      for (let k = 0; k < K; k++) rowSum += pc[i * K + k]!;
      let best = 0;
      for (let k = 0; k < K; k++) {
        if (!tot[k]) continue;
        const p = (pc[i * K + k]! + 1) / (tot[k]! + F);
        const q = (rowSum - pc[i * K + k]! + 1) / (all - tot[k]! + F);
        best = Math.max(best, Math.abs(Math.log(p / q)));
      }
      scale[i] = 1 + Math.min(3, best);
    }
  }

  const docs = rows.map((r) => {
    const idx: number[] = [];
    const val: number[] = [];
    r.vec.names.forEach((f, j) => {
      const i = vocab.get(f);
      if (i !== undefined) { idx.push(i); val.push(r.vec.values[j]! * scale[i]!); }
    });
    return { idx: Int32Array.from(idx), val: Float64Array.from(val), allowed: r.allowed, weight: r.weight, src: srcIndex.get(r.source) ?? -1 };
  });

  const W = new Float64Array(F * K);
  const G = new Float64Array(F * K).fill(1e-6);
  const bias = new Float64Array(K);
  const Gb = new Float64Array(K).fill(1e-6);
  const SB = new Float64Array(S * K);
  const GSB = new Float64Array(S * K).fill(1e-6);
  const SW = o.fea ? new Float64Array(S * F * K) : new Float64Array(0);
  const GSW = o.fea ? new Float64Array(S * F * K).fill(1e-6) : new Float64Array(0);
  const z = new Float64Array(K);
  const grad = new Float64Array(K);
  const random = seededRandom(seed);
  const order = docs.map((_, i) => i);
  const lr = o.lr;
  const step = (arr: Float64Array, acc: Float64Array, at: number, g: number) => {
    acc[at] = acc[at]! + g * g;
    arr[at] = arr[at]! - (lr * g) / Math.sqrt(acc[at]!);
  };

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const d of order) {
      const doc = docs[d]!;
      const s = doc.src;
      for (let k = 0; k < K; k++) z[k] = bias[k]! + (s >= 0 ? SB[s * K + k]! : 0);
      for (let j = 0; j < doc.idx.length; j++) {
        const base = doc.idx[j]! * K;
        const v = doc.val[j]!;
        for (let k = 0; k < K; k++) z[k] = z[k]! + W[base + k]! * v;
        if (o.fea && s >= 0) {
          const sb = s * F * K + base;
          for (let k = 0; k < K; k++) z[k] = z[k]! + SW[sb + k]! * v;
        }
      }
      softmaxInPlace(z);
      let pSet = 0;
      for (const k of doc.allowed) pSet += z[k]!;
      // Target: posterior within the allowed set (= one-hot for a single label), then
      // smoothed towards uniform, or mixed with the model's own top class (hard bootstrap).
      for (let k = 0; k < K; k++) grad[k] = z[k]!;
      const keep = (1 - o.smoothing) * o.bootstrap;
      for (const k of doc.allowed) grad[k] = grad[k]! - (keep * z[k]!) / Math.max(pSet, 1e-12);
      if (o.smoothing > 0) for (let k = 0; k < K; k++) grad[k] = grad[k]! - o.smoothing / K;
      if (o.bootstrap < 1) {
        let top = 0;
        for (let k = 1; k < K; k++) if (z[k]! > z[top]!) top = k;
        grad[top] = grad[top]! - (1 - o.bootstrap) * (1 - o.smoothing);
      }
      for (let k = 0; k < K; k++) grad[k] = grad[k]! * doc.weight;
      for (let k = 0; k < K; k++) {
        step(bias, Gb, k, grad[k]!);
        if (s >= 0) step(SB, GSB, s * K + k, grad[k]! + o.sourceL2 * SB[s * K + k]!);
      }
      for (let j = 0; j < doc.idx.length; j++) {
        const base = doc.idx[j]! * K;
        const v = doc.val[j]!;
        for (let k = 0; k < K; k++) step(W, G, base + k, grad[k]! * v + o.l2 * W[base + k]!);
        if (o.fea && s >= 0) {
          const sb = s * F * K + base;
          for (let k = 0; k < K; k++) step(SW, GSW, sb + k, grad[k]! * v + o.l2 * SW[sb + k]!);
        }
      }
    }
  }
  // Fold the NB scale into the weights so the model reads unscaled values.
  for (let i = 0; i < F; i++) for (let k = 0; k < K; k++) W[i * K + k] = W[i * K + k]! * scale[i]!;
  const sourceBias = new Map([...srcIndex].map(([name, i]) => [name, SB.slice(i * K, (i + 1) * K)]));
  return { vocab, W, bias, temperature: 1, sourceBias };
}

/** Centres, averages (bagging) and prunes like the shipped trainer. */
function trainModel(rows: XRow[], o: XOptions, seed: number): XModel {
  const models: XModel[] = [];
  for (let b = 0; b < o.bag; b++) {
    let sample = rows;
    if (o.bagResample && o.bag > 1) {
      const random = seededRandom(seed * 1000 + b);
      sample = rows.map(() => rows[Math.floor(random() * rows.length)]!);
    }
    models.push(trainOnce(sample, o, b === 0 ? seed : seed * 100 + b));
  }
  const names = new Set<string>();
  for (const m of models) for (const f of m.vocab.keys()) names.add(f);
  const vocab = new Map<string, number>();
  const kept: number[] = [];
  const bias = new Float64Array(K);
  for (const m of models) for (let k = 0; k < K; k++) bias[k] = bias[k]! + m.bias[k]! / models.length;
  const w = new Float64Array(K);
  for (const f of names) {
    w.fill(0);
    for (const m of models) {
      const i = m.vocab.get(f);
      if (i !== undefined) for (let k = 0; k < K; k++) w[k] = w[k]! + m.W[i * K + k]! / models.length;
    }
    let mean = 0;
    for (let k = 0; k < K; k++) mean += w[k]! / K;
    let max = 0;
    for (let k = 0; k < K; k++) { w[k] = w[k]! - mean; max = Math.max(max, Math.abs(w[k]!)); }
    if (max >= o.prune) { vocab.set(f, vocab.size); kept.push(...w); }
  }
  return { vocab, W: Float64Array.from(kept), bias, temperature: 1, sourceBias: models[0]!.sourceBias };
}

function rowLoss(m: XModel, r: XRow): number {
  const z = logitsOf(m, r.vec);
  softmaxInPlace(z);
  let s = 0;
  for (const k of r.allowed) s += z[k]!;
  return -Math.log(Math.max(s, 1e-12));
}

/** Drops each class's highest-loss share of single-label rows after a first pass. */
function dropNoisy(rows: XRow[], o: XOptions, seed: number): XRow[] {
  if (o.dropShare <= 0) return rows;
  const first = trainModel(rows, o, seed);
  const drop = new Set<XRow>();
  for (let k = 0; k < K; k++) {
    const cls = rows.filter((r) => r.allowed.length === 1 && r.allowed[0] === k).map((r) => ({ r, loss: rowLoss(first, r) }));
    cls.sort((a, b) => b.loss - a.loss);
    for (const { r } of cls.slice(0, Math.floor(cls.length * o.dropShare))) drop.add(r);
  }
  return rows.filter((r) => !drop.has(r));
}

/** Class weights as prepareRows, temperature as trainCategoryModel (15% slice, then retrain on all). */
export function trainCalibrated(train: LabeledRow[], vecOf: (r: LabeledRow) => Vec, o: XOptions): XModel {
  const counts = new Array<number>(K).fill(0);
  let single = 0;
  for (const r of train) { const a = allowedOf.get(r)!; if (a.length === 1) { counts[a[0]!]!++; single++; } }
  const present = counts.filter((n) => n > 0).length || 1;
  const cw = counts.map((n) => (n ? Math.min(o.maxWeight, Math.pow(single / (present * n), o.power)) : 1));
  const rows: XRow[] = train.map((r) => {
    const a = allowedOf.get(r)!;
    return { vec: vecOf(r), allowed: a, weight: a.length === 1 ? cw[a[0]!]! : 1, source: r.source ?? '' };
  });
  const random = seededRandom(o.seed + 7);
  const fit: XRow[] = [];
  const held: XRow[] = [];
  for (const r of rows) (random() < 0.15 ? held : fit).push(r);
  const first = trainModel(dropNoisy(fit, o, o.seed), o, o.seed);
  const singleHeld = held.filter((r) => r.allowed.length === 1);
  const temperature = fitTemperature((singleHeld.length >= 30 ? singleHeld : held).map((r) => {
    const logits = logitsOf(first, r.vec);
    const sb = o.calibrateWithSource ? first.sourceBias?.get(r.source) : undefined;
    if (sb) for (let k = 0; k < K; k++) logits[k] = logits[k]! + sb[k]!;
    return { logits, allowed: r.allowed };
  }));
  return { ...trainModel(dropNoisy(rows, o, o.seed), o, o.seed), temperature };
}

export function optionsOf(parts: string[], seed: number): XOptions {
  const o: XOptions = { ...baseOptions, seed };
  for (const p of parts) {
    if (p === 'src') o.sourceBias = 'partial';
    else if (p.startsWith('srcall')) { o.sourceBias = 'all'; o.sourceL2 = p.length > 6 ? Math.pow(10, -Number(p.slice(6))) : 1e-3; }
    else if (p === 'cals') o.calibrateWithSource = true;
    else if (p === 'fea') { o.sourceBias = 'partial'; o.fea = true; }
    else if (p.startsWith('ls')) o.smoothing = Number(p.slice(2)) / 100;
    else if (p.startsWith('boot')) o.bootstrap = Number(p.slice(4)) / 10;
    else if (p.startsWith('drop')) o.dropShare = Number(p.slice(4)) / 100;
    else if (p.startsWith('bagb')) { o.bag = Number(p.slice(4)); o.bagResample = true; }
    else if (p.startsWith('bag')) o.bag = Number(p.slice(3));
    else if (p === 'nb') o.nb = true;
    else if (!['base', 'shipped', 'val', 'val1', 'valc', 'grp', 'ens', 'mix', ...askKinds].includes(p)) throw new Error(`unknown part ${p}`);
  }
  return o;
}

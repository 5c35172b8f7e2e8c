/**
 * Multinomial logistic regression over binary, L2-normalised features (or given values), trained with AdaGrad.
 * Written here because natural's LogisticRegressionClassifier is far too slow at real
 * vocabulary sizes. What it does that stock models do not:
 *  - partial labels: a row may name a set of classes (`投诉|求助|建议`); its loss is
 *    -log P(set), so it teaches "not the others" without guessing which member it is;
 *  - per-row weights, for class balancing (macro-F1 matters, the rare classes are rare);
 *  - optional label smoothing (citizens' and sites' labels are noisy: a smoothed target stops
 *    the model from betting everything on one site's habit);
 *  - optional per-source class biases ("source-aware debiasing"): rows that name a source
 *    also get that source's own bias vector in training, pulled towards 0 by an L2 penalty.
 *    It absorbs each site's label habits (Jiamusi's merged labels, Beijing's 建议-heavy mix,
 *    Dalian's 投诉-heavy one) so the shared weights and bias do not; it is dropped from the
 *    returned model, since a new message's site prior is unknown.
 * Probabilities are divided by a temperature fitted on held-out rows (calibration.ts).
 */

/**
 * A serialisable linear model over named features (re-exported by types.ts). Defined here, not in
 * types.ts, so that this module imports no other of the classifier's: the out-of-scope reason
 * model (out-of-scope-reasons.ts) scores with it, and types.ts names the out-of-scope model.
 */
export interface LinearModelData {
  kind: 'linear';
  classes: string[];
  /** Feature strings; weights[f * classes.length + c]. */
  features: string[];
  weights: Float32Array;
  bias: number[];
  /** Softmax temperature fitted on held-out rows (1 = none). */
  temperature: number;
  /**
   * How a message's binary features are scaled (feature-groups.ts). Absent: one L2 norm over all
   * of them, each 1 / sqrt(n) (the unit model; category models before the thirteenth session, read
   * exactly as before). 'per-group': one L2 norm per feature group, the groups alike.
   */
  featureNorm?: 'per-group';
}

export interface LinearTrainOptions {
  /** Passes over the data. @default 10 */
  epochs?: number;
  /** AdaGrad base step. @default 0.4 */
  learningRate?: number;
  /** L2 penalty per update. @default 1e-4 */
  l2?: number;
  /** Features seen in fewer rows are dropped. @default 2 */
  minDf?: number;
  /** After training, features whose largest |weight| is below this are dropped. @default 0.02 */
  prune?: number;
  /** Shuffle seed, so training is reproducible. @default 1 */
  seed?: number;
  /**
   * Share of each row's target spread evenly over all classes (label smoothing); the rest
   * goes to the row's allowed set as usual. @default 0
   */
  labelSmoothing?: number;
  /** L2 pull (per update) of the per-source biases towards 0; used when rows name a source. @default 1e-3 */
  sourceBiasL2?: number;
  /** Called after each epoch. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface LinearTrainRow {
  features: string[];
  /** Indices into `classes` of the allowed labels (one for a plain label). */
  allowed: number[];
  weight: number;
  /** Index of the row's source (site); rows with one train that source's own bias too. */
  source?: number | undefined;
  /**
   * Each feature's value, in `features` order. @default 1 / sqrt(features.length) for every
   * feature (binary, L2-normalised: what the classifier's scorer computes). Experiments weigh
   * feature groups through it (scripts/group-weights.ts).
   */
  values?: ArrayLike<number> | undefined;
}

/** A trained model plus the per-source biases learned beside it (not part of the model file). */
export interface TrainedLinear extends LinearModelData {
  /** sourceBias[s][k]: bias of class k for rows of source s (empty when no row names a source). */
  sourceBias: number[][];
}

/** A small deterministic PRNG (core's mulberry32): numbers in [0, 1). */
import { seededRandom } from '../core/random.js';
import { countFeatureGroups, featureGroupOf, perGroupValues } from './feature-groups.js';

export { seededRandom };

export function softmaxInPlace(z: Float64Array | number[], temperature = 1): void {
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) max = Math.max(max, z[k]! / temperature);
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp(z[k]! / temperature - max);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = z[k]! / sum;
}

/** Trains a model; the returned data has temperature 1 (calibrate separately). */
export function trainLinear(rows: LinearTrainRow[], classes: string[], options: LinearTrainOptions = {}): TrainedLinear {
  const epochs = options.epochs ?? 10;
  const lr = options.learningRate ?? 0.4;
  const l2 = options.l2 ?? 1e-4;
  const minDf = options.minDf ?? 2;
  const smoothing = options.labelSmoothing ?? 0;
  const sourceL2 = options.sourceBiasL2 ?? 1e-3;
  const K = classes.length;
  let S = 0;
  for (const row of rows) if (row.source !== undefined) S = Math.max(S, row.source + 1);

  const df = new Map<string, number>();
  for (const row of rows) for (const f of row.features) df.set(f, (df.get(f) ?? 0) + 1);
  const vocab = new Map<string, number>();
  for (const [f, n] of df) if (n >= minDf) vocab.set(f, vocab.size);
  const F = vocab.size;

  const docs = rows.map((row) => {
    const binary = row.features.length ? 1 / Math.sqrt(row.features.length) : 0;
    const idx: number[] = [];
    const val: number[] = [];
    row.features.forEach((f, j) => {
      const i = vocab.get(f);
      if (i === undefined) return;
      idx.push(i);
      val.push(row.values ? row.values[j]! : binary);
    });
    return { idx: Int32Array.from(idx), val: Float64Array.from(val), allowed: row.allowed, weight: row.weight, source: row.source ?? -1 };
  });

  const W = new Float64Array(F * K);
  const G = new Float64Array(F * K).fill(1e-6);
  const bias = new Float64Array(K);
  const Gb = new Float64Array(K).fill(1e-6);
  const sourceBias = new Float64Array(S * K);
  const Gs = new Float64Array(S * K).fill(1e-6);
  const z = new Float64Array(K);
  const grad = new Float64Array(K);
  const random = seededRandom(options.seed ?? 1);
  const order = docs.map((_, i) => i);

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const d of order) {
      const doc = docs[d]!;
      const s = doc.source;
      for (let k = 0; k < K; k++) z[k] = bias[k]! + (s >= 0 ? sourceBias[s * K + k]! : 0);
      for (let j = 0; j < doc.idx.length; j++) {
        const base = doc.idx[j]! * K;
        const v = doc.val[j]!;
        for (let k = 0; k < K; k++) z[k] = z[k]! + W[base + k]! * v;
      }
      softmaxInPlace(z);
      let pSet = 0;
      for (const k of doc.allowed) pSet += z[k]!;
      // Target: the model's own split inside the allowed set (one-hot for a plain label),
      // a `smoothing` share of it spread evenly over all classes.
      for (let k = 0; k < K; k++) grad[k] = (z[k]! - smoothing / K) * doc.weight;
      for (const k of doc.allowed) grad[k] = grad[k]! - ((1 - smoothing) * doc.weight * z[k]!) / Math.max(pSet, 1e-12);
      for (let k = 0; k < K; k++) {
        const g = grad[k]!;
        Gb[k] = Gb[k]! + g * g;
        bias[k] = bias[k]! - (lr * g) / Math.sqrt(Gb[k]!);
        if (s >= 0) {
          const at = s * K + k;
          const gs = g + sourceL2 * sourceBias[at]!;
          Gs[at] = Gs[at]! + gs * gs;
          sourceBias[at] = sourceBias[at]! - (lr * gs) / Math.sqrt(Gs[at]!);
        }
      }
      for (let j = 0; j < doc.idx.length; j++) {
        const base = doc.idx[j]! * K;
        const v = doc.val[j]!;
        for (let k = 0; k < K; k++) {
          const g = grad[k]! * v + l2 * W[base + k]!;
          G[base + k] = G[base + k]! + g * g;
          W[base + k] = W[base + k]! - (lr * g) / Math.sqrt(G[base + k]!);
        }
      }
    }
    options.onProgress?.(epoch + 1, epochs);
  }

  // Softmax ignores a constant added to one feature's weights for every class: centre them,
  // then drop the features that barely move any class.
  const prune = options.prune ?? 0.02;
  const features: string[] = [];
  const kept: number[] = [];
  for (const [f, i] of vocab) {
    let mean = 0;
    for (let k = 0; k < K; k++) mean += W[i * K + k]!;
    mean /= K;
    let max = 0;
    for (let k = 0; k < K; k++) {
      W[i * K + k] = W[i * K + k]! - mean;
      max = Math.max(max, Math.abs(W[i * K + k]!));
    }
    if (max >= prune) {
      features.push(f);
      for (let k = 0; k < K; k++) kept.push(W[i * K + k]!);
    }
  }
  const perSource = Array.from({ length: S }, (_, s) => [...sourceBias.subarray(s * K, (s + 1) * K)]);
  return { kind: 'linear', classes: [...classes], features, weights: Float32Array.from(kept), bias: [...bias], temperature: 1, sourceBias: perSource };
}

/** A loaded linear model: feature lookup plus scoring. */
export class LinearScorer {
  readonly classes: string[];
  readonly temperature: number;
  /** Feature -> row, built at the first lookup (the classifier looks rows up through its FeatureIndex). */
  private index: Map<string, number> | undefined;
  private readonly features: string[];
  private readonly weights: Float32Array;
  private readonly bias: number[];
  /** Per-group norms only: each row's feature group. */
  private readonly rowGroup: Uint8Array | undefined;

  constructor(data: LinearModelData) {
    this.classes = data.classes;
    this.temperature = data.temperature;
    this.weights = data.weights;
    this.bias = data.bias;
    this.features = data.features;
    this.rowGroup = data.featureNorm === 'per-group' ? Uint8Array.from(data.features, featureGroupOf) : undefined;
  }

  /** True when the model scales features per group: its callers must pass the message's group counts. */
  get perGroup(): boolean {
    return this.rowGroup !== undefined;
  }

  /** Rows of the features this model knows (unknown ones are skipped). */
  lookup(features: string[]): number[] {
    const rows: number[] = [];
    this.index ??= new Map(this.features.map((f, i) => [f, i]));
    for (const f of features) {
      const i = this.index.get(f);
      if (i !== undefined) rows.push(i);
    }
    return rows;
  }

  /**
   * Raw logits from known rows; `featureCount` is the number of all the message's features,
   * known or not, which sets the L2 normalisation exactly as in training; a model with per-group
   * norms also needs `groupCounts`, the message's distinct features of each group (feature-groups.ts).
   */
  logitsOf(rows: number[], featureCount: number, groupCounts?: ArrayLike<number>): Float64Array {
    const K = this.classes.length;
    const z = Float64Array.from(this.bias);
    const groupValues = this.groupValues(groupCounts);
    const value = featureCount ? 1 / Math.sqrt(featureCount) : 0;
    for (const i of rows) {
      const base = i * K;
      const v = groupValues ? groupValues[this.rowGroup![i]!]! : value;
      for (let k = 0; k < K; k++) z[k] = z[k]! + this.weights[base + k]! * v;
    }
    return z;
  }

  /** Per-group models: the value of a feature of each group for these counts; one-norm models: undefined. */
  private groupValues(groupCounts: ArrayLike<number> | undefined): Float64Array | undefined {
    if (!this.rowGroup) return undefined;
    if (!groupCounts) throw new Error('模型按特征组归一化，评分时须给出各组特征数');
    return perGroupValues(groupCounts);
  }

  /** Raw logits of a feature list (distinct features). */
  logits(features: string[]): { logits: Float64Array } {
    return { logits: this.logitsOf(this.lookup(features), features.length, this.rowGroup ? countFeatureGroups(features) : undefined) };
  }

  /** Calibrated class probabilities, in `classes` order. */
  probabilities(features: string[], temperature = this.temperature): Float64Array {
    const z = this.logits(features).logits;
    softmaxInPlace(z, temperature);
    return z;
  }

  /** Calibrated probabilities from rows already looked up (`groupCounts` as in logitsOf). */
  probabilitiesOf(rows: number[], featureCount: number, groupCounts?: ArrayLike<number>): Float64Array {
    const z = this.logitsOf(rows, featureCount, groupCounts);
    softmaxInPlace(z, this.temperature);
    return z;
  }

  /**
   * Features (by row) that pushed class `k` up most against the strongest other class, strongest
   * first. Under per-group norms a feature's push is its weight times its group's value, so
   * `groupCounts` (as in logitsOf) is needed; under one norm every value is the same.
   */
  topFeaturesOf(rows: number[], k: number, limit: number, groupCounts?: ArrayLike<number>): { feature: string; score: number }[] {
    const K = this.classes.length;
    const groupValues = this.groupValues(groupCounts);
    const out: { row: number; score: number }[] = [];
    for (const i of rows) {
      let others = -Infinity;
      for (let c = 0; c < K; c++) if (c !== k) others = Math.max(others, this.weights[i * K + c]!);
      const score = (this.weights[i * K + k]! - others) * (groupValues ? groupValues[this.rowGroup![i]!]! : 1);
      if (score > 0) out.push({ row: i, score });
    }
    out.sort((a, b) => b.score - a.score);
    return out.slice(0, limit).map(({ row, score }) => ({ feature: this.features[row]!, score }));
  }

  /** As topFeaturesOf, from a feature list (distinct features). */
  topFeatures(features: string[], k: number, limit: number): { feature: string; score: number }[] {
    return this.topFeaturesOf(this.lookup(features), k, limit, this.rowGroup ? countFeatureGroups(features) : undefined);
  }
}

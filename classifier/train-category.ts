/**
 * Training the category model: features, class-balancing weights, the linear model, and a
 * temperature fitted on a held-out slice. The shipped model is retrained on every row with
 * the same settings and keeps the held-out temperature. With `sourceBiases`, each source
 * (site) has its own class biases in training, dropped from the model: the temperature is
 * fitted without them too, as a message from an unknown site will be scored.
 */
import { categories, type Category } from '../core/domain.js';
import { fitTemperature, type HeldOutLogits } from './calibration.js';
import { countFeatureGroups, featureGroupOf, perGroupValues } from './feature-groups.js';
import { extractFeatures } from './features.js';
import { parseLabel } from './labels.js';
import { LinearScorer, seededRandom, trainLinear, type LinearTrainOptions, type LinearTrainRow } from './linear-model.js';
import type { LinearModelData, TrainingExample } from './types.js';

export interface CategoryTrainOptions extends LinearTrainOptions {
  /**
   * Class weight = (rows / (classes x rows of the class)) ^ power, over single-label rows.
   * 0 means no balancing, 1 full inverse frequency. @default 0.5
   */
  classWeightPower?: number;
  /** Largest class weight. @default 5 */
  maxClassWeight?: number;
  /**
   * Each source's rows together weigh at most this many rows' worth, so one large site does
   * not teach its own quirks. 0 means no cap. @default 0
   */
  sourceCap?: number;
  /** Share of rows held out to fit the temperature (0 = no calibration). @default 0.15 */
  calibrationShare?: number;
  /**
   * Per-source class biases in training, dropped at prediction (linear-model.ts), so the
   * shared weights do not learn one site's label habits. Rows without a source have none.
   * @default false
   */
  sourceBiases?: boolean;
  /**
   * 'per-group': one L2 norm per feature group (feature-groups.ts), written into the model
   * (LinearModelData.featureNorm); 'one': one norm over all features, as before. @default 'one'
   */
  featureNorm?: 'one' | 'per-group';
  /**
   * Called with the logits of every held-out row (merged labels included; from the model trained
   * without them) and the temperature fitted on them (on the single-label ones when there are 30
   * or more); for experiments that calibrate further (scripts/prior-shift-experiment.ts). Not
   * called when there is no calibration slice.
   */
  onHeldOut?: ((rows: HeldOutLogits[], temperature: number) => void) | undefined;
}

export interface PreparedRow extends LinearTrainRow {
  example: TrainingExample;
}

const classIndex = new Map<Category, number>(categories.map((c, i) => [c, i]));

/** Features, allowed classes and weights of each example. */
export function prepareRows(examples: TrainingExample[], options: CategoryTrainOptions = {}, features?: string[][]): PreparedRow[] {
  const power = options.classWeightPower ?? 0.5;
  const maxWeight = options.maxClassWeight ?? 5;
  const allowed = examples.map((e) => parseLabel(e.label).map((c) => classIndex.get(c)!));
  const counts = new Array<number>(categories.length).fill(0);
  let single = 0;
  for (const a of allowed) if (a.length === 1) {
    counts[a[0]!]!++;
    single++;
  }
  const present = counts.filter((n) => n > 0).length || 1;
  const classWeight = counts.map((n) => (n ? Math.min(maxWeight, Math.pow(single / (present * n), power)) : 1));
  const bySource = new Map<string, number>();
  for (const e of examples) bySource.set(e.source ?? '', (bySource.get(e.source ?? '') ?? 0) + 1);
  const cap = options.sourceCap ?? 0;
  const sourceIndex = new Map([...bySource.keys()].map((s, i) => [s, i]));
  const perGroup = options.featureNorm === 'per-group';
  return examples.map((example, i) => {
    const a = allowed[i]!;
    let weight = (a.length === 1 ? classWeight[a[0]!]! : 1) * (example.weight ?? 1);
    const n = bySource.get(example.source ?? '') ?? 1;
    if (cap > 0 && n > cap) weight *= cap / n;
    // Rows that name no source (staff-reviewed messages of the district itself, from the store)
    // get no bias of their own: their label habits are the ones new messages should be read with.
    const source = options.sourceBiases && example.source ? sourceIndex.get(example.source) : undefined;
    const f = features?.[i] ?? extractFeatures(example);
    const values = perGroup ? valuesPerGroup(f) : undefined;
    return { example, features: f, allowed: a, weight, source, values };
  });
}

/** Each feature's value under per-group norms, in `features` order (distinct features). */
function valuesPerGroup(features: string[]): Float64Array {
  const v = perGroupValues(countFeatureGroups(features));
  return Float64Array.from(features, (f) => v[featureGroupOf(f)]!);
}

/** Trains and calibrates the category model. */
export function trainCategoryModel(examples: TrainingExample[], options: CategoryTrainOptions = {}, features?: string[][]): LinearModelData {
  const rows = prepareRows(examples, options, features);
  // Written into the model only when per-group, so a one-norm model's file is as before.
  const norm: Pick<LinearModelData, 'featureNorm'> = options.featureNorm === 'per-group' ? { featureNorm: 'per-group' } : {};
  const share = options.calibrationShare ?? 0.15;
  const classes = [...categories];
  let temperature = 1;
  const epochs = options.epochs ?? 10;
  const progress = options.onProgress;
  if (share > 0 && rows.length >= 50) {
    const random = seededRandom((options.seed ?? 1) + 7);
    const fit: PreparedRow[] = [];
    const held: PreparedRow[] = [];
    for (const row of rows) (random() < share ? held : fit).push(row);
    const first = trainLinear(fit, classes, { ...options, onProgress: (d) => progress?.(d, epochs * 2) });
    const scorer = new LinearScorer({ ...first, ...norm });
    // Staff see the probability of one category, so calibrate on single-label rows; merged
    // labels (any of 投诉|求助|建议) are easier to hit and would make the model look surer.
    const single = held.filter((row) => row.allowed.length === 1);
    const heldLogits: HeldOutLogits[] = (single.length >= 30 ? single : held).map((row) => ({ logits: scorer.logits(row.features).logits, allowed: row.allowed }));
    temperature = fitTemperature(heldLogits);
    if (options.onHeldOut) options.onHeldOut(held.map((row) => ({ logits: scorer.logits(row.features).logits, allowed: row.allowed })), temperature);
  }
  const offset = share > 0 && rows.length >= 50 ? epochs : 0;
  const { sourceBias: _dropped, ...model } = trainLinear(rows, classes, { ...options, onProgress: (d) => progress?.(offset + d, offset + epochs) });
  return { ...model, temperature, ...norm };
}

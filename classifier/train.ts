/**
 * trainModel: the category model and the handling-unit model from labelled rows.
 * Rows whose `unit` maps onto the directory (mapUnitName) train the unit model; rows with
 * merged labels train the category model as partial labels.
 */
import { createHash } from 'node:crypto';
import { BadInputError } from '../core/errors.js';
import { extractFeatures } from './features.js';
import { isValidLabel } from './labels.js';
import { trainLinear } from './linear-model.js';
import { trainCategoryModel, type CategoryTrainOptions } from './train-category.js';
import { loadUnitDirectory, mapUnitName, unitFeatures } from './units.js';
import type { TrainedModel, TrainingExample, UnitDirectoryEntry } from './types.js';

/** The settings the shipped model is trained with (chosen by classifier/scripts/cross-source.ts). */
export const defaultTrainOptions: Required<Omit<CategoryTrainOptions, 'onProgress' | 'onHeldOut'>> = {
  epochs: 15,
  learningRate: 0.1,
  l2: 1e-5,
  minDf: 10,
  prune: 0.1,
  seed: 1,
  classWeightPower: 0.75,
  maxClassWeight: 10,
  sourceCap: 0,
  calibrationShare: 0.15,
  // Round 4 (classifier/scripts/round4-experiments.ts ls05+srcall): label smoothing 0.05 and
  // per-source biases dropped at prediction. Dalian 5-fold accuracy +0.011 / +0.017 / +0.011 and
  // macro-F1 +0.016 / +0.014 / -0.002 on three fold splits; -> Jiamusi 0.818 -> 0.824 (README).
  labelSmoothing: 0.05,
  sourceBiases: true,
  sourceBiasL2: 1e-3,
  // Thirteenth session (round4-experiments.ts grp+ls05+srcall): one L2 norm per feature group.
  // Dalian 5-fold macro-F1 +0.029 / +0.023 / +0.027, held out 0.566 -> 0.643; -> Jiamusi accuracy
  // 0.824 -> 0.807 (README, "Per-group norms").
  featureNorm: 'per-group',
};

/**
 * The unit model keeps the earlier step and epochs: at step 0.1 / 15 epochs (better for the
 * category model) its 80/20 accuracy fell from 70.1% to 67.7% (classifier/scripts/eval-units.ts).
 * Label smoothing and per-group norms were measured for the category model only, so the unit
 * model keeps neither (trainLinear scales its word features by one norm).
 */
export const unitTrainOptions = { ...defaultTrainOptions, epochs: 10, learningRate: 0.2, labelSmoothing: 0, featureNorm: 'one' as const };

export interface TrainModelOptions extends CategoryTrainOptions {
  /** Rows that only teach the unit model (no category label), e.g. topic-labelled rows. */
  unitOnly?: TrainingExample[];
  /** Unit directory; default the committed one. */
  unitDirectory?: UnitDirectoryEntry[];
  /** Progress in per cent (done of 100) over feature extraction, category and unit training. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Called with a Chinese description of each stage. */
  onStage?: ((stage: string) => void) | undefined;
}

/** Trains both models. Throws BadInputError on an empty set or an unknown label. */
export function trainModel(examples: TrainingExample[], options: TrainModelOptions = {}): TrainedModel {
  // Exact repeats (the same post sent again) would count twice: keep one of each, the first,
  // unless a later one weighs more (a message staff reviewed, which also appears in shared data).
  // A row meant to count more says so with its weight, not by being repeated.
  const seen = new Map<string, number>();
  const labeled: TrainingExample[] = [];
  for (const e of examples) {
    if (!e.label || !isValidLabel(e.label)) continue;
    const key = `${e.title}\u0000${e.content}`;
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, labeled.length);
      labeled.push(e);
    } else if ((e.weight ?? 1) > (labeled[at]!.weight ?? 1)) labeled[at] = e;
  }
  if (labeled.length < 20) throw new BadInputError(`训练数据太少：只有 ${labeled.length} 条带有效类别的留言（至少 20 条）`);
  const bad = examples.length - labeled.length;
  const settings = { ...defaultTrainOptions, ...stripUndefined(options) };
  const directory = options.unitDirectory ?? loadUnitDirectory();
  // Progress in per cent: features 0-20, category model 20-85 (two trainings when calibrating),
  // unit model 85-100. Each step reports its share as it goes.
  const report = (pct: number) => options.onProgress?.(Math.min(100, Math.round(pct)), 100);

  const weighted = labeled.filter((e) => (e.weight ?? 1) !== 1).length;
  options.onStage?.(`提取特征：${labeled.length} 条${weighted ? `（其中加权 ${weighted} 条）` : ''}${bad ? `，跳过 ${bad} 条无有效类别或重复` : ''}`);
  const features = labeled.map((e, i) => {
    if (i % 1000 === 999) report((20 * (i + 1)) / labeled.length);
    return extractFeatures(e);
  });
  report(20);

  options.onStage?.('训练类别模型（含留出集温度校准）');
  const category = trainCategoryModel(labeled, { ...settings, onProgress: (d, t) => report(20 + (65 * d) / t) }, features);

  const unitRows: { features: string[]; allowed: number[]; weight: number }[] = [];
  const unitNames = directory.filter((u) => u.kind !== 'town').map((u) => u.name);
  const unitIndex = new Map(unitNames.map((n, i) => [n, i]));
  labeled.forEach((e, i) => {
    const mapped = e.unit ? mapUnitName(e.unit, directory) : null;
    if (mapped && unitIndex.has(mapped)) unitRows.push({ features: unitFeatures(features[i]!), allowed: [unitIndex.get(mapped)!], weight: e.weight ?? 1 });
  });
  for (const e of options.unitOnly ?? []) {
    const mapped = e.unit ? mapUnitName(e.unit, directory) : null;
    if (mapped && unitIndex.has(mapped)) unitRows.push({ features: unitFeatures(extractFeatures(e)), allowed: [unitIndex.get(mapped)!], weight: e.weight ?? 1 });
  }
  options.onStage?.(`训练承办单位模型：${unitRows.length} 条可对应到单位目录`);
  const unit = unitRows.length >= 20 ? trainLinear(unitRows, unitNames, { ...settings, epochs: options.epochs ?? unitTrainOptions.epochs, learningRate: options.learningRate ?? unitTrainOptions.learningRate, labelSmoothing: unitTrainOptions.labelSmoothing, onProgress: (d, t) => report(85 + (15 * d) / t) }) : null;
  report(100);

  const bySource: Record<string, number> = {};
  for (const e of labeled) bySource[e.source ?? '未注明'] = (bySource[e.source ?? '未注明'] ?? 0) + 1;
  const createdAt = new Date().toISOString();
  const digest = createHash('sha256')
    .update(category.features.length + ':' + category.bias.join(',') + ':' + labeled.length + ':' + (unit ? unit.features.length + ':' + unit.bias.join(',') : ''))
    .digest('hex')
    .slice(0, 6);
  return {
    format: 'minsheng-classifier',
    formatVersion: 1,
    version: `${createdAt.slice(0, 10).replaceAll('-', '.')}-lr-${digest}`,
    createdAt,
    category,
    unit,
    training: {
      examples: labeled.length,
      bySource,
      options: { ...settings, unitRows: unitRows.length },
    },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && typeof v !== 'function' && k !== 'unitOnly' && k !== 'unitDirectory')) as Partial<T>;
}

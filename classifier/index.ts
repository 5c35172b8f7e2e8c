/**
 * classifier: sorts messages into the measures' five categories, screens them against the
 * 不予受理 list, and suggests complexity, urgency and handling unit. Pure: no database, no
 * queue; imports only core/, module by module (not core/index: a cold start should not load the
 * config and the logger; .dependency-cruiser.cjs holds it to that).
 */
import type { BayesBaseline } from './bayes-baseline.js';
import type { TrainingExample } from './types.js';

export type {
  MessageText,
  Suggestion,
  Classification,
  Classifier,
  OutOfScopeFinding,
  TrainingExample,
  TrainedModel,
  UnitDirectoryEntry,
  LinearModelData,
} from './types.js';
/** Loads the committed default model (or `modelFile`) and returns a ready classifier. */
export { loadClassifier, createClassifier, defaultModelFile } from './classifier.js';
/** Trains a serialisable model from labelled rows (merged labels like 投诉|求助 allowed). */
export { trainModel, defaultTrainOptions, type TrainModelOptions } from './train.js';
/** Accuracy, macro-F1, per-class figures, confusion matrix and calibration. */
export { evaluate, type LabeledMessage } from './evaluate.js';
export { formatReport, type EvaluationReport, type ClassFigures } from './metrics.js';
/** Model files: gzipped JSON, versioned. */
export { readModelFile, writeModelFile, serializeModel, parseModel } from './model-file.js';
/** Labelled JSON Lines files (the shared data's layout). */
export { readLabeledFiles, parseLabeledRows, defaultSharedDataDir, sharedDataFiles, readSharedDataRows, type LabeledRow, type ReadOptions, type ReadResult, type ReadFilesResult } from './data.js';
export { parseLabel, isValidLabel } from './labels.js';
export { loadUnitDirectory, parseUnitDirectory, mapUnitName, defaultUnitDirectoryFile } from './units.js';
export { screenOutOfScope, outOfScopeThreshold, defaultOutOfScopeModel } from './out-of-scope.js';
/** The out-of-scope model trained the committed way plus the staff's decisions (`minsheng train --from-store`). */
export { trainOutOfScopeModel, staffDecisionWeight, type StaffOutOfScopeDecision, type OutOfScopeTrainingSummary } from './train-out-of-scope.js';
export type { OutOfScopeModelData } from './out-of-scope-model.js';
export type { BayesBaseline } from './bayes-baseline.js';

/** The natural BayesClassifier baseline, loaded on demand (natural is slow to import). */
export async function trainBayesBaseline(examples: TrainingExample[], vocabularySize?: number): Promise<BayesBaseline> {
  const { trainBayesBaseline: train } = await import('./bayes-baseline.js');
  return train(examples, vocabularySize);
}

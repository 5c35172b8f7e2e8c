/**
 * The classifier's public data shapes. Pure types: what callers hand in, what they get back,
 * and what a trained model looks like on disk.
 */
import type { Category, Complexity, OutOfScopeReason, Urgency } from '../core/domain.js';
import type { LinearModelData } from './linear-model.js';
import type { OutOfScopeModelData } from './out-of-scope-model.js';

/** The text of a message: all the classifier reads. */
export interface MessageText {
  title: string;
  content: string;
}

/** A reviewable suggestion: a value, how sure we are (0..1), and the words that support it. */
export interface Suggestion<T> {
  value: T;
  confidence: number;
  evidence: string[];
}

export interface OutOfScopeFinding {
  code: OutOfScopeReason;
  evidence: string[];
  confidence: number;
}

export interface Classification {
  category: Category;
  /** Calibrated probability of `category`. */
  confidence: number;
  probabilities: Record<Category, number>;
  outOfScope: { flagged: boolean; reasons: OutOfScopeFinding[] };
  complexity: Suggestion<Complexity>;
  urgency: Suggestion<Urgency>;
  /** Suggested handling unit, a name from the district's unit directory; null when nothing fits. */
  unit: Suggestion<string | null>;
  /** Words that drove the category, strongest first. */
  explanation: string[];
  modelVersion: string;
}

export interface Classifier {
  classify(message: MessageText): Classification;
  readonly version: string;
}

/**
 * One training row. `label` is a category or several joined by `|` (e.g. `投诉|求助|建议`),
 * meaning only "one of these". `unit` is the handling unit's name as the source site wrote it.
 */
export interface TrainingExample {
  title: string;
  content: string;
  label: string;
  unit?: string | undefined;
  /** Where the row came from (for per-source weighting and reports). */
  source?: string | undefined;
  /**
   * How much the row counts in training, times its class weight: the district's own
   * staff-reviewed messages count 2 (`minsheng train --from-store`). @default 1
   */
  weight?: number | undefined;
}

/** An entry of the district's unit directory (classifier/units/*.json). */
export interface UnitDirectoryEntry {
  /** The unit's name as staff know it, e.g. 区住建局. */
  name: string;
  /** Words in a message that point at this unit. */
  keywords: string[];
  /** Words in another city's unit name that mean this unit (住建, 房管 -> 区住建局). */
  aliases?: string[] | undefined;
  /** 'department' or 'town' (镇/街道). */
  kind?: 'department' | 'town' | undefined;
}

/** A serialisable linear model over named features (defined beside its trainer and scorer). */
export type { LinearModelData } from './linear-model.js';

/** The whole trained model, as written to a (gzipped) JSON file. */
export interface TrainedModel {
  format: 'minsheng-classifier';
  /**
   * 1, or 2 when the category model has per-group norms (LinearModelData.featureNorm): a reader of
   * version 1 only refuses such a file rather than scoring it with one norm (wrong probabilities).
   * Written by serializeModel from the model itself.
   */
  formatVersion: 1 | 2;
  /** e.g. 2026.11.28-lr-3f2a1c. */
  version: string;
  createdAt: string;
  category: LinearModelData;
  /** Directory-unit model, trained on rows whose unit maps onto the directory. */
  unit: LinearModelData | null;
  /** Training summary for the README and `minsheng evaluate`. */
  training: {
    examples: number;
    bySource: Record<string, number>;
    options: Record<string, unknown>;
    heldOut?: Record<string, number> | undefined;
  };
  /**
   * The learned out-of-scope model to screen with, when this file carries one (`minsheng train
   * --from-store`: the shipped recipe plus the staff's 不予受理 decisions). Absent (the committed
   * default, older files, `minsheng train` without --from-store): the committed
   * models/out-of-scope.json.gz screens, as before.
   */
  outOfScope?: OutOfScopeModelData | undefined;
}

/** evaluate: a classifier against labelled rows (merged labels count as right for any member). */
import { parseLabel } from './labels.js';
import { computeReport, type EvaluationReport, type ScoredRow } from './metrics.js';
import type { Classifier, MessageText } from './types.js';

export interface LabeledMessage extends MessageText {
  label: string;
}

/** Classifies every row and computes the report. Throws BadInputError on an unknown label. */
export function evaluate(classifier: Pick<Classifier, 'classify'>, rows: LabeledMessage[], onProgress?: (done: number, total: number) => void): EvaluationReport {
  const scored: ScoredRow[] = rows.map((row, i) => {
    const c = classifier.classify(row);
    if (onProgress && i % 500 === 499) onProgress(i + 1, rows.length);
    return { allowed: parseLabel(row.label), predicted: c.category, confidence: c.confidence };
  });
  onProgress?.(rows.length, rows.length);
  return computeReport(scored);
}

/**
 * The figures of suggestion-agreement.ts, from decisions already read and filtered to a period.
 * Pure. Shares are null where nothing was counted (never a 0 that reads as "always wrong").
 */
// The classifier's metrics module alone (pure, no model): its index would load the whole classifier.
import { computeReport, wilson } from '../../classifier/metrics.js';
import { categories, outOfScopeReasonNames, type Category, type OutOfScopeReason } from '../../core/index.js';

/** k of n, the share and its Wilson 95% interval (null when n is 0). */
export interface Proportion {
  k: number;
  n: number;
  share: number | null;
  low: number | null;
  high: number | null;
}

export function proportion(k: number, n: number): Proportion {
  if (n === 0) return { k, n, share: null, low: null, high: null };
  const [low, high] = wilson(k, n);
  return { k, n, share: k / n, low, high };
}

export interface ClassAgreement {
  category: Category;
  /** Of the cases suggested this category, the share staff decided the same. */
  precision: number | null;
  /** Of the cases staff decided this category, the share suggested so. */
  recall: number | null;
  f1: number | null;
  suggested: number;
  decided: number;
}

/** A confidence band of the category suggestion: how many, their mean confidence, how many right. */
export interface ConfidenceBand {
  label: string;
  from: number;
  to: number;
  right: Proportion;
  meanConfidence: number | null;
}

export interface CategoryAgreement {
  agreement: Proportion;
  perClass: ClassAgreement[];
  /** confusion[suggested][decided]. */
  confusion: Record<Category, Record<Category, number>>;
  calibration: ConfidenceBand[];
}

/** Bands of the shown confidence; "of suggestions given 0.9, about 90% are right" is read off the last. */
export const confidenceBands = [
  { label: '<0.5', from: 0, to: 0.5 },
  { label: '0.5–0.7', from: 0.5, to: 0.7 },
  { label: '0.7–0.9', from: 0.7, to: 0.9 },
  { label: '≥0.9', from: 0.9, to: Infinity },
] as const;

export interface CategoryRow {
  suggested: Category;
  decided: Category;
  /** The suggestion's confidence; null for an old row without one (left out of the bands). */
  confidence: number | null;
}

export function categoryAgreement(rows: CategoryRow[]): CategoryAgreement {
  const report = computeReport(rows.map((r) => ({ allowed: [r.decided], predicted: r.suggested, confidence: r.confidence ?? 0 })));
  const confusion = Object.fromEntries(categories.map((s) => [s, Object.fromEntries(categories.map((d) => [d, report.confusion[d][s]]))])) as Record<Category, Record<Category, number>>;
  const perClass = categories.map((c): ClassAgreement => {
    const suggested = categories.reduce((n, d) => n + confusion[c][d], 0);
    const decided = report.perClass[c].support;
    const { precision, recall, f1 } = report.perClass[c];
    return { category: c, precision: suggested ? precision : null, recall: decided ? recall : null, f1: suggested && decided ? f1 : null, suggested, decided };
  });
  const calibration = confidenceBands.map((b): ConfidenceBand => {
    const inBand = rows.filter((r) => r.confidence !== null && r.confidence >= b.from && r.confidence < b.to);
    const right = inBand.filter((r) => r.suggested === r.decided).length;
    const meanConfidence = inBand.length ? inBand.reduce((s, r) => s + (r.confidence ?? 0), 0) / inBand.length : null;
    return { label: b.label, from: b.from, to: Math.min(b.to, 1), right: proportion(right, inBand.length), meanConfidence };
  });
  return { agreement: proportion(rows.filter((r) => r.suggested === r.decided).length, rows.length), perClass, confusion, calibration };
}

export interface OutOfScopeRow {
  flagged: boolean;
  suggestedReasons: string[];
  outOfScope: boolean;
  decidedReasons: string[];
}

export interface OutOfScopeAgreement {
  /** Flagged and decided out of scope; flagged but accepted; missed; neither. */
  counts: { flaggedOut: number; flaggedIn: number; missed: number; neither: number };
  precision: Proportion;
  recall: Proportion;
  /** Per reason staff decided: how often the suggested reasons named it. */
  reasons: { code: string; name: string; decided: number; named: Proportion }[];
}

export function outOfScopeAgreement(rows: OutOfScopeRow[]): OutOfScopeAgreement {
  const counts = { flaggedOut: 0, flaggedIn: 0, missed: 0, neither: 0 };
  const byReason = new Map<string, { decided: number; named: number }>();
  for (const r of rows) {
    if (r.flagged) counts[r.outOfScope ? 'flaggedOut' : 'flaggedIn']++;
    else counts[r.outOfScope ? 'missed' : 'neither']++;
    if (!r.outOfScope) continue;
    for (const code of new Set(r.decidedReasons)) {
      const entry = byReason.get(code) ?? { decided: 0, named: 0 };
      entry.decided++;
      if (r.suggestedReasons.includes(code)) entry.named++;
      byReason.set(code, entry);
    }
  }
  const reasons = [...byReason.entries()]
    .map(([code, e]) => ({ code, name: outOfScopeReasonNames[code as OutOfScopeReason] ?? code, decided: e.decided, named: proportion(e.named, e.decided) }))
    .sort((a, b) => b.decided - a.decided || a.code.localeCompare(b.code));
  return {
    counts,
    precision: proportion(counts.flaggedOut, counts.flaggedOut + counts.flaggedIn),
    recall: proportion(counts.flaggedOut, counts.flaggedOut + counts.missed),
    reasons,
  };
}

export interface DuplicateAgreement {
  /** Links the pipeline made in the period. */
  links: number;
  /** Of those links, how many staff have since split off as wrong. */
  split: number;
  /** 1 − split / links; null without links. */
  precision: number | null;
  /** Copies the pipeline missed that staff merged in the period. */
  merges: number;
}

export function duplicateAgreement(links: number, split: number, merges: number): DuplicateAgreement {
  return { links, split, precision: links ? 1 - split / links : null, merges };
}

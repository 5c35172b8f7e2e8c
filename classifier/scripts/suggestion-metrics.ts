/**
 * Figures for a two-valued suggestion (complexity: complex vs simple; urgency: urgent vs normal)
 * against hand labels, with per-row sampling weights: accuracy, precision and recall of the
 * positive value, the confusion, a reliability table with ECE, the ranking AUC, and a Platt fit
 * (slope and intercept on the rules' raw score). Pure; used by eval-suggestions.ts.
 */

/** One labelled row: `p` is the suggestion's probability of the positive value. */
export interface ScoredBinaryRow {
  truth: boolean;
  p: number;
  /** Sampling weight (1 for unweighted figures). */
  weight: number;
}

export interface BinaryFigures {
  rows: number;
  accuracy: number;
  /** NaN when nothing was suggested positive. */
  precision: number;
  /** NaN when no row is positive. */
  recall: number;
  /** Weighted counts (row counts when every weight is 1). */
  confusion: { tp: number; fp: number; fn: number; tn: number };
}

export interface ReliabilityBin {
  from: number;
  to: number;
  rows: number;
  /** Share of the total weight that falls in the bin. */
  share: number;
  meanConfidence: number;
  shareRight: number;
}

/** The suggested value is positive when p >= 0.5, as the rules decide. */
const predicted = (r: ScoredBinaryRow) => r.p >= 0.5;
/** Confidence in the suggested value (what the product shows). */
export const confidenceOf = (r: ScoredBinaryRow) => Math.max(r.p, 1 - r.p);

export function binaryFigures(rows: ScoredBinaryRow[]): BinaryFigures {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const r of rows) {
    const key = predicted(r) ? (r.truth ? 'tp' : 'fp') : r.truth ? 'fn' : 'tn';
    c[key] += r.weight;
  }
  const total = c.tp + c.fp + c.fn + c.tn;
  return {
    rows: rows.length,
    accuracy: (c.tp + c.tn) / total,
    precision: c.tp / (c.tp + c.fp),
    recall: c.tp / (c.tp + c.fn),
    confusion: c,
  };
}

/**
 * Reliability of the shown confidence (in [0.5, 1]) in bins of `edges`; ECE is the weight-share
 * weighted gap |mean confidence − share right| over the bins.
 */
export function reliability(
  rows: ScoredBinaryRow[],
  edges: number[] = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0001],
): { bins: ReliabilityBin[]; ece: number } {
  const total = rows.reduce((s, r) => s + r.weight, 0);
  const bins: ReliabilityBin[] = [];
  let ece = 0;
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = edges[i]!;
    const to = edges[i + 1]!;
    const inBin = rows.filter((r) => confidenceOf(r) >= from && confidenceOf(r) < to);
    const w = inBin.reduce((s, r) => s + r.weight, 0);
    if (w === 0) continue;
    const meanConfidence = inBin.reduce((s, r) => s + r.weight * confidenceOf(r), 0) / w;
    const shareRight = inBin.reduce((s, r) => s + (predicted(r) === r.truth ? r.weight : 0), 0) / w;
    bins.push({ from, to: Math.min(to, 1), rows: inBin.length, share: w / total, meanConfidence, shareRight });
    ece += (w / total) * Math.abs(meanConfidence - shareRight);
  }
  return { bins, ece };
}

/** Weighted AUC of p for the positive value (ties count half); NaN when a value is missing. */
export function auc(rows: ScoredBinaryRow[]): number {
  const pos = rows.filter((r) => r.truth);
  const neg = rows.filter((r) => !r.truth);
  let num = 0;
  let den = 0;
  for (const a of pos) {
    for (const b of neg) {
      const w = a.weight * b.weight;
      den += w;
      num += a.p > b.p ? w : a.p === b.p ? w / 2 : 0;
    }
  }
  return num / den;
}

/** The raw score behind a probability (the rules' logistic score), from a rounded probability. */
export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-4), 1 - 1e-4);
  return Math.log(q / (1 - q));
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Platt scaling: P(positive) = sigmoid(a·score + b), fitted by Newton's method on weighted rows,
 * with Platt's smoothed targets ((N₊+1)/(N₊+2) and 1/(N₋+2), counts from the weights normalised
 * to the row count) so that a handful of positives does not drive the fit to 0 or 1.
 */
export function fitPlatt(rows: { score: number; truth: boolean; weight: number }[]): { a: number; b: number } {
  const totalWeight = rows.reduce((s, r) => s + r.weight, 0);
  const w = rows.map((r) => (r.weight * rows.length) / totalWeight);
  const nPos = rows.reduce((s, r, i) => s + (r.truth ? w[i]! : 0), 0);
  const nNeg = rows.length - nPos;
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (nNeg + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let g1 = 0;
    let g2 = 0;
    let h11 = 1e-9;
    let h12 = 0;
    let h22 = 1e-9;
    rows.forEach((r, i) => {
      const p = sigmoid(a * r.score + b);
      const d = (p - (r.truth ? tPos : tNeg)) * w[i]!;
      const v = p * (1 - p) * w[i]!;
      g1 += d * r.score;
      g2 += d;
      h11 += v * r.score * r.score;
      h12 += v * r.score;
      h22 += v;
    });
    const det = h11 * h22 - h12 * h12;
    const da = (h22 * g1 - h12 * g2) / det;
    const db = (h11 * g2 - h12 * g1) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

/** Wilson 95% interval of k successes in n (kept in ../metrics.ts, which product code reads too). */
export { wilson } from '../metrics.js';

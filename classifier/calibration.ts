/**
 * Temperature scaling: one scalar T that divides the logits, chosen to minimise the negative
 * log-likelihood of held-out rows (a row with a merged label scores P(any of its set)).
 * It keeps the ranking and makes the probabilities honest: of suggestions given 0.9, about
 * 90% should be right.
 */
import { softmaxInPlace } from './linear-model.js';

export interface HeldOutLogits {
  logits: Float64Array;
  allowed: number[];
}

function nll(rows: HeldOutLogits[], t: number): number {
  let total = 0;
  const p = new Float64Array(rows[0]?.logits.length ?? 0);
  for (const row of rows) {
    p.set(row.logits);
    softmaxInPlace(p, t);
    let s = 0;
    for (const k of row.allowed) s += p[k]!;
    total -= Math.log(Math.max(s, 1e-12));
  }
  return total / Math.max(rows.length, 1);
}

/** The temperature in [0.2, 10] with the lowest held-out NLL (golden-section search on log T). */
export function fitTemperature(rows: HeldOutLogits[]): number {
  if (rows.length === 0) return 1;
  let lo = Math.log(0.2);
  let hi = Math.log(10);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = nll(rows, Math.exp(a));
  let fb = nll(rows, Math.exp(b));
  for (let i = 0; i < 40; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = nll(rows, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = nll(rows, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

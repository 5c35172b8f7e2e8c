import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/index.js';
import { auc, binaryFigures, fitPlatt, reliability, sigmoid, wilson } from './suggestion-metrics.js';

describe('suggestion metrics', () => {
  it('counts the confusion with weights and scores the suggested value at p >= 0.5', () => {
    const rows = [
      { truth: true, p: 0.8, weight: 2 }, // tp
      { truth: false, p: 0.6, weight: 1 }, // fp
      { truth: true, p: 0.3, weight: 1 }, // fn
      { truth: false, p: 0.1, weight: 4 }, // tn
    ];
    const f = binaryFigures(rows);
    expect(f.confusion).toEqual({ tp: 2, fp: 1, fn: 1, tn: 4 });
    expect(f.accuracy).toBeCloseTo(6 / 8);
    expect(f.precision).toBeCloseTo(2 / 3);
    expect(f.recall).toBeCloseTo(2 / 3);
  });

  it('gives ECE 0 when the shown confidence matches the share right, and the gap otherwise', () => {
    // Confidence 0.75 in one bin, 3 of 4 right.
    const calibrated = [
      { truth: true, p: 0.75, weight: 1 },
      { truth: true, p: 0.75, weight: 1 },
      { truth: true, p: 0.75, weight: 1 },
      { truth: false, p: 0.75, weight: 1 },
    ];
    expect(reliability(calibrated).ece).toBeCloseTo(0);
    const overconfident = calibrated.map((r) => ({ ...r, p: 0.95 }));
    const { bins, ece } = reliability(overconfident);
    expect(bins).toHaveLength(1);
    expect(bins[0]!.shareRight).toBeCloseTo(0.75);
    expect(ece).toBeCloseTo(0.2);
  });

  it('ranks with AUC (1 when every positive scores above every negative, ties half)', () => {
    expect(auc([{ truth: true, p: 0.9, weight: 1 }, { truth: false, p: 0.2, weight: 1 }])).toBe(1);
    expect(auc([{ truth: true, p: 0.5, weight: 1 }, { truth: false, p: 0.5, weight: 1 }])).toBe(0.5);
  });

  it('recovers the slope and intercept that generated the labels', () => {
    const random = seededRandom(7);
    const rows = Array.from({ length: 20000 }, () => {
      const score = random() * 8 - 4;
      return { score, truth: random() < sigmoid(0.5 * score - 1), weight: 1 };
    });
    const { a, b } = fitPlatt(rows);
    expect(a).toBeCloseTo(0.5, 1);
    expect(b).toBeCloseTo(-1, 1);
  });

  it('gives the Wilson interval', () => {
    const [lo, hi] = wilson(8, 10);
    expect(lo).toBeCloseTo(0.49, 2);
    expect(hi).toBeCloseTo(0.943, 2);
  });
});

import { describe, expect, it } from 'vitest';
import { categoryAgreement, duplicateAgreement, outOfScopeAgreement, proportion } from './agreement-figures.js';

describe('agreement figures', () => {
  it('gives no share and no interval for nothing counted', () => {
    expect(proportion(0, 0)).toEqual({ k: 0, n: 0, share: null, low: null, high: null });
    const all = proportion(4, 4);
    expect(all.share).toBe(1);
    expect(all.low).toBeCloseTo(0.51, 2);
    expect(all.high).toBeCloseTo(1, 6);
  });

  it('puts a confidence on a band edge into the band it opens', () => {
    const r = categoryAgreement([
      { suggested: '投诉', decided: '投诉', confidence: 0.9 },
      { suggested: '投诉', decided: '求助', confidence: 0.5 },
      { suggested: '咨询', decided: '咨询', confidence: 0.7 },
      { suggested: '咨询', decided: '咨询', confidence: null },
    ]);
    expect(r.calibration.map((b) => [b.label, b.right.k, b.right.n])).toEqual([
      ['<0.5', 0, 0],
      ['0.5–0.7', 0, 1],
      ['0.7–0.9', 1, 1],
      ['≥0.9', 1, 1],
    ]);
    // The row without a confidence counts in the agreement, not in the bands.
    expect(r.agreement).toMatchObject({ k: 3, n: 4 });
    expect(r.confusion['投诉']['求助']).toBe(1);
    expect(r.confusion['求助']['投诉']).toBe(0);
  });

  it('counts each decided reason once per case', () => {
    const r = outOfScopeAgreement([
      { flagged: true, suggestedReasons: ['advertising'], outOfScope: true, decidedReasons: ['advertising', 'advertising', 'other'] },
      { flagged: false, suggestedReasons: [], outOfScope: true, decidedReasons: ['other'] },
      { flagged: true, suggestedReasons: ['personal'], outOfScope: false, decidedReasons: [] },
    ]);
    expect(r.counts).toEqual({ flaggedOut: 1, flaggedIn: 1, missed: 1, neither: 0 });
    expect(r.reasons.map((x) => [x.code, x.decided, x.named.k])).toEqual([
      ['other', 2, 0],
      ['advertising', 1, 1],
    ]);
  });

  it('reads duplicate precision as links not split off', () => {
    expect(duplicateAgreement(4, 1, 2)).toEqual({ links: 4, split: 1, precision: 0.75, merges: 2 });
    expect(duplicateAgreement(0, 0, 1).precision).toBeNull();
  });
});

/**
 * How the suggestions fare against staff decisions (workflow/training/suggestion-agreement.ts):
 * the exact figures of a store where staff confirmed, corrected, decided 不予受理, re-opened,
 * split and merged (agreement-seed.ts), over all time, for one month, and for a period with none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSuggestionAgreement } from '../workflow/index.js';
import { seedReviewedCases } from './agreement-seed.js';
import { openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
  await seedReviewedCases(f.store.db, f.actors);
});
afterAll(async () => {
  await f?.close();
});

const share = (k: number, n: number) => expect.objectContaining({ k, n, share: k / n });

describe('suggestion agreement', () => {
  it('compares every reviewed case with its suggestion as given', async () => {
    const r = await measureSuggestionAgreement(f.store.db);
    // A B C D E F G J: H awaits review, I was merged, L (split off) awaits review.
    expect(r.reviewed).toBe(8);
    expect(r.withoutSuggestion).toBe(0);
    // Category: A B C E G J registered (D and F were never registered); B 投诉 → 求助.
    expect(r.category.agreement).toEqual(share(5, 6));
    expect(r.category.agreement.low).toBeCloseTo(0.4365, 3);
    expect(r.category.agreement.high).toBeCloseTo(0.9699, 3);
    expect(r.category.confusion['投诉']).toEqual({ 咨询: 0, 建议: 0, 投诉: 1, 求助: 1, 其他: 0 });
    expect(r.category.confusion['建议']['建议']).toBe(2);
    const perClass = Object.fromEntries(r.category.perClass.map((c) => [c.category, c]));
    expect(perClass['投诉']).toMatchObject({ precision: 0.5, recall: 1, suggested: 2, decided: 1 });
    expect(perClass['求助']).toMatchObject({ precision: 1, recall: 0.5, suggested: 1, decided: 2 });
    expect(perClass['求助']!.f1).toBeCloseTo(2 / 3, 6);
    expect(perClass['其他']).toMatchObject({ precision: null, recall: null, f1: null, suggested: 0, decided: 0 });
    expect(r.category.calibration.map((b) => [b.label, b.right.k, b.right.n])).toEqual([
      ['<0.5', 0, 0],
      ['0.5–0.7', 1, 1],
      ['0.7–0.9', 2, 2],
      ['≥0.9', 2, 3],
    ]);
    expect(r.category.calibration[3]!.meanConfidence).toBeCloseTo((0.95 + 0.92 + 0.93) / 3, 6);

    // 不予受理: D flagged and decided; E and G (re-opened, registered) flagged but accepted; F and J missed.
    expect(r.outOfScope.counts).toEqual({ flaggedOut: 1, flaggedIn: 2, missed: 2, neither: 3 });
    expect(r.outOfScope.precision).toEqual(share(1, 3));
    expect(r.outOfScope.recall).toEqual(share(1, 3));
    expect(r.outOfScope.reasons.map((x) => [x.code, x.name, x.decided, x.named.k])).toEqual([
      ['advertising', '商业广告或要求赞助', 1, 1],
      ['legal_process', '已进入诉讼、仲裁、行政复议程序', 1, 0],
      ['personal', '纯属个人问题', 1, 0],
    ]);

    // Complexity and urgency: B set complex and urgent, the others kept the suggestion.
    expect(r.complexity).toEqual(share(5, 6));
    expect(r.urgency).toEqual(share(5, 6));
    // Unit: A assigned as suggested, B proposed to another unit; C had no suggestion.
    expect(r.unit).toEqual({ agreement: share(1, 2), withoutSuggestion: 1 });
    // Duplicates: K and L linked by the pipeline, L split off; I merged by staff.
    expect(r.duplicates).toEqual({ links: 2, split: 1, precision: 0.5, merges: 1 });

    expect(r.months.map((m) => [m.month, m.category.k, m.category.n, m.outOfScopePrecision.k, m.outOfScopePrecision.n, m.outOfScopeRecall.k, m.outOfScopeRecall.n])).toEqual([
      ['2026-09', 1, 2, 0, 0, 0, 1],
      ['2026-10', 4, 4, 1, 3, 1, 2],
    ]);
    expect(r.months[0]!.outOfScopePrecision.share).toBeNull();
  });

  it('counts decisions by the Beijing day staff made them', async () => {
    const r = await measureSuggestionAgreement(f.store.db, { from: '2026-10-01', to: '2026-10-31' });
    expect(r).toMatchObject({ from: '2026-10-01', to: '2026-10-31', reviewed: 5 });
    expect(r.category.agreement).toEqual(share(4, 4));
    expect(r.outOfScope.counts).toEqual({ flaggedOut: 1, flaggedIn: 2, missed: 1, neither: 1 });
    // Only C's 拟办 falls in October, and it had no suggested unit.
    expect(r.unit).toEqual({ agreement: expect.objectContaining({ k: 0, n: 0, share: null }), withoutSuggestion: 1 });
    // The links were made today, the merge in September.
    expect(r.duplicates).toEqual({ links: 0, split: 0, precision: null, merges: 0 });
    expect(r.months.map((m) => m.month)).toEqual(['2026-10']);

    // The last moment of 9 October in Beijing is still 9 October (J's 不予受理 at 10:00 Beijing time).
    const day = await measureSuggestionAgreement(f.store.db, { from: '2026-10-09', to: '2026-10-09' });
    expect(day.reviewed).toBe(1);
    expect(day.outOfScope.counts.missed).toBe(1);
    expect(day.category.agreement.n).toBe(0);
  });

  it('has nothing to count in a period without decisions', async () => {
    const r = await measureSuggestionAgreement(f.store.db, { from: '2025-01-01', to: '2025-12-31' });
    expect(r.reviewed).toBe(0);
    expect(r.category.agreement).toEqual({ k: 0, n: 0, share: null, low: null, high: null });
    expect(r.months).toEqual([]);
  });
});

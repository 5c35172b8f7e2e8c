/**
 * 建议准确率 kept between requests (workflow/training/suggestion-agreement-cache.ts), on
 * PostgreSQL: the figures are those measureSuggestionAgreement computes from the store at that
 * moment, for every period; they are read again after a review (made by any process: the event
 * log tells), only the duplicate decisions after a copy is linked, and nothing after a new case
 * that awaits review or a deadline alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSuggestionAgreement, registerMessage, recordMessage, SuggestionAgreementCache, appendEvent, type AgreementPeriod } from '../workflow/index.js';
import { registerCase } from '../workflow/cases/index.js';
import { seedReviewedCases } from './agreement-seed.js';
import { openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let caseIds: Record<string, string>;
beforeAll(async () => {
  f = await openFixture();
  ({ caseIds } = await seedReviewedCases(f.store.db, f.actors));
});
afterAll(async () => {
  await f?.close();
});

const periods: AgreementPeriod[] = [{}, { from: '2026-10-01', to: '2026-10-31' }, { from: '2026-09-01' }, { to: '2026-09-30' }, { from: '2025-01-01', to: '2025-12-31' }];

/** The cache agrees with a fresh computation for every period. */
async function expectSameFigures(cache: SuggestionAgreementCache): Promise<void> {
  for (const period of periods) expect(await cache.measure(period), JSON.stringify(period)).toEqual(await measureSuggestionAgreement(f.store.db, period));
}

let seq = 0;
async function newMessage(title: string): Promise<{ caseId: string; messageId: string }> {
  seq += 1;
  const { messageId } = await recordMessage(f.store.db, { sourceId: 'src-agreement', channel: 'district_mailbox', siteId: `cache-${seq}`, title, content: `${title}，请有关部门处理。`, fetchedAt: new Date().toISOString() });
  const { caseId } = await registerMessage(f.store.db, {
    messageId,
    classification: { category: '咨询', confidence: 0.8, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: '区水务局' } },
  });
  return { caseId, messageId };
}

describe('suggestion agreement kept between requests', () => {
  it('gives the same figures as the computation it replaces, and reads the store once for them', async () => {
    const cache = new SuggestionAgreementCache(f.store.db);
    await expectSameFigures(cache);
    expect((await cache.measure()).reviewed).toBe(8);
    await expectSameFigures(cache);
    expect(cache.reads).toEqual({ cases: 1, duplicates: 1 });
  });

  it('reads nothing again for a new case awaiting review or a deadline alert', async () => {
    const cache = new SuggestionAgreementCache(f.store.db);
    await cache.measure();
    await newMessage(`咨询公交卡办理地点 ${Date.now()}`);
    await f.store.db.$transaction((tx) => appendEvent(tx, { caseId: caseIds.a!, type: 'record_alert', actor: 'system', role: 'system', data: { kind: 'due_soon' } }));
    await expectSameFigures(cache);
    expect(cache.reads).toEqual({ cases: 1, duplicates: 1 });
  });

  it('reads the decisions again after a review, whoever made it', async () => {
    const cache = new SuggestionAgreementCache(f.store.db);
    const before = await cache.measure();
    const other = await newMessage(`咨询供水报修电话 ${Date.now()}`);
    await registerCase(f.store.db, { caseId: other.caseId, category: '求助', actor: f.actors.egov });
    const after = await cache.measure();
    expect(after.reviewed).toBe(before.reviewed + 1);
    expect(after.category.agreement.n).toBe(before.category.agreement.n + 1);
    await expectSameFigures(cache);
    expect(cache.reads).toEqual({ cases: 2, duplicates: 2 });
  });

  it('reads only the duplicate decisions again after the pipeline links a copy', async () => {
    const cache = new SuggestionAgreementCache(f.store.db);
    const before = await cache.measure();
    const title = `咨询路灯维修 ${Date.now()}`;
    await newMessage(title);
    await newMessage(title); // an exact copy: linked to the first one's case
    const after = await cache.measure();
    expect(after.duplicates.links).toBe(before.duplicates.links + 1);
    await expectSameFigures(cache);
    expect(cache.reads).toEqual({ cases: 1, duplicates: 2 });
  });

  it('still sees a change after the counted range has moved up, and reads again once the figures are old', async () => {
    let clock = Date.now();
    // A window of 2 events: many irrelevant events move the floor up check after check.
    const cache = new SuggestionAgreementCache(f.store.db, { window: 2, maxAgeMs: 60_000, now: () => clock });
    await cache.measure();
    for (let i = 0; i < 6; i++) {
      await f.store.db.$transaction((tx) => appendEvent(tx, { caseId: caseIds.a!, type: 'record_alert', actor: 'system', role: 'system', data: { kind: 'due_soon', i } }));
      await cache.measure();
    }
    expect(cache.reads.cases).toBe(1);
    const other = await newMessage(`咨询社保卡补办 ${Date.now()}`);
    await registerCase(f.store.db, { caseId: other.caseId, category: '咨询', actor: f.actors.egov });
    await expectSameFigures(cache);
    expect(cache.reads.cases).toBe(2);
    clock += 61_000;
    await cache.measure();
    expect(cache.reads.cases).toBe(3);
  });

  it('answers requests that arrive together with one read', async () => {
    const cache = new SuggestionAgreementCache(f.store.db);
    const answers = await Promise.all([cache.measure(), cache.measure({ from: '2026-10-01' }), cache.measure()]);
    expect(answers[0]).toEqual(answers[2]);
    expect(cache.reads).toEqual({ cases: 1, duplicates: 1 });
  });
});

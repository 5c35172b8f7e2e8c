/**
 * 建议准确率's handling unit (承办单位建议) counts the unit staff decided on the day they decided it:
 * a case re-opened to the same unit after a dissatisfied 回访 is no new decision, so the case stays
 * in the month it was assigned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordVisit } from '../workflow/cases/index.js';
import { measureSuggestionAgreement } from '../workflow/index.js';
import { toAssigned, toReplied } from './helpers/case-steps.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
  // Suggested 区交通运输局 (newCase's default), assigned there on 10-13, replied 10-14; the citizen,
  // visited on 11-03, is dissatisfied: the case goes back to the same unit.
  const { caseId } = await newCase(f);
  await toAssigned(f, caseId, at('2026-10-13'));
  await toReplied(f, caseId, at('2026-10-14'));
  await recordVisit(f.store.db, { caseId, satisfaction: 'dissatisfied', method: 'phone', note: '路灯仍不亮', actor: f.actors.supervision, now: at('2026-11-03') });
});
afterAll(async () => {
  await f?.close();
});

describe('suggestion agreement: the handling unit', () => {
  it('dates the unit decision by the 交办, not by a re-opening after a dissatisfied visit', async () => {
    // QA: October's 承办单位 agreement lost the case (0 of 0) and November's gained it when it was re-opened.
    const october = await measureSuggestionAgreement(f.store.db, { from: '2026-10-01', to: '2026-10-31' });
    expect(october.unit.agreement).toMatchObject({ k: 1, n: 1 });
    const november = await measureSuggestionAgreement(f.store.db, { from: '2026-11-01', to: '2026-11-30' });
    expect(november.unit.agreement).toMatchObject({ k: 0, n: 0 });
  });
});

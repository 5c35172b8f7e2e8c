/**
 * 集中回访复核 before 归档 (第五条㈥): a case whose citizen could not be reached (无法联系) is closed
 * (已回访办结) and may be visited again until it is archived. 督查室 must find those still unreached
 * among the closed ones, to try again before archiving them: the ledger's filter `unreached` lists
 * the 已回访办结 cases whose last visit was 无法联系, and each ledger row says so (`unreached`). On
 * PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCases, recordVisit, type Satisfaction } from '../workflow/cases/index.js';
import { toAssigned, toReplied } from './helpers/case-steps.js';
import { caseListQuery } from '../web/api/request-input.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;

beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f?.close();
});

/** A case replied on 2026-11-03, then visited with each answer in turn (a dissatisfied one re-opens it, and it is replied again). */
async function visited(...answers: Satisfaction[]): Promise<string> {
  const { caseId } = await newCase(f);
  await toAssigned(f, caseId, at('2026-11-02'));
  await toReplied(f, caseId, at('2026-11-03'));
  let day = 4;
  for (const satisfaction of answers) {
    const now = at(`2026-11-${String(day++).padStart(2, '0')}`);
    await recordVisit(f.store.db, { caseId, satisfaction, method: 'phone', note: satisfaction === 'dissatisfied' ? '问题没有解决' : undefined, actor: f.actors.supervision, now });
    if (satisfaction === 'dissatisfied') await toReplied(f, caseId, at(`2026-11-${String(day++).padStart(2, '0')}`));
  }
  return caseId;
}

describe('the closed cases still unreached (无法联系)', () => {
  it('lists exactly the 已回访办结 cases whose last visit was 无法联系, and marks them in the ledger', async () => {
    const satisfied = await visited('satisfied');
    const unreached = await visited('unreachable');
    const reachedLater = await visited('unreachable', 'basically_satisfied');
    const reopenedThenUnreached = await visited('unreachable', 'dissatisfied', 'unreachable');
    const reopenedThenSatisfied = await visited('unreachable', 'dissatisfied', 'satisfied');
    const notVisited = await visited();
    const states = await f.store.db.case.findMany({ where: { id: { in: [satisfied, unreached, reachedLater, reopenedThenUnreached, reopenedThenSatisfied, notVisited] } }, select: { id: true, state: true } });
    expect(new Set(states.filter((c) => c.id !== notVisited).map((c) => c.state))).toEqual(new Set(['closed']));

    const filter = caseListQuery.parse({ unreached: 'true' });
    const listed = await listCases(f.store.db, { actor: f.actors.supervision, filter });
    expect(new Set(listed.items.map((c) => c.id))).toEqual(new Set([unreached, reopenedThenUnreached]));
    expect(listed.total).toBe(2);

    const closed = await listCases(f.store.db, { actor: f.actors.supervision, filter: { state: 'closed' } });
    const mark = new Map(closed.items.map((c) => [c.id, c.unreached]));
    expect([satisfied, unreached, reachedLater, reopenedThenUnreached, reopenedThenSatisfied].map((id) => mark.get(id))).toEqual([false, true, false, true, false]);
    // Reached and answered, it leaves the list.
    await recordVisit(f.store.db, { caseId: unreached, satisfaction: 'satisfied', method: 'phone', actor: f.actors.supervision, now: at('2026-11-20') });
    expect((await listCases(f.store.db, { actor: f.actors.supervision, filter })).items.map((c) => c.id)).toEqual([reopenedThenUnreached]);
  });
});

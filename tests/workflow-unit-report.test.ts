/**
 * A handling unit's report (办理情况) as clerks actually send it, against PostgreSQL: a reply sent
 * half-typed (「已处理。」) or with a citizen's phone or ID number pasted in is refused with the
 * findings in Chinese until the unit acknowledges them, and nothing is written meanwhile, since a
 * unit cannot take a report back once it is sent. Its ledger says how many working days each case
 * in hand has left, or how late it is, and, once reported, how late the report came.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { getCase, listCases, reviewReport, submitReport } from '../workflow/cases/index.js';
import { caseState, goodReply, toAssigned } from './helpers/case-steps.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f?.close();
});

async function refusal(run: Promise<unknown>): Promise<AppError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('a unit submitting its report', () => {
  it('refuses a reply too short to say what was done until the unit acknowledges it', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    const error = await refusal(submitReport(f.store.db, { caseId, text: '已处理。', actor: f.actors.roads, now: at('2026-11-03') }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('答复过于简略');
    expect(error.message).toContain('已知悉检查提示，仍然报送');
    expect(await caseState(f, caseId)).toBe('assigned');
    expect(await f.store.db.handlingReport.count({ where: { caseId } })).toBe(0);
    await submitReport(f.store.db, { caseId, text: '已处理。', actor: f.actors.roads, now: at('2026-11-03'), acknowledgeFindings: true });
    expect(await caseState(f, caseId)).toBe('reported');
  });

  it("refuses a reply with a citizen's phone or ID number, showing them masked, and takes a clean one", async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    for (const leak of ['如有疑问请联系留言人张先生，电话13912345678。', '经核实，留言人身份证号610203198807151234，已登记。']) {
      const error = await refusal(submitReport(f.store.db, { caseId, text: `${goodReply}${leak}`, actor: f.actors.roads, now: at('2026-11-03') }));
      expect(error.message).toMatch(/泄露个人信息/u);
      expect(error.message).not.toMatch(/13912345678|610203198807151234/u);
    }
    expect(await f.store.db.handlingReport.count({ where: { caseId } })).toBe(0);
    const sent = await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-03') });
    expect(sent.onTime).toBe(true);
    expect(await caseState(f, caseId)).toBe('reported');
  });
});

describe("a unit's ledger", () => {
  it('gives each case in hand its working days left, or how many it is late, over a weekend', async () => {
    const { caseId } = await newCase(f);
    // Assigned on Friday 6 November: two working days, due Tuesday 10 November.
    const assigned = await toAssigned(f, caseId, at('2026-11-06'));
    expect(assigned.dueDate).toBe('2026-11-10');
    const row = async (date: string) => (await listCases(f.store.db, { actor: f.actors.roads, now: at(date), filter: { q: '' } })).items.find((c) => c.id === caseId)!;
    expect((await row('2026-11-06')).daysLeft).toBe(2);
    expect((await row('2026-11-09')).daysLeft).toBe(1);
    expect((await row('2026-11-10')).daysLeft).toBe(0);
    expect(await row('2026-11-12')).toMatchObject({ daysLeft: -2, overdue: true });
    // Still late over the next weekend: three working days (Wednesday to Friday) on Sunday.
    expect((await row('2026-11-15')).daysLeft).toBe(-3);
    // The case page counts the same way.
    expect((await getCase(f.store.db, { caseId, actor: f.actors.roads, now: at('2026-11-15') })).daysLeft).toBe(-3);
    expect((await getCase(f.store.db, { caseId, actor: f.actors.roads, now: at('2026-11-09') })).daysLeft).toBe(1);
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-16') });
    // Reported on Monday 16 November, four working days late (11, 12, 13 and 16 November): the
    // ledger keeps the mark (逾期报送) once the case has left the unit's hands, as the bulletin counts it 超期.
    expect(await row('2026-11-16')).toMatchObject({ daysLeft: null, overdue: false, reportedLateDays: 4 });
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: at('2026-11-17') });
    expect((await listCases(f.store.db, { actor: f.actors.supervision, now: at('2026-11-20'), filter: { q: '' } })).items.find((c) => c.id === caseId)).toMatchObject({ state: 'reviewed', reportedLateDays: 4 });
    expect((await getCase(f.store.db, { caseId, actor: f.actors.supervision, now: at('2026-11-20') })).reportedLateDays).toBe(4);
  });

  it('marks no lateness on a report sent by its due date, nor on a case still in hand', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-06'));
    const row = async (date: string) => (await listCases(f.store.db, { actor: f.actors.roads, now: at(date), filter: { q: '' } })).items.find((c) => c.id === caseId)!;
    expect((await row('2026-11-12')).reportedLateDays).toBeNull();
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-10') });
    expect((await row('2026-11-20')).reportedLateDays).toBeNull();
    expect((await getCase(f.store.db, { caseId, actor: f.actors.roads, now: at('2026-11-20') })).reportedLateDays).toBeNull();
  });
});

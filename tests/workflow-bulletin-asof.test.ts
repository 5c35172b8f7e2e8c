/**
 * 《印台政务通报》 of a past period reads the same whenever it is generated (QA, PostgreSQL): a case
 * assigned and reported on time on 11-03, sent back by 督查室 on 12-02 and reported again on 12-03,
 * read in November's bulletin regenerated in December onTime 0, pending 1, since the bulletin
 * judged the assignment by its row as it is now (the send-back clears the first report and moves the
 * due date). Each period is now judged from the history up to its end: November is computed once at
 * its end, then every December step is taken, and November regenerated must equal it to the figure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeBulletin, type BulletinData } from '../workflow/bulletin/index.js';
import { assignmentsAsOf } from '../workflow/bulletin/assignments-as-of.js';
import { casesAsOf } from '../workflow/bulletin/cases-as-of.js';
import { loadCalendarYear } from '../workflow/calendar/index.js';
import {
  assignCase,
  correctCategory,
  decideExtension,
  decideNotAccepted,
  decideProposal,
  decideReply,
  mergeCases,
  proposeHandling,
  registerCase,
  reopenCase,
  requestExtension,
  returnCase,
  reviewReport,
  submitAssistOpinion,
  submitReport,
} from '../workflow/cases/index.js';
import type { Actor } from '../workflow/users/index.js';
import { goodReply, toAssigned } from './helpers/case-steps.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

const unit = (id: string): Actor => ({ userId: id, username: id, role: 'unit', unitId: id });

/** Every assignment of the store, read as of the far future, gives its row as it is now: the history the bulletin reads is complete. */
async function expectHistoryGivesTheRows(f: Fixture) {
  const rows = await f.store.db.assignment.findMany();
  const stood = await assignmentsAsOf(f.store.db, rows, new Date('2100-01-01T00:00:00Z'));
  expect(rows.map((r) => ({ id: r.id, dueDate: stood.get(r.id)!.dueDate, returned: stood.get(r.id)!.returned, reportedAt: stood.get(r.id)!.reportedAt }))).toEqual(
    rows.map((r) => ({ id: r.id, dueDate: r.dueDate, returned: r.status === 'returned', reportedAt: r.firstReportedAt })),
  );
}

describe('a past period keeps its figures whatever happens after it', () => {
  let f: Fixture;
  let novemberAtItsEnd: BulletinData;
  const november = { from: '2026-11-01', to: '2026-11-30' };
  const december = { from: '2026-12-01', to: '2026-12-31' };
  const ids: Record<'qa' | 'leaderSendBack' | 'extendedAfter' | 'extendedWithin' | 'returnedAfter', string> = {
    qa: '', leaderSendBack: '', extendedAfter: '', extendedWithin: '', returnedAfter: '',
  };
  const unitRow = (b: BulletinData, unitId: string) => b.units.find((u) => u.unitId === unitId);

  beforeAll(async () => {
    f = await openFixture();
    await f.store.db.unit.createMany({
      data: [
        { id: 'u-parks', name: '区园林局', keywords: [] },
        { id: 'u-forest', name: '区林业局', keywords: [] },
        { id: 'u-edu', name: '区教育局', keywords: [] },
        { id: 'u-civil', name: '区民政局', keywords: [] },
      ],
    });
    for (const key of Object.keys(ids) as (keyof typeof ids)[]) ids[key] = (await newCase(f)).caseId;

    // November, up to its end.
    // QA's case: assigned on Tuesday 11-03 (simple, due 11-05), reported the same day.
    await toAssigned(f, ids.qa, at('2026-11-03'));
    await submitReport(f.store.db, { caseId: ids.qa, text: goodReply, actor: f.actors.roads, now: at('2026-11-03', 15) });
    // 园林局: assigned 11-09 (due 11-11), reported and accepted 11-10; the leader sends it back in December.
    await toAssigned(f, ids.leaderSendBack, at('2026-11-09'), 'u-parks');
    await submitReport(f.store.db, { caseId: ids.leaderSendBack, text: goodReply, actor: unit('u-parks'), now: at('2026-11-10') });
    await reviewReport(f.store.db, { caseId: ids.leaderSendBack, accept: true, actor: f.actors.supervision, now: at('2026-11-10', 15) });
    // 水务局: assigned 11-25 (due Friday 11-27), asks for 3 more days on 11-26, granted only on 12-01.
    await toAssigned(f, ids.extendedAfter, at('2026-11-25'), f.units.water);
    await requestExtension(f.store.db, { caseId: ids.extendedAfter, progress: '已派员排查管网', reason: '需更换阀门，配件未到', days: 3, actor: f.actors.water, now: at('2026-11-26') });
    // 林业局: the same, granted on 11-27 (due 12-02): in November its due date had moved.
    await toAssigned(f, ids.extendedWithin, at('2026-11-25'), 'u-forest');
    await requestExtension(f.store.db, { caseId: ids.extendedWithin, progress: '已现场查看', reason: '需协调施工单位', days: 3, actor: unit('u-forest'), now: at('2026-11-26') });
    await decideExtension(f.store.db, { caseId: ids.extendedWithin, approve: true, answer: '同意延期', actor: f.actors.supervision, now: at('2026-11-27') });
    // 教育局 leads with 民政局 assisting (its 协办意见 on time on 11-26), due 11-27, unreported; returned in December.
    await registerCase(f.store.db, { caseId: ids.returnedAfter, category: '投诉', actor: f.actors.egov, now: at('2026-11-25') });
    await proposeHandling(f.store.db, { caseId: ids.returnedAfter, unitId: 'u-edu', assistUnitIds: ['u-civil'], opinion: '请区教育局主办，区民政局协办', actor: f.actors.office, now: at('2026-11-25') });
    await decideProposal(f.store.db, { caseId: ids.returnedAfter, approve: true, actor: f.actors.leader, now: at('2026-11-25') });
    await assignCase(f.store.db, { caseId: ids.returnedAfter, actor: f.actors.office, now: at('2026-11-25') });
    await submitAssistOpinion(f.store.db, { caseId: ids.returnedAfter, text: '我局已核实相关人员情况。', actor: unit('u-civil'), now: at('2026-11-26') });

    novemberAtItsEnd = await computeBulletin(f.store.db, { ...november, now: at('2026-11-30', 22) });

    // December.
    await reviewReport(f.store.db, { caseId: ids.qa, accept: false, note: '未说明处理结果，请补充', actor: f.actors.supervision, now: at('2026-12-02') });
    await submitReport(f.store.db, { caseId: ids.qa, text: goodReply, actor: f.actors.roads, now: at('2026-12-03') });
    await decideExtension(f.store.db, { caseId: ids.extendedAfter, approve: true, answer: '同意延期', actor: f.actors.supervision, now: at('2026-12-01') });
    await submitReport(f.store.db, { caseId: ids.extendedAfter, text: goodReply, actor: f.actors.water, now: at('2026-12-02') });
    await returnCase(f.store.db, { caseId: ids.returnedAfter, reason: '不属本局职责', actor: unit('u-edu'), now: at('2026-12-01') });
    // Monday 12-14: redo due Wednesday 12-16, never reported again.
    await decideReply(f.store.db, { caseId: ids.leaderSendBack, approve: false, note: '答复过于简单', actor: f.actors.leader, now: at('2026-12-14') });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('judged at its end, November reads as the steps of November left it', () => {
    const row = (unitId: string) => unitRow(novemberAtItsEnd, unitId);
    expect(row(f.units.roads)).toMatchObject({ received: 1, reported: 1, onTime: 1, overdue: 0, pending: 0, sentBack: 0 });
    expect(row('u-parks')).toMatchObject({ received: 1, reported: 1, onTime: 1 });
    expect(row(f.units.water)).toMatchObject({ received: 1, reported: 0, overdue: 1, pending: 0 });
    expect(row('u-forest')).toMatchObject({ received: 1, reported: 0, overdue: 0, pending: 1 });
    expect(row('u-edu')).toMatchObject({ received: 1, returned: 0, overdue: 1 });
    expect(row('u-civil')).toMatchObject({ received: 0, assistReceived: 1, assistOnTime: 1 });
  });

  it("regenerated after December's send-backs, extension, reports and return, November is the same bulletin", async () => {
    const regenerated = await computeBulletin(f.store.db, { ...november, now: at('2026-12-31', 20) });
    // QA's case first, as measured: onTime 1 (not 0), pending 0 (not 1).
    expect(unitRow(regenerated, f.units.roads)).toMatchObject({ onTime: 1, pending: 0 });
    // The extension granted on 12-01 does not make November's overdue case pending.
    expect(unitRow(regenerated, f.units.water)).toMatchObject({ overdue: 1, pending: 0 });
    expect(regenerated).toEqual(novemberAtItsEnd);
  });

  it('December shows the send-backs and judges the redone work, carried over', async () => {
    const mid = await computeBulletin(f.store.db, { ...december, now: at('2026-12-15', 20) });
    const end = await computeBulletin(f.store.db, { ...december, now: at('2026-12-31', 20) });
    expect(unitRow(end, f.units.roads)).toMatchObject({ received: 0, carriedOver: 1, reported: 1, onTime: 1, overdue: 0, pending: 0, sentBack: 1 });
    // Sent back on 12-14 and not redone: in hand on 12-15 (due 12-16), late at the month's end.
    expect(unitRow(mid, 'u-parks')).toMatchObject({ carriedOver: 1, reported: 0, pending: 1, sentBack: 1 });
    expect(unitRow(end, 'u-parks')).toMatchObject({ carriedOver: 1, reported: 0, overdue: 1, sentBack: 1 });
    // Reported on 12-02, on time by the extension granted on 12-01.
    expect(unitRow(end, f.units.water)).toMatchObject({ carriedOver: 1, reported: 1, onTime: 1, overdue: 0 });
    expect(unitRow(end, 'u-forest')).toMatchObject({ carriedOver: 1, reported: 0, overdue: 1 });
    expect(unitRow(end, 'u-edu')).toMatchObject({ carriedOver: 1, returned: 1, overdue: 0 });
    expect(unitRow(end, 'u-civil')).toBeUndefined();
  });

  it('reads a history that gives every assignment row as it is now', async () => {
    await expectHistoryGivesTheRows(f);
  });
});

describe('a due date recounted by a calendar load after the period', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await openFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('leaves the period judged by the due date it had', async () => {
    // Assigned Monday 2026-11-16, due 11-18, never reported: late at the end of the week of 11-16.
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-16'));
    const week = { from: '2026-11-16', to: '2026-11-20' };
    const atItsEnd = await computeBulletin(f.store.db, { ...week, now: at('2026-11-20', 20) });
    expect(atItsEnd.units.find((u) => u.unitId === f.units.roads)).toMatchObject({ received: 1, overdue: 1, pending: 0 });
    // Loaded now (after that week): 11-17 and 11-18 declared holidays move the due date to 11-20.
    expect(Date.now()).toBeGreaterThan(at('2026-11-21').getTime());
    const load = await loadCalendarYear(f.store.db, { file: { year: 2026, holidays: ['2026-11-17', '2026-11-18'] }, actor: f.actors.admin });
    expect(load.changed.map((c) => [c.caseId, c.previousDueDate, c.dueDate])).toEqual([[caseId, '2026-11-18', '2026-11-20']]);
    expect(await computeBulletin(f.store.db, { ...week, now: at('2026-11-20', 20) })).toEqual(atItsEnd);
    await expectHistoryGivesTheRows(f);
  });
});

describe("a past period's case totals: received, awaiting review, 不予受理 and by category", () => {
  let f: Fixture;
  afterAll(async () => {
    await f?.close();
  });

  it('count each case as it stood at the end, whatever staff decide on it afterwards', async () => {
    f = await openFixture();
    // Five messages received in March 2030, each suggested 投诉; March's steps, then April's.
    const march = { from: '2030-03-01', to: '2030-03-31' };
    const ids: Record<'registeredLater' | 'recategorised' | 'refusedLater' | 'reopened' | 'mergedLater', string> = {
      registeredLater: '', recategorised: '', refusedLater: '', reopened: '', mergedLater: '',
    };
    for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
      ids[key] = (await newCase(f, { outOfScope: key === 'refusedLater' || key === 'reopened' })).caseId;
      await f.store.db.case.update({ where: { id: ids[key] }, data: { createdAt: at('2030-03-10') } });
    }
    await registerCase(f.store.db, { caseId: ids.recategorised, category: '投诉', actor: f.actors.egov, now: at('2030-03-11') });
    await decideNotAccepted(f.store.db, { caseId: ids.reopened, reasons: ['advertising'], note: '商业广告', actor: f.actors.egov, now: at('2030-03-12') });
    const atItsEnd = await computeBulletin(f.store.db, { ...march, now: at('2030-03-31', 22) });
    expect(atItsEnd.totals).toMatchObject({ cases: 5, awaitingReview: 3, notAccepted: 1 });
    expect(atItsEnd.byCategory).toEqual({ 投诉: 5 });

    // April: registered as 建议, corrected to 求助, refused, re-opened (重新受理), merged as a copy.
    await registerCase(f.store.db, { caseId: ids.registeredLater, category: '建议', actor: f.actors.egov, now: at('2030-04-01') });
    await correctCategory(f.store.db, { caseId: ids.recategorised, category: '求助', note: '网民请求帮助', actor: f.actors.egov, now: at('2030-04-01') });
    await decideNotAccepted(f.store.db, { caseId: ids.refusedLater, reasons: ['advertising'], note: '商业广告', actor: f.actors.egov, now: at('2030-04-02') });
    await reopenCase(f.store.db, { caseId: ids.reopened, note: '经核实有具体诉求', actor: f.actors.egov, now: at('2030-04-02') });
    await mergeCases(f.store.db, { caseId: ids.mergedLater, intoCaseId: ids.registeredLater, note: '同一网民重复留言', actor: f.actors.egov, now: at('2030-04-03') });

    // April's bulletin sees them; March's, regenerated, is the bulletin it was.
    const april = await computeBulletin(f.store.db, { from: '2030-04-01', to: '2030-04-30', now: at('2030-04-30', 22) });
    expect(april.totals.cases).toBe(0);
    const now = await computeBulletin(f.store.db, { ...march, now: at('2030-05-06') });
    expect(now.totals).toMatchObject({ cases: 5, awaitingReview: 3, notAccepted: 1 });
    expect(now.byCategory).toEqual({ 投诉: 5 });
    expect(now).toEqual(atItsEnd);
    // Read at the present, the history gives each case's row as it is now.
    const rows = await f.store.db.case.findMany({ where: { id: { in: Object.values(ids) } } });
    const stood = await casesAsOf(f.store.db, rows, new Date('2100-01-01T00:00:00Z'));
    expect(rows.map((r) => stood.get(r.id))).toEqual(rows.map((r) => ({ state: r.state, category: r.category })));
    // And at the end of March, as March's steps left them.
    const march31 = await casesAsOf(f.store.db, rows, new Date('2030-04-01T00:00:00+08:00'));
    expect(Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, march31.get(id)]))).toEqual({
      registeredLater: { state: 'awaiting_review', category: '投诉' },
      recategorised: { state: 'registered', category: '投诉' },
      refusedLater: { state: 'awaiting_review', category: '投诉' },
      reopened: { state: 'not_accepted', category: '投诉' },
      mergedLater: { state: 'awaiting_review', category: '投诉' },
    });
  });
});

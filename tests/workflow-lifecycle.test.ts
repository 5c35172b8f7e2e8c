/**
 * The measures' procedure walked end to end against PostgreSQL: normal (district and forwarded),
 * returned, extended, not accepted and re-opened, dissatisfied and re-opened, archived (immutable).
 * Replies sent back to the unit: workflow-send-backs.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, InvalidTransitionError } from '../core/index.js';
import {
  archiveCase,
  assignCase,
  decideExtension,
  decideNotAccepted,
  decideProposal,
  decideReply,
  getCase,
  proposeHandling,
  publishReply,
  recordVisit,
  registerCase,
  reopenCase,
  requestExtension,
  returnCase,
  reviewReport,
  submitReport,
} from '../workflow/cases/index.js';
import { listSupervision } from '../workflow/supervision/index.js';
import { caseState, goodReply, toAssigned, toReplied } from './helpers/case-steps.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';
import { plainSuggestion } from './helpers/ledger-suggestion.js';
import { ensureSource, recordMessage, registerMessage, StoreDedup } from '../workflow/index.js';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f?.close();
});

describe('normal path', () => {
  it('goes from the ledger to the archive, with one event per step', async () => {
    const { caseId } = await newCase(f, { category: '咨询' });
    expect(await caseState(f, caseId)).toBe('awaiting_review');
    const reg = await registerCase(f.store.db, { caseId, category: '投诉', complexity: 'complex', actor: f.actors.egov, now: at('2026-09-29') });
    expect(reg.corrected).toEqual(['category', 'complexity']);
    await proposeHandling(f.store.db, { caseId, unitId: f.units.roads, opinion: '请区交通运输局核实处理', actor: f.actors.office, now: at('2026-09-29') });
    expect(await caseState(f, caseId)).toBe('proposed');
    await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-09-30') });
    const assigned = await assignCase(f.store.db, { caseId, actor: f.actors.office, now: at('2026-09-30') });
    // complex: 3 working days after 30 September: 8, 9 and 10 October (a make-up Saturday).
    expect(assigned).toMatchObject({ assignedDate: '2026-09-30', dueDate: '2026-10-10', workingDays: 3, unitId: f.units.roads });
    const report = await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-10-09') });
    expect(report.onTime).toBe(true);
    expect(report.check.findings).toEqual([]);
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: at('2026-10-09') });
    await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-10-09') });
    const published = await publishReply(f.store.db, { caseId, actor: f.actors.egov, now: at('2026-10-10') });
    expect(published.channel).toBe('egov_reply');
    expect(await caseState(f, caseId)).toBe('replied');
    await recordVisit(f.store.db, { caseId, satisfaction: 'satisfied', method: 'phone', actor: f.actors.supervision, now: at('2026-10-12') });
    expect(await caseState(f, caseId)).toBe('closed');
    const archived = await archiveCase(f.store.db, { caseId, actor: f.actors.supervision, now: at('2026-10-13') });
    expect(archived).toEqual({ archiveCategory: '投诉', archiveVolume: '2026-投诉' });

    const detail = await getCase(f.store.db, { caseId, actor: f.actors.supervision });
    expect(detail.events.map((e) => e.type)).toEqual([
      'case_created', 'register', 'propose', 'approve_proposal', 'assign', 'submit_report', 'accept_report', 'approve_reply', 'publish_reply', 'visit_satisfied', 'archive',
    ]);
    expect(detail.allowedActions).toEqual([]);
    const corrections = await f.store.db.correction.findMany({ where: { caseId }, orderBy: { field: 'asc' } });
    expect(corrections.map((c) => [c.field, c.suggested, c.corrected])).toEqual([
      ['category', '咨询', '投诉'],
      ['complexity', 'simple', 'complex'],
    ]);
  });

  it('reports a forwarded item upward as 《印台政务督查专报》, not through the e-government centre', async () => {
    const { caseId } = await newCase(f, { channel: 'forwarded' });
    await toAssigned(f, caseId, at('2026-11-02'));
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-03') });
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: at('2026-11-03') });
    await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-03') });
    await expect(publishReply(f.store.db, { caseId, actor: f.actors.egov })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const out = await publishReply(f.store.db, { caseId, actor: f.actors.supervision, now: at('2026-11-04') });
    expect(out.channel).toBe('upper_report');
    expect(out.upperReport).toContain('印台政务督查专报');
    expect(out.upperReport).toContain('转办编号：TC-');
  });
});

describe('returned path', () => {
  it('a unit returns a wrongly assigned case; the office proposes again and another unit handles it', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await expect(returnCase(f.store.db, { caseId, reason: '  ', actor: f.actors.roads })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await returnCase(f.store.db, { caseId, reason: '供水管网问题不属我局职责，应由区水务局办理', actor: f.actors.roads, now: at('2026-11-02', 15) });
    expect(await caseState(f, caseId)).toBe('returned');
    // No longer the unit's case: refused naming the unit's own return (workflow/README.md, A unit's cases).
    await expect(submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('本单位已由 roads 于 2026-11-02 15:00 退回交办') });
    await proposeHandling(f.store.db, { caseId, unitId: f.units.water, opinion: '改由区水务局办理', actor: f.actors.office, now: at('2026-11-03') });
    await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-03') });
    const again = await assignCase(f.store.db, { caseId, actor: f.actors.office, now: at('2026-11-03') });
    expect(again.unitId).toBe(f.units.water);
    await toReplied(f, caseId, at('2026-11-04'), f.actors.water);
    const assignments = await f.store.db.assignment.findMany({ where: { caseId }, orderBy: { assignedAt: 'asc' } });
    expect(assignments.map((a) => [a.unitId, a.status])).toEqual([
      [f.units.roads, 'returned'],
      [f.units.water, 'active'],
    ]);
    expect(assignments[0]?.returnReason).toContain('区水务局');
  });

  it('records the office\'s choice of another unit than the suggested one as a correction', async () => {
    const { caseId, messageId } = await newCase(f);
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });
    await proposeHandling(f.store.db, { caseId, unitId: f.units.water, opinion: '水务局办理', actor: f.actors.office });
    const rows = await f.store.db.correction.findMany({ where: { caseId, field: 'unit' } });
    expect(rows.map((r) => [r.messageId, r.suggested, r.corrected])).toEqual([[messageId, '区交通运输局', '区水务局']]);
  });

  it('a leader can send a proposal back to the office', async () => {
    const { caseId } = await newCase(f);
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.supervision });
    await proposeHandling(f.store.db, { caseId, unitId: f.units.roads, opinion: '交通局办理', actor: f.actors.office });
    await expect(decideProposal(f.store.db, { caseId, approve: false, actor: f.actors.leader })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await decideProposal(f.store.db, { caseId, approve: false, note: '请先核实责任单位', actor: f.actors.leader });
    expect(await caseState(f, caseId)).toBe('registered');
    await expect(assignCase(f.store.db, { caseId, actor: f.actors.office })).rejects.toBeInstanceOf(InvalidTransitionError);
  });
});

describe('extended path (第五条㈣)', () => {
  it('records the request and the answer, and moves the due date by working days', async () => {
    const { caseId } = await newCase(f);
    const a = await toAssigned(f, caseId, at('2026-09-29'));
    expect(a.dueDate).toBe('2026-10-08'); // simple: 30 September, then 8 October after National Day
    expect((await getCase(f.store.db, { caseId, actor: f.actors.supervision })).allowedActions).not.toContain('decide_extension');
    await requestExtension(f.store.db, { caseId, progress: '已联系施工单位，材料待采购', reason: '需采购路灯配件', days: 2, actor: f.actors.roads, now: at('2026-09-30') });
    // Offered only while a request is pending; the unit is not offered a second one meanwhile.
    expect((await getCase(f.store.db, { caseId, actor: f.actors.supervision })).allowedActions).toContain('decide_extension');
    expect((await getCase(f.store.db, { caseId, actor: f.actors.roads })).allowedActions).not.toContain('request_extension');
    await expect(requestExtension(f.store.db, { caseId, progress: 'x', reason: 'y', days: 1, actor: f.actors.roads })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(decideExtension(f.store.db, { caseId, approve: true, answer: '同意', actor: f.actors.roads })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const decided = await decideExtension(f.store.db, { caseId, approve: true, answer: '同意延期 2 个工作日', actor: f.actors.supervision, now: at('2026-09-30', 16) });
    // 2 more working days after 8 October: 9 October and the make-up Saturday 10 October.
    expect(decided.dueDate).toBe('2026-10-10');
    expect((await getCase(f.store.db, { caseId, actor: f.actors.supervision })).allowedActions).not.toContain('decide_extension');
    const ext = await f.store.db.extensionRequest.findFirstOrThrow({ where: { caseId } });
    expect(ext).toMatchObject({ decision: 'approved', grantedDays: 2, newDueDate: '2026-10-10', answer: '同意延期 2 个工作日', requestedDays: 2 });
    const report = await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-10-10') });
    expect(report.onTime).toBe(true);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).dueDate).toBe('2026-10-10');
  });

  it('warns on the case when its due date lies in a year whose holiday schedule is not loaded', async () => {
    const known = await newCase(f);
    await toAssigned(f, known.caseId, at('2026-11-02'));
    expect((await getCase(f.store.db, { caseId: known.caseId, actor: f.actors.supervision })).calendarWarning).toBeNull();
    const { caseId } = await newCase(f);
    // A year no official schedule will ever be loaded for in this test (the library may learn 2027).
    await toAssigned(f, caseId, at('2099-02-05'));
    expect((await getCase(f.store.db, { caseId, actor: f.actors.supervision })).calendarWarning).toMatch(/2099 年.*尚未载入/);
  });

  /** A simple case assigned on 2 November (due Wednesday 4 November), 3 working days asked for on `askedOn` and granted on `grantedOn`. */
  async function extensionGranted(askedOn: string, grantedOn: string) {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await requestExtension(f.store.db, { caseId, progress: '已联系供电公司', reason: '需更换线路', days: 3, actor: f.actors.roads, now: at(askedOn) });
    const decided = await decideExtension(f.store.db, { caseId, approve: true, answer: '同意延期', actor: f.actors.supervision, now: at(grantedOn) });
    return { caseId, decided };
  }

  it('an extension granted after the due date has passed is counted from the day it is granted', async () => {
    // Asked in time, 督查室 answers a week later: 3 working days from 11 November (not from 4
    // November, which would give 9 November, two working days overdue the day it is granted).
    const { caseId, decided } = await extensionGranted('2026-11-03', '2026-11-11');
    expect(decided.dueDate).toBe('2026-11-16');
    expect(await f.store.db.extensionRequest.findFirstOrThrow({ where: { caseId } })).toMatchObject({ grantedDays: 3, newDueDate: '2026-11-16' });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).dueDate).toBe('2026-11-16');
    expect((await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-13') })).onTime).toBe(true);
  });

  it('an extension asked for once the due date had passed counts on from that due date: the lateness stands (及时, 第五条㈣)', async () => {
    const { caseId, decided } = await extensionGranted('2026-11-06', '2026-11-06');
    expect(decided.dueDate).toBe('2026-11-09');
    const event = await f.store.db.event.findFirstOrThrow({ where: { caseId, type: 'decide_extension' } });
    expect(event.data).not.toHaveProperty('grantedOn');
    expect((await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-10') })).onTime).toBe(false);
  });

  it('a rejected request keeps the due date', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await requestExtension(f.store.db, { caseId, progress: '正在处理', reason: '人手不足', days: 3, actor: f.actors.roads, now: at('2026-11-03') });
    const out = await decideExtension(f.store.db, { caseId, approve: false, answer: '不同意，请按期办结', actor: f.actors.supervision, now: at('2026-11-03') });
    expect(out.dueDate).toBe('2026-11-04');
    expect((await f.store.db.extensionRequest.findFirstOrThrow({ where: { caseId } })).decision).toBe('rejected');
  });
});

describe('a request left pending when the unit reports or returns the case', () => {
  it('is withdrawn: not granted later onto a send-back, not left 延期待答复, and the unit may ask again', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02')); // due 11-04
    await requestExtension(f.store.db, { caseId, progress: '正在处理', reason: '人手不足', days: 3, actor: f.actors.roads, now: at('2026-11-03') });
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-03', 15) });
    expect(await f.store.db.extensionRequest.findFirstOrThrow({ where: { caseId } })).toMatchObject({ decision: 'withdrawn', grantedDays: null });
    expect((await listSupervision(f.store.db, { actor: f.actors.supervision, now: at('2026-11-03', 16) })).find((r) => r.caseId === caseId)).toMatchObject({ pendingExtension: false });
    // Sent back: the old request cannot be granted onto the new deadline; the unit asks anew.
    await reviewReport(f.store.db, { caseId, accept: false, note: '请补充维修时间', actor: f.actors.supervision, now: at('2026-11-04') });
    expect((await getCase(f.store.db, { caseId, actor: f.actors.supervision })).allowedActions).not.toContain('decide_extension');
    expect((await getCase(f.store.db, { caseId, actor: f.actors.roads })).allowedActions).toContain('request_extension');
    await requestExtension(f.store.db, { caseId, progress: '已派员核实', reason: '需等待材料', days: 1, actor: f.actors.roads, now: at('2026-11-04', 15) });
  });

  it('returning the case withdraws it, so the next unit can ask for time of its own', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await requestExtension(f.store.db, { caseId, progress: '正在核实', reason: '需核实职责', days: 2, actor: f.actors.roads, now: at('2026-11-02', 15) });
    await returnCase(f.store.db, { caseId, reason: '不属本局职责', actor: f.actors.roads, now: at('2026-11-03') });
    await proposeHandling(f.store.db, { caseId, unitId: f.units.water, opinion: '请区水务局办理', actor: f.actors.office, now: at('2026-11-03') });
    await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-03') });
    await assignCase(f.store.db, { caseId, actor: f.actors.office, now: at('2026-11-03') });
    await requestExtension(f.store.db, { caseId, progress: '已到现场', reason: '需协调施工', days: 2, actor: f.actors.water, now: at('2026-11-04') });
    expect((await f.store.db.extensionRequest.findMany({ where: { caseId }, orderBy: { requestedAt: 'asc' } })).map((x) => x.decision)).toEqual(['withdrawn', 'pending']);
  });
});

describe('not accepted (第三条㈡)', () => {
  it('is recorded with its reasons, can be re-opened, and registered after all', async () => {
    const { caseId } = await newCase(f, { outOfScope: true });
    await expect(decideNotAccepted(f.store.db, { caseId, reasons: [], note: 'x', actor: f.actors.egov })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(decideNotAccepted(f.store.db, { caseId, reasons: ['advertising'], note: '商业广告', actor: f.actors.roads })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await decideNotAccepted(f.store.db, { caseId, reasons: ['advertising', 'no_substance'], note: '推销广告，无实质内容', actor: f.actors.egov });
    let c = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c.state).toBe('not_accepted');
    expect(c.outOfScopeReasons).toMatchObject([{ code: 'advertising' }, { code: 'no_substance' }]);
    await expect(proposeHandling(f.store.db, { caseId, unitId: f.units.roads, opinion: 'x', actor: f.actors.office })).rejects.toBeInstanceOf(InvalidTransitionError);
    await reopenCase(f.store.db, { caseId, note: '复核后认为属于受理范围', actor: f.actors.supervision });
    expect(await caseState(f, caseId)).toBe('awaiting_review');
    const reg = await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.supervision });
    expect(reg.corrected).toEqual([]);
    c = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c).toMatchObject({ state: 'registered', outOfScope: false, categoryConfirmed: true });
    // The classifier said out of scope; staff agreed, then reversed: the latest row per field is the verdict.
    const rows = await f.store.db.correction.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
    expect(rows.map((x) => [x.field, x.suggested, x.corrected])).toEqual([
      ['outOfScopeReasons', 'advertising', 'advertising,no_substance'],
      ['outOfScope', 'true', 'false'],
    ]);
  });

  it('an accepted out-of-scope suggestion is recorded as a correction, with the note saying why', async () => {
    const { caseId } = await newCase(f, { outOfScope: true });
    // Overriding the 疑似不予受理 flag needs a note, as 不予受理, 重新受理 and 更正类别 do.
    for (const note of [undefined, '  ']) {
      await expect(registerCase(f.store.db, { caseId, category: '求助', note, actor: f.actors.egov })).rejects.toMatchObject({
        code: 'BAD_INPUT',
        message: '请填写说明（分类器提示疑似不予受理，登记须写明受理理由）',
      });
    }
    expect(await caseState(f, caseId)).toBe('awaiting_review');
    expect(await f.store.db.correction.count({ where: { caseId } })).toBe(0);
    const reg = await registerCase(f.store.db, { caseId, category: '求助', note: ' 有具体求助诉求，不是广告 ', actor: f.actors.egov });
    expect(reg.corrected).toContain('outOfScope');
    const event = await f.store.db.event.findFirstOrThrow({ where: { caseId, type: 'register' } });
    expect(event.data).toMatchObject({ note: '有具体求助诉求，不是广告', corrected: expect.arrayContaining(['outOfScope']) });
    // A case without the flag is registered without a note, as before.
    const plain = await newCase(f);
    expect((await registerCase(f.store.db, { caseId: plain.caseId, category: '投诉', actor: f.actors.egov })).corrected).toEqual([]);
  });

  it('a not-accepted case can be archived as 不予受理', async () => {
    const { caseId } = await newCase(f);
    await decideNotAccepted(f.store.db, { caseId, reasons: ['personal'], note: '纯属个人纠纷', actor: f.actors.egov });
    const out = await archiveCase(f.store.db, { caseId, actor: f.actors.supervision, now: at('2026-11-20') });
    expect(out.archiveVolume).toBe('2026-不予受理');
    await expect(reopenCase(f.store.db, { caseId, note: '再看看', actor: f.actors.supervision })).rejects.toMatchObject({ code: 'IMMUTABLE' });
  });
});

describe('dissatisfied visit (第五条㈥)', () => {
  it('re-opens the case to the same unit with a new due date', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await toReplied(f, caseId, at('2026-11-03'));
    await expect(recordVisit(f.store.db, { caseId, satisfaction: 'dissatisfied', method: 'phone', actor: f.actors.supervision })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const v = await recordVisit(f.store.db, { caseId, satisfaction: 'dissatisfied', method: 'phone', note: '路灯仍然不亮', actor: f.actors.supervision, now: at('2026-11-06') });
    expect(v.reopened).toMatchObject({ unitId: f.units.roads, assignedDate: '2026-11-06', dueDate: '2026-11-10' });
    expect(await caseState(f, caseId)).toBe('assigned');
    await toReplied(f, caseId, at('2026-11-09'));
    await recordVisit(f.store.db, { caseId, satisfaction: 'basically_satisfied', method: 'online', actor: f.actors.egov, now: at('2026-11-11') });
    expect(await caseState(f, caseId)).toBe('closed');
    const visits = await f.store.db.visit.findMany({ where: { caseId }, orderBy: { visitedAt: 'asc' } });
    expect(visits.map((x) => x.satisfaction)).toEqual(['dissatisfied', 'basically_satisfied']);
    const assignments = await f.store.db.assignment.findMany({ where: { caseId }, orderBy: { assignedAt: 'asc' } });
    expect(assignments.map((a) => [a.reason, a.status])).toEqual([
      ['initial', 'done'],
      ['reopened', 'active'],
    ]);
  });
});

describe('a citizen unreachable on the follow-up visit (第五条㈥)', () => {
  it('may be visited again until the case is archived; a case closed as satisfied may not', async () => {
    // QA: 无法联系 closed the case (已回访办结) and no step led back: reached the next day and
    // dissatisfied, the citizen's answer could not be recorded, nor the case re-opened to the unit.
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await toReplied(f, caseId, at('2026-11-03'));
    await recordVisit(f.store.db, { caseId, satisfaction: 'unreachable', method: 'phone', note: '电话三次无人接听', actor: f.actors.egov, now: at('2026-11-04') });
    expect(await caseState(f, caseId)).toBe('closed');
    expect((await getCase(f.store.db, { caseId, actor: f.actors.egov })).allowedActions).toEqual(expect.arrayContaining(['visit_satisfied', 'visit_dissatisfied']));
    // Reached later and dissatisfied: the case goes back to the unit that handled it.
    const again = await recordVisit(f.store.db, { caseId, satisfaction: 'dissatisfied', method: 'phone', note: '路灯仍然不亮', actor: f.actors.egov, now: at('2026-11-05') });
    expect(again.reopened).toMatchObject({ unitId: f.units.roads, assignedDate: '2026-11-05' });
    expect(await caseState(f, caseId)).toBe('assigned');
    await toReplied(f, caseId, at('2026-11-06'));
    await recordVisit(f.store.db, { caseId, satisfaction: 'unreachable', method: 'phone', actor: f.actors.egov, now: at('2026-11-09') });
    await recordVisit(f.store.db, { caseId, satisfaction: 'satisfied', method: 'sms', actor: f.actors.supervision, now: at('2026-11-10') });
    expect(await caseState(f, caseId)).toBe('closed');
    const visits = await f.store.db.visit.findMany({ where: { caseId }, orderBy: { visitedAt: 'asc' } });
    expect(visits.map((x) => x.satisfaction)).toEqual(['unreachable', 'dissatisfied', 'unreachable', 'satisfied']);
    // Reached and satisfied: that is the answer; no further visit is offered or accepted.
    expect((await getCase(f.store.db, { caseId, actor: f.actors.egov })).allowedActions).not.toContain('visit_satisfied');
    await expect(recordVisit(f.store.db, { caseId, satisfaction: 'dissatisfied', method: 'phone', note: '又不满意了', actor: f.actors.egov })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await caseState(f, caseId)).toBe('closed');
    // Once archived, nothing more.
    const other = await newCase(f);
    await toAssigned(f, other.caseId, at('2026-11-02'));
    await toReplied(f, other.caseId, at('2026-11-03'));
    await recordVisit(f.store.db, { caseId: other.caseId, satisfaction: 'unreachable', method: 'phone', actor: f.actors.egov });
    await archiveCase(f.store.db, { caseId: other.caseId, actor: f.actors.supervision });
    await expect(recordVisit(f.store.db, { caseId: other.caseId, satisfaction: 'satisfied', method: 'phone', actor: f.actors.egov })).rejects.toMatchObject({ code: 'IMMUTABLE' });
  });
});

describe('a copy arriving after the reply is out', () => {
  it('opens a case of its own, naming the answered one, instead of disappearing among its copies', async () => {
    // QA: the same letter posted again on the city mailbox after the district had replied (the
    // problem back, or the answer not enough) was linked to the answered case as one more copy:
    // no step, no to-do, nobody saw it.
    const dedup = new StoreDedup();
    let n = 0;
    const arrive = async (channel: 'district_mailbox' | 'city_mailbox', text: { title: string; content: string }) => {
      await ensureSource(f.store.db, { id: `src-${channel}`, name: `测试来源 ${channel}`, channel });
      const { messageId } = await recordMessage(f.store.db, { sourceId: `src-${channel}`, channel, siteId: `again-${Date.now()}-${++n}`, ...text, fetchedAt: new Date().toISOString() });
      return registerMessage(f.store.db, { messageId, classification: plainSuggestion, dedup });
    };
    const letter = { title: '北关街路灯又不亮了', content: '北关街中段路灯一到晚上就不亮，行人摔倒过好几次，请相关部门尽快维修。' };
    const original = await arrive('district_mailbox', letter);
    expect((await arrive('city_mailbox', letter)).caseId).toBe(original.caseId);
    await toAssigned(f, original.caseId, at('2026-11-02'));
    await toReplied(f, original.caseId, at('2026-11-03'));
    const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: original.caseId } });
    const late = await arrive('city_mailbox', letter);
    expect(late).toMatchObject({ outcome: 'created' });
    expect(await caseState(f, late.caseId)).toBe('awaiting_review');
    const created = await f.store.db.event.findFirstOrThrow({ where: { caseId: late.caseId, type: 'case_created' } });
    expect(created.data).toMatchObject({ repeatsLedgerNo: ledgerNo });
    // Further copies, exact or re-worded, join the new case, not a third one.
    expect(await arrive('district_mailbox', letter)).toMatchObject({ outcome: 'linked', caseId: late.caseId });
    const reworded = { title: '北关街路灯又不亮了，再次反映', content: `${letter.content}已经一周了还是没人管。` };
    expect(await arrive('city_mailbox', reworded)).toMatchObject({ outcome: 'linked', caseId: late.caseId });
    expect(await f.store.db.message.count({ where: { caseId: original.caseId } })).toBe(2);
  });
});

describe('archived cases are immutable', () => {
  it('refuses every step and the database refuses direct changes', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await toReplied(f, caseId, at('2026-11-03'));
    await recordVisit(f.store.db, { caseId, satisfaction: 'unreachable', method: 'phone', actor: f.actors.supervision });
    await archiveCase(f.store.db, { caseId, actor: f.actors.supervision });
    const err = await archiveCase(f.store.db, { caseId, actor: f.actors.supervision }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('IMMUTABLE');
    expect((err as AppError).message).toContain('已归档');
    await expect(f.store.sql.query(`UPDATE "Case" SET "title" = 'x' WHERE "id" = $1`, [caseId])).rejects.toThrow(/archived/);
    await expect(f.store.sql.query(`DELETE FROM "Case" WHERE "id" = $1`, [caseId])).rejects.toThrow(/archived/);
    await expect(f.store.sql.query(`UPDATE "HandlingReport" SET "text" = 'x' WHERE "caseId" = $1`, [caseId])).rejects.toThrow(/archived/);
    await expect(
      f.store.sql.query(`INSERT INTO "SupervisionRecord" ("id","caseId","kind","note","actor") VALUES ('s1', $1, 'phone', 'x', 'y')`, [caseId]),
    ).rejects.toThrow(/archived/);
    // A later duplicate message may still raise the reporter count of the archived issue.
    await f.store.sql.query(`UPDATE "Case" SET "reporterCount" = "reporterCount" + 1 WHERE "id" = $1`, [caseId]);
    await expect(f.store.sql.query(`UPDATE "Event" SET "actor" = 'x' WHERE "caseId" = $1`, [caseId])).rejects.toThrow(/append-only/);
  });
});

describe('concurrent steps', () => {
  it('two offices assigning the same case at once: exactly one succeeds, one event, one assignment', async () => {
    const { caseId } = await newCase(f);
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });
    await proposeHandling(f.store.db, { caseId, unitId: f.units.roads, opinion: '请核实处理', actor: f.actors.office });
    await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader });
    const results = await Promise.allSettled([1, 2, 3].map(() => assignCase(f.store.db, { caseId, actor: f.actors.office })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(InvalidTransitionError);
    expect(await f.store.db.assignment.count({ where: { caseId } })).toBe(1);
    expect(await f.store.db.event.count({ where: { caseId, type: 'assign' } })).toBe(1);
  });
  it('a unit cannot return a case after reporting on it', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads });
    await reviewReport(f.store.db, { caseId, accept: false, note: '请补充', actor: f.actors.supervision });
    await expect(returnCase(f.store.db, { caseId, reason: '不属我局', actor: f.actors.roads })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

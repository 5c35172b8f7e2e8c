/**
 * Replies sent back to the unit, against PostgreSQL: by the supervision office (审核退回) and the
 * leader (审批退回), and by the e-government centre at publication (退回修改答复); the work sent
 * back is tracked again with a new deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../core/index.js';
import { decideReply, getCase, publishReply, returnCase, returnReplyForRevision, reviewReport, submitReport } from '../workflow/cases/index.js';
import { computeBulletin } from '../workflow/bulletin/index.js';
import { listSupervision, scanDeadlines } from '../workflow/supervision/index.js';
import { caseState, goodReply, toAssigned, toReplied } from './helpers/case-steps.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f?.close();
});

describe('review and approval send-backs', () => {
  it('the supervision office and the leader can send the reply back to the unit', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await submitReport(f.store.db, { caseId, text: '已处理。', actor: f.actors.roads, now: at('2026-11-03'), acknowledgeFindings: true });
    await reviewReport(f.store.db, { caseId, accept: false, note: '答复过于简略', actor: f.actors.supervision });
    expect(await caseState(f, caseId)).toBe('assigned');
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-04') });
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, reviewText: `${goodReply}（督查室审核）` });
    await decideReply(f.store.db, { caseId, approve: false, note: '请补充维修时间', actor: f.actors.leader });
    expect(await caseState(f, caseId)).toBe('assigned');
    const reports = await f.store.db.handlingReport.findMany({ where: { caseId }, orderBy: { submittedAt: 'asc' } });
    expect(reports.map((r) => r.status)).toEqual(['rejected', 'sent_back']);
  });

  it('a unit sent back to redo its report is not offered 退回交办, which would be refused', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    expect((await getCase(f.store.db, { caseId, actor: f.actors.roads })).allowedActions).toContain('return_case');
    await submitReport(f.store.db, { caseId, text: '已处理。', actor: f.actors.roads, now: at('2026-11-03'), acknowledgeFindings: true });
    await reviewReport(f.store.db, { caseId, accept: false, note: '答复过于简略', actor: f.actors.supervision, now: at('2026-11-03', 15) });
    expect(await caseState(f, caseId)).toBe('assigned');
    expect((await getCase(f.store.db, { caseId, actor: f.actors.roads })).allowedActions.sort()).toEqual(['request_extension', 'submit_report']);
    await expect(returnCase(f.store.db, { caseId, reason: '不属本单位', actor: f.actors.roads })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('what goes online', () => {
  it("the office's supervision report goes to the leader in the note; put in the reply, it stops publication until acknowledged", async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-03') });
    const report = '督查报告：区交通运输局首次答复敷衍，经督促已整改，建议通报批评。';
    await reviewReport(f.store.db, { caseId, accept: true, reviewText: `${goodReply}${report}`, actor: f.actors.supervision, now: at('2026-11-03') });
    await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-03') });
    await expect(publishReply(f.store.db, { caseId, actor: f.actors.egov, now: at('2026-11-04') })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('内部意见'),
    });
    expect(await caseState(f, caseId)).toBe('reply_approved');
    // Sent back for revision and reviewed again with the report in the note: the reply alone is published.
    await returnReplyForRevision(f.store.db, { caseId, note: '答复中混入督查报告', actor: f.actors.egov, now: at('2026-11-04') });
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-04') });
    await reviewReport(f.store.db, { caseId, accept: true, note: report, actor: f.actors.supervision, now: at('2026-11-04') });
    await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-04') });
    const published = await publishReply(f.store.db, { caseId, actor: f.actors.egov, now: at('2026-11-05') });
    expect(published.text).toBe(goodReply);
    expect(published.findings).toEqual([]);
  });

  it('the leader sees the checks of the reply as the office edited it, the text that goes online', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    const submitted = await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-03') });
    expect(submitted.check.findings).toEqual([]);
    await reviewReport(f.store.db, { caseId, accept: true, reviewText: `${goodReply}详情可咨询张师傅13912345678。`, actor: f.actors.supervision, now: at('2026-11-03') });
    const seen = await getCase(f.store.db, { caseId, actor: f.actors.leader });
    const report = seen.reports.at(-1)!;
    expect((report.findings as { findings: { rule: string }[] }).findings.map((x) => x.rule)).toContain('personal_phone');
    // Accepted unchanged, the unit's checks stand.
    const plain = (await newCase(f)).caseId;
    await toAssigned(f, plain, at('2026-11-02'));
    await submitReport(f.store.db, { caseId: plain, text: `${goodReply}13912345678`, actor: f.actors.roads, now: at('2026-11-03'), acknowledgeFindings: true });
    await reviewReport(f.store.db, { caseId: plain, accept: true, actor: f.actors.supervision, now: at('2026-11-03') });
    const kept = (await getCase(f.store.db, { caseId: plain, actor: f.actors.leader })).reports.at(-1)!;
    expect((kept.findings as { findings: { rule: string }[] }).findings.map((x) => x.rule)).toContain('personal_phone');
  });

  it("an item forwarded from above is reported upward, not published: its 专报 may carry the office's supervision report", async () => {
    const { caseId } = await newCase(f, { channel: 'forwarded' });
    await toAssigned(f, caseId, at('2026-11-02'));
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-03') });
    const report = `督查报告：经督促，区交通运输局已办结。${goodReply}`;
    await reviewReport(f.store.db, { caseId, accept: true, reviewText: report, actor: f.actors.supervision, now: at('2026-11-03') });
    await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-03') });
    const out = await publishReply(f.store.db, { caseId, actor: f.actors.supervision, now: at('2026-11-04') });
    expect(out.channel).toBe('upper_report');
    expect(out.findings.map((x) => x.rule)).not.toContain('internal_note');
    expect(out.upperReport).toContain(report);
  });
});

describe('work sent back is tracked again', () => {
  it('a report sent back is not reported: a new deadline, the scan, the supervision list and the bulletin see it open, then late', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02')); // simple: due 2026-11-04
    await submitReport(f.store.db, { caseId, text: '已处理。', actor: f.actors.roads, now: at('2026-11-03'), acknowledgeFindings: true });
    await reviewReport(f.store.db, { caseId, accept: false, note: '答复过于简略', actor: f.actors.supervision, now: at('2026-11-03', 15) });
    // Two working days again from the day it was sent back: 11-05.
    const assignment = await f.store.db.assignment.findFirstOrThrow({ where: { caseId, status: 'active' } });
    expect(assignment).toMatchObject({ firstReportedAt: null, dueDate: '2026-11-05', originalDueDate: '2026-11-04' });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).dueDate).toBe('2026-11-05');
    const row = async (day: string) => (await listSupervision(f.store.db, { actor: f.actors.supervision, now: at(day) })).find((r) => r.caseId === caseId);
    expect(await row('2026-11-05')).toMatchObject({ status: 'due_soon', daysLeft: 0 });
    expect(await row('2026-11-06')).toMatchObject({ status: 'overdue' });
    expect((await scanDeadlines(f.store.db, { now: at('2026-11-06') })).overdue).toContain(caseId);
    const bulletin = await computeBulletin(f.store.db, { from: '2026-11-01', to: '2026-11-30', now: at('2026-11-06') });
    const unit = bulletin.units.find((u) => u.unitId === f.units.roads);
    expect(unit?.overdue).toBeGreaterThan(0);
    expect(unit?.sentBack).toBeGreaterThan(0);
  });
});

describe('returned at publication (退回修改答复)', () => {
  it('the e-government centre sends an approved reply back to the unit with its reason, and publishes the revised one', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    const leaky = `${goodReply}如有疑问可联系邻居王先生，电话13912345678。`;
    await submitReport(f.store.db, { caseId, text: leaky, actor: f.actors.roads, now: at('2026-11-03'), acknowledgeFindings: true });
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: at('2026-11-03') });
    await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-03') });
    expect((await getCase(f.store.db, { caseId, actor: f.actors.egov })).allowedActions).toContain('return_for_revision');
    await expect(returnReplyForRevision(f.store.db, { caseId, note: '  ', actor: f.actors.egov })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(returnReplyForRevision(f.store.db, { caseId, note: '含他人电话', actor: f.actors.supervision })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(returnReplyForRevision(f.store.db, { caseId, note: '含他人电话', actor: f.actors.roads })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await returnReplyForRevision(f.store.db, { caseId, note: '答复含第三人手机号码，请删除后重新报送', actor: f.actors.egov, now: at('2026-11-04') });
    expect(await caseState(f, caseId)).toBe('assigned');
    await expect(publishReply(f.store.db, { caseId, actor: f.actors.egov })).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(returnReplyForRevision(f.store.db, { caseId, note: '再退一次', actor: f.actors.egov })).rejects.toBeInstanceOf(InvalidTransitionError);
    const event = await f.store.db.event.findFirstOrThrow({ where: { caseId, type: 'return_for_revision' } });
    expect(event).toMatchObject({ actor: 'egov', role: 'egov_centre' });
    expect(event.data).toMatchObject({ from: 'reply_approved', to: 'assigned', note: '答复含第三人手机号码，请删除后重新报送' });
    // The unit revises; the new report goes through review and approval again, and is published.
    const published = await toReplied(f, caseId, at('2026-11-05'));
    expect(published.text).toBe(goodReply);
    const reports = await f.store.db.handlingReport.findMany({ where: { caseId }, orderBy: { submittedAt: 'asc' } });
    expect(reports.map((r) => r.status)).toEqual(['returned_for_revision', 'published']);
    expect((event.data as { reportId?: string }).reportId).toBe(reports[0]?.id);
  });

  it('is not offered for an item forwarded from above (reported upward by the supervision office)', async () => {
    const { caseId } = await newCase(f, { channel: 'forwarded' });
    await toAssigned(f, caseId, at('2026-11-02'));
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-03') });
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: at('2026-11-03') });
    await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-03') });
    expect((await getCase(f.store.db, { caseId, actor: f.actors.egov })).allowedActions).not.toContain('return_for_revision');
    await expect(returnReplyForRevision(f.store.db, { caseId, note: '退回', actor: f.actors.egov })).rejects.toBeInstanceOf(InvalidTransitionError);
  });
});

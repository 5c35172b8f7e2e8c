/**
 * A leader's decision names what the leader read: a page left open while another leader sent the
 * proposal back and the office proposed another unit, or while the reply was sent back, redone and
 * reviewed again, is refused (409, in Chinese) instead of approving what its author never saw.
 * Every other step a page left open could get wrong names what its page showed too (the report,
 * the reply and its text, the assignment and its due date, the extension request, the suggestion):
 * one changed meanwhile is refused (409) saying what changed, by whom, and 请刷新后再操作.
 * Over the real HTTP routes and PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignCase,
  decideExtension,
  decideNotAccepted,
  decideProposal,
  decideReply,
  proposeHandling,
  publishReply,
  recordVisit,
  registerCase,
  reopenCase,
  requestExtension,
  returnCase,
  returnReplyForRevision,
  reviewReport,
  submitReport,
} from '../workflow/cases/index.js';
import { applyNewSuggestion } from '../workflow/index.js';
import { batchAcceptSuggestions } from '../workflow/console-queries/index.js';
import { postAs, serveWorkflowRoutes, type RouteAnswer } from './helpers/workflow-routes-server.js';
import { caseState, goodReply, toAssigned, toReplied } from './helpers/case-steps.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  f = await openFixture();
  ({ app, base } = await serveWorkflowRoutes(f));
});
afterAll(async () => {
  await app?.close();
  await f?.close();
});

const post = (user: string, path: string, body: unknown) => postAs(base, user, path, body);

describe('decisions on what the leader read', () => {
  it('a proposal re-proposed to another unit while the page was open is not approved', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });
    const first = await post('office', p('proposal'), { unitId: f.units.roads, opinion: '请区交通运输局办理' });
    const seen = first.json.result.proposalId as string;
    // Another leader sends it back; the office proposes the water bureau instead.
    expect((await post('leader', p('proposal/decision'), { approve: false, note: '应由水务局办理', proposalId: seen })).status).toBe(200);
    expect((await post('office', p('proposal'), { unitId: f.units.water, opinion: '请区水务局办理' })).status).toBe(200);
    // The first leader, on the page showing the roads proposal, clicks 同意.
    const stale = await post('leader', p('proposal/decision'), { approve: true, proposalId: seen });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('拟办意见已更新（现拟交办：区水务局）');
    expect(stale.json.error.message).toContain('请刷新后再审批');
    expect(await caseState(f, caseId)).toBe('proposed');
    const pending = await f.store.db.proposal.findFirstOrThrow({ where: { caseId, decision: 'pending' } });
    expect((await post('leader', p('proposal/decision'), { approve: true, proposalId: pending.id })).status).toBe(200);
    expect(await caseState(f, caseId)).toBe('approved');
  });

  it('a reply redone and reviewed again while the page was open is not approved', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    await toAssigned(f, caseId, at('2026-11-02'));
    const first = await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-03') });
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: at('2026-11-03') });
    const seen = (first as { reportId: string }).reportId;
    await decideReply(f.store.db, { caseId, approve: false, note: '请补充维修时间', actor: f.actors.leader, now: at('2026-11-03') });
    await submitReport(f.store.db, { caseId, text: `${goodReply}维修已于11月4日完成。`, actor: f.actors.roads, now: at('2026-11-04') });
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: at('2026-11-04') });
    const stale = await post('leader', p('reply/decision'), { approve: true, reportId: seen });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('待审批的答复已更新');
    expect(await caseState(f, caseId)).toBe('reviewed');
  });
});

describe('撤回同意 before 交办', () => {
  it('a leader who agreed by mistake takes it back before 交办, and not after', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });
    const proposed = await post('office', p('proposal'), { unitId: f.units.roads, opinion: '请区交通运输局办理' });
    expect((await post('leader', p('proposal/decision'), { approve: true, note: '同意' })).status).toBe(200);
    // Only a leader, with a reason.
    expect((await post('office', p('proposal/withdraw'), { note: '误点' })).status).toBe(403);
    expect((await post('leader', p('proposal/withdraw'), { note: ' ' })).json.error.message).toBe('请填写撤回理由');
    expect((await post('leader', p('proposal/withdraw'), { note: '同意错了案件' })).status).toBe(200);
    expect(await caseState(f, caseId)).toBe('proposed');
    const proposal = await f.store.db.proposal.findUniqueOrThrow({ where: { id: proposed.json.result.proposalId } });
    expect({ decision: proposal.decision, decidedBy: proposal.decidedBy }).toEqual({ decision: 'pending', decidedBy: null });
    // The office cannot assign it now; the leader decides again (here: sends it back).
    expect((await post('office', p('assign'), {})).status).toBe(409);
    expect((await post('leader', p('proposal/decision'), { approve: false, note: '应由水务局办理', proposalId: proposal.id })).status).toBe(200);
    expect(await caseState(f, caseId)).toBe('registered');
    const types = (await f.store.db.event.findMany({ where: { caseId }, orderBy: { id: 'asc' } })).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['approve_proposal', 'withdraw_approval', 'reject_proposal']);
    // Once assigned, the unit has the work: no withdrawal.
    const other = (await newCase(f)).caseId;
    await toAssigned(f, other, at('2026-11-02'));
    const late = await post('leader', `/api/workflow/cases/${other}/proposal/withdraw`, { note: '同意错了' });
    expect(late.status).toBe(409);
    expect(late.json.error.message).toContain('不能撤回同意（交办前）');
  });
});

describe('交办 of what the office read', () => {
  it('a case whose agreed proposal changed while the page was open is not handed over', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });
    const first = (await post('office', p('proposal'), { unitId: f.units.roads, opinion: '请区交通运输局办理' })).json.result.proposalId as string;
    await post('leader', p('proposal/decision'), { approve: true });
    // The office's page shows the roads proposal agreed. Meanwhile the leader takes it back, sends
    // it back, and agrees to the water bureau instead.
    await post('leader', p('proposal/withdraw'), { note: '应由水务局办理' });
    await post('leader', p('proposal/decision'), { approve: false, note: '应由水务局办理' });
    await post('office', p('proposal'), { unitId: f.units.water, opinion: '请区水务局办理' });
    await post('leader', p('proposal/decision'), { approve: true });
    const stale = await post('office', p('assign'), { proposalId: first });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('经领导同意的拟办意见已更新（现为交办：区水务局）');
    expect(await caseState(f, caseId)).toBe('approved');
    const agreed = await f.store.db.proposal.findFirstOrThrow({ where: { caseId, decision: 'approved' } });
    const ok = await post('office', p('assign'), { proposalId: agreed.id });
    expect(ok.status).toBe(200);
    expect(ok.json.result.unitId).toBe(f.units.water);
  });

  it('hands the case only to the unit the leader agreed to (第四条㈣), not one named in the request', async () => {
    // QA: the API took another unitId and assigned it, skipping the leader's agreement.
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });
    await post('office', p('proposal'), { unitId: f.units.roads, opinion: '请区交通运输局办理' });
    await post('leader', p('proposal/decision'), { approve: true });
    const other = await post('office', p('assign'), { unitId: f.units.water });
    expect(other.status).toBe(409);
    expect(other.json.error.message).toBe('领导同意的拟办意见是交办区交通运输局，不能改交区水务局：如需改派，请重新拟办并报领导同意（第四条㈣）');
    expect(await caseState(f, caseId)).toBe('approved');
    const same = await post('office', p('assign'), { unitId: f.units.roads });
    expect(same.status).toBe(200);
    expect(same.json.result.unitId).toBe(f.units.roads);
  });
});

const fresh = '请刷新后再操作';
const get = async (caseId: string) => {
  const res = await fetch(`${base}/api/workflow/cases/${caseId}`, { headers: { 'x-test-user': 'duchashi' } });
  return ((await res.json()) as RouteAnswer).case as RouteAnswer;
};
const latestReport = async (caseId: string) => f.store.db.handlingReport.findFirstOrThrow({ where: { caseId }, orderBy: { submittedAt: 'desc' } });
/** A reported case back at the unit, redone and reported again as `text`, reviewed and approved (reply_approved). */
async function redoneAndApproved(caseId: string, text: string, when: Date) {
  await submitReport(f.store.db, { caseId, text, actor: f.actors.roads, now: when });
  await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: when });
  await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: when });
}

describe('督查室 review of the report it read', () => {
  it('refuses a review of a report sent back and reported anew, and one a colleague already reviewed', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    await toAssigned(f, caseId, at('2026-11-02'));
    const first = await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-03') });
    // A colleague sends it back; the unit reports again with other text.
    await reviewReport(f.store.db, { caseId, accept: false, note: '请写明维修时间', actor: f.actors.supervision, now: at('2026-11-03', 11) });
    const second = await submitReport(f.store.db, { caseId, text: `${goodReply}维修已于11月3日完成。`, actor: f.actors.roads, now: at('2026-11-03', 15) });
    const stale = await post('duchashi', p('report/review'), { accept: true, reportId: first.reportId });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toBe(`案件 ${(await get(caseId)).ledgerNo}：您看到的办理情况已由 duchashi 于 2026-11-03 11:00 审核退回承办单位，承办单位已于 2026-11-03 15:00 重新报送；${fresh}`);
    expect((await latestReport(caseId)).status).toBe('submitted');
    // A colleague accepts the new one; the page showing it still offers 退回.
    expect((await post('duchashi', p('report/review'), { accept: true, reportId: second.reportId })).status).toBe(200);
    const twice = await post('duchashi', p('report/review'), { accept: false, note: '不合格', reportId: second.reportId });
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toContain('已由 duchashi 于');
    expect(twice.json.error.message).toContain('审核通过办理情况（现为「督查室已审核待领导审批」），不能再审核退回办理情况');
    expect(twice.json.error.message).toContain(fresh);
    expect(await caseState(f, caseId)).toBe('reviewed');
  });
});

describe('the e-government centre publishing what it read', () => {
  it('publishes exactly the reply text shown, and refuses one replaced or changed meanwhile', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    await toAssigned(f, caseId, at('2026-11-02'));
    await redoneAndApproved(caseId, goodReply, at('2026-11-03'));
    const shown = await latestReport(caseId);
    // A colleague returns it for revision; the unit redoes it and it is approved again.
    await returnReplyForRevision(f.store.db, { caseId, note: '含他人电话', actor: f.actors.egov, now: at('2026-11-04') });
    const redone = `${goodReply}如有疑问请拨打12345。`;
    await redoneAndApproved(caseId, redone, at('2026-11-05'));
    const stale = await post('egov', p('publish'), { reportId: shown.id, replyText: goodReply });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('您看到的答复已由 egov 于 2026-11-04 10:00 退回承办单位修改，承办单位已于 2026-11-05 10:00 重新报送');
    expect(stale.json.error.message).toContain(fresh);
    expect(await caseState(f, caseId)).toBe('reply_approved');
    const now = await latestReport(caseId);
    // The text shown must be the text published, to the character.
    const altered = await post('egov', p('publish'), { reportId: now.id, replyText: goodReply });
    expect(altered.status).toBe(409);
    expect(altered.json.error.message).toContain('答复内容已更改，与您看到的不同');
    const ok = await post('egov', p('publish'), { reportId: now.id, replyText: redone });
    expect(ok.status).toBe(200);
    expect((await latestReport(caseId)).publishedText).toBe(redone);
  });

  it('does not return for revision a reply other than the one shown', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    await toAssigned(f, caseId, at('2026-11-02'));
    await redoneAndApproved(caseId, goodReply, at('2026-11-03'));
    const shown = await latestReport(caseId);
    await returnReplyForRevision(f.store.db, { caseId, note: '含他人电话', actor: f.actors.egov, now: at('2026-11-04') });
    await redoneAndApproved(caseId, `${goodReply}已联系您本人说明情况。`, at('2026-11-05'));
    const stale = await post('egov', p('reply/return'), { note: '含他人电话', reportId: shown.id });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('您看到的答复已由 egov 于 2026-11-04 10:00 退回承办单位修改');
    expect((await latestReport(caseId)).status).toBe('approved');
    expect(await caseState(f, caseId)).toBe('reply_approved');
  });
});

describe('回访 of the reply the citizen was asked about', () => {
  it('refuses a visit recorded from a page showing a reply replaced since', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    await toAssigned(f, caseId, at('2026-11-02'));
    const first = await toReplied(f, caseId, at('2026-11-03'));
    // A colleague's visit: dissatisfied, the unit handles it again, a new reply is published.
    await recordVisit(f.store.db, { caseId, satisfaction: 'dissatisfied', method: 'phone', note: '路灯仍不亮', actor: f.actors.egov, now: at('2026-11-04') });
    await redoneAndApproved(caseId, `${goodReply}路灯已于11月5日再次检修。`, at('2026-11-05'));
    await publishReply(f.store.db, { caseId, actor: f.actors.egov, now: at('2026-11-05') });
    const stale = await post('egov', p('visit'), { satisfaction: 'satisfied', method: 'phone', reportId: first.reportId });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('您看到的已发布的答复已不是最新的一份');
    expect(await caseState(f, caseId)).toBe('replied');
    expect(await f.store.db.visit.count({ where: { caseId } })).toBe(1);
  });
});

describe("a unit's steps on the assignment it read", () => {
  /** Assigned to roads (A1), returned by a colleague, proposed, agreed and assigned to roads again (A2). */
  async function reassigned() {
    const { caseId } = await newCase(f);
    const a1 = await toAssigned(f, caseId, at('2026-11-02'));
    await returnCase(f.store.db, { caseId, reason: '不属本单位职责', actor: f.actors.roads, now: at('2026-11-02', 11) });
    await proposeHandling(f.store.db, { caseId, unitId: f.units.roads, opinion: '经核实属交通运输局职责，请办理', actor: f.actors.office, now: at('2026-11-02', 14) });
    await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-02', 14) });
    const a2 = await assignCase(f.store.db, { caseId, actor: f.actors.office, now: at('2026-11-02', 15) });
    return { caseId, a1: a1.assignmentId, a2: a2.assignmentId };
  }

  it('does not report on an assignment returned and handed over again meanwhile', async () => {
    const { caseId, a1, a2 } = await reassigned();
    const stale = await post('roads', `/api/workflow/cases/${caseId}/report`, { text: goodReply, assignmentId: a1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('您看到的交办已由 roads 于 2026-11-02 11:00 退回');
    expect(stale.json.error.message).toContain(fresh);
    expect(await f.store.db.handlingReport.count({ where: { caseId } })).toBe(0);
    expect((await post('roads', `/api/workflow/cases/${caseId}/report`, { text: goodReply, assignmentId: a2 })).status).toBe(200);
  });

  it('does not return an assignment other than the one shown', async () => {
    const { caseId, a1, a2 } = await reassigned();
    const stale = await post('roads', `/api/workflow/cases/${caseId}/return`, { reason: '不属本单位职责', assignmentId: a1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('您看到的交办已由 roads 于 2026-11-02 11:00 退回');
    expect((await f.store.db.assignment.findUniqueOrThrow({ where: { id: a2 } })).status).toBe('active');
    expect(await caseState(f, caseId)).toBe('assigned');
  });

  it('does not ask for more days beyond a due date moved meanwhile', async () => {
    const { caseId } = await newCase(f);
    const a = await toAssigned(f, caseId, at('2026-11-02'));
    // A colleague of the unit asked, and 督查室 granted 2 working days.
    await requestExtension(f.store.db, { caseId, progress: '已联系施工队', reason: '材料未到', days: 2, actor: f.actors.roads, now: at('2026-11-03') });
    const granted = await decideExtension(f.store.db, { caseId, approve: true, answer: '同意', actor: f.actors.supervision, now: at('2026-11-03', 15) });
    const stale = await post('roads', `/api/workflow/cases/${caseId}/extension`, { progress: '已联系施工队', reason: '材料未到', days: 2, assignmentId: a.assignmentId, dueDate: a.dueDate });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain(`办理时限已由 ${a.dueDate} 变更为 ${granted.dueDate}（已由 duchashi 于 2026-11-03 15:00 批准延期 2 个工作日）`);
    expect(await f.store.db.extensionRequest.count({ where: { caseId } })).toBe(1);
    const ok = await post('roads', `/api/workflow/cases/${caseId}/extension`, { progress: '已联系施工队', reason: '材料仍未到', days: 1, assignmentId: a.assignmentId, dueDate: granted.dueDate });
    expect(ok.status).toBe(200);
  });
});

describe('督查室 answering the extension request it read', () => {
  it('does not grant a new request in place of the one shown', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    const shown = await requestExtension(f.store.db, { caseId, progress: '已联系施工队', reason: '材料未到', days: 2, actor: f.actors.roads, now: at('2026-11-03') });
    // A colleague refuses it; the unit asks for more days with another reason.
    await decideExtension(f.store.db, { caseId, approve: false, answer: '理由不充分', actor: f.actors.supervision, now: at('2026-11-03', 11) });
    await requestExtension(f.store.db, { caseId, progress: '已开挖', reason: '需更换地下管线', days: 5, actor: f.actors.roads, now: at('2026-11-03', 14) });
    const stale = await post('duchashi', `/api/workflow/cases/${caseId}/extension/decision`, { approve: true, answer: '同意', extensionId: shown.requestId });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('您看到的延期申请已由 duchashi 于 2026-11-03 11:00 不予批准，承办单位又申请延期 5 个工作日');
    expect(stale.json.error.message).toContain(fresh);
    expect(await f.store.db.extensionRequest.count({ where: { caseId, decision: 'pending' } })).toBe(1);
  });
});

describe('登记 and 不予受理 of the suggestion shown', () => {
  it('refuses to register against a suggestion a new model replaced meanwhile, recording no correction', async () => {
    const { caseId, messageId } = await newCase(f);
    const shown = (await get(caseId)).suggestionKey as string;
    expect(shown).toBe('投诉|simple|normal|受理');
    await applyNewSuggestion(f.store.db, {
      caseId,
      actor: f.actors.admin,
      suggestions: [{ messageId, classification: { category: '求助', confidence: 0.7, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'complex' }, urgency: { value: 'normal' }, unit: { value: '区交通运输局' }, modelVersion: 'm2' } }],
    });
    const stale = await post('egov', `/api/workflow/cases/${caseId}/register`, { category: '建议', suggestionKey: shown });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('分类建议已由 admin 于');
    expect(stale.json.error.message).toContain('按新模型更新（现为：求助 · 复杂 · 一般 · 受理），与您看到的建议不同');
    expect(stale.json.error.message).toContain(fresh);
    expect(await caseState(f, caseId)).toBe('awaiting_review');
    expect(await f.store.db.correction.count({ where: { caseId } })).toBe(0);
    // On the refreshed page, a category of the staff member's own choosing is a correction of what they saw.
    const ok = await post('egov', `/api/workflow/cases/${caseId}/register`, { category: '建议', suggestionKey: (await get(caseId)).suggestionKey });
    expect(ok.status).toBe(200);
    expect((await f.store.db.correction.findFirstOrThrow({ where: { caseId, field: 'category' } })).suggested).toBe('求助');
  });

  it('批量确认 leaves out a case whose listed suggestion a new model replaced meanwhile, saying why', async () => {
    const { caseId, messageId } = await newCase(f);
    const shown = (await get(caseId)).suggestionKey as string;
    await applyNewSuggestion(f.store.db, {
      caseId,
      actor: f.actors.admin,
      suggestions: [{ messageId, classification: { category: '咨询', confidence: 0.95, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: '区交通运输局' }, modelVersion: 'm3' } }],
    });
    const batch = await batchAcceptSuggestions(f.store.db, { actor: f.actors.egov, threshold: 0.5, caseIds: [caseId], suggestionKeys: { [caseId]: shown } });
    expect(batch.accepted).toEqual([]);
    expect(batch.skipped[0]?.reason).toContain('分类建议已由 admin 于');
    expect(batch.skipped[0]?.reason).toContain('（现为：咨询 · 简单 · 一般 · 受理）');
    expect(await caseState(f, caseId)).toBe('awaiting_review');
  });

  it('refuses 不予受理 from a page showing the flag a colleague decided and reversed meanwhile', async () => {
    const { caseId } = await newCase(f, { outOfScope: true });
    const shown = (await get(caseId)).suggestionKey as string;
    await decideNotAccepted(f.store.db, { caseId, reasons: ['advertising'], note: '商业广告', actor: f.actors.egov, now: at('2026-11-03') });
    await reopenCase(f.store.db, { caseId, note: '实为求助', actor: f.actors.supervision, now: at('2026-11-03', 11) });
    const corrections = await f.store.db.correction.count({ where: { caseId } });
    const stale = await post('egov', `/api/workflow/cases/${caseId}/not-accepted`, { reasons: ['advertising'], note: '商业广告', expectedState: 'awaiting_review', suggestionKey: shown });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('分类建议已由 duchashi 于 2026-11-03 11:00 重新受理后更新');
    expect(await caseState(f, caseId)).toBe('awaiting_review');
    expect(await f.store.db.correction.count({ where: { caseId } })).toBe(corrections);
  });
});

describe('拟办 of the case shown', () => {
  it("refuses a proposal from a page showing another unit's return than the one the case now has", async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await returnCase(f.store.db, { caseId, reason: '非本单位职责，应由水务局办理', actor: f.actors.roads });
    // The office's page shows the roads bureau's return. Meanwhile a colleague proposes the water
    // bureau, the leader agrees, it is handed over, and the water bureau returns it too.
    const body = { unitId: f.units.water, opinion: '拟请区水务局办理', shownUnitId: f.units.roads, expectedState: 'returned' };
    await proposeHandling(f.store.db, { caseId, unitId: f.units.water, opinion: '请区水务局办理', actor: f.actors.office });
    await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader });
    await assignCase(f.store.db, { caseId, actor: f.actors.office });
    await returnCase(f.store.db, { caseId, reason: '管网属供水公司，请交其处理', actor: f.actors.water });
    const stale = await post('office', `/api/workflow/cases/${caseId}/proposal`, body);
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('建议承办单位已变更（页面显示：区交通运输局，现为：区水务局）');
    expect(await f.store.db.proposal.count({ where: { caseId } })).toBe(2);
    // From the refreshed page (the water bureau's return shown) the proposal is made.
    const fresh = await post('office', `/api/workflow/cases/${caseId}/proposal`, { ...body, unitId: f.units.roads, shownUnitId: f.units.water });
    expect(fresh.status).toBe(200);
    expect(await caseState(f, caseId)).toBe('proposed');
  });
});

describe('撤回同意 of the agreement shown', () => {
  it('does not withdraw an agreement given to another proposal meanwhile', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });
    const first = await proposeHandling(f.store.db, { caseId, unitId: f.units.roads, opinion: '请区交通运输局办理', actor: f.actors.office });
    await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader });
    // Another leader withdraws, sends it back, and agrees to the water bureau instead.
    await post('leader', p('proposal/withdraw'), { note: '应由水务局办理' });
    await post('leader', p('proposal/decision'), { approve: false, note: '应由水务局办理' });
    await post('office', p('proposal'), { unitId: f.units.water, opinion: '请区水务局办理' });
    await post('leader', p('proposal/decision'), { approve: true });
    const stale = await post('leader', p('proposal/withdraw'), { note: '交通局不对', proposalId: first.proposalId });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('经领导同意的拟办意见已更新（现为交办：区水务局');
    expect(await caseState(f, caseId)).toBe('approved');
  });
});

describe('更正类别 of the category shown', () => {
  it("does not overwrite a colleague's correction made while the page was open", async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    await registerCase(f.store.db, { caseId, category: '咨询', actor: f.actors.egov });
    // A colleague corrects 咨询 → 投诉; a page still showing 咨询 then asks for 求助.
    expect((await post('duchashi', p('category'), { category: '投诉', note: '群众反映路面破损无人处理', shownCategory: '咨询' })).status).toBe(200);
    const stale = await post('egov', p('category'), { category: '求助', note: '群众生活困难', shownCategory: '咨询' });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('改为「投诉」，与您看到的「咨询」不同');
    expect(stale.json.error.message).toContain('请刷新后再操作');
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).category).toBe('投诉');
    // From a page showing the colleague's 投诉 the correction goes through.
    expect((await post('egov', p('category'), { category: '求助', note: '群众生活困难', shownCategory: '投诉' })).status).toBe(200);
  });
});

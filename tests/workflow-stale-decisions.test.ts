/**
 * A leader's decision names what the leader read: a page left open while another leader sent the
 * proposal back and the office proposed another unit, or while the reply was sent back, redone and
 * reviewed again, is refused (409, in Chinese) instead of approving what its author never saw.
 * Over the real HTTP routes and PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideReply, registerCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import { serveWorkflowRoutes } from './helpers/workflow-routes-server.js';
import { caseState, goodReply, toAssigned } from './helpers/case-steps.js';
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read arbitrary JSON answers
type Json = Record<string, any>;

async function post(user: string, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'x-test-user': user, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Json };
}

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

/**
 * 批量拟办 (第四条㈣): the government office proposes several registered cases at once, each as the
 * single 拟办 makes it, in its own transaction. A case proposed by a colleague meanwhile, or whose
 * suggested unit changed since the page showed it, is refused with its reason while the others
 * stand; the unit corrections are recorded as the single step records them; a role that may not
 * propose is refused as a whole (403). Over the real HTTP routes and PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase, decideNotAccepted, decideProposal, proposeHandling, registerCase, reopenCase, returnCase } from '../workflow/cases/index.js';
import { applyNewSuggestions } from '../workflow/index.js';
import type { Actor } from '../workflow/users/index.js';
import { postAs, serveWorkflowRoutes, type RouteAnswer } from './helpers/workflow-routes-server.js';
import { caseState } from './helpers/case-steps.js';
import { newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let app: FastifyInstance;
let base: string;
/** A second member of the government office, working the same ledger. */
const colleague: Actor = { userId: 'office2', username: 'office2', role: 'gov_office' };

beforeAll(async () => {
  f = await openFixture();
  ({ app, base } = await serveWorkflowRoutes(f));
});
afterAll(async () => {
  await app?.close();
  await f?.close();
});

const post = (user: string, path: string, body: unknown) => postAs(base, user, path, body);

/** A case entered through intake and registered (已登记), suggested `unit` by the classifier. */
async function registered(options: { unit?: string | null; complexity?: 'simple' | 'complex' } = {}): Promise<{ caseId: string; messageId: string }> {
  const c = await newCase(f, options);
  await registerCase(f.store.db, { caseId: c.caseId, category: '投诉', actor: f.actors.egov });
  return c;
}

const unitCorrections = (caseId: string) => f.store.db.correction.findMany({ where: { caseId, field: 'unit' }, select: { suggested: true, corrected: true, actor: true } });

describe('批量拟办', () => {
  it('proposes the cases as listed, refusing with its reason one proposed meanwhile and one whose suggestion changed', async () => {
    const plain = await registered();
    const complex = await registered({ complexity: 'complex' });
    const takenByColleague = await registered();
    const resuggested = await registered();
    const unsuggested = await registered({ unit: null });
    // Meanwhile: a colleague proposes one of them from its case page ...
    await proposeHandling(f.store.db, { caseId: takenByColleague.caseId, unitId: f.units.water, opinion: '请区水务局核实', actor: colleague });
    // ... and another is found not to be accepted, accepted again, re-classified (now the water
    // bureau) and registered again, all while the office's page still shows the roads bureau.
    await decideNotAccepted(f.store.db, { caseId: resuggested.caseId, reasons: ['no_substance'], note: '内容不清', actor: f.actors.supervision });
    await reopenCase(f.store.db, { caseId: resuggested.caseId, note: '经核实有具体诉求', actor: f.actors.supervision });
    const reclassified = await applyNewSuggestions(
      f.store.db,
      [{ caseId: resuggested.caseId, suggestions: [{ messageId: resuggested.messageId, classification: { category: '投诉', confidence: 0.8, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: '区水务局' }, modelVersion: 'test-2' } }] }],
      { dryRun: false, actor: f.actors.admin },
    );
    expect(reclassified[0]?.outcome).toBe('changed');
    await registerCase(f.store.db, { caseId: resuggested.caseId, category: '投诉', actor: f.actors.egov });

    // 按建议单位拟办 as the page showed them (the roads bureau), and the unsuggested one to the water bureau.
    const roads = { unitId: f.units.roads, shownUnitId: f.units.roads };
    const batch = await post('office', '/api/workflow/proposals', {
      items: [
        { caseId: plain.caseId, ...roads },
        { caseId: complex.caseId, ...roads },
        { caseId: takenByColleague.caseId, ...roads },
        { caseId: resuggested.caseId, ...roads },
        { caseId: unsuggested.caseId, unitId: f.units.water, shownUnitId: null },
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.json.proposed).toBe(3);
    const byCase = new Map((batch.json.outcomes as RouteAnswer[]).map((o) => [o.caseId as string, o]));
    expect(byCase.get(plain.caseId)).toMatchObject({ ok: true, unit: '区交通运输局' });
    expect(byCase.get(takenByColleague.caseId)).toMatchObject({ ok: false });
    expect(byCase.get(takenByColleague.caseId)?.message).toMatch(/已由 office2 拟办（拟交办区水务局）.*未重复拟办/);
    expect(byCase.get(resuggested.caseId)).toMatchObject({ ok: false });
    expect(byCase.get(resuggested.caseId)?.message).toContain('建议承办单位已变更（页面显示：区交通运输局，现为：区水务局）');

    expect(await caseState(f, plain.caseId)).toBe('proposed');
    expect(await caseState(f, complex.caseId)).toBe('proposed');
    expect(await caseState(f, unsuggested.caseId)).toBe('proposed');
    expect(await caseState(f, resuggested.caseId)).toBe('registered');
    // The colleague's proposal stands alone.
    const colleagues = await f.store.db.proposal.findMany({ where: { caseId: takenByColleague.caseId } });
    expect(colleagues.map((p) => [p.unitId, p.proposedBy, p.decision])).toEqual([[f.units.water, 'office2', 'pending']]);
    expect(await f.store.db.proposal.count({ where: { caseId: resuggested.caseId } })).toBe(0);

    // Default opinions name the unit and the time limit of the case's complexity.
    const proposal = (caseId: string) => f.store.db.proposal.findFirstOrThrow({ where: { caseId } });
    expect(await proposal(plain.caseId)).toMatchObject({ unitId: f.units.roads, complexity: 'simple', opinion: '拟请区交通运输局办理（简单，2个工作日）', proposedBy: 'office' });
    expect(await proposal(complex.caseId)).toMatchObject({ complexity: 'complex', opinion: '拟请区交通运输局办理（复杂，3个工作日）' });
    // Each is the single step's event.
    const event = await f.store.db.event.findFirstOrThrow({ where: { caseId: plain.caseId, type: 'propose' } });
    expect(event.data).toMatchObject({ from: 'registered', to: 'proposed', unit: '区交通运输局', complexity: 'simple' });
  });

  it('records the unit corrections as the single step records them', async () => {
    const single = await registered();
    const batched = await registered();
    const agreeing = await registered();
    const unsuggested = await registered({ unit: null });
    await proposeHandling(f.store.db, { caseId: single.caseId, unitId: f.units.water, opinion: '请区水务局办理', actor: f.actors.office });
    // 统一交由区水务局: one unit for all, with a common opinion.
    const batch = await post('office', '/api/workflow/proposals', {
      items: [
        { caseId: batched.caseId, unitId: f.units.water, shownUnitId: f.units.roads, complexity: 'complex' },
        { caseId: agreeing.caseId, unitId: f.units.roads, shownUnitId: f.units.roads },
        { caseId: unsuggested.caseId, unitId: f.units.water, shownUnitId: null },
      ],
      opinion: '请核实情况，依法依规处理并答复网民',
    });
    expect(batch.json.proposed).toBe(3);
    expect(await unitCorrections(batched.caseId)).toEqual(await unitCorrections(single.caseId));
    expect(await unitCorrections(batched.caseId)).toEqual([{ suggested: '区交通运输局', corrected: '区水务局', actor: 'office' }]);
    expect(await unitCorrections(agreeing.caseId)).toEqual([]);
    expect(await unitCorrections(unsuggested.caseId)).toEqual([{ suggested: null, corrected: '区水务局', actor: 'office' }]);
    expect(await f.store.db.proposal.findFirstOrThrow({ where: { caseId: batched.caseId } })).toMatchObject({ complexity: 'complex', opinion: '请核实情况，依法依规处理并答复网民' });
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: batched.caseId } })).complexity).toBe('complex');
  });

  it('refuses a case that was handed to its suggested unit and returned while the page showed it registered', async () => {
    const c = await registered();
    const other = await registered();
    // Meanwhile a colleague proposes the suggested roads bureau, a leader agrees, it is handed over
    // and the roads bureau returns it: the case's unit is still the roads bureau, its state 已退回.
    await proposeHandling(f.store.db, { caseId: c.caseId, unitId: f.units.roads, opinion: '请区交通运输局办理', actor: colleague });
    await decideProposal(f.store.db, { caseId: c.caseId, approve: true, actor: f.actors.leader });
    await assignCase(f.store.db, { caseId: c.caseId, actor: colleague });
    await returnCase(f.store.db, { caseId: c.caseId, reason: '不属于本单位职责，应由区水务局办理', actor: f.actors.roads });
    const roads = { unitId: f.units.roads, shownUnitId: f.units.roads, expectedState: 'registered' };
    const batch = await post('office', '/api/workflow/proposals', { items: [{ caseId: c.caseId, ...roads }, { caseId: other.caseId, ...roads }] });
    expect(batch.json.proposed).toBe(1);
    expect(batch.json.outcomes[0]).toMatchObject({ ok: false, message: expect.stringContaining('当前状态为「承办单位已退回」，已不是「已登记」') });
    expect(await caseState(f, c.caseId)).toBe('returned');
    expect(await caseState(f, other.caseId)).toBe('proposed');
  });

  it('refuses a case that already has a proposal awaiting the leader', async () => {
    // A store written by an older release can hold a pending proposal on a registered case.
    const c = await registered();
    await f.store.db.proposal.create({ data: { caseId: c.caseId, unitId: f.units.water, opinion: '请区水务局办理', complexity: 'simple', proposedBy: 'office2', proposedAt: new Date() } });
    const batch = await post('office', '/api/workflow/proposals', { items: [{ caseId: c.caseId, unitId: f.units.roads, shownUnitId: f.units.roads }] });
    expect(batch.json.outcomes[0]).toMatchObject({ ok: false, message: expect.stringContaining('已有待领导审批的拟办意见（office2 拟交办区水务局）') });
    expect(await caseState(f, c.caseId)).toBe('registered');
  });

  it('refuses a role that may not propose as a whole (403), and a batch over the limit', async () => {
    const c = await registered();
    for (const user of ['leader', 'egov', 'duchashi', 'roads', 'admin']) {
      const res = await post(user, '/api/workflow/proposals', { items: [{ caseId: c.caseId, unitId: f.units.roads, shownUnitId: f.units.roads }] });
      expect(res.status, user).toBe(403);
      expect(res.json.error.message).toContain('不能提出拟办意见（由区政府办办理）');
    }
    expect(await caseState(f, c.caseId)).toBe('registered');
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ caseId: `c-${i}`, unitId: f.units.roads }));
    const over = await post('office', '/api/workflow/proposals', { items: tooMany });
    expect(over.status).toBe(400);
    expect(over.json.error.message).toContain('所选案件');
    const unsigned = await fetch(`${base}/api/workflow/proposals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: [{ caseId: c.caseId, unitId: f.units.roads }] }) });
    expect(unsigned.status).toBe(401);
  });
});

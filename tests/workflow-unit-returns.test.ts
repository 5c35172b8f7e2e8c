/**
 * A unit that returned a case (退回交办) no longer sees it: not while the office proposes it again,
 * not once it is handed to another unit, not when it never is (the leader sends the new proposal
 * back, and it is refused 不予受理 and archived); in none of its read paths (ledger and 待我办理, the
 * case page through the HTTP API, both kinds of export, the 督查看板). Handed back to it, it sees the
 * case again. Its returns stay in its own bulletin row. Real PostgreSQL (workflow fixture).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import {
  archiveCase,
  assignCase,
  decideNotAccepted,
  decideProposal,
  getCase,
  listCases,
  proposeHandling,
  recordVisit,
  returnCase,
  submitReport,
} from '../workflow/cases/index.js';
import { computeBulletin, unitBulletinView } from '../workflow/bulletin/index.js';
import { exportRowBatches } from '../workflow/exports/index.js';
import { listSupervision } from '../workflow/supervision/index.js';
import type { Actor } from '../workflow/users/index.js';
import { goodReply, toAssigned, toReplied } from './helpers/case-steps.js';
import { postAs, serveWorkflowRoutes } from './helpers/workflow-routes-server.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let server: { app: FastifyInstance; base: string };
beforeAll(async () => {
  f = await openFixture();
  server = await serveWorkflowRoutes(f);
});
afterAll(async () => {
  await server?.app.close();
  await f?.close();
});

const now = at('2026-11-06', 16);

/** Every way `unit` reads cases: which of them show `caseId`. */
async function seenBy(unit: Actor, caseId: string) {
  const ledgerNo = (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).ledgerNo;
  const ledger = (await listCases(f.store.db, { actor: unit, now })).items.some((c) => c.id === caseId);
  const todo = (await listCases(f.store.db, { actor: unit, filter: { todo: true }, now })).items.some((c) => c.id === caseId);
  const search = (await listCases(f.store.db, { actor: unit, filter: { q: ledgerNo }, now })).items.some((c) => c.id === caseId);
  const res = await fetch(`${server.base}/api/workflow/cases/${caseId}`, { headers: { 'x-test-user': unit.username } });
  const exported = async (rowsPer: 'case' | 'message') => {
    const rows: string[] = [];
    for await (const batch of exportRowBatches(f.store.db, { filter: { rowsPer }, actor: unit, masked: false })) rows.push(...batch.map((r) => r.ledgerNo));
    return rows.includes(ledgerNo);
  };
  const board = (await listSupervision(f.store.db, { actor: unit, now })).some((r) => r.caseId === caseId);
  return { ledger, todo, search, casePage: res.status, exportPerCase: await exported('case'), exportPerMessage: await exported('message'), board };
}
const hidden = { ledger: false, todo: false, search: false, casePage: 404, exportPerCase: false, exportPerMessage: false, board: false };

describe('a unit that returned a case', () => {
  it('sees nothing of it while the office proposes it again, nor once another unit has it and replies', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    expect(await seenBy(f.actors.roads, caseId)).toMatchObject({ ledger: true, todo: true, casePage: 200 });
    await returnCase(f.store.db, { caseId, reason: '供水管道破裂，应由区水务局办理', actor: f.actors.roads, now: at('2026-11-02', 11) });
    expect(await seenBy(f.actors.roads, caseId)).toEqual(hidden);
    await proposeHandling(f.store.db, { caseId, unitId: f.units.water, opinion: '拟请区水务局办理', actor: f.actors.office, now: at('2026-11-02', 14) });
    expect(await seenBy(f.actors.roads, caseId)).toEqual(hidden);
    await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-02', 15) });
    expect(await seenBy(f.actors.roads, caseId)).toEqual(hidden);
    await assignCase(f.store.db, { caseId, actor: f.actors.office, now: at('2026-11-02', 16) });
    await toReplied(f, caseId, at('2026-11-03'), f.actors.water);
    expect(await seenBy(f.actors.roads, caseId)).toEqual(hidden);
    expect(await seenBy(f.actors.water, caseId)).toMatchObject({ ledger: true, casePage: 200, exportPerCase: true });
  });

  it('sees nothing of it when no other unit ever gets it (the new proposal sent back, then 不予受理 and 归档)', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await returnCase(f.store.db, { caseId, reason: '不属本单位职责', actor: f.actors.roads, now: at('2026-11-02', 11) });
    await proposeHandling(f.store.db, { caseId, unitId: f.units.water, opinion: '拟请区水务局办理', actor: f.actors.office, now: at('2026-11-02', 14) });
    await decideProposal(f.store.db, { caseId, approve: false, note: '属物业管理范畴，不宜交办', actor: f.actors.leader, now: at('2026-11-02', 15) });
    expect(await seenBy(f.actors.roads, caseId)).toEqual(hidden);
    await decideNotAccepted(f.store.db, { caseId, reasons: ['other'], note: '属物业服务合同纠纷，由小区物业处理', actor: f.actors.supervision, now: at('2026-11-03') });
    await archiveCase(f.store.db, { caseId, actor: f.actors.supervision, now: at('2026-11-04') });
    expect(await seenBy(f.actors.roads, caseId)).toEqual(hidden);
  });

  it('sees nothing of a case it handled once and returned when re-opened to it after a dissatisfied visit', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await toReplied(f, caseId, at('2026-11-02', 14));
    await recordVisit(f.store.db, { caseId, satisfaction: 'dissatisfied', method: 'phone', note: '路灯仍不亮', actor: f.actors.egov, now: at('2026-11-03') });
    await returnCase(f.store.db, { caseId, reason: '路灯已移交供电公司管理', actor: f.actors.roads, now: at('2026-11-03', 11) });
    expect(await seenBy(f.actors.roads, caseId)).toEqual(hidden);
  });

  it('sees it again, whole, when it is handed back to it, and acts on it', async () => {
    const { caseId } = await newCase(f);
    await toAssigned(f, caseId, at('2026-11-02'));
    await returnCase(f.store.db, { caseId, reason: '不属本单位职责', actor: f.actors.roads, now: at('2026-11-02', 11) });
    await proposeHandling(f.store.db, { caseId, unitId: f.units.water, opinion: '拟请区水务局办理', actor: f.actors.office, now: at('2026-11-02', 14) });
    await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-02', 14) });
    await assignCase(f.store.db, { caseId, actor: f.actors.office, now: at('2026-11-02', 15) });
    await returnCase(f.store.db, { caseId, reason: '道路维修属交通运输局职责', actor: f.actors.water, now: at('2026-11-03', 9) });
    await proposeHandling(f.store.db, { caseId, unitId: f.units.roads, opinion: '经核实属区交通运输局职责，请办理', actor: f.actors.office, now: at('2026-11-03', 10) });
    await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-03', 10) });
    expect(await seenBy(f.actors.roads, caseId)).toEqual(hidden);
    await assignCase(f.store.db, { caseId, actor: f.actors.office, now: at('2026-11-03', 11) });
    expect(await seenBy(f.actors.roads, caseId)).toEqual({ ...hidden, ledger: true, todo: true, search: true, casePage: 200, exportPerCase: true, exportPerMessage: true, board: true });
    expect(await seenBy(f.actors.water, caseId)).toEqual(hidden);
    const page = await getCase(f.store.db, { caseId, actor: f.actors.roads, now });
    expect(page.myRole).toBe('lead');
    expect(page.allowedActions).toContain('submit_report');
    await submitReport(f.store.db, { caseId, text: goodReply, actor: f.actors.roads, now: at('2026-11-04') });
  });

  it('is told its own unit returned the case when it acts on it from a page left open', async () => {
    const { caseId } = await newCase(f);
    const a = await toAssigned(f, caseId, at('2026-11-02'));
    await returnCase(f.store.db, { caseId, reason: '不属本单位职责', actor: f.actors.roads, now: at('2026-11-02', 11) });
    await proposeHandling(f.store.db, { caseId, unitId: f.units.water, opinion: '拟请区水务局办理', actor: f.actors.office, now: at('2026-11-02', 14) });
    const stale = await postAs(server.base, 'roads', `/api/workflow/cases/${caseId}/report`, { text: goodReply, assignmentId: a.assignmentId });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('本单位已由 roads 于 2026-11-02 11:00 退回交办，此案件不再由本单位办理');
    expect(stale.json.error.message).not.toContain('水务');
    // Another unit that never had it learns nothing.
    expect((await postAs(server.base, 'water', `/api/workflow/cases/${caseId}/report`, { text: goodReply })).status).toBe(403);
  });

  it('keeps its returns in its own bulletin row', async () => {
    const row = unitBulletinView(await computeBulletin(f.store.db, { from: '2026-11-01', to: '2026-11-06', now }), { id: f.units.roads, name: '区交通运输局' }).row;
    // One return by the roads bureau in each test above (the re-opened one too): the bulletin reads them from the history.
    const returns = await f.store.db.assignment.count({ where: { unitId: f.units.roads, role: 'lead', status: 'returned' } });
    expect(returns).toBe(5);
    expect(row.returned).toBe(returns);
  });
});

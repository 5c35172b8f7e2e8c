/**
 * 本单位退回的案件 (`GET /api/console/returned-cases`, workflow/cases/list-returned-cases.ts): a
 * unit that returned a case no longer sees the case, but keeps a record of its return: 台账编号,
 * title, when, its reason, who returned it, and what became of it (待重新交办, 已改交 <unit>, handed
 * back to it with a link, 不予受理 / 归档), and nothing of the case after the return (the office's
 * opinions, the leader's notes, another unit's report). Each unit its own returns; the offices are
 * refused. Real PostgreSQL (workflow fixture) and the console's route over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { archiveCase, assignCase, decideNotAccepted, decideProposal, proposeHandling, returnCase, submitReport } from '../workflow/cases/index.js';
import { createUser } from '../workflow/users/index.js';
import { toAssigned } from './helpers/case-steps.js';
import { getAs, serveWorkflowRoutes, type RouteAnswer } from './helpers/workflow-routes-server.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let server: { app: FastifyInstance; base: string };
beforeAll(async () => {
  f = await openFixture();
  server = await serveWorkflowRoutes(f, { withConsoleRoutes: true });
  // The account behind the fixture's roads actor, so the list names it as staff read it.
  await createUser(f.store.db, { username: 'roads', displayName: '交通运输局 刘伟', role: 'unit', unitId: f.units.roads, password: 'returned-list-2026' });
});
afterAll(async () => {
  await server?.app.close();
  await f?.close();
});

const db = () => f.store.db;
const ledgerNo = async (caseId: string) => (await db().case.findUniqueOrThrow({ where: { id: caseId } })).ledgerNo;
/** The unit's list as the console reads it. */
async function returnsOf(user: string, query = ''): Promise<RouteAnswer> {
  const res = await getAs(server.base, user, `/api/console/returned-cases${query}`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
}
const rowOf = (list: RouteAnswer, caseNo: string) => list.items.find((r: RouteAnswer) => r.ledgerNo === caseNo);

describe('本单位退回的案件', () => {
  let moved: string;
  const waterReport = '经现场核实，玉门路供水管道爆裂已由我局抢修完毕，供水于当晚恢复，感谢群众监督。';

  it('lists a return with its reason, who and when, awaiting re-assignment (the office’s proposal not named)', async () => {
    ({ caseId: moved } = await newCase(f, { title: '玉门路小区停水三天' }));
    await toAssigned(f, moved, at('2026-11-02'));
    await returnCase(db(), { caseId: moved, reason: '停水属区水务局职责，不属本单位', actor: f.actors.roads, now: at('2026-11-02', 11) });
    let list = await returnsOf('roads');
    expect(list.total).toBe(1);
    expect(list.awaiting).toBe(1);
    expect(list.items[0]).toEqual({
      assignmentId: expect.any(String),
      ledgerNo: await ledgerNo(moved),
      title: '玉门路小区停水三天',
      returnedAt: at('2026-11-02', 11).toISOString(),
      reason: '停水属区水务局职责，不属本单位',
      returnedBy: 'roads',
      returnedByName: '交通运输局 刘伟（roads）',
      outcome: 'awaiting',
      outcomeName: '待重新交办',
      outcomeUnit: null,
      outcomeAt: null,
      caseId: null,
    });

    // Proposed to another unit and agreed: still 待重新交办, and neither opinion nor note is shown.
    await proposeHandling(db(), { caseId: moved, unitId: f.units.water, opinion: '拟请区水务局抢修供水管道', actor: f.actors.office, now: at('2026-11-02', 14) });
    await decideProposal(db(), { caseId: moved, approve: true, note: '同意，请水务局当日处置', actor: f.actors.leader, now: at('2026-11-02', 15) });
    list = await returnsOf('roads');
    expect(rowOf(list, await ledgerNo(moved))).toMatchObject({ outcome: 'awaiting', outcomeName: '待重新交办' });
    expect(JSON.stringify(list)).not.toMatch(/拟请区水务局|当日处置|区水务局(?!职责)/);
  });

  it('says 已改交 and the unit once the case is handed to another unit, and nothing of that unit’s handling', async () => {
    await assignCase(db(), { caseId: moved, actor: f.actors.office, now: at('2026-11-02', 16) });
    await submitReport(db(), { caseId: moved, text: waterReport, actor: f.actors.water, now: at('2026-11-03') });
    const list = await returnsOf('roads');
    expect(rowOf(list, await ledgerNo(moved))).toMatchObject({
      outcome: 'reassigned',
      outcomeName: '已改交区水务局',
      outcomeUnit: '区水务局',
      outcomeAt: at('2026-11-02', 16).toISOString(),
      caseId: null,
    });
    expect(list.awaiting).toBe(0);
    const text = JSON.stringify(list);
    for (const later of [waterReport, '抢修', '拟请', '同意', 'water', 'reported']) expect(text).not.toContain(later);
  });

  it('is each unit’s own: another unit sees only its own returns, and the offices are refused', async () => {
    expect(await returnsOf('water')).toEqual({ items: [], total: 0, awaiting: 0 });
    for (const office of ['office', 'duchashi', 'leader', 'admin']) {
      const res = await getAs(server.base, office, '/api/console/returned-cases');
      expect(res.status).toBe(403);
      expect(res.json.error.message).toContain('无权执行此操作');
    }
  });

  it('links a case handed back to the unit, which sees it again; the other unit’s return of it is in the other unit’s list', async () => {
    const { caseId } = await newCase(f, { title: '王益路公交站牌损坏' });
    await toAssigned(f, caseId, at('2026-11-04'));
    await returnCase(db(), { caseId, reason: '站牌属公交公司资产', actor: f.actors.roads, now: at('2026-11-04', 11) });
    await proposeHandling(db(), { caseId, unitId: f.units.roads, opinion: '公交站牌由交通运输局督促公交公司修复', actor: f.actors.office, now: at('2026-11-04', 14) });
    await decideProposal(db(), { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-04', 14) });
    await assignCase(db(), { caseId, actor: f.actors.office, now: at('2026-11-04', 15) });
    const list = await returnsOf('roads');
    // Newest first.
    expect(list.items.map((r: RouteAnswer) => r.ledgerNo)).toEqual([await ledgerNo(caseId), await ledgerNo(moved)]);
    expect(rowOf(list, await ledgerNo(caseId))).toMatchObject({ outcome: 'given_back', outcomeName: '已重新交办本单位', outcomeAt: at('2026-11-04', 15).toISOString(), caseId });
    // Returned by the water bureau and handed to roads: the water bureau reads 已改交区交通运输局, and no link.
    const { caseId: second } = await newCase(f, { title: '北环路积水' });
    await toAssigned(f, second, at('2026-11-05'), f.units.water);
    await returnCase(db(), { caseId: second, reason: '道路排水属交通运输局', actor: f.actors.water, now: at('2026-11-05', 11) });
    await proposeHandling(db(), { caseId: second, unitId: f.units.roads, opinion: '请交通运输局办理', actor: f.actors.office, now: at('2026-11-05', 12) });
    await decideProposal(db(), { caseId: second, approve: true, actor: f.actors.leader, now: at('2026-11-05', 12) });
    await assignCase(db(), { caseId: second, actor: f.actors.office, now: at('2026-11-05', 13) });
    const water = await returnsOf('water');
    expect(water.items).toHaveLength(1);
    expect(water.items[0]).toMatchObject({ ledgerNo: await ledgerNo(second), reason: '道路排水属交通运输局', returnedByName: 'water', outcomeName: '已改交区交通运输局', caseId: null });
    expect((await returnsOf('roads')).items.map((r: RouteAnswer) => r.ledgerNo)).not.toContain(await ledgerNo(second));
  });

  it('says 不予受理, then 归档, of a return no unit got again; filters by period and by 待重新交办', async () => {
    const { caseId } = await newCase(f, { title: '小区物业收费纠纷' });
    await toAssigned(f, caseId, at('2026-11-06'));
    await returnCase(db(), { caseId, reason: '物业纠纷不属本单位', actor: f.actors.roads, now: at('2026-11-06', 11) });
    const { caseId: waiting } = await newCase(f, { title: '东风路路灯不亮' });
    await toAssigned(f, waiting, at('2026-11-09'));
    await returnCase(db(), { caseId: waiting, reason: '路灯已移交供电公司', actor: f.actors.roads, now: at('2026-11-09', 11) });
    await proposeHandling(db(), { caseId, unitId: f.units.water, opinion: '拟请区水务局办理', actor: f.actors.office, now: at('2026-11-06', 14) });
    await decideProposal(db(), { caseId, approve: false, note: '属物业管理范畴，不宜交办', actor: f.actors.leader, now: at('2026-11-06', 15) });
    await decideNotAccepted(db(), { caseId, reasons: ['other'], note: '属物业服务合同纠纷，由小区物业处理', actor: f.actors.supervision, now: at('2026-11-07') });
    const no = await ledgerNo(caseId);
    expect(rowOf(await returnsOf('roads'), no)).toMatchObject({ outcome: 'not_accepted', outcomeName: '不予受理', outcomeAt: at('2026-11-07').toISOString(), caseId: null });
    await archiveCase(db(), { caseId, actor: f.actors.supervision, now: at('2026-11-10') });
    const list = await returnsOf('roads');
    expect(rowOf(list, no)).toMatchObject({ outcome: 'archived', outcomeName: '不予受理，已归档', outcomeAt: at('2026-11-10').toISOString() });
    expect(JSON.stringify(list)).not.toMatch(/物业服务合同|不宜交办|拟请/);
    expect(list.total).toBe(4);
    expect(list.awaiting).toBe(1);

    // 本月: the returns of a period (China dates); only those still awaiting a 交办.
    const period = await returnsOf('roads', '?from=2026-11-04&to=2026-11-06');
    expect(period.items.map((r: RouteAnswer) => r.title)).toEqual(['小区物业收费纠纷', '王益路公交站牌损坏']);
    expect(period).toMatchObject({ total: 2, awaiting: 0 });
    const awaiting = await returnsOf('roads', '?awaiting=true');
    expect(awaiting.items.map((r: RouteAnswer) => r.title)).toEqual(['东风路路灯不亮']);
    expect(awaiting.total).toBe(1);
    // Paged.
    const second = await returnsOf('roads', '?limit=1&offset=1');
    expect(second.items.map((r: RouteAnswer) => r.title)).toEqual(['小区物业收费纠纷']);
    expect(second.total).toBe(4);
  });

  it('refuses a period that is no period, in Chinese', async () => {
    const reversed = await getAs(server.base, 'roads', '/api/console/returned-cases?from=2026-11-09&to=2026-11-01');
    expect(reversed.status).toBe(400);
    expect(reversed.json.error.message).toBe('开始日期 2026-11-09 晚于结束日期 2026-11-01');
    const noDay = await getAs(server.base, 'roads', '/api/console/returned-cases?from=2026-02-30');
    expect(noDay.status).toBe(400);
    expect(noDay.json.error.message).toBe('参数 开始日期 无效：没有这一天（日期不存在）');
    expect((await getAs(server.base, 'roads', '/api/console/returned-cases?awaiting=maybe')).json.error.message).toContain('参数 仅待重新交办 无效');
  });
});

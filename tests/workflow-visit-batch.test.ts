/**
 * 批量回访 (第五条㈥) over the REST routes: GET /api/workflow/visits/awaiting lists the 已回复 cases
 * awaiting their visit, oldest reply first, to the roles that record visits only (the state
 * machine's), with what a call needs and the published reply each visit names; `unreached` lists
 * the 已回访办结 cases last visited 无法联系 instead. The visits themselves go row by row through the
 * case's visit step (record-visit.ts). On PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishReply, recordVisit, visitRoles } from '../workflow/cases/index.js';
import { chinaDate } from '../workflow/calendar/index.js';
import { getAs, postAs, serveWorkflowRoutes } from './helpers/workflow-routes-server.js';
import { toAssigned, toReplied } from './helpers/case-steps.js';
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

async function replied(on: string): Promise<string> {
  const { caseId } = await newCase(f);
  await toAssigned(f, caseId, at(on));
  await toReplied(f, caseId, at(on));
  return caseId;
}

const daysSince = (date: string) => Math.round((Date.parse(chinaDate(new Date())) - Date.parse(date)) / 86_400_000);
const path = '/api/workflow/visits/awaiting';

describe('GET /api/workflow/visits/awaiting', () => {
  it('lists the replied cases oldest reply first, to the roles that record visits only, and checks its query in Chinese', async () => {
    const middle = await replied('2026-11-03');
    const oldest = await replied('2026-11-01');
    const newest = await replied('2026-11-05');
    const { caseId: notReplied } = await newCase(f);
    await toAssigned(f, notReplied, at('2026-11-02'));
    const satisfied = await replied('2026-10-20');
    await recordVisit(f.store.db, { caseId: satisfied, satisfaction: 'satisfied', method: 'phone', actor: f.actors.supervision, now: at('2026-10-21') });
    const unreached = await replied('2026-10-22');
    await recordVisit(f.store.db, { caseId: unreached, satisfaction: 'unreachable', method: 'phone', note: '电话无人接听', actor: f.actors.egov, now: at('2026-10-23') });

    expect([...visitRoles].sort()).toEqual(['egov_centre', 'supervision']);
    const listed = await getAs(base, 'duchashi', path);
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((r: { caseId: string }) => r.caseId)).toEqual([oldest, middle, newest]);
    expect(listed.json.total).toBe(3);
    const first = listed.json.items[0];
    const published = await f.store.db.handlingReport.findFirstOrThrow({ where: { caseId: oldest, status: 'published' } });
    const c = await f.store.db.case.findUniqueOrThrow({ where: { id: oldest } });
    expect(first).toMatchObject({ ledgerNo: c.ledgerNo, title: c.title, state: 'replied', reportId: published.id, repliedOn: '2026-11-01', daysSinceReply: daysSince('2026-11-01'), unitName: '区交通运输局', lastVisit: null });
    expect(first.sourceName).toBe('测试来源 district_mailbox');
    expect((await getAs(base, 'egov', `${path}?limit=2&offset=1`)).json.items.map((r: { caseId: string }) => r.caseId)).toEqual([middle, newest]);

    // 仅无法联系: the closed cases last visited 无法联系, with that visit.
    const again = await getAs(base, 'egov', `${path}?unreached=true`);
    expect(again.json.items.map((r: { caseId: string }) => r.caseId)).toEqual([unreached]);
    expect(again.json.items[0]).toMatchObject({ state: 'closed', repliedOn: '2026-10-22', lastVisit: { satisfaction: 'unreachable', method: 'phone', note: '电话无人接听', visitedBy: 'egov' } });

    for (const user of ['office', 'leader', 'admin', 'roads']) {
      const refused = await getAs(base, user, path);
      expect(refused.status, user).toBe(403);
      expect(refused.json.error.message, user).toMatch(/无权执行此操作（需要：区政府督查室、区电子政务管理中心）$/);
    }
    const anonymous = await fetch(`${base}${path}`);
    expect(anonymous.status).toBe(401);
    const bad = await getAs(base, 'duchashi', `${path}?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe('参数 每页条数 无效：不能小于 1');
    expect((await getAs(base, 'duchashi', `${path}?limit=201`)).json.error.message).toBe('参数 每页条数 无效：不能大于 200');
    expect((await getAs(base, 'duchashi', `${path}?unreached=yes`)).json.error.message).toMatch(/^参数 仅无法联系 无效：/);
  });

  it('takes the visits row by row through the case step: a refused row leaves the others recorded and stays listed', async () => {
    const a = await replied('2026-11-10');
    const b = await replied('2026-11-11');
    const before = (await getAs(base, 'egov', path)).json.items as { caseId: string; reportId: string }[];
    const row = (id: string) => before.find((r) => r.caseId === id)!;
    const visit = (id: string, body: object) => postAs(base, 'egov', `/api/workflow/cases/${id}/visit`, { reportId: row(id).reportId, method: 'phone', ...body });

    const refused = await visit(a, { satisfaction: 'dissatisfied' });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toBe('不满意的回访请填写群众意见');
    expect((await visit(b, { satisfaction: 'unreachable' })).status).toBe(200);
    const after = (await getAs(base, 'egov', path)).json.items.map((r: { caseId: string }) => r.caseId);
    expect(after).toContain(a);
    expect(after).not.toContain(b);
    // Unreached, the row's case may be visited again with the same reply named, and then answered.
    expect((await getAs(base, 'egov', `${path}?unreached=true`)).json.items.map((r: { caseId: string }) => r.caseId)).toContain(b);
    expect((await visit(b, { satisfaction: 'basically_satisfied' })).status).toBe(200);
    const twice = await visit(b, { satisfaction: 'satisfied' });
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toContain('不能再次回访');
    expect((await getAs(base, 'egov', `${path}?unreached=true`)).json.items.map((r: { caseId: string }) => r.caseId)).not.toContain(b);
  });

  it('names every writer of a case several people raised, each once as 反映人数 counts them, the first message\'s first', async () => {
    const title = '红土镇中心小学门口缺少红绿灯';
    const content = '红土镇中心小学门口没有红绿灯，学生过马路很危险，请尽快安装。';
    const { caseId } = await newCase(f, { title, content, author: '王先生', url: 'https://www.yintai.gov.cn/letter/1' });
    await newCase(f, { title, content, channel: 'city_mailbox', author: '李女士', url: 'https://szxx.tongchuan.gov.cn/2' });
    await newCase(f, { title, content, author: '王先生', url: 'https://www.yintai.gov.cn/letter/3' });
    await newCase(f, { title, content, channel: 'forwarded', url: 'https://zhuanban.example/4' });
    const c = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { messages: { orderBy: { firstSeenAt: 'asc' } } } });
    expect(c.messages).toHaveLength(4);
    expect(c.reporterCount).toBe(3);
    await toAssigned(f, caseId, at('2026-11-12'));
    await toReplied(f, caseId, at('2026-11-12'));
    // The forwarded letter is owed its 专报 too (reply-owed.ts): 督查室 sends it, and the case is 已回复.
    await publishReply(f.store.db, { caseId, actor: f.actors.supervision, now: at('2026-11-12') });

    const row = ((await getAs(base, 'egov', path)).json.items as { caseId: string }[]).find((r) => r.caseId === caseId);
    const forwarded = c.messages[3]!.forwarding as { forwardNo: string };
    expect(row).toMatchObject({ author: '王先生', sourceName: '测试来源 district_mailbox', url: 'https://www.yintai.gov.cn/letter/1' });
    expect((row as unknown as { writers: unknown[] }).writers).toEqual([
      { messageId: c.messages[0]!.id, author: '王先生', sourceName: '测试来源 district_mailbox', channel: 'district_mailbox', url: 'https://www.yintai.gov.cn/letter/1', forwardNo: null, originLevel: null },
      { messageId: c.messages[1]!.id, author: '李女士', sourceName: '测试来源 city_mailbox', channel: 'city_mailbox', url: 'https://szxx.tongchuan.gov.cn/2', forwardNo: null, originLevel: null },
      { messageId: c.messages[3]!.id, author: null, sourceName: '测试来源 forwarded', channel: 'forwarded', url: 'https://zhuanban.example/4', forwardNo: forwarded.forwardNo, originLevel: 'city' },
    ]);
  });
});

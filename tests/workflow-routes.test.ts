/** The workflow REST routes over a real HTTP server: auth, validation, roles, a case end to end, files. */
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWorkflowRoutes } from './helpers/workflow-routes-server.js';
import { newCase, openFixture, type Fixture } from './workflow-fixtures.js';

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

async function call(user: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(user ? { 'x-test-user': user } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, json: type.includes('json') ? ((await res.json()) as Json) : null, res };
}

describe('workflow routes', () => {
  it('answers 401 without a signed-in actor', async () => {
    const r = await call(null, 'GET', '/api/workflow/cases');
    expect(r.status).toBe(401);
    expect(r.json?.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
  });

  it('walks a case through the procedure, refusing wrong steps and roles', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    expect((await call('egov', 'POST', p('register'), { category: '投诉类' })).status).toBe(400);
    const wrongState = await call('office', 'POST', p('assign'), {});
    expect(wrongState.status).toBe(409);
    expect(wrongState.json?.error.code).toBe('INVALID_TRANSITION');
    expect((await call('roads', 'POST', p('register'), { category: '投诉' })).status).toBe(403);
    expect((await call('egov', 'POST', p('register'), { category: '投诉', complexity: 'simple' })).status).toBe(200);
    expect((await call('office', 'POST', p('proposal'), { unitId: f.units.roads, opinion: '请交通局办理' })).status).toBe(200);
    expect((await call('leader', 'POST', p('proposal/decision'), { approve: true })).status).toBe(200);
    const assigned = await call('office', 'POST', p('assign'), {});
    expect(assigned.json?.result).toMatchObject({ unitId: f.units.roads });
    // The other unit neither sees nor acts on it.
    expect((await call('water', 'GET', `/api/workflow/cases/${caseId}`)).status).toBe(404);
    const foreign = await call('water', 'POST', p('report'), { text: 'x' });
    expect(foreign.status).toBe(403);
    // Acting tells the other unit no more than opening did: not even the case's 台账编号.
    const { ledgerNo } = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(foreign.json?.error.message).toBe('此案件未交办给本单位，无权查看或办理');
    expect(JSON.stringify(foreign.json)).not.toContain(ledgerNo);
    const check = await call('roads', 'POST', '/api/workflow/review/check', { text: '此事不归我们管，无可奉告。', caseId });
    expect(check.json?.findings.map((x: { rule: string }) => x.rule)).toEqual(expect.arrayContaining(['shirking', 'no_comment', 'off_topic']));
    const reply = '关于城关街道道路破损路灯不亮的问题，我局已派员修复破损道路并更换路灯，现已恢复照明，联系电话13912345678。';
    // A unit's report with a phone number is held until the unit acknowledges the finding.
    const held = await call('roads', 'POST', p('report'), { text: reply });
    expect(held.status).toBe(409);
    expect(held.json?.error.message).toContain('泄露个人信息');
    expect(held.json?.error.details.findings[0].rule).toBe('personal_phone');
    const rep = await call('roads', 'POST', p('report'), { text: reply, acknowledgeFindings: true });
    expect(rep.json?.result.check.findings.map((x: { rule: string }) => x.rule)).toEqual(['personal_phone']);
    expect((await call('duchashi', 'POST', p('report/review'), { accept: true })).status).toBe(200);
    expect((await call('leader', 'POST', p('reply/decision'), { approve: true })).status).toBe(200);
    // High-risk wording blocks publication until acknowledged; the text is not changed.
    const blocked = await call('egov', 'POST', p('publish'), {});
    expect(blocked.status).toBe(409);
    expect(blocked.json?.error.message).toContain('高风险措辞');
    expect(blocked.json?.error.details.findings[0].rule).toBe('personal_phone');
    const published = await call('egov', 'POST', p('publish'), { acknowledgeFindings: true });
    expect(published.json?.result).toMatchObject({ channel: 'egov_reply', text: reply });
    expect((await call('duchashi', 'POST', p('visit'), { satisfaction: 'satisfied', method: 'phone' })).status).toBe(200);
    expect((await call('duchashi', 'POST', p('archive'), {})).status).toBe(200);
    const immutable = await call('duchashi', 'POST', p('supervision'), { kind: 'phone', note: '电话督促' });
    expect(immutable.status).toBe(409);
    expect(immutable.json?.error.code).toBe('IMMUTABLE');
    // Another unit is refused as for any case not its own, not told the case is archived.
    const foreignArchived = await call('water', 'POST', p('extension'), { progress: 'x', reason: 'y', days: 2 });
    expect(foreignArchived.status).toBe(403);
    expect(foreignArchived.json?.error.message).not.toContain('归档');
    const detail = await call('roads', 'GET', `/api/workflow/cases/${caseId}`);
    expect(detail.json?.case).toMatchObject({ state: 'archived', stateName: '已归档', allowedActions: [] });
    expect(detail.json?.case.reports[0].acknowledged[0].rule).toBe('personal_phone');
    const list = await call('roads', 'GET', '/api/workflow/cases?state=archived');
    expect(list.json?.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect((await call('roads', 'GET', '/api/workflow/cases?state=nonsense')).status).toBe(400);
  });

  it('holds a report, and then publication, with a citizen\'s mobile written with spaces or after +86', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    expect((await call('egov', 'POST', p('register'), { category: '投诉', complexity: 'simple' })).status).toBe(200);
    expect((await call('office', 'POST', p('proposal'), { unitId: f.units.roads, opinion: '请交通局办理' })).status).toBe(200);
    expect((await call('leader', 'POST', p('proposal/decision'), { approve: true })).status).toBe(200);
    expect((await call('office', 'POST', p('assign'), {})).status).toBe(200);
    const reply = '关于城关街道道路破损路灯不亮的问题，我局已派员修复破损道路并更换路灯，现已恢复照明，已与留言人王女士（138 1234 5678，+86 139-8765-4321）电话沟通。';
    const held = await call('roads', 'POST', p('report'), { text: reply });
    expect(held.status).toBe(409);
    expect(held.json?.error.details.findings.map((x: { rule: string }) => x.rule)).toEqual(['personal_phone', 'personal_phone']);
    expect((await call('roads', 'POST', p('report'), { text: reply, acknowledgeFindings: true })).status).toBe(200);
    expect((await call('duchashi', 'POST', p('report/review'), { accept: true })).status).toBe(200);
    expect((await call('leader', 'POST', p('reply/decision'), { approve: true })).status).toBe(200);
    const blocked = await call('egov', 'POST', p('publish'), {});
    expect(blocked.status).toBe(409);
    expect(blocked.json?.error.details.findings[0].rule).toBe('personal_phone');
  });

  it('serves the calendar, the supervision list and the bulletin files', async () => {
    expect((await call('roads', 'GET', '/api/workflow/calendar/due?from=2026-09-30&days=3')).json).toEqual({ from: '2026-09-30', days: 3, due: '2026-10-10' });
    expect((await call('roads', 'GET', '/api/workflow/calendar/due?from=2026-9-30&days=3')).status).toBe(400);
    expect((await call('duchashi', 'POST', '/api/workflow/calendar/load', { year: 2027, holidays: ['2027-01-01'] })).status).toBe(403);
    // A mistyped key reaches the check (the route used to drop it, loading a year without holidays over the loaded one).
    const typo = await call('admin', 'POST', '/api/workflow/calendar/load', { year: 2027, holiday: ['2027-01-01'] });
    expect(typo.status).toBe(400);
    expect(typo.json?.error.message).toContain('有未知字段 holiday（是否应为 holidays？），未导入任何日期');
    expect((await call('duchashi', 'GET', '/api/workflow/supervision')).status).toBe(200);
    expect((await call('duchashi', 'POST', '/api/workflow/supervision/scan')).json).toMatchObject({ overdue: [] });
    expect((await call('roads', 'GET', '/api/workflow/bulletin?from=2026-01-01&to=2026-12-31')).status).toBe(403);
    const html = await call('leader', 'GET', '/api/workflow/bulletin.html?from=2026-01-01&to=2026-12-31');
    expect(html.type).toContain('text/html');
    const xlsx = await call('duchashi', 'GET', '/api/workflow/bulletin.xlsx?from=2026-01-01&to=2026-12-31');
    expect(xlsx.type).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['各单位办理情况', '表扬与批评', '超期件清单', '不满意与退回重办', '总体情况']);
    const meta = await call('roads', 'GET', '/api/workflow/meta');
    expect(meta.json?.states).toContainEqual({ id: 'returned', name: '承办单位已退回' });
  });

  it('refuses a review decision on a case someone else decided meanwhile (409), naming its state', async () => {
    const { caseId } = await newCase(f);
    const p = (step: string) => `/api/workflow/cases/${caseId}/${step}`;
    const ledgerNo = (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).ledgerNo;
    // Two reviewers see it in the queue; egov registers it first.
    expect((await call('egov', 'POST', p('register'), { category: '建议' })).status).toBe(200);
    // The second reviewer's 不予受理 from the queue is refused, though the case page may still decide it.
    const stale = await call('duchashi', 'POST', p('not-accepted'), { reasons: ['personal'], note: '纯属个人问题', expectedState: 'awaiting_review' });
    expect(stale.status).toBe(409);
    expect(stale.json?.error.message).toBe(`案件 ${ledgerNo} 当前状态为「已登记」，已不是「待审核分类」（可能已有他人处理），不能决定不予受理；请刷新后再看`);
    const merge = await call('duchashi', 'POST', p('merge'), { intoCaseId: (await newCase(f)).caseId, note: '重复', expectedState: 'awaiting_review' });
    expect(merge.status).toBe(409);
    expect(merge.json?.error.message).toContain('已不是「待审核分类」');
    // A second accept is refused as before.
    expect((await call('duchashi', 'POST', p('register'), { category: '投诉' })).json?.error.message).toBe('案件当前状态为「已登记」，不能确认分类并登记');
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).state).toBe('registered');
    // With the state it shows, the case page's decision goes through.
    expect((await call('duchashi', 'POST', p('not-accepted'), { reasons: ['personal'], note: '纯属个人问题', expectedState: 'registered' })).status).toBe(200);
  });

  it('refuses merges into and out of a 不予受理 case, saying what to do', async () => {
    const rejected = (await newCase(f)).caseId;
    expect((await call('egov', 'POST', `/api/workflow/cases/${rejected}/not-accepted`, { reasons: ['legal_process'], note: '已进入诉讼程序' })).status).toBe(200);
    const rejectedNo = (await f.store.db.case.findUniqueOrThrow({ where: { id: rejected } })).ledgerNo;
    const waiting = (await newCase(f)).caseId;
    const into = await call('egov', 'POST', `/api/workflow/cases/${waiting}/merge`, { intoCaseId: rejected, note: '同一问题' });
    expect(into.status).toBe(409);
    expect(into.json?.error.message).toBe(`案件 ${rejectedNo} 已决定不予受理，不能把其他案件并入；请单独审核本案（同样不予受理的，单独作出决定），或先将 ${rejectedNo} 重新受理再并入`);
    const outOf = await call('egov', 'POST', `/api/workflow/cases/${rejected}/merge`, { intoCaseId: waiting, note: '同一问题' });
    expect(outOf.status).toBe(409);
    expect(outOf.json?.error.message).toBe('案件当前状态为「不予受理」，不能作为重复并入其他案件；如确属其他案件的重复留言，请先重新受理（撤销不予受理决定），再并入');
    const states = await f.store.db.case.findMany({ where: { id: { in: [rejected, waiting] } }, select: { id: true, state: true, reporterCount: true } });
    expect(Object.fromEntries(states.map((c) => [c.id, [c.state, c.reporterCount]]))).toEqual({ [rejected]: ['not_accepted', 1], [waiting]: ['awaiting_review', 1] });
    // The case page no longer offers the merge on a 不予受理 case; once reopened it does.
    expect((await call('egov', 'GET', `/api/workflow/cases/${rejected}`)).json?.case.allowedActions).not.toContain('merge_into');
    expect((await call('egov', 'POST', `/api/workflow/cases/${rejected}/reopen`, { note: '确属重复，重新受理后并入' })).status).toBe(200);
    expect((await call('egov', 'POST', `/api/workflow/cases/${rejected}/merge`, { intoCaseId: waiting, note: '同一问题' })).status).toBe(200);
  });

  it('lets only an admin manage accounts', async () => {
    const body = { username: 'jtj', displayName: '交通局', password: 'password-1', role: 'unit', unitId: f.units.roads };
    expect((await call('duchashi', 'POST', '/api/workflow/users', body)).status).toBe(403);
    expect((await call('admin', 'POST', '/api/workflow/users', body)).json?.user).toMatchObject({ username: 'jtj', role: 'unit' });
    expect((await call('admin', 'POST', '/api/workflow/users', body)).status).toBe(409);
    expect((await call('admin', 'POST', '/api/workflow/users', { ...body, username: 'x', password: 'short' })).status).toBe(400);
  });
});

/**
 * 网民留言交办单 (workflow/cases/assignment-sheet.ts) through the HTTP API, PostgreSQL: the sheet of
 * the 交办 in force with the letter, the 拟办意见 and the leader's 批示, the lead and assisting units
 * and the due date (moved by an extension, the first one kept); what the citizen wrote as text; an
 * assisting unit's sheet without the 拟办 its case page does not show; none before 交办; a unit whose
 * case it is not gets nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase, decideExtension, decideProposal, proposeHandling, registerCase, requestExtension } from '../workflow/cases/index.js';
import { serveWorkflowRoutes } from './helpers/workflow-routes-server.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let server: Awaited<ReturnType<typeof serveWorkflowRoutes>>;
let caseId = '';
let waiting = '';

/** The sheet's page as `user` gets it. */
async function sheetAs(user: string, id: string): Promise<{ status: number; type: string; disposition: string; text: string }> {
  const response = await fetch(`${server.base}/api/workflow/cases/${id}/assignment-sheet.html`, { headers: { 'x-test-user': user } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', disposition: response.headers.get('content-disposition') ?? '', text: await response.text() };
}

beforeAll(async () => {
  f = await openFixture();
  server = await serveWorkflowRoutes(f);
  ({ caseId } = await newCase(f, { title: '新华路<b>路灯</b>不亮', content: '新华路路灯一周不亮，<script>alert(1)</script>晚上出行不便。\n请尽快维修。', author: '张建国' }));
  await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov, now: at('2026-11-02') });
  await proposeHandling(f.store.db, { caseId, unitId: f.units.roads, assistUnitIds: [f.units.water], opinion: '请区交通运输局牵头核实维修，区水务局配合', actor: f.actors.office, now: at('2026-11-02', 10) });
  await decideProposal(f.store.db, { caseId, approve: true, note: '请尽快修复，确保群众夜间出行安全', actor: f.actors.leader, now: at('2026-11-02', 11) });
  await assignCase(f.store.db, { caseId, actor: f.actors.office, now: at('2026-11-02', 14) });
  await requestExtension(f.store.db, { caseId, progress: '已联系供电部门', reason: '需更换电缆', days: 2, actor: f.actors.roads, now: at('2026-11-03') });
  await decideExtension(f.store.db, { caseId, approve: true, answer: '同意', actor: f.actors.supervision, now: at('2026-11-03', 15) });
  ({ caseId: waiting } = await newCase(f, { title: '尚未交办的留言' }));
});

afterAll(async () => {
  await server?.app.close();
  await f?.close();
});

describe('网民留言交办单', () => {
  it('gives the office the sheet of the 交办: letter, 拟办, 批示, units and the due date moved by the extension', async () => {
    const c = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { assignments: { where: { role: 'lead' } } } });
    const sheet = await sheetAs('office', caseId);
    expect(sheet.status).toBe(200);
    expect(sheet.type).toMatch(/^text\/html/);
    expect(sheet.disposition).toContain(encodeURIComponent(`网民留言交办单-${c.ledgerNo}.html`));
    const text = sheet.text;
    expect(text).toContain('<h1>印台区网民留言交办单</h1>');
    expect(text).toContain(`台账编号：${c.ledgerNo}`);
    expect(text).toContain('交办日期：2026-11-02');
    expect(text).toContain('<tr><th>留言人</th><td>张建国');
    expect(text).toContain('请区交通运输局牵头核实维修，区水务局配合');
    expect(text).toContain('请尽快修复，确保群众夜间出行安全');
    expect(text).toContain('<tr><th>主办单位</th><td>区交通运输局</td></tr>');
    expect(text).toContain('<tr><th>协办单位</th><td>区水务局</td></tr>');
    const lead = c.assignments[0]!;
    expect(lead.dueDate).not.toBe(lead.originalDueDate);
    expect(text).toContain(`<tr><th>办理时限</th><td>${lead.dueDate}（内容单一，2 个工作日；原时限 ${lead.originalDueDate}）</td></tr>`);
    expect(text).toContain('协办单位请于同一时限前向主办单位提出协办意见');
    // What the citizen wrote is text on the page, line breaks kept by the cell's style.
    expect(text).toContain('新华路&lt;b&gt;路灯&lt;/b&gt;不亮');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<b>');
  });

  it('gives the lead unit the same sheet, and the assisting unit one without the 拟办 its case page does not show', async () => {
    const lead = await sheetAs('roads', caseId);
    expect(lead.status).toBe(200);
    expect(lead.text).toContain('请区交通运输局牵头核实维修');
    const assist = await sheetAs('water', caseId);
    expect(assist.status).toBe(200);
    expect(assist.text).toContain('<tr><th>主办单位</th><td>区交通运输局</td></tr>');
    expect(assist.text).not.toContain('拟办意见');
    expect(assist.text).not.toContain('请区交通运输局牵头核实维修');
  });

  it('has none before 交办, and says so', async () => {
    const none = await sheetAs('office', waiting);
    expect(none.status).toBe(404);
    expect(JSON.parse(none.text).error.message).toMatch(/^案件 YT-\d{4}-\d{6} 尚未交办承办单位，没有交办单$/u);
  });
});

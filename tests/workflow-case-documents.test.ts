/**
 * The case's documents to print, through the HTTP API, PostgreSQL. 网民留言办理记录
 * (workflow/catalogue/case-record.ts): a case walked from 登记 to 归档 on paper, every step with who,
 * when and what they wrote, for the offices only. 网民留言交办单 (workflow/cases/assignment-sheet.ts): the sheet of
 * the 交办 in force with the letter, the 拟办意见 and the leader's 批示, the lead and assisting units
 * and the due date (moved by an extension, the first one kept); what the citizen wrote as text; an
 * assisting unit's sheet without the 拟办 its case page does not show; none before 交办; a unit whose
 * case it is not gets nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  archiveCase, assignCase, decideExtension, decideProposal, decideReply, proposeHandling, publishReply, recordVisit, registerCase, requestExtension, reviewReport, submitReport,
} from '../workflow/cases/index.js';
import { recordSupervision } from '../workflow/supervision/index.js';
import { goodReply } from './helpers/case-steps.js';
import { serveWorkflowRoutes } from './helpers/workflow-routes-server.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let server: Awaited<ReturnType<typeof serveWorkflowRoutes>>;
let caseId = '';
let waiting = '';
let archived = '';

/** The sheet's (or `doc`'s) page as `user` gets it. */
async function sheetAs(user: string, id: string, doc = 'assignment-sheet.html'): Promise<{ status: number; type: string; disposition: string; text: string }> {
  const response = await fetch(`${server.base}/api/workflow/cases/${id}/${doc}`, { headers: { 'x-test-user': user } });
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
  // A case from 登记 to 归档: a report sent back with a reason, redone, replied, visited, filed.
  ({ caseId: archived } = await newCase(f, { title: '东坡村自来水浑浊', content: '东坡村自来水浑浊有异味，请检测。联系电话13812345678', author: '郑强' }));
  await registerCase(f.store.db, { caseId: archived, category: '投诉', actor: f.actors.egov, now: at('2026-11-09') });
  await proposeHandling(f.store.db, { caseId: archived, unitId: f.units.water, opinion: '请区水务局检测水质并答复', actor: f.actors.office, now: at('2026-11-09', 10) });
  await decideProposal(f.store.db, { caseId: archived, approve: true, actor: f.actors.leader, now: at('2026-11-09', 11) });
  await assignCase(f.store.db, { caseId: archived, actor: f.actors.office, now: at('2026-11-09', 14) });
  await recordSupervision(f.store.db, { caseId: archived, kind: 'phone', note: '电话督促水务局尽快检测', actor: f.actors.supervision, now: at('2026-11-10') });
  await submitReport(f.store.db, { caseId: archived, text: goodReply, actor: f.actors.water, now: at('2026-11-10', 15) });
  await reviewReport(f.store.db, { caseId: archived, accept: false, note: '请写明检测结果', actor: f.actors.supervision, now: at('2026-11-11') });
  await submitReport(f.store.db, { caseId: archived, text: `${goodReply}经检测，水质符合标准。`, actor: f.actors.water, now: at('2026-11-11', 15) });
  await reviewReport(f.store.db, { caseId: archived, accept: true, actor: f.actors.supervision, now: at('2026-11-12') });
  await decideReply(f.store.db, { caseId: archived, approve: true, note: '同意答复', actor: f.actors.leader, now: at('2026-11-12', 11) });
  await publishReply(f.store.db, { caseId: archived, actor: f.actors.egov, now: at('2026-11-12', 15) });
  await recordVisit(f.store.db, { caseId: archived, satisfaction: 'satisfied', method: 'phone', note: '群众表示满意', actor: f.actors.supervision, now: at('2026-11-13') });
  await archiveCase(f.store.db, { caseId: archived, actor: f.actors.supervision, now: at('2026-11-13', 15) });
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

describe('网民留言办理记录', () => {
  it('prints a case filed in its volume, every step with who, when and what they wrote, the writer unmasked', async () => {
    const c = await f.store.db.case.findUniqueOrThrow({ where: { id: archived } });
    const record = await sheetAs('duchashi', archived, 'record.html');
    expect(record.status).toBe(200);
    expect(record.disposition).toContain(encodeURIComponent(`网民留言办理记录-${c.ledgerNo}.html`));
    const text = record.text;
    expect(text).toContain(`<span>台账编号：${c.ledgerNo}</span><span>状态：已归档</span>`);
    expect(text).toContain(`归档卷：${c.archiveVolume}`);
    // The archive keeps the record as it is: the writer and the number as written.
    expect(text).toContain('<tr><th>留言人</th><td>郑强</td></tr>');
    expect(text).toContain('联系电话13812345678');
    expect(text).toContain('请区水务局检测水质并答复');
    expect(text).toContain('交办 区水务局（主办），2 个工作日');
    expect(text).toContain('（电话督促）：电话督促水务局尽快检测');
    expect(text).toContain('督查室意见');
    expect(text).toContain('请写明检测结果');
    expect(text).toContain('经检测，水质符合标准。');
    expect(text).toContain('领导意见');
    expect(text).toContain('同意答复');
    expect(text).toContain('答复网民');
    expect(text).toContain('（电话）：满意，群众表示满意');
    // The event log, step by step, ends with 立卷归档.
    const steps = [...text.matchAll(/<tr><td>[\d-]+ [\d:]+<\/td><td>([^<]+)<\/td>/gu)].map((m) => m[1]);
    expect(steps[0]).toBe('采集并生成台账');
    expect(steps.at(-1)).toBe('立卷归档');
    expect(steps).toContain('审核退回办理情况');
  });

  it('is for the offices: a unit, even the one that handled it, is refused', async () => {
    expect((await sheetAs('office', archived, 'record.html')).status).toBe(200);
    expect((await sheetAs('water', archived, 'record.html')).status).toBe(403);
  });
});

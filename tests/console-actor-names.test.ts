/**
 * Who did what, as staff read it (QA pass as 区政府办 / 电子政务中心): the case page's event log,
 * 拟办意见, 办理情况, 督办记录 and 回访 name each account by its name (电子政务中心 王敏（egov）) and the
 * system's own steps as 民声主程序, never the bare username or `system`; so does the export page's
 * 导出记录. Real PostgreSQL, the app's web server and chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideReply, publishReply, recordVisit, reviewReport, submitReport } from '../workflow/cases/index.js';
import { recordSupervision } from '../workflow/supervision/index.js';
import { applyNewSuggestion, type NewSuggestion } from '../workflow/index.js';
import { localAdmin } from '../web/auth/session-auth.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
let caseId: string;

beforeAll(async () => {
  f = await openConsoleFixture();
  caseId = await f.addMessage({ title: '新华路公交站牌倒了', content: '新华路公交站牌被大风刮倒，已经一周没人管，候车很不方便。', author: '李明', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  const unitId = (await f.store.db.unit.findFirstOrThrow({ where: { name: '区交通运输局' } })).id;
  await f.assignTo(caseId, unitId);
  const db = f.store.db;
  await recordSupervision(db, { caseId, kind: 'phone', note: '电话督促交通运输局', actor: f.actors.supervision });
  await submitReport(db, { caseId, text: '经核实，新华路公交站牌已于当日重新安装加固，恢复正常使用。感谢您对我区工作的关心和支持。', actor: f.actors.roads });
  await reviewReport(db, { caseId, accept: true, actor: f.actors.supervision });
  await decideReply(db, { caseId, approve: true, note: '同意', actor: f.actors.leader });
  await publishReply(db, { caseId, actor: f.actors.egov });
  await recordVisit(db, { caseId, satisfaction: 'satisfied', method: 'phone', note: '群众表示满意', actor: f.actors.supervision });
}, 120_000);

afterAll(async () => {
  await f?.close();
});

describe('console: who acted, in staff words', () => {
  it('names accounts and the system on the case page, not usernames', async () => {
    const { context, page } = await f.signIn('office');
    await page.goto(`${f.url}/#/case/${caseId}`);
    await page.waitForSelector('#timeline');
    const users = await f.store.db.user.findMany({ select: { username: true, displayName: true } });
    const nameOf = (username: string) => {
      const u = users.find((x) => x.username === username)!;
      return `${u.displayName}（${u.username}）`;
    };
    const row = async (type: string) => (await page.locator(`#timeline li[data-type="${type}"]`).first().textContent())!;
    expect(await row('case_created')).toContain('民声主程序');
    expect(await row('case_created')).not.toMatch(/\bsystem\b/);
    expect(await row('register')).toContain(nameOf(f.actors.egov.username));
    expect(await row('propose')).toContain(nameOf(f.actors.office.username));
    expect(await row('approve_proposal')).toContain(nameOf(f.actors.leader.username));
    expect(await row('submit_report')).toContain(nameOf(f.actors.roads.username));
    const main = (await page.textContent('main'))!;
    expect(main).toContain(`${nameOf(f.actors.office.username)}：请承办单位核实后答复`);
    expect(main).toContain(`${nameOf(f.actors.roads.username)} 报送`);
    expect(main).toContain(`${nameOf(f.actors.supervision.username)}（电话督促）：电话督促交通运输局`);
    expect(main).toContain(`${nameOf(f.actors.supervision.username)}（电话）：满意`);
    await context.close();
  });

  it('names the command line (本机命令行), not local-cli, beside a case a new model re-suggested (minsheng reclassify through the main job)', async () => {
    const waiting = await f.addMessage({ title: '咨询公积金提取', content: '请问住房公积金怎么提取，需要什么材料？', category: '咨询', confidence: 0.6 });
    const message = await f.store.db.message.findFirstOrThrow({ where: { caseId: waiting } });
    const stored = message.classification as unknown as NewSuggestion;
    // Stored as the classifier gave it (probabilities too): a new model's is the same shape.
    const classification = { ...stored, category: '求助', confidence: 0.7, modelVersion: 'test-new-model' } as NewSuggestion;
    const result = await applyNewSuggestion(f.store.db, { caseId: waiting, suggestions: [{ messageId: message.id, classification }], actor: localAdmin });
    expect(result.outcome).toBe('changed');
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/case/${waiting}`);
    await page.waitForSelector('#timeline li[data-type="suggestion_updated"]');
    const row = (await page.locator('#timeline li[data-type="suggestion_updated"]').textContent())!;
    expect(row).toContain('本机命令行');
    expect(row).not.toContain('local-cli');
    await context.close();
  });

  it('names the account in the export log', async () => {
    const { context, page } = await f.signIn('office');
    await page.goto(`${f.url}/#/export`);
    await page.waitForSelector('#export-start');
    await page.click('#export-start');
    await expect.poll(() => page.textContent('#export-log'), { timeout: 20_000 }).toContain('完成');
    const office = await f.store.db.user.findUniqueOrThrow({ where: { username: f.actors.office.username } });
    const cells = await page.locator('#export-log tbody tr').first().locator('td').allTextContents();
    expect(cells[1]).toBe(`${office.displayName}（${office.username}）`);
    await context.close();
  });
});

/**
 * 更正类别: a case registered under the wrong category (Enter pressed on the wrong suggestion in the
 * review queue, or the office finding a 咨询 that is a 投诉) is corrected by the e-government centre
 * or the supervision office until it is archived (归档 files it by category), with a reason, in the
 * event log; the ledger, the bulletin's counts and exports read the corrected category. In a real
 * browser against the running app, on PostgreSQL.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCase, correctCategory, decideReply, publishReply, recordVisit, registerCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import { computeBulletin } from '../workflow/bulletin/index.js';
import { exportRowBatches } from '../workflow/exports/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const ids: Record<string, string> = {};
const reply = '关于您反映的北关街路面破损问题，我局已于当日派员现场查看，破损路面已完成修补，积水已排除。感谢您对我区工作的关注和支持。';

const caseRow = (id: string) => f.store.db.case.findUniqueOrThrow({ where: { id } });

async function openCase(page: Page, id: string) {
  await page.goto(`${f.url}/#/case/${id}`);
  await page.waitForSelector('#timeline');
}

async function openAction(page: Page, action: string) {
  const details = page.locator('#case-actions details', { has: page.locator(`form[data-action="${action}"]`) });
  if (!(await details.getAttribute('open').then((v) => v !== null))) await details.locator('summary').click();
  return page.locator(`form[data-action="${action}"]`);
}

beforeAll(async () => {
  f = await openConsoleFixture();
  // Registered as 咨询 with Enter on the suggestion; the citizen complains about a road.
  ids.road = await f.addMessage({ title: '北关街路面破损何时修', content: '北关街路面破损一个多月，雨天积水，多次反映无人处理，请问何时修？', category: '咨询', confidence: 0.62, unit: '区交通运输局' });
  await f.assignTo(ids.road, 'u-roads');
  ids.archived = await f.addMessage({ title: '咨询公交线路调整', content: '请问12路公交线路调整后还经过北关街吗？', category: '咨询', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(ids.archived, 'u-roads');
  await submitReport(f.store.db, { caseId: ids.archived, text: reply, actor: f.actors.roads });
  await reviewReport(f.store.db, { caseId: ids.archived, accept: true, actor: f.actors.supervision });
  await decideReply(f.store.db, { caseId: ids.archived, approve: true, actor: f.actors.leader });
  await publishReply(f.store.db, { caseId: ids.archived, actor: f.actors.egov });
  await recordVisit(f.store.db, { caseId: ids.archived, satisfaction: 'satisfied', method: 'phone', actor: f.actors.supervision });
  await archiveCase(f.store.db, { caseId: ids.archived, actor: f.actors.supervision });
  ids.waiting = await f.addMessage({ title: '咨询居住证办理地点', content: '请问居住证在哪里办理？', category: '咨询', confidence: 0.9 });
});

afterAll(async () => {
  await f?.close();
});

describe('更正类别', () => {
  it('lets the e-government centre correct the category of a case in hand, with its reason, and every count follows', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const before = await computeBulletin(f.store.db, { from: today, to: today });
    const { context, page } = await f.signIn('egov');
    const errors = watchPageErrors(page);
    await openCase(page, ids.road!);
    const form = await openAction(page, 'correct_category');
    // The reason is required: checked in the browser, the choice kept.
    await form.locator('select[name=category]').selectOption('投诉');
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.field-error').allTextContents()).toEqual(['请填写更正理由']);
    expect(await form.locator('select[name=category]').inputValue()).toBe('投诉');
    await form.locator('textarea[name=note]').fill('群众反映路面破损无人处理，属投诉');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('#timeline li[data-type="correct_category"]');
    const row = await page.textContent('#timeline li[data-type="correct_category"]');
    expect(row).toContain('更正类别');
    expect(row).toContain('类别：投诉');
    expect(row).toContain('原类别：咨询');
    expect(row).toContain('说明：群众反映路面破损无人处理，属投诉');
    // The case stays with the unit, its deadline unchanged.
    const c = await caseRow(ids.road!);
    expect(c).toMatchObject({ category: '投诉', categoryConfirmed: true, state: 'assigned' });
    const after = await computeBulletin(f.store.db, { from: today, to: today });
    expect(after.byCategory['投诉'] ?? 0).toBe((before.byCategory['投诉'] ?? 0) + 1);
    expect(after.byCategory['咨询'] ?? 0).toBe((before.byCategory['咨询'] ?? 0) - 1);
    const rows = [];
    for await (const batch of exportRowBatches(f.store.db, { filter: { category: '投诉' }, actor: f.actors.egov, masked: false })) rows.push(...batch);
    expect(rows.map((r) => r.ledgerNo)).toContain(c.ledgerNo);
    await page.goto(`${f.url}/#/ledger?category=${encodeURIComponent('投诉')}`);
    await page.waitForSelector(`text=${c.ledgerNo}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is not offered to a handling unit, nor on a case awaiting review (分类审核 is where that is decided) or archived', async () => {
    const unit = await f.signIn('roads');
    await openCase(unit.page, ids.road!);
    expect(await unit.page.locator('form[data-action="correct_category"]').count()).toBe(0);
    await unit.context.close();
    await expect(correctCategory(f.store.db, { caseId: ids.road!, category: '建议', note: '试图更改', actor: f.actors.roads })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(correctCategory(f.store.db, { caseId: ids.waiting!, category: '求助', note: '应为求助', actor: f.actors.egov })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(correctCategory(f.store.db, { caseId: ids.archived!, category: '投诉', note: '应为投诉', actor: f.actors.supervision })).rejects.toMatchObject({ code: 'IMMUTABLE' });
    // The same category, or no reason, changes nothing and says why.
    await expect(correctCategory(f.store.db, { caseId: ids.road!, category: '投诉', note: '再次确认', actor: f.actors.supervision })).rejects.toThrow('类别已是「投诉」，无需更正');
    await expect(correctCategory(f.store.db, { caseId: ids.road!, category: '建议', note: ' ', actor: f.actors.supervision })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect((await caseRow(ids.road!)).category).toBe('投诉');
    expect(await f.store.db.event.count({ where: { caseId: ids.road!, type: 'correct_category' } })).toBe(1);
  });

  it('is offered to the supervision office on a registered case too', async () => {
    await registerCase(f.store.db, { caseId: ids.waiting!, category: '咨询', actor: f.actors.egov });
    const { context, page } = await f.signIn('duchashi');
    await openCase(page, ids.waiting!);
    const form = await openAction(page, 'correct_category');
    await form.locator('select[name=category]').selectOption('求助');
    await form.locator('textarea[name=note]').fill('群众请求帮助办理');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('#timeline li[data-type="correct_category"]');
    expect((await caseRow(ids.waiting!)).category).toBe('求助');
    await context.close();
  });
});

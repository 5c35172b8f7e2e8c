/**
 * 主办/协办 on the console, in a real browser against the running app: the office proposes a lead
 * unit with 协办单位 ticked (and is told when it ticks the lead too), 交办 says who leads and who
 * assists, the assisting unit finds the case in 待我办理 marked as its 协办 and sends its 协办意见
 * from the case page, and the lead unit reads it beside 主办：X / 协办：Y（已提交意见）.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase, decideProposal, proposeHandling, registerCase, submitAssistOpinion } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});
afterAll(async () => {
  await f?.close();
});

describe('console: a case handed to a lead unit and an assisting unit', () => {
  it('goes from the proposal form to the assisting unit\'s 协办意见 and the lead\'s page', async () => {
    const caseId = await f.addMessage({ title: '北关路口下雨积水严重', content: '北关路口每逢下雨积水严重，车辆行人无法通行，排水口堵塞，请尽快处理。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });

    const office = await f.signIn('office');
    const errors = watchPageErrors(office.page);
    try {
      const page = office.page;
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline');
      const form = page.locator('form[data-action="propose"]');
      await page.locator('#case-actions details', { has: form }).locator('summary').click();
      await form.locator('select[name="unitId"]').selectOption('u-roads');
      await form.locator('textarea[name="opinion"]').fill('请区交通运输局主办，区水务局协助疏通排水');
      // The lead ticked as an assisting unit too: refused beside the field, nothing sent.
      await form.locator('input[name="assistUnitIds"][value="u-roads"]').check();
      await form.locator('button[type="submit"]').click();
      await expect.poll(() => form.locator('.field-error').allTextContents()).toContain('主办单位不能同时是协办单位');
      expect(await f.store.db.proposal.count({ where: { caseId } })).toBe(0);
      await form.locator('input[name="assistUnitIds"][value="u-roads"]').uncheck();
      await form.locator('input[name="assistUnitIds"][value="u-water"]').check();
      await form.locator('button[type="submit"]').click();
      await expect.poll(async () => (await f.store.db.proposal.findFirst({ where: { caseId } }))?.assistUnitIds).toEqual(['u-water']);
      await expect.poll(() => page.locator('li.proposal').last().textContent()).toContain('拟交办 区交通运输局，协办：区水务局');

      await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader });
      await page.reload();
      await page.waitForSelector('#timeline');
      const assign = page.locator('form[data-action="assign"]');
      await page.locator('#case-actions details', { has: assign }).locator('summary').click();
      await expect.poll(() => assign.locator('.action-intro').textContent()).toBe('交办给 区交通运输局（主办），协办：区水务局（经领导同意的拟办意见）');
      await assign.locator('button[type="submit"]').click();
      await expect.poll(async () => (await f.store.db.assignment.findMany({ where: { caseId }, orderBy: { role: 'desc' } })).map((a) => [a.unitId, a.role])).toEqual([
        ['u-roads', 'lead'],
        ['u-water', 'assist'],
      ]);
      await expect.poll(() => page.locator('#case-units').textContent()).toBe('主办：区交通运输局 / 协办：区水务局（未提交）');
      // Once handed over, the 交办单 to print: it opens in its own tab, laid out by its own styles.
      const [sheet] = await Promise.all([office.context.waitForEvent('page'), page.click('#assignment-sheet-print')]);
      await sheet.waitForLoadState();
      expect(await sheet.locator('h1').textContent()).toBe('印台区网民留言交办单');
      expect(await sheet.locator('tr', { hasText: '协办单位' }).locator('td').textContent()).toBe('区水务局');
      expect(await sheet.locator('h1').evaluate((el) => getComputedStyle(el).textAlign)).toBe('center');
      await sheet.close();
      // The offices print the case's whole record too (立卷归档); a unit does not (below).
      expect(await page.locator('#case-record-print').getAttribute('href')).toBe(`/api/workflow/cases/${caseId}/record.html`);
      expect(errors).toEqual([]);
    } finally {
      await office.context.close();
    }

    const water = await f.signIn('water');
    try {
      const page = water.page;
      await page.goto(`${f.url}/#/ledger?todo=true`);
      const cell = page.locator(`#ledger tr[data-case-id="${caseId}"] td.unit-cell`);
      await expect.poll(() => cell.textContent()).toBe('主办：区交通运输局；协办：区水务局（本单位协办）');
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline');
      // Its own 交办单 to print, not the offices' 办理记录.
      expect(await page.locator('#assignment-sheet-print').count()).toBe(1);
      expect(await page.locator('#case-record-print').count()).toBe(0);
      // Its one step is the 协办意见: no report, return or extension forms.
      await expect.poll(() => page.locator('#case-actions form').evaluateAll((forms) => forms.map((x) => (x as HTMLElement).dataset.action))).toEqual(['submit_assist_opinion']);
      const form = page.locator('form[data-action="submit_assist_opinion"]');
      await page.locator('#case-actions details', { has: form }).locator('summary').click();
      await form.locator('textarea[name="text"]').fill('经查，北关路口排水口被落叶堵塞，我局已安排清淤，<b>请主办单位</b>一并答复。');
      await form.locator('button[type="submit"]').click();
      await expect.poll(async () => (await f.store.db.assistOpinion.findMany({ where: { caseId } })).map((o) => o.unitId)).toEqual(['u-water']);
      await expect.poll(() => page.locator('#case-units').textContent()).toBe('主办：区交通运输局 / 协办：区水务局（已提交意见） 本单位协办');
    } finally {
      await water.context.close();
    }

    const roads = await f.signIn('roads');
    try {
      const page = roads.page;
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline');
      const opinion = page.locator('li.assist-opinion');
      await expect.poll(() => opinion.locator('b').textContent()).toBe('区水务局');
      // Shown as text: the markup a unit typed is not run as HTML.
      await expect.poll(() => opinion.locator('.message-text').textContent()).toContain('<b>请主办单位</b>');
      expect(await page.locator('#case-actions form[data-action="submit_report"]').count()).toBe(1);
      // Every 协办意见 came: the report form warns of none.
      expect(await page.locator('form[data-action="submit_report"] .action-intro').count()).toBe(0);
    } finally {
      await roads.context.close();
    }
  });

  it('warns the lead, on its report form, of the assisting units whose 协办意见 has not come', async () => {
    const db = f.store.db;
    const caseId = await f.addMessage({ title: '南街路口排水井盖缺失', content: '南街路口排水井盖缺失多日，夜间行人车辆经过十分危险，请尽快补装。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await registerCase(db, { caseId, category: '投诉', actor: f.actors.egov });
    await proposeHandling(db, { caseId, unitId: 'u-roads', assistUnitIds: ['u-water', 'u-housing'], opinion: '请区交通运输局主办', actor: f.actors.office });
    await decideProposal(db, { caseId, approve: true, actor: f.actors.leader });
    await assignCase(db, { caseId, actor: f.actors.office });
    await submitAssistOpinion(db, { caseId, text: '井盖属住建局管养的雨水井，我局已安排补装。', actor: { userId: 'housing-clerk', username: 'housing-clerk', role: 'unit', unitId: 'u-housing' } });

    const roads = await f.signIn('roads');
    try {
      const page = roads.page;
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline');
      const form = page.locator('form[data-action="submit_report"]');
      await page.locator('#case-actions details', { has: form }).locator('summary').click();
      // 区住建局 gave its opinion; 区水务局 has not, and the report would end its 协办.
      await expect.poll(() => form.locator('.action-intro').textContent()).toBe('协办单位 区水务局 尚未提交协办意见：报送后协办即结束，其意见不能再提交。需要其意见的，请等其提交后再报送。');
    } finally {
      await roads.context.close();
    }
  });
});

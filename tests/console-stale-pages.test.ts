/**
 * A page left open on the e-government centre's console: the reply approved when the page was read
 * was returned for revision by a colleague, redone and approved again. 发布 from the old page is
 * refused (the server names what happened and who), the form keeps the reason on screen with a
 * button that reloads the case, and after the reload the reply now approved is published verbatim.
 * The 拟办 form of a page left open likewise names the state and unit it shows: a case proposed by a
 * colleague, assigned and returned meanwhile is not proposed again by someone who never read why.
 * A step whose answer comes back after the user opened another case (a slow network) leaves them on
 * that case: the old page's reload does not take them back.
 * Real browser, HTTP server and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase, decideProposal, decideReply, proposeHandling, registerCase, returnCase, returnReplyForRevision, reviewReport, submitReport } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';
import { goodReply } from './helpers/case-steps.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});
afterAll(async () => {
  await f?.close();
});

/** The unit reports `text`, 督查室 accepts it, the leader approves it: the case awaits publication. */
async function approvedReply(caseId: string, text: string) {
  await submitReport(f.store.db, { caseId, text, actor: f.actors.roads });
  await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision });
  await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader });
}

describe('console: publishing from a page left open', () => {
  it('refuses to publish a reply replaced meanwhile, says so in the form and offers to reload the case', async () => {
    const caseId = await f.addMessage({ title: '城关街道路灯不亮', content: '城关街道小区门口路灯不亮已经一周，晚上出行不便，请尽快维修。', category: '投诉', confidence: 0.9 });
    await f.assignTo(caseId, 'u-roads');
    await approvedReply(caseId, goodReply);
    const { context, page } = await f.signIn('egov');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline');
      const form = page.locator('form[data-action="publish_reply"]');
      await page.locator('#case-actions details', { has: form }).locator('summary').click();

      // Meanwhile a colleague returns it for revision; the unit redoes it and it is approved again.
      await returnReplyForRevision(f.store.db, { caseId, note: '答复中含有他人电话号码', actor: f.actors.egov });
      const redone = `${goodReply}如仍有问题，可拨打12345政务服务热线反映。`;
      await approvedReply(caseId, redone);

      await form.locator('button[type="submit"]').click();
      const notice = form.locator('.stale-notice');
      await expect.poll(() => notice.textContent()).toContain('您看到的答复已由 电子政务中心 王敏（egov）于');
      expect(await notice.textContent()).toContain('退回承办单位修改');
      expect(await notice.getAttribute('role')).toBe('alert');
      expect(await notice.textContent()).toContain('请刷新后再操作');
      const state = async () => (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).state;
      expect(await state()).toBe('reply_approved');
      expect(await f.store.db.handlingReport.count({ where: { caseId, status: 'published' } })).toBe(0);

      // Reload from the notice: the page now shows the reply approved since, and publishes it.
      await notice.locator('button.stale-reload').click();
      await expect.poll(() => page.locator('.message-text', { hasText: '12345政务服务热线' }).count()).toBe(1);
      const fresh = page.locator('form[data-action="publish_reply"]');
      await page.locator('#case-actions details', { has: fresh }).locator('summary').click();
      expect(await fresh.locator('.stale-notice').count()).toBe(0);
      await fresh.locator('button[type="submit"]').click();
      await expect.poll(state).toBe('replied');
      const published = await f.store.db.handlingReport.findFirstOrThrow({ where: { caseId, status: 'published' } });
      expect(published.publishedText).toBe(redone);
      // The browser logs the refused request itself; nothing else went wrong on the page.
      expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('console: proposing from a page left open', () => {
  it('refuses a proposal on a case a colleague proposed and its unit returned meanwhile, keeping the typed opinion', async () => {
    const caseId = await f.addMessage({ title: '东郊路段井盖缺失', content: '东郊路段有一个井盖缺失多日，夜间行人容易掉进去，请尽快补装。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov });
    const { context, page } = await f.signIn('office');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/case/${caseId}`);
      await page.waitForSelector('#timeline');
      const form = page.locator('form[data-action="propose"]');
      await page.locator('#case-actions details', { has: form }).locator('summary').click();
      await form.locator('select[name="unitId"]').selectOption('u-roads');
      const opinion = '拟请区交通运输局核实补装井盖并答复';
      await form.locator('textarea[name="opinion"]').fill(opinion);

      // Meanwhile a colleague proposes it, the leader agrees, it is assigned, and the bureau returns it.
      await proposeHandling(f.store.db, { caseId, unitId: 'u-roads', opinion: '请区交通运输局办理', actor: f.actors.office });
      await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader });
      await assignCase(f.store.db, { caseId, actor: f.actors.office });
      await returnCase(f.store.db, { caseId, reason: '井盖属供水公司管理，非本单位职责', actor: f.actors.roads });

      await form.locator('button[type="submit"]').click();
      const notice = form.locator('.stale-notice');
      await expect.poll(() => notice.textContent()).toContain('当前状态为「承办单位已退回」，已不是「已登记」');
      expect(await form.locator('textarea[name="opinion"]').inputValue()).toBe(opinion);
      const c = await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } });
      expect(c.state).toBe('returned');
      expect(await f.store.db.proposal.count({ where: { caseId } })).toBe(1);

      // After the reload the form says why the bureau returned it and proposes as the page now shows.
      await notice.locator('button.stale-reload').click();
      const fresh = page.locator('form[data-action="propose"]');
      await expect.poll(() => fresh.locator('.action-intro').textContent()).toContain('井盖属供水公司管理');
      const details = page.locator('#case-actions details', { has: fresh });
      if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
      await fresh.locator('select[name="unitId"]').selectOption('u-water');
      await fresh.locator('textarea[name="opinion"]').fill('拟请区水务局督促供水公司补装井盖');
      await fresh.locator('button[type="submit"]').click();
      await expect.poll(async () => (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).state).toBe('proposed');
      expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('console: a step answered after the user moved on', () => {
  it('leaves the user on the case they opened next, not the one whose step was still being sent', async () => {
    const first = await f.addMessage({ title: '南街菜市场门口积水', content: '南街菜市场门口下雨就积水，行人无法通过，请尽快疏通排水。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await registerCase(f.store.db, { caseId: first, category: '投诉', actor: f.actors.egov });
    await proposeHandling(f.store.db, { caseId: first, unitId: 'u-roads', opinion: '请区交通运输局疏通排水并答复', actor: f.actors.office });
    const next = await f.addMessage({ title: '北关小区路灯不亮', content: '北关小区路灯不亮一个月了，夜间出行不安全，请尽快维修。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await registerCase(f.store.db, { caseId: next, category: '投诉', actor: f.actors.egov });
    await proposeHandling(f.store.db, { caseId: next, unitId: 'u-roads', opinion: '请区交通运输局维修路灯并答复', actor: f.actors.office });
    const { context, page } = await f.signIn('leader');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/case/${first}`);
      await page.waitForSelector('#timeline');
      // The approval's answer is held back until the leader has opened the next case (a slow network).
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(`**/api/workflow/cases/${first}/**`, async (route) => {
        const response = await route.fetch();
        await held;
        await route.fulfill({ response });
      });
      const form = page.locator('form[data-action="approve_proposal"]');
      await page.locator('#case-actions details', { has: form }).locator('summary').click();
      const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/api/workflow/cases/${first}/`));
      await form.locator('button[type="submit"]').click();
      await expect.poll(async () => (await f.store.db.case.findUniqueOrThrow({ where: { id: first } })).state).toBe('approved');

      await page.goto(`${f.url}/#/case/${next}`);
      const nextForm = page.locator('form[data-action="approve_proposal"]');
      await expect.poll(() => page.locator('#case-title').textContent()).toBe('北关小区路灯不亮');
      release();
      await answered;
      // The old page's reload would land within a task or two; give it the time a render takes.
      await page.waitForTimeout(500);
      await page.waitForLoadState('networkidle');
      expect(page.url()).toBe(`${f.url}/#/case/${next}`);
      expect(await page.locator('#case-title').textContent()).toBe('北关小区路灯不亮');
      await page.locator('#case-actions details', { has: nextForm }).locator('summary').click();
      await nextForm.locator('button[type="submit"]').click();
      await expect.poll(async () => (await f.store.db.case.findUniqueOrThrow({ where: { id: next } })).state).toBe('approved');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

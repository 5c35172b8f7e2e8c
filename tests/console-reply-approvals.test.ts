/**
 * 批量审核 (QA: the leader approved replies case by case on the console while the CLI took several):
 * the leader's 批量审核 page lists the replies 督查室 passed with their text (as text, never markup)
 * and findings; the ticked ones are approved, one with a high-risk finding only when its row
 * acknowledges it, one changed meanwhile says why on its row while the others go through. The
 * routes refuse other roles as a whole (403). A reply 督查室 changed at 审核 keeps the unit's own
 * report on the case page and on 批量审核, under it, with 督查室意见.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewReport, submitReport } from '../workflow/cases/index.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';
import { goodReply } from './helpers/case-steps.js';

let f: ConsoleFixture;
const ids: Record<'plain' | 'markup' | 'risky' | 'stale', string> = { plain: '', markup: '', risky: '', stale: '' };
const markupReply = `${goodReply}<img src=x onerror="window.pwned=1"><b>加粗</b>`;
const riskyReply = `${goodReply}如有疑问请联系留言人张三，电话13912345678。`;

/** A case walked to 督查室已审核待领导审批 with `text` as the unit's reply. */
async function reviewedCase(title: string, text: string): Promise<string> {
  const id = await f.addMessage({ title, content: `${title}，请尽快处理。`, category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(id, 'u-roads');
  await submitReport(f.store.db, { caseId: id, text, actor: f.actors.roads, acknowledgeFindings: true });
  await reviewReport(f.store.db, { caseId: id, accept: true, actor: f.actors.supervision });
  return id;
}

const stateOf = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).state;
const csrf = (page: Page) => page.evaluate(() => document.cookie.match(/csrf[^=]*=([^;]+)/)?.[1] ?? '');

beforeAll(async () => {
  f = await openConsoleFixture();
  ids.plain = await reviewedCase('城关街道路灯不亮', goodReply);
  ids.markup = await reviewedCase('陈炉镇自来水停水', markupReply);
  ids.risky = await reviewedCase('王石凹小区供暖不热', riskyReply);
  ids.stale = await reviewedCase('红土镇公交站牌损坏', goodReply);
});

afterAll(async () => {
  await f?.close();
});

describe('API: 批量审核', () => {
  it('refuses other roles as a whole (403) and lists the replies with their findings for the leader', async () => {
    const office = await f.signIn('office');
    try {
      const list = await office.page.request.get(`${f.url}/api/workflow/replies/awaiting-approval`);
      expect(list.status()).toBe(403);
      const res = await office.page.request.post(`${f.url}/api/workflow/replies/approve`, { data: { items: [{ caseId: ids.plain, reportId: 'x' }] }, headers: { 'x-csrf-token': await csrf(office.page) } });
      expect(res.status()).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      expect(await stateOf(ids.plain)).toBe('reviewed');
    } finally {
      await office.context.close();
    }
    const leader = await f.signIn('leader');
    try {
      const res = await leader.page.request.get(`${f.url}/api/workflow/replies/awaiting-approval`);
      expect(res.status()).toBe(200);
      const body = (await res.json()) as { items: { caseId: string; text: string; blocking: number }[] };
      const risky = body.items.find((r) => r.caseId === ids.risky);
      expect(risky?.text).toBe(riskyReply);
      expect(risky?.blocking).toBeGreaterThan(0);
      expect(body.items.find((r) => r.caseId === ids.plain)?.blocking).toBe(0);
    } finally {
      await leader.context.close();
    }
  });
});

describe('console: 批量审核 for the leader', () => {
  it('approves the ticked replies, holds the unacknowledged high-risk one and the stale one with their reasons', async () => {
    const { context, page } = await f.signIn('leader', { viewport: { width: 1366, height: 768 } });
    const errors = watchPageErrors(page);
    try {
      await page.locator('nav a', { hasText: '批量审核' }).click();
      const card = (id: string) => page.locator(`section.reply-approval[data-case-id="${id}"]`);
      await card(ids.plain).waitFor();
      // The reply's text is read as text: its markup shows as typed and runs nothing.
      await expect.poll(() => card(ids.markup).locator('.reply-text').textContent()).toBe(markupReply);
      expect(await card(ids.markup).locator('.reply-text img').count()).toBe(0);
      expect(await card(ids.risky).locator('.findings .badge.danger').count()).toBeGreaterThan(0);

      // Meanwhile the supervision office's pass is undone for one: sent back and redone, passed again.
      const stale = await f.store.db.handlingReport.findFirstOrThrow({ where: { caseId: ids.stale, status: 'accepted' } });
      await f.store.db.handlingReport.update({ where: { id: stale.id }, data: { status: 'sent_back' } });
      await f.store.db.handlingReport.create({ data: { ...stale, id: `${stale.id}-again`, text: `${goodReply}（修改稿）`, status: 'accepted' } as never });

      for (const id of Object.values(ids)) await card(id).locator('input.reply-pick').check();
      await page.locator('#reply-approvals-approve').click();
      await expect.poll(() => card(ids.plain).locator('.row-outcome').textContent()).toBe('已审批同意，待回复');
      await expect.poll(() => card(ids.risky).locator('.row-outcome').textContent()).toContain('高风险');
      await expect.poll(() => card(ids.stale).locator('.row-outcome').textContent()).toContain('请刷新后再审批');
      expect(await stateOf(ids.plain)).toBe('reply_approved');
      expect(await stateOf(ids.markup)).toBe('reply_approved');
      expect(await stateOf(ids.risky)).toBe('reviewed');
      expect(await stateOf(ids.stale)).toBe('reviewed');

      // Acknowledged, the high-risk reply is approved as the single step would.
      await card(ids.risky).locator('input.reply-acknowledge').check();
      await card(ids.stale).locator('input.reply-pick').uncheck();
      await page.locator('#reply-approvals-approve').click();
      await expect.poll(() => stateOf(ids.risky)).toBe('reply_approved');
      await expect.poll(() => page.locator('#reply-approvals-count').textContent()).toBe('待审批答复 1 件');
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('console: a reply 督查室 changed at 审核', () => {
  // QA 督查室: passing a report with the reply the office settled (对外答复, 修改后的答复), the case
  // page showed only the office's text, for the leader approving it too; the unit's own report was
  // gone from the page, with nothing saying the reply was not the unit's.
  it('shows the settled reply and, under it, the unit\'s own report as text', async () => {
    const id = await f.addMessage({ title: '北关村路灯不亮', content: '北关村路灯不亮，请尽快处理。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(id, 'u-roads');
    await submitReport(f.store.db, { caseId: id, text: markupReply, actor: f.actors.roads, acknowledgeFindings: true });
    const asWritten = await reviewedCase('北关村井盖缺失', goodReply);
    const settled = `${goodReply}我区将持续加强巡查。`;
    await reviewReport(f.store.db, { caseId: id, accept: true, reviewText: settled, note: '答复补充了巡查安排', actor: f.actors.supervision });

    const { context, page } = await f.signIn('leader');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/case/${id}`);
      const original = page.locator('details.report-original');
      await original.waitFor({ state: 'attached', timeout: 10_000 });
      expect(await page.locator('#view').innerText()).toContain(settled);
      expect(await original.locator('summary').textContent()).toBe('督查室审核时修改了答复，查看承办单位报送的原文');
      await original.locator('summary').click();
      expect(await original.locator('.message-text').textContent()).toBe(markupReply);
      expect(await original.locator('img').count()).toBe(0);

      // 批量审核 says so too: the leader approves the office's text knowing it is not the unit's.
      await page.locator('nav a', { hasText: '批量审核' }).click();
      const card = page.locator(`section.reply-approval[data-case-id="${id}"]`);
      await card.waitFor();
      expect(await card.locator('.reply-text').textContent()).toBe(settled);
      expect(await card.locator('details.report-original summary').textContent()).toBe('督查室审核时修改了答复，查看承办单位报送的原文');
      await card.locator('details.report-original summary').click();
      expect(await card.locator('details.report-original .message-text').textContent()).toBe(markupReply);
      expect(await card.locator('details.report-original img').count()).toBe(0);
      expect(await card.locator('.review-note').textContent()).toBe('督查室意见：答复补充了巡查安排');
      // A reply passed as the unit wrote it has no such line.
      await page.locator(`section.reply-approval[data-case-id="${asWritten}"]`).waitFor();
      expect(await page.locator(`section.reply-approval[data-case-id="${asWritten}"] details.report-original`).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/**
 * Second QA pass, in a real browser against the running app: a reversed period on 通报统计 is said
 * beside its fields and the form stays, an impossible start date beside 自 (not 至); a reversed due-date range on the ledger is said, not shown
 * as 0 cases; a handling unit's supervision board shows no stray "null".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await openConsoleFixture();
  await f.addMessage({ title: '新华路路面破损积水', content: '新华路路面破损，雨天积水严重，请尽快修补。', author: '张建国', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
});
afterAll(async () => {
  await f?.close();
});

describe('periods and pages after the second QA pass', () => {
  it('says a reversed bulletin period beside its fields and keeps the form', async () => {
    const { context, page } = await f.signIn('duchashi');
    await page.goto(`${f.url}/#/bulletin?from=2026-11-30&to=2026-11-01`);
    await page.waitForSelector('.field-error');
    // One wording on every page, the server's and the console's (QA: 通报统计 said 起始日期, 建议准确率 开始日期).
    expect(await page.textContent('.field-error')).toBe('开始日期 2026-11-30 晚于结束日期 2026-11-01');
    expect(await page.locator('form.inline-form input[name="from"]').inputValue()).toBe('2026-11-30');
    // Corrected in the form, the page counts the period.
    await page.fill('input[name="from"]', '2026-11-01');
    await page.fill('input[name="to"]', '2026-11-30');
    await page.click('form.inline-form button[type="submit"]');
    await page.waitForSelector('.stats');
    expect(await page.locator('.field-error').count()).toBe(0);
    // A reversed period typed into the form is caught before anything is asked.
    await page.fill('input[name="from"]', '2026-12-05');
    await page.fill('input[name="to"]', '2026-12-01');
    await page.click('form.inline-form button[type="submit"]');
    expect(await page.textContent('.field-error')).toBe('开始日期 2026-12-05 晚于结束日期 2026-12-01');
    await context.close();
  });

  it('says an impossible start date beside 自, the field it is wrong in, not beside 至', async () => {
    const { context, page } = await f.signIn('duchashi');
    for (const path of ['bulletin', 'accuracy']) {
      await page.goto(`${f.url}/#/${path}?from=2026-02-30&to=2026-10-01`);
      await page.waitForSelector('.field-error');
      const fromField = page.locator('form.inline-form .field', { has: page.locator('input[name="from"]') });
      expect(await fromField.locator('.field-error').textContent()).toContain('开始日期');
      expect(await page.locator('input[name="from"]').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('input[name="to"]').getAttribute('aria-invalid')).toBeNull();
    }
    // An impossible end date is still said beside 至.
    await page.goto(`${f.url}/#/bulletin?from=2026-10-01&to=2026-02-30`);
    await page.waitForSelector('.field-error');
    expect(await page.locator('input[name="to"]').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });

  it('says a reversed due-date range on the ledger instead of showing 0 cases', async () => {
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/ledger?dueFrom=2026-12-05&dueTo=2026-12-01`);
    await page.waitForSelector('#ledger-error');
    expect(await page.textContent('#ledger-error')).toContain('时限至 2026-12-01 早于时限自 2026-12-05');
    expect(await page.textContent('#ledger-count')).not.toContain('共 0 件');
    await context.close();
  });

  it("shows a handling unit's supervision board without a stray null", async () => {
    const { context, page } = await f.signIn('roads');
    await page.goto(`${f.url}/#/board`);
    await page.waitForSelector('.board');
    expect(await page.textContent('main')).not.toMatch(/\bnull\b/);
    await context.close();
  });
});

/**
 * The console's 数据导出 in a real browser when the filter matches nothing: the page says so in
 * Chinese (案件 or 留言, as the rows were asked for) and downloads no file of headers alone; an
 * export with rows counts them as 件 (one row per case) or 条 (one row per message). A reversed
 * period is said beside 至 before anything is asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
  await f.addMessage({ title: '印台大道路灯不亮', content: '路灯一周不亮，请尽快修复。', author: '孙磊', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.addMessage({ title: '自来水浑浊', content: '东坡村自来水浑浊。', author: '郑强', category: '投诉', confidence: 0.9, unit: '区水务局', copy: true });
});

afterAll(async () => {
  await f?.close();
});

describe('console: an export that matches nothing', () => {
  it('says so in Chinese and downloads nothing; one with rows counts cases as 件 and messages as 条', async () => {
    const { context, page } = await f.signIn('egov');
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await page.goto(`${f.url}/#/export`);
    await page.waitForSelector('#export-form');
    await page.selectOption('#export-form select[name=category]', '其他');
    await page.click('#export-start');
    await expect.poll(() => page.textContent('#export-status')).toBe('没有符合条件的案件，未下载文件（可调整筛选条件后重新导出）');
    expect(await page.locator('#toasts .toast').last().textContent()).toBe('没有符合条件的案件，未下载文件（可调整筛选条件后重新导出）');
    await page.selectOption('#export-rows-per', 'message');
    await page.click('#export-start');
    await expect.poll(() => page.textContent('#export-status')).toBe('没有符合条件的留言，未下载文件（可调整筛选条件后重新导出）');
    // The log still records both exports, with 0 rows.
    await expect.poll(() => f.store.db.exportLog.count({ where: { actor: 'egov', rows: 0, status: 'done' } })).toBe(2);
    expect(downloads).toEqual([]);

    // With rows: two cases (the water case has a copy), three messages.
    await page.selectOption('#export-form select[name=category]', '投诉');
    await page.selectOption('#export-rows-per', 'case');
    const [byCase] = await Promise.all([page.waitForEvent('download'), page.click('#export-start')]);
    expect(byCase.suggestedFilename()).toMatch(/\.csv$/);
    await expect.poll(() => page.textContent('#export-status')).toBe('已导出 2 / 2 件');
    expect(await page.textContent('#export-download')).toMatch(/（2 件）$/);
    await page.selectOption('#export-rows-per', 'message');
    await Promise.all([page.waitForEvent('download'), page.click('#export-start')]);
    await expect.poll(() => page.textContent('#export-status')).toBe('已导出 3 / 3 条');
    expect(await page.textContent('#export-download')).toMatch(/（3 条）$/);
    await context.close();
  });

  it('says a reversed period beside 至 and asks the server nothing', async () => {
    const { context, page } = await f.signIn('egov');
    let posts = 0;
    page.on('request', (r) => r.method() === 'POST' && r.url().includes('/api/exports') && (posts += 1));
    await page.goto(`${f.url}/#/export`);
    await page.waitForSelector('#export-form');
    await page.fill('#export-form input[name=from]', '2026-12-05');
    await page.fill('#export-form input[name=to]', '2026-11-01');
    await page.click('#export-start');
    const toField = page.locator('#export-form .field', { has: page.locator('input[name=to]') });
    await expect.poll(() => toField.locator('.field-error').textContent()).toBe('开始日期 2026-12-05 晚于结束日期 2026-11-01');
    expect(await page.locator('#export-form input[name=to]').getAttribute('aria-invalid')).toBe('true');
    expect(posts).toBe(0);
    // Corrected, the export runs and the message goes.
    await page.fill('#export-form input[name=from]', '2026-01-01');
    await page.fill('#export-form input[name=to]', '');
    await Promise.all([page.waitForEvent('download'), page.click('#export-start')]);
    expect(await page.locator('#export-form .field-error').count()).toBe(0);
    expect(posts).toBe(1);
    await context.close();
  });
});

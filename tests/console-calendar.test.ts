/**
 * 节假日安排 in a real browser against the running app: an admin loads a year's holiday schedule
 * from a JSON file and sees what was loaded and what the recount did; a file that is no JSON or not
 * UTF-8 (GBK), or a schedule the server refuses, is said in Chinese; other roles get no such page.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await openConsoleFixture();
});
afterAll(async () => {
  await f?.close();
});

const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

describe('console: 节假日安排', () => {
  it('lets an admin load a year from a file and shows the result', async () => {
    const { context, page } = await f.signIn('admin');
    await page.click('#nav a[href="#/calendar"]');
    await page.waitForSelector('#calendar-form');
    expect(await page.textContent('#calendar-years')).toContain('尚未载入');

    await page.setInputFiles('#calendar-form input[name=file]', file('bad.json', '{"year": 2031,'));
    await page.click('#calendar-form button[type=submit]');
    await expect.poll(() => page.textContent('#toasts')).toContain('文件不是有效的 JSON：bad.json');

    // JSON of another shape is said in the file's terms, not as the API's 参数 请求 无效.
    await page.setInputFiles('#calendar-form input[name=file]', file('list.json', '["2031-01-01"]'));
    await page.click('#calendar-form button[type=submit]');
    await expect.poll(() => page.textContent('#toasts')).toContain('文件内容应为 {"year": 2027, "holidays": [');
    expect(await page.textContent('#toasts')).not.toContain('参数');

    // Saved as GBK (a Chinese Windows PC's ANSI): refused, not loaded with garbled names.
    await page.setInputFiles('#calendar-form input[name=file]', { name: 'gbk.json', mimeType: 'application/json', buffer: iconv.encode(JSON.stringify({ year: 2031, holidays: { '2031-01-01': '元旦' }, workdays: [] }), 'gbk') });
    await page.click('#calendar-form button[type=submit]');
    await expect.poll(() => page.textContent('#toasts')).toContain('文件 gbk.json 不是 UTF-8 编码（可能以 GBK/ANSI 保存）：请将文件另存为 UTF-8 后重新载入');
    expect(await page.textContent('#calendar-years')).toContain('尚未载入');

    await page.setInputFiles('#calendar-form input[name=file]', file('2031.json', JSON.stringify({ year: 2031, holidays: ['2030-01-01'] })));
    await page.click('#calendar-form button[type=submit]');
    await expect.poll(() => page.textContent('#toasts')).toContain('不属于 2031 年');

    const schedule = { year: 2031, holidays: { '2031-01-01': '元旦', '2031-01-02': '元旦' }, workdays: ['2031-01-04'] };
    await page.setInputFiles('#calendar-form input[name=file]', file('2031.json', JSON.stringify(schedule)));
    await page.click('#calendar-form button[type=submit]');
    await page.waitForSelector('#calendar-result');
    expect(await page.textContent('#calendar-result')).toContain('已载入 2031 年：节假日 2 天，调休工作日 1 天。核对时限跨 2031 年、尚未办结的交办 0 件，时限改变 0 件。');
    expect(await page.locator('#calendar-years tbody tr').allTextContents()).toEqual(['203121']);
    await context.close();
  });

  it('is not offered to other roles', async () => {
    const { context, page } = await f.signIn('duchashi');
    expect(await page.locator('#nav a[href="#/calendar"]').count()).toBe(0);
    // The address alone does not open it: the console goes to the role's home page.
    await page.goto(`${f.url}/#/calendar`);
    await expect.poll(() => page.url()).toMatch(/#\/board$/);
    expect(await page.locator('#calendar-form').count()).toBe(0);
    await context.close();
  });
});

/**
 * What staff met in a day's use of the console, in a real browser against the running app:
 * 数据导出 shows no stray "null" where a role has no 卷内目录 card; on a phone the admin's table of
 * accounts keeps its buttons readable (not one character a line); and a unit's reply pasted over
 * the length the server takes is not silently cut short by the browser but refused beside the
 * field, saying the limit and the length, with nothing sent.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, phoneWindow, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
let reportCase = '';

beforeAll(async () => {
  f = await openConsoleFixture();
  reportCase = await f.addMessage({ title: '新华路路面破损', content: '新华路中段路面破损，下雨积水，行人车辆通行困难。', author: '周明', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(reportCase, 'u-roads');
});

afterAll(async () => {
  await f?.close();
});

/** Counts the state-changing requests a page sends to the case steps. */
function countCasePosts(page: Page): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/workflow/cases/')) n += 1;
  });
  return () => n;
}

describe('console: 数据导出 for the roles without 卷内目录', () => {
  it('shows no stray "null" text on the page', async () => {
    for (const username of ['egov', 'office', 'leader', 'roads']) {
      const { context, page } = await f.signIn(username);
      await page.goto(`${f.url}/#/export`);
      await page.waitForSelector('#export-log tbody tr');
      expect(await page.locator('#export-catalogue').count()).toBe(0);
      const stray = await page.evaluate(`[...document.querySelector('#view .page').childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent)`);
      expect({ username, stray }).toEqual({ username, stray: [] });
      expect(await page.locator('#view').innerText()).not.toContain('null');
      await context.close();
    }
  });
});

describe('console: the accounts table on a phone', () => {
  it('keeps 重设密码, 登录记录 and 停用 on one line each', async () => {
    const { context, page } = await f.signIn('admin', phoneWindow);
    await page.goto(`${f.url}/#/accounts`);
    await page.waitForSelector('#users tbody tr .row-actions button');
    // Each action's words on one line: the line boxes of its text (a squeezed button gives one a character).
    const boxes = (await page.evaluate(
      `[...document.querySelectorAll('#users .row-actions > *')].map((el) => { const range = document.createRange(); range.selectNodeContents(el); const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top))); return { text: el.textContent, lines: tops.size }; })`,
    )) as { text: string; lines: number }[];
    expect(boxes.length).toBeGreaterThan(5);
    expect(boxes.filter((b) => b.lines > 1)).toEqual([]);
    await context.close();
  });
});

describe('console: a reply longer than the server takes', () => {
  it('is refused beside the field with the limit and its length, not cut short by the browser', async () => {
    const { context, page } = await f.signIn('roads');
    const posts = countCasePosts(page);
    await page.goto(`${f.url}/#/case/${reportCase}`);
    const details = page.locator('#case-actions details', { has: page.locator('form[data-action="submit_report"]') });
    await details.locator('summary').click();
    const form = page.locator('form[data-action="submit_report"]');
    const text = `${'经核查，新华路中段路面已修补。'.repeat(1400)}此致。`; // 21,003 characters, the end after the limit
    await form.locator('textarea[name=text]').fill(text);
    // What was pasted stays whole, so the writer sees the end they wrote.
    const kept = await form.locator('textarea[name=text]').inputValue();
    expect({ length: kept.length, end: kept.slice(-3) }).toEqual({ length: text.length, end: '此致。' });
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.field-error').allTextContents()).toEqual([`办理情况（答复意见）过长：最多 20000 字，现有 ${text.length} 字`]);
    expect(posts()).toBe(0);
    expect((await f.store.db.case.findUniqueOrThrow({ where: { id: reportCase } })).state).toBe('assigned');
    await context.close();
  });
});

/**
 * 建议准确率 in a real browser against the running app: the figures of agreement-seed.ts's store as
 * tables and charts with their explanation, a period of decision dates (and one without any
 * decision, said plainly), and who may see it: the offices named in suggestionAgreementViewers; a
 * handling unit (and the government office) gets no menu entry and a 403 from the API.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReviewedCases } from './agreement-seed.js';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await openConsoleFixture();
  await seedReviewedCases(f.store.db, f.actors);
});
afterAll(async () => {
  await f?.close();
});


const rows = (page: Page, id: string) => page.locator(`#${id} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));

describe('console: 建议准确率', () => {
  it('shows the figures as tables and charts, explained, for all time and for a period', async () => {
    const { context, page } = await f.signIn('leader');
    const errors = watchPageErrors(page);
    await page.click('#nav a[href="#/accuracy"]');
    await page.waitForSelector('#accuracy-summary');
    expect(await page.textContent('#accuracy-intro')).toContain('以本区工作人员的决定为准');
    const stats = await page.locator('#accuracy-summary .stat').allTextContents();
    expect(stats).toEqual(['8审核过的案件', '83.3%分类一致（5/6）', '33.3%不予受理精确率（1/3）', '33.3%不予受理召回率（1/3）', '83.3%复杂程度一致（5/6）', '83.3%紧急程度一致（5/6）', '50.0%承办单位一致（1/2）', '50.0%重复关联精确率（1/2）']);
    expect(await rows(page, 'accuracy-classes')).toContainEqual(['投诉', '50.0%', '100.0%', '0.667', '2', '1']);
    expect(await rows(page, 'accuracy-confusion')).toContainEqual(['投诉', '0', '0', '1', '1', '0']);
    expect(await rows(page, 'accuracy-bands')).toEqual([
      ['<0.5', '0', '—', '—'],
      ['0.5–0.7', '1', '0.60', '100.0%（1/1）'],
      ['0.7–0.9', '2', '0.80', '100.0%（2/2）'],
      ['≥0.9', '3', '0.93', '66.7%（2/3）'],
    ]);
    expect(await rows(page, 'accuracy-oos-counts')).toEqual([
      ['建议不予受理', '1', '2'],
      ['未建议', '2', '3'],
    ]);
    expect(await rows(page, 'accuracy-reasons')).toEqual([
      ['商业广告或要求赞助', '1', '100.0%（1/1）'],
      ['已进入诉讼、仲裁、行政复议程序', '1', '0.0%（0/1）'],
      ['纯属个人问题', '1', '0.0%（0/1）'],
    ]);
    expect((await rows(page, 'accuracy-values'))[3]).toEqual(['重复留言', '50.0%（1/2）', '—', '自动关联 2 条，拆分为误判 1 条；合并漏判 1 次']);
    expect(await rows(page, 'accuracy-month-table')).toEqual([
      ['2026-09', '50.0%（1/2）', '—', '0.0%（0/1）'],
      ['2026-10', '100.0%（4/4）', '33.3%（1/3）', '50.0%（1/2）'],
    ]);
    // Charts: the calibration bands and the months, each column labelled with its month.
    expect(await page.locator('#accuracy-calibration svg.chart rect').count()).toBe(8);
    expect(await page.locator('#chart-month-category .chart-axis').allTextContents()).toEqual(expect.arrayContaining(['2026-09', '2026-10']));
    expect(await page.locator('#chart-month-oos rect title').allTextContents()).toContain('2026-10 建议但决定受理：2');
    expect(await page.locator('#chart-month-oos-rates .chart-value').allTextContents()).toEqual(['—', '0.0%', '33.3%', '50.0%']);
    // Each section says what its figures mean.
    expect(await page.textContent('#accuracy-calibration .hint')).toContain('置信度约 0.9 的建议，应约有九成正确');

    await page.fill('#accuracy-period input[name=from]', '2026-10-01');
    await page.fill('#accuracy-period input[name=to]', '2026-10-31');
    await page.click('#accuracy-period button[type=submit]');
    await expect.poll(() => page.url()).toMatch(/#\/accuracy\?from=2026-10-01&to=2026-10-31$/);
    await expect.poll(() => page.locator('#accuracy-summary .stat').first().textContent()).toBe('5审核过的案件');
    expect(await rows(page, 'accuracy-month-table')).toEqual([['2026-10', '100.0%（4/4）', '33.3%（1/3）', '50.0%（1/2）']]);

    await page.goto(`${f.url}/#/accuracy?from=2025-01-01&to=2025-12-31`);
    await page.waitForSelector('#accuracy-empty');
    expect(await page.textContent('#accuracy-empty')).toBe('该期间没有工作人员审核过的案件，无从比较分类、不予受理等建议。');
    expect(await page.locator('#accuracy-summary').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says a reversed period next to its fields', async () => {
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/accuracy?from=2026-10-31&to=2026-10-01`);
    await page.waitForSelector('#accuracy-period');
    await expect.poll(() => page.textContent('#accuracy-period')).toContain('开始日期 2026-10-31 晚于结束日期 2026-10-01');
    await context.close();
  });

  it('is for the reviewing and supervising offices only, checked on the server', async () => {
    for (const username of ['egov', 'duchashi', 'admin']) {
      const { context, page } = await f.signIn(username);
      expect(await page.locator('#nav a[href="#/accuracy"]').count(), username).toBe(1);
      expect((await context.request.get(`${f.url}/api/console/suggestion-agreement`)).status(), username).toBe(200);
      await context.close();
    }
    for (const username of ['roads', 'office']) {
      const { context, page } = await f.signIn(username);
      expect(await page.locator('#nav a[href="#/accuracy"]').count(), username).toBe(0);
      const answer = await context.request.get(`${f.url}/api/console/suggestion-agreement`);
      expect(answer.status(), username).toBe(403);
      // The address alone does not open it: the console goes to the role's home page.
      await page.goto(`${f.url}/#/accuracy`);
      await expect.poll(() => page.url()).not.toMatch(/#\/accuracy/);
      expect(await page.locator('#accuracy-summary').count()).toBe(0);
      await context.close();
    }
    // Without a session: 401.
    const anonymous = await f.browser.newContext();
    expect((await anonymous.request.get(`${f.url}/api/console/suggestion-agreement`)).status()).toBe(401);
    await anonymous.close();
  });
});

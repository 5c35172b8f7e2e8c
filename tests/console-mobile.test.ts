/**
 * The console on a phone (375×812, touch), as a district leader and the supervision office use it:
 * the pages walked never scroll sideways as a whole, the ledger's columns stay readable (its table
 * scrolls inside itself instead), the bulletin's charts fit the screen with their 12px text at 12px,
 * and the approval buttons are visible, on top, and clicked without force: a leader approves a 拟办
 * and a reply, 督查室 passes a report in 审核.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright';
import { proposeHandling, registerCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import { openConsoleFixture, password, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
let proposed: string;
let reply: string;
let report: string;

beforeAll(async () => {
  f = await openConsoleFixture();
  const db = f.store.db;
  const letter = '王家河小区从周一开始停水，已经三天了，请尽快恢复供水。小区内有老人和小孩，生活非常不便，物业说是管网维修但没有任何通知。';
  proposed = await f.addMessage({ title: '王家河小区停水三天，老人小孩生活不便，请尽快恢复供水', content: letter.repeat(3), category: '求助', confidence: 0.9, unit: '区水务局' });
  await registerCase(db, { caseId: proposed, category: '求助', actor: f.actors.egov });
  await proposeHandling(db, { caseId: proposed, unitId: 'u-water', opinion: '请区水务局核实停水原因，尽快恢复供水并答复网民', actor: f.actors.office });
  reply = await f.addMessage({ title: '新华路公交站牌倒了', content: '新华路公交站牌被风刮倒，无人处理。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(reply, 'u-roads');
  await submitReport(db, { caseId: reply, text: '经核实，新华路公交站牌已于当日重新安装加固，恢复正常使用。感谢您对我区工作的关心和支持。', actor: f.actors.roads });
  await reviewReport(db, { caseId: reply, accept: true, note: '办理情况属实', actor: f.actors.supervision });
  report = await f.addMessage({ title: '城关街道路灯不亮', content: '城关街道路灯不亮半个月了，晚上出行不安全。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(report, 'u-roads');
  await submitReport(db, { caseId: report, text: '经核实，城关街道路灯线路老化，已于本周更换线路，恢复照明。感谢您的监督。', actor: f.actors.roads });
  // Overdue cases of past weeks: the board's lists, the bulletin's weekly columns and unit bars.
  for (let i = 0; i < 4; i++) {
    const id = await f.addMessage({ title: `印台大道第${i + 1}段路面坑洼严重影响通行`, content: '路面坑洼，车辆通行困难。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(id, 'u-roads', new Date(Date.now() - (i + 2) * 5 * 86_400_000));
  }
}, 240_000);

afterAll(async () => {
  await f?.close();
});

/** A phone's browser signed in as `username`. */
async function phone(browser: Browser, username: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(f.url);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('#logout');
  return { page, close: () => context.close() };
}

/** The page's width against the window's: more means the whole page scrolls sideways. */
const pageWidth = (page: Page) => page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth }));

/** The button is shown, inside the window's width, and is what a tap on its middle reaches (no header or toast over it). */
async function expectTappable(button: Locator): Promise<void> {
  await button.scrollIntoViewIfNeeded();
  const hit = await button.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { left: Math.round(r.left), right: Math.round(r.right), onTop: top !== null && el.contains(top), width: innerWidth };
  });
  expect(hit).toMatchObject({ onTop: true });
  expect(hit.left).toBeGreaterThanOrEqual(0);
  expect(hit.right).toBeLessThanOrEqual(hit.width);
}

/** Opens an action form's details on the case page and taps its submit button (no force). */
async function tapAction(page: Page, action: string): Promise<void> {
  const form = page.locator(`form[data-action="${action}"]`);
  await page.locator('#case-actions details', { has: form }).locator('summary').click();
  const submit = form.locator('button[type="submit"]');
  await expectTappable(submit);
  await submit.click({ timeout: 10_000 });
}

const state = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).state;

describe('console on a phone: the leader', () => {
  it('reads the board, 待我办理, a case, the bulletin and the ledger without sideways scrolling', async () => {
    const { page, close } = await phone(f.browser, 'leader');
    const errors = watchPageErrors(page);
    try {
      for (const hash of ['#/board', '#/ledger?todo=true', `#/case/${proposed}`, '#/bulletin', '#/ledger']) {
        await page.goto(`${f.url}/${hash}`);
        await page.waitForSelector(hash.startsWith('#/case') ? '#timeline' : 'main h2');
        if (hash === '#/bulletin') await page.waitForSelector('#chart-ontime svg');
        if (hash.startsWith('#/ledger')) await page.waitForSelector('#ledger tbody tr[data-case-id]');
        expect({ hash, ...(await pageWidth(page)) }).toEqual({ hash, scrollWidth: 375, innerWidth: 375 });
      }

      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows the ledger in readable columns, the table scrolling inside itself', async () => {
    const { page, close } = await phone(f.browser, 'leader');
    try {
      await page.goto(`${f.url}/#/ledger`);
      await page.waitForSelector('#ledger tbody tr[data-case-id]');
      // No column squeezed to a character a line (状态 and 类别 were, at 33 px).
      const cells = await page.locator('#ledger tbody tr[data-case-id]').first().evaluate((tr) => [...tr.querySelectorAll('td:not(.num)')].map((td) => Math.round(td.getBoundingClientRect().width)));
      expect(Math.min(...cells)).toBeGreaterThanOrEqual(56);
      const table = await page.locator('#ledger').evaluate((t) => ({ scroll: getComputedStyle(t).overflowX, right: t.getBoundingClientRect().right }));
      expect(table.scroll).toBe('auto');
      expect(table.right).toBeLessThanOrEqual(375);
    } finally {
      await close();
    }
  });

  it('draws the bulletin\'s charts inside the screen, their 12px text at 12px', async () => {
    const { page, close } = await phone(f.browser, 'leader');
    try {
      // They were drawn at 560-640 px and shrunk to the screen: 12px labels shown at 6px.
      await page.goto(`${f.url}/#/bulletin`);
      await page.waitForSelector('#chart-ontime svg');
      const charts = await page.locator('svg.chart').evaluateAll((svgs) =>
        svgs.map((svg) => {
          const r = svg.getBoundingClientRect();
          const box = (svg as SVGSVGElement).viewBox.baseVal;
          return { right: Math.round(r.right), scale: Math.round((r.width / box.width) * 100) / 100, labels: [...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect().right).filter((x) => x > innerWidth).length };
        }),
      );
      expect(charts.length).toBeGreaterThanOrEqual(3);
      for (const chart of charts) expect(chart).toEqual({ right: expect.any(Number), scale: 1, labels: 0 });
      for (const chart of charts) expect(chart.right).toBeLessThanOrEqual(375);
    } finally {
      await close();
    }
  });

  it('approves a 拟办 and then a reply with taps, the buttons on top and on screen', async () => {
    const { page, close } = await phone(f.browser, 'leader');
    try {
      await page.goto(`${f.url}/#/case/${proposed}`);
      await page.waitForSelector('#timeline');
      await tapAction(page, 'approve_proposal');
      await expect.poll(() => state(proposed)).toBe('approved');
      // Straight on to the reply, while the toast of the approval is still shown.
      await page.goto(`${f.url}/#/case/${reply}`);
      await page.waitForSelector('#timeline');
      expect(await page.locator('.toast').count()).toBeGreaterThan(0);
      await tapAction(page, 'approve_reply');
      await expect.poll(() => state(reply)).toBe('reply_approved');
      expect(await pageWidth(page)).toEqual({ scrollWidth: 375, innerWidth: 375 });
    } finally {
      await close();
    }
  });
});

describe('console on a phone: 督查室', () => {
  it('passes a report in 审核 with a tap', async () => {
    const { page, close } = await phone(f.browser, 'duchashi');
    try {
      await page.waitForSelector('main h2');
      expect(await pageWidth(page)).toEqual({ scrollWidth: 375, innerWidth: 375 });
      await page.goto(`${f.url}/#/case/${report}`);
      await page.waitForSelector('#timeline');
      await tapAction(page, 'accept_report');
      await expect.poll(() => state(report)).toBe('reviewed');
      expect(await pageWidth(page)).toEqual({ scrollWidth: 375, innerWidth: 375 });
    } finally {
      await close();
    }
  });
});

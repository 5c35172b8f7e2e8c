/**
 * 批量回访's 已填写 N 行 dock on a long list (61 replied cases awaiting 回访), in a real browser, on a
 * desktop and on a phone (390×844, touch): a row filled far down the page brings up, at the bottom
 * of the window, 已填写 N 行 (announced politely) with 「保存已填写的行」, so nobody scrolls back to the
 * top to save; its button saves the filled rows (recorded in the store) and the dock then goes,
 * taking no space; a row refused stays counted, the summary beside the button. At the end of the
 * page the dock rests below the last row, never over it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { addRepliedCases } from './helpers/replied-cases.js';
import { boxOf } from './helpers/page-boxes.js';
import { openConsoleFixture, phoneWindow, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const total = 61;

beforeAll(async () => {
  f = await openConsoleFixture();
  await addRepliedCases(f, total);
}, 600_000);

afterAll(async () => {
  await f?.close();
});


/** Whether a tap at the middle of `selector` reaches it (nothing pinned or no row over it). */
const reached = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel)!;
    const r = el.getBoundingClientRect();
    return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
  }, selector);

const countShown = (page: Page) => page.evaluate(() => document.querySelector('#visits-pending-count')?.textContent ?? null);

/**
 * Fills row `near` (far down) and the last row, checks the dock in the window and at the page's
 * end, then saves both through the dock's button (by `press`) and checks the store and that the
 * dock has gone.
 */
async function fillAndSaveFromDock(page: Page, near: number, press: (selector: string) => Promise<void>): Promise<void> {
  const rows = page.locator('#visit-rows tbody tr[data-case-id]');
  const count = await rows.count();
  expect(count).toBeGreaterThan(near + 1);
  // Nothing filled: no dock, and no room kept for one.
  expect(await boxOf(page, '#visits-pending')).toBeNull();

  const row = rows.nth(near);
  await row.locator('select[name=satisfaction]').scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => scrollY);
  expect(scrolled).toBeGreaterThan(900);
  await row.locator('select[name=satisfaction]').selectOption('satisfied');
  await row.locator('input[name=note]').fill('电话联系，群众满意');
  await expect.poll(() => countShown(page)).toBe('已填写 1 行');
  // In the window, below the pinned header, with its button reachable; said politely.
  const dock = (await boxOf(page, '#visits-pending'))!;
  const header = (await boxOf(page, 'header#top'))!;
  const viewport = page.viewportSize()!;
  expect(dock.top).toBeGreaterThanOrEqual(header.bottom);
  expect(dock.bottom).toBeLessThanOrEqual(viewport.height);
  expect(dock.left).toBeGreaterThanOrEqual(0);
  expect(dock.right).toBeLessThanOrEqual(viewport.width);
  expect(await page.getAttribute('#visits-pending', 'role')).toBe('region');
  expect(await page.getAttribute('#visits-pending-live', 'aria-live')).toBe('polite');
  expect(await page.textContent('#visits-pending-live')).toBe('已填写 1 行');
  expect(await page.textContent('#visits-pending-save')).toBe('保存已填写的行');
  expect(await reached(page, '#visits-pending-save')).toBe(true);
  // The top button is still there.
  expect(await page.locator('#visits-save-all').count()).toBe(1);

  // A 满意度 taken back leaves the count; chosen again, it is back.
  await row.locator('select[name=satisfaction]').selectOption('');
  await expect.poll(() => boxOf(page, '#visits-pending')).toBeNull();
  await row.locator('select[name=satisfaction]').selectOption('satisfied');
  await expect.poll(() => countShown(page)).toBe('已填写 1 行');

  // The last row filled too; at the end of the page the last row is above the dock, not under it.
  const last = rows.nth(count - 1);
  await last.locator('select[name=satisfaction]').selectOption('basically_satisfied');
  await expect.poll(() => countShown(page)).toBe('已填写 2 行');
  await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
  const lastBox = (await last.boundingBox())!;
  const atEnd = (await boxOf(page, '#visits-pending'))!;
  expect(lastBox.y + lastBox.height).toBeLessThanOrEqual(atEnd.top);
  expect(atEnd.bottom).toBeLessThanOrEqual(viewport.height);
  expect(await reached(page, `#visit-rows tbody tr[data-case-id="${await last.getAttribute('data-case-id')}"] button.visit-save`)).toBe(true);

  // Back up to the row, then saved from the dock: both rows recorded, and the dock goes.
  await row.locator('select[name=satisfaction]').scrollIntoViewIfNeeded();
  await press('#visits-pending-save');
  await expect.poll(() => page.textContent('#visits-summary')).toBe('已保存 2 件');
  const ids = [(await row.getAttribute('data-case-id'))!, (await last.getAttribute('data-case-id'))!];
  const visits = await f.store.db.visit.findMany({ where: { caseId: { in: ids } } });
  expect(Object.fromEntries(visits.map((v) => [v.caseId, [v.satisfaction, v.note, v.visitedBy]]))).toEqual({
    [ids[0]!]: ['satisfied', '电话联系，群众满意', 'duchashi'],
    [ids[1]!]: ['basically_satisfied', null, 'duchashi'],
  });
  expect(await row.locator('.visit-status').textContent()).toBe('已保存：满意（电话），已回访办结');
  await expect.poll(() => boxOf(page, '#visits-pending')).toBeNull();
  expect(await page.textContent('#visits-pending-live')).toBe('没有已填写、尚未保存的行');
}

describe('批量回访\'s 已填写 N 行 dock on a long list', () => {
  it('on a desktop: follows a row filled far down, saves from its button, then goes; never over the last row', async () => {
    const { context, page } = await f.signIn('duchashi');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/visits`);
      await page.waitForSelector('#visit-rows tbody tr[data-case-id]');
      expect(await page.locator('#visit-rows tbody tr[data-case-id]').count()).toBe(total);
      await fillAndSaveFromDock(page, 45, (selector) => page.click(selector));
      // A row refused (不满意 without the citizen's words) stays in the dock, the summary beside its button.
      const refused = page.locator('#visit-rows tbody tr[data-case-id]').nth(50);
      await refused.locator('select[name=satisfaction]').selectOption('dissatisfied');
      await expect.poll(() => countShown(page)).toBe('已填写 1 行');
      await page.click('#visits-pending-save');
      await expect.poll(() => page.textContent('#visits-pending-note')).toBe('已保存 0 件，1 件未保存（原因见各行）');
      expect(await refused.locator('.visit-error').textContent()).toBe('未保存：不满意的回访请填写群众意见');
      expect(await countShown(page)).toBe('已填写 1 行');
      expect(await page.isEnabled('#visits-pending-save')).toBe(true);
      await refused.locator('select[name=satisfaction]').selectOption('');
      await expect.poll(() => boxOf(page, '#visits-pending')).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('on a phone: the same by taps, the dock within the screen\'s width', async () => {
    const { context, page } = await f.signIn('duchashi', phoneWindow);
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/visits`);
      await page.waitForSelector('#visit-rows tbody tr[data-case-id]');
      await fillAndSaveFromDock(page, 30, async (selector) => {
        const r = (await page.locator(selector).boundingBox())!;
        await page.touchscreen.tap(r.x + r.width / 2, r.y + r.height / 2);
      });
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});

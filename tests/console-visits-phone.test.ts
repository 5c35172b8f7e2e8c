/**
 * 批量回访 on a phone (390×844, touch), with a long list (61 replied cases awaiting 回访), as the
 * centre's staff record visits on the way: the page has no tick boxes but a form on each row
 * (满意度, 回访方式, 回访记录, 保存) and a link to the case. Every row, the first and the last alike, is a card whose controls
 * are within the screen (no sideways scrolling to reach 保存), at least 40 px tall and wide, and
 * not covered by anything pinned (the header, a toast): what a tap at a control's middle reaches is
 * the control. A row far down is filled and saved by taps, and its answer is said on its row
 * (aria-live). The page itself never scrolls sideways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { addRepliedCases } from './helpers/replied-cases.js';
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

/**
 * Each of a row's controls as a finger meets it: its size, whether it is within the screen's
 * width, and whether a tap at its middle reaches it (nothing pinned or no other row over it).
 */
const controlsOf = (page: Page, index: number) =>
  page.evaluate((i) => {
    const tr = document.querySelectorAll('#visit-rows tbody tr[data-case-id]')[i];
    const controls = ['td:first-child a', 'select[name=satisfaction]', 'select[name=method]', 'input[name=note]', 'button.visit-save'];
    return controls.map((sel) => {
      const el = tr!.querySelector(sel)!;
      // Scrolled to as a thumb scrolls the page: up and down only (a table that scrolls sideways
      // inside itself is left where it is, at its start).
      window.scrollBy(0, el.getBoundingClientRect().top - window.innerHeight / 2);
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {
        control: sel,
        tallEnough: r.height >= 40,
        wideEnough: r.width >= 40,
        onScreen: r.left >= 0 && r.right <= window.innerWidth,
        reached: Boolean(hit && el.contains(hit)),
      };
    });
  }, index);

describe('批量回访 on a phone, a long list', () => {
  it('shows each row as a card whose controls are finger-sized, within the screen and never covered; a row far down is saved by taps', async () => {
    const { context, page } = await f.signIn('duchashi', phoneWindow);
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/visits`);
      await page.waitForSelector('#visit-rows tbody tr[data-case-id]');
      expect(await page.textContent('#visits-count')).toBe(`待回访 ${total} 件`);
      const rows = page.locator('#visit-rows tbody tr[data-case-id]');
      expect(await rows.count()).toBe(total);

      const fine = (control: string) => ({ control, tallEnough: true, wideEnough: true, onScreen: true, reached: true });
      const expected = ['td:first-child a', 'select[name=satisfaction]', 'select[name=method]', 'input[name=note]', 'button.visit-save'].map(fine);
      for (const n of [0, 30, total - 1]) expect({ row: n, controls: await controlsOf(page, n) }).toEqual({ row: n, controls: expected });
      // The page never scrolls sideways (a wide table would make the staff member hunt for 保存).
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => { const t = document.querySelector('#visit-rows')!; return t.scrollWidth <= t.clientWidth; })).toBe(true);

      // The last row, at the end of the page, filled and saved by taps.
      const last = rows.nth(total - 1);
      await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
      const tapAt = async (selector: string) => {
        const r = (await last.locator(selector).boundingBox())!;
        await page.touchscreen.tap(r.x + r.width / 2, r.y + r.height / 2);
      };
      await tapAt('select[name=satisfaction]');
      await last.locator('select[name=satisfaction]').selectOption('satisfied');
      await tapAt('input[name=note]');
      expect(await last.locator('input[name=note]').evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type('电话联系，群众满意');
      await tapAt('button.visit-save');
      await expect.poll(() => last.locator('.visit-status').textContent()).toBe('已保存：满意（电话），已回访办结');
      expect(await last.locator('.visit-status').getAttribute('aria-live')).toBe('polite');
      expect(new URL(page.url()).hash).toBe('#/visits');
      const caseId = (await last.getAttribute('data-case-id'))!;
      const visits = await f.store.db.visit.findMany({ where: { caseId } });
      expect(visits.map((v) => [v.satisfaction, v.method, v.note, v.visitedBy])).toEqual([['satisfied', 'phone', '电话联系，群众满意', 'duchashi']]);
      // Saved, the row's status line is within the screen too.
      const status = (await last.locator('.visit-status').boundingBox())!;
      expect(status.x + status.width).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});

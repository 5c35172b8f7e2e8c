/**
 * The ledger's 批量 bar on a long ledger (60+ cases, 50 a page), as 区政府办 ticks cases for 批量拟办
 * in a real browser: on a desktop, a case ticked far down the page brings up the selection bar at the
 * bottom of the window (已选 N 件, announced politely, with the batch's buttons), never over the
 * pinned header and never over the last card once the page is scrolled to its end; with nothing
 * ticked the bar takes no space. On a phone, a tap anywhere in a card's 44 px tick area (its four
 * corners and its middle) ticks or unticks the case and never opens it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { registerCase } from '../workflow/cases/index.js';
import { boxOf } from './helpers/page-boxes.js';
import { openConsoleFixture, phoneWindow, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
  const places = ['城关街道', '王益街道', '陈炉镇', '红土镇', '广阳镇', '金锁关镇', '阿庄镇'];
  for (let i = 0; i < 62; i++) {
    const title = `${places[i % places.length]}第${i + 1}号路灯不亮，夜间出行不便`;
    const id = await f.addMessage({ title, content: `${title}，请尽快维修。`, category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await registerCase(f.store.db, { caseId: id, category: '投诉', actor: f.actors.egov });
  }
}, 300_000);

afterAll(async () => {
  await f?.close();
});


/**
 * A finger's tap: a touch with a contact area (`radius` px), as a phone reports it, so Chromium's
 * tap adjustment may move it onto a nearby link; page.touchscreen.tap touches a single point.
 */
async function fingerTap(page: Page, x: number, y: number, radius = 12): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const point = { x, y, radiusX: radius, radiusY: radius, force: 1 };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** The ledger's first page, its 50 rows awaiting 拟办 each with a tick box. */
async function openLedger(page: Page) {
  await page.goto(`${f.url}/#/ledger`);
  await page.waitForSelector('#ledger tbody tr[data-case-id] .propose-pick');
  const rows = page.locator('#ledger tbody tr[data-case-id]');
  expect(await rows.count()).toBe(50);
  return rows;
}

/** The bar's count as shown (null without one), read at once rather than waited for. */
const countShown = (page: Page) => page.evaluate(() => document.querySelector('#ledger-selection-count')?.textContent ?? null);

/** At the end of the page, the ledger's last row is whole above the selection bar, and the bar within the window. */
async function expectLastRowAboveDock(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
  const last = (await page.locator('#ledger tbody tr[data-case-id]').last().boundingBox())!;
  const dock = (await boxOf(page, '#ledger-selection'))!;
  expect(last.y + last.height).toBeLessThanOrEqual(dock.top);
  expect(dock.bottom).toBeLessThanOrEqual(page.viewportSize()!.height);
}

describe('the ledger\'s selection bar on a long ledger (desktop)', () => {
  it('follows a case ticked far down the page, says 已选 N 件, and covers neither the header nor the last row', async () => {
    const { context, page } = await f.signIn('office');
    const errors = watchPageErrors(page);
    try {
      const rows = await openLedger(page);
      // Nothing ticked: no bar, and no room kept for one.
      expect(await boxOf(page, '#ledger-selection')).toBeNull();

      const near = rows.nth(45).locator('input.propose-pick');
      await near.scrollIntoViewIfNeeded();
      const scrolled = await page.evaluate(() => scrollY);
      expect(scrolled).toBeGreaterThan(900);
      await near.check();
      await expect.poll(() => countShown(page)).toBe('已选 1 件');
      expect(await page.evaluate(() => scrollY)).toBe(scrolled);
      const bar = (await boxOf(page, '#ledger-selection'))!;
      const header = (await boxOf(page, 'header#top'))!;
      const viewport = page.viewportSize()!;
      expect(bar.top).toBeGreaterThanOrEqual(header.bottom);
      expect(bar.bottom).toBeLessThanOrEqual(viewport.height);
      // Announced to a screen reader, and its buttons are in the bar, reached by Tab.
      expect(await page.getAttribute('#ledger-selection-live', 'aria-live')).toBe('polite');
      expect(await page.textContent('#ledger-selection-live')).toBe('已选 1 件');
      const suggested = page.locator('#ledger-selection #ledger-propose-suggested');
      expect(await suggested.isVisible()).toBe(true);
      expect(await suggested.isEnabled()).toBe(true);
      // From the tick box, Enter goes to the bar's first button (not to the case, and not through every row below).
      await near.focus();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => ({ id: document.activeElement?.id, hash: location.hash }))).toEqual({ id: 'ledger-propose-suggested', hash: '#/ledger' });
      // What a tap on the bar's button reaches is the button (not a row beneath it).
      expect(await suggested.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
      })).toBe(true);

      // A second tick counts; at the end of the page the last row is above the bar, not under it.
      await rows.nth(49).locator('input.propose-pick').check();
      await expect.poll(() => countShown(page)).toBe('已选 2 件');
      await expectLastRowAboveDock(page);

      // Unticked: the bar goes and takes no space.
      await rows.nth(49).locator('input.propose-pick').uncheck();
      await rows.nth(45).locator('input.propose-pick').uncheck();
      await expect.poll(() => boxOf(page, '#ledger-selection')).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('the ledger\'s tick area on a phone', () => {
  it('ticks and unticks on a tap at each corner and the middle of the 44 px area, never opening the case', async () => {
    const { context, page } = await f.signIn('office', phoneWindow);
    const errors = watchPageErrors(page);
    try {
      const rows = await openLedger(page);
      for (const n of [1, 20]) {
        const box = rows.nth(n).locator('input.propose-pick');
        const area = rows.nth(n).locator('.pick-area');
        await area.scrollIntoViewIfNeeded();
        // Room for the bar that comes up at the bottom: the card is tapped in the upper part of the window.
        await page.evaluate((y) => window.scrollBy(0, y - 200), (await area.boundingBox())!.y);
        const r = (await area.boundingBox())!;
        expect({ width: Math.round(r.width), height: Math.round(r.height) }).toEqual({ width: 44, height: 44 });
        const inset = 1;
        const spots: [string, number, number][] = [
          ['top left', r.x + inset, r.y + inset],
          ['top right', r.x + r.width - inset, r.y + inset],
          ['bottom left', r.x + inset, r.y + r.height - inset],
          ['bottom right', r.x + r.width - inset, r.y + r.height - inset],
          ['middle', r.x + r.width / 2, r.y + r.height / 2],
        ];
        let ticked = false;
        for (const [spot, x, y] of spots.flatMap(([spot, x, y]) => [[`${spot} (point)`, x, y], [`${spot} (finger)`, x, y]] as const)) {
          if (spot.endsWith('(point)')) await page.touchscreen.tap(x, y);
          else await fingerTap(page, x, y);
          ticked = !ticked;
          await expect.poll(async () => ({ row: n, spot, checked: await page.evaluate((i) => document.querySelectorAll<HTMLInputElement>('#ledger tbody tr[data-case-id]')[i]?.querySelector<HTMLInputElement>('input.propose-pick')?.checked ?? null, n), hash: new URL(page.url()).hash })).toEqual({ row: n, spot, checked: ticked, hash: '#/ledger' });
        }
        await page.waitForTimeout(300);
        expect(new URL(page.url()).hash).toBe('#/ledger');
        // Ticked and unticked five times each: one more tap ticks it, and the bar counts it.
        expect(ticked).toBe(false);
        await page.touchscreen.tap(r.x + r.width / 2, r.y + r.height / 2);
        await expect.poll(() => box.isChecked()).toBe(true);
        await expect.poll(() => countShown(page)).toBe(n === 1 ? '已选 1 件' : '已选 2 件');
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

type Stop = { row: number; what: string; covered: number; belowHeader: boolean };

/**
 * Where the focused element is against the stuck selection dock and the pinned header: how many px
 * of it the dock covers, and whether its top is below the header (null while no dock is shown).
 */
const focusedAgainstDock = (page: Page) =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    const dock = document.querySelector('#ledger-selection');
    if (!el || !dock || dock.hidden) return null;
    const r = el.getBoundingClientRect();
    const d = dock.getBoundingClientRect();
    const header = document.querySelector('header#top').getBoundingClientRect();
    return {
      row: el.closest('#ledger tbody tr[data-case-id]') ? [...document.querySelectorAll('#ledger tbody tr[data-case-id]')].indexOf(el.closest('tr')) : -1,
      what: el.tagName.toLowerCase(),
      covered: Math.round(Math.max(0, Math.min(r.bottom, d.bottom) - Math.max(r.top, d.top))),
      belowHeader: r.top >= header.bottom - 0.5,
    };
  })()`) as Promise<Stop | null>;

/**
 * Presses `key` again and again from a focused row, until the focus leaves the ledger's rows (or,
 * going back, reaches the first row itself): where each stop was against the dock and the header.
 */
async function walk(page: Page, key: 'Tab' | 'Shift+Tab'): Promise<Stop[]> {
  const stops: Stop[] = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press(key);
    const at = await focusedAgainstDock(page);
    if (!at || at.row < 0) break;
    stops.push(at);
    if (key === 'Shift+Tab' && at.row === 0 && at.what === 'tr') break;
  }
  return stops;
}

describe('the ledger\'s rows with the selection dock shown', () => {
  for (const screen of ['desktop', 'phone'] as const) {
    it(`never leaves a row the keyboard walks to (Tab, Shift+Tab) under the dock or the pinned header, and shows the last row whole above the dock (${screen})`, async () => {
      const { context, page } = await f.signIn('office', screen === 'phone' ? phoneWindow : undefined);
      const errors = watchPageErrors(page);
      try {
        const rows = await openLedger(page);
        await rows.nth(0).locator('input.propose-pick').check();
        await expect.poll(() => countShown(page)).toBe('已选 1 件');
        const dock = (await boxOf(page, '#ledger-selection'))!;
        const viewport = page.viewportSize()!;
        expect(dock.bottom).toBeLessThanOrEqual(viewport.height);

        // From the first row to the last, every stop of Tab (the row, its tick box, its 台账编号) is
        // brought into sight whole: above the dock, below the header.
        await rows.nth(0).focus();
        const stops = await walk(page, 'Tab');
        expect(stops.at(-1)?.row).toBe(49);
        expect(stops.length).toBeGreaterThanOrEqual(149);
        expect(stops.filter((s) => s.covered > 0 || !s.belowHeader)).toEqual([]);
        // Shift+Tab back up to the first row: each stop whole, below the header as well.
        const back = await walk(page, 'Shift+Tab');
        expect(back.at(-1)).toMatchObject({ row: 0, what: 'tr' });
        expect(back.filter((s) => s.covered > 0 || !s.belowHeader)).toEqual([]);

        // At the end of the page the last row is whole above the dock.
        await expectLastRowAboveDock(page);
        // Unticked: the dock is gone and so is the room kept for it.
        await rows.nth(0).locator('input.propose-pick').uncheck();
        await expect.poll(() => boxOf(page, '#ledger-selection')).toBeNull();
        await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).scrollPaddingBottom)).toBe('auto');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);
  }
});

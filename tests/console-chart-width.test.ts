/**
 * 通报统计's charts use the width of their cards, in a real browser against the running app: on a
 * leader's 1366×768 desktop the weekly columns fill their full-width card (they were drawn 640 px
 * wide, half of it) and the unit bars theirs, each drawn at the width it is shown (its 12px text at
 * 12px); on a 390×844 phone each is inside its card and the screen, still not shrunk.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, phoneWindow, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
  // Cases of past weeks: the weekly columns and the unit bars have something to draw.
  for (let i = 0; i < 4; i++) {
    const id = await f.addMessage({ title: `印台大道第${i + 1}段路面坑洼`, content: '路面坑洼，车辆通行困难。', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
    await f.assignTo(id, 'u-roads', new Date(Date.now() - (i + 2) * 5 * 86_400_000));
  }
}, 120_000);

afterAll(async () => {
  await f?.close();
});

/** Each chart of the page: its drawn width (viewBox), the width it is shown at, and the room inside its card. */
const chartsOf = (page: Page) =>
  page.evaluate(`[...document.querySelectorAll('svg.chart')].map((svg) => {
    const card = svg.closest('.card');
    const style = getComputedStyle(card);
    const room = card.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const shown = svg.getBoundingClientRect();
    return { card: card.id, drawn: svg.viewBox.baseVal.width, shown: Math.round(shown.width), right: Math.round(shown.right), room: Math.floor(room) };
  })`) as Promise<{ card: string; drawn: number; shown: number; right: number; room: number }[]>;

describe('console: 通报统计 charts use their cards', () => {
  it('fills each card on a 1366×768 desktop, drawn at the width shown', async () => {
    const { context, page } = await f.signIn('leader', { viewport: { width: 1366, height: 768 } });
    await page.goto(`${f.url}/#/bulletin`);
    await page.waitForSelector('#chart-categories svg.chart');
    const charts = await chartsOf(page);
    expect(charts.map((c) => c.card)).toEqual(['chart-categories', 'chart-ontime', 'chart-satisfaction', 'chart-satisfaction']);
    for (const c of charts) {
      // Within a few px of the card's inner width (a redraw waits for a change of 24 px or more) ...
      expect({ card: c.card, fills: c.shown >= c.room - 24 && c.shown <= c.room }).toEqual({ card: c.card, fills: true });
      // ... and drawn at that width, not a narrower drawing stretched (its text would grow).
      expect(Math.abs(c.drawn - c.shown)).toBeLessThanOrEqual(1);
    }
    // The weekly columns span (nearly) the whole window, not half of it.
    expect(charts[0]!.shown).toBeGreaterThan(1200);
    await context.close();
  });

  it('keeps each chart inside its card and a 390×844 phone, its text not shrunk', async () => {
    const { context, page } = await f.signIn('leader', phoneWindow);
    await page.goto(`${f.url}/#/bulletin`);
    await page.waitForSelector('#chart-categories svg.chart');
    for (const c of await chartsOf(page)) {
      expect({ card: c.card, fills: c.shown >= c.room - 24 && c.shown <= c.room, scale: Math.round((c.shown / c.drawn) * 100) / 100 }).toEqual({ card: c.card, fills: true, scale: 1 });
      expect(c.right).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBe(390);
    await context.close();
  });
});

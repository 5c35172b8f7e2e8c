/**
 * The pinned header on an office PC's screen: every role's menu keeps each item on one line and in
 * view at 1366×768 (a laptop) and at 1024 px (a narrow window), the admin's twelve items included,
 * which once broke into one or two characters a line (分类审\n核, 台\n账).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});

afterAll(async () => {
  await f?.close();
});

/** Per menu item: its text, the lines it is drawn on, and whether it lies inside the menu and left of the user's links. */
const menuLayout = `(() => {
  const nav = document.querySelector('#nav').getBoundingClientRect();
  const user = document.querySelector('#user').getBoundingClientRect();
  return [...document.querySelectorAll('#nav a')].map((a) => {
    const range = document.createRange();
    range.selectNodeContents(a);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    const box = a.getBoundingClientRect();
    return { text: a.textContent, lines, inView: box.left >= nav.left - 1 && box.right <= nav.right + 1 && box.right <= user.left && box.bottom <= nav.bottom + 1 };
  });
})()`;

describe('console: the header at office screen widths', () => {
  for (const width of [1366, 1024]) {
    it(`keeps every menu item of every role on one line and in view at ${width} px`, async () => {
      for (const username of ['admin', 'egov', 'office', 'leader', 'duchashi', 'roads']) {
        const { context, page } = await f.signIn(username, { viewport: { width, height: 768 } });
        const errors = watchPageErrors(page);
        await page.goto(`${f.url}/#/ledger`);
        await page.waitForSelector('#nav a.active');
        const items = (await page.evaluate(menuLayout)) as { text: string; lines: number; inView: boolean }[];
        expect(items.length, username).toBeGreaterThan(4);
        if (username === 'admin') expect(items.length).toBe(12);
        expect(items.filter((i) => i.lines !== 1 || !i.inView), `${username} at ${width} px`).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      }
    });
  }
});

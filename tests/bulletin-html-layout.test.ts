/**
 * 《印台政务通报》 as HTML, laid out by chromium at the page's own width (960 px, as printed): its
 * unit table has thirteen columns, and the units' names broke inside a name in narrow cells
 * (区住建/局). Each unit's name stays on one line; the figures still fit the page.
 */
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyUnitRow, renderBulletinHtml, type BulletinData } from '../workflow/bulletin/index.js';
import { chromiumArgs } from './console-fixture.js';

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
});
afterAll(async () => {
  await browser?.close();
});

const names = ['区住房和城乡建设局', '区农业农村局', '区交通运输局', '王石凹街道办事处', '区自然资源局'];

function bulletin(): BulletinData {
  const units = names.map((unit, i) => ({ ...emptyUnitRow(`u-${i}`, unit), received: 12, carriedOver: 3, onTime: 10, overdue: 2, pending: 3, returned: 1, sentBack: 1, onTimeRate: 0.833, satisfied: 8, basicallySatisfied: 1, dissatisfied: 1, satisfactionRate: 0.9, assistReceived: 4, assistOnTime: 3 }));
  const { unitId: _id, unit: _unit, ...totals } = units[0]!;
  return { from: '2026-11-01', to: '2026-11-30', asOf: '2026-11-30', totals: { ...totals, cases: 60, awaitingReview: 0, notAccepted: 2 }, byCategory: { 投诉: 30, 咨询: 20, 建议: 6, 求助: 3, 其他: 1 }, units, praise: [], criticism: [] };
}

describe('bulletin HTML: the unit table', () => {
  it('keeps each unit’s name on one line, the table within the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.setContent(renderBulletinHtml(bulletin()));
    const layout = await page.evaluate(`(() => {
      const table = [...document.querySelectorAll('table')].find((t) => t.querySelector('th')?.textContent === '承办单位');
      const lines = (el) => { const r = document.createRange(); r.selectNodeContents(el); return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size; };
      return {
        names: [...table.querySelectorAll('tbody td:first-child')].map((td) => [td.textContent, lines(td)]),
        head: lines(table.querySelector('th')),
        tableWidth: table.getBoundingClientRect().width,
        bodyWidth: document.body.getBoundingClientRect().width,
      };
    })()`);
    const { names: shown, head, tableWidth, bodyWidth } = layout as { names: [string, number][]; head: number; tableWidth: number; bodyWidth: number };
    expect(shown).toEqual(names.map((n) => [n, 1]));
    expect(head).toBe(1);
    expect(tableWidth).toBeLessThanOrEqual(bodyWidth + 1);
    await page.close();
  });
});

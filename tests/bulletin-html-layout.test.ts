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
  return { from: '2026-11-01', to: '2026-11-30', asOf: '2026-11-30', totals: { ...totals, cases: 60, awaitingReview: 0, notAccepted: 2 }, byCategory: { 投诉: 30, 咨询: 20, 建议: 6, 求助: 3, 其他: 1 }, units, praise: [], criticism: [], overdueCases, criticisedCases: [] };
}

// Two overdue 交办 of the first unit: one reported late, one still unreported; a long title with a phone number.
const longTitle = '王家河小区3号楼电梯一个月坏了四次物业维修不及时老人上下楼很不方便请尽快督促物业更换电梯，联系电话13812345678';
const overdueCases: BulletinData['overdueCases'] = [
  { caseId: 'c1', ledgerNo: 'YT-2026-000101', title: longTitle, unitId: 'u-0', unit: names[0]!, dueDate: '2026-11-10', reportedOn: '2026-11-12', workingDaysLate: 2, carriedOver: false },
  { caseId: 'c2', ledgerNo: 'YT-2026-000102', title: '<b>新华路</b>路灯不亮', unitId: 'u-0', unit: names[0]!, dueDate: '2026-11-26', reportedOn: null, workingDaysLate: 2, carriedOver: true },
];

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

describe('bulletin HTML: the list of overdue cases (附：超期办理网民留言清单)', () => {
  it('lists each overdue 交办 with its lateness, the title as text and its phone number masked, within the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.setContent(renderBulletinHtml(bulletin()));
    const rows = await page.locator('table.overdue tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([
      [names[0], 'YT-2026-000101', longTitle.replace('13812345678', '138****5678'), '2026-11-10', '2026-11-12 报送，超期 2 个工作日'],
      [names[0], 'YT-2026-000102', '<b>新华路</b>路灯不亮', '2026-11-26', '截至 2026-11-30 未报送，超期 2 个工作日（上期转入）'],
    ]);
    expect(await page.locator('table.overdue b').count()).toBe(0);
    const widths = await page.evaluate(`[document.querySelector('table.overdue').getBoundingClientRect().width, document.body.getBoundingClientRect().width]`) as [number, number];
    expect(widths[0]).toBeLessThanOrEqual(widths[1] + 1);
    await page.close();
  });

  it('has no such list when nothing was overdue', () => {
    expect(renderBulletinHtml({ ...bulletin(), overdueCases: [] })).not.toContain('超期办理网民留言清单');
  });
});

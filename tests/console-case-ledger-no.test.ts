/**
 * A case addressed by its 台账编号, in a real browser against the running app: staff type or paste
 * `#/case/YT-2026-000068` (the number they see everywhere and write in documents) and the case
 * page opens it as by its id; the API takes either, with the same role checks (a
 * handling unit is still refused another unit's case, by number as by id); and the ledger's
 * search box finds the case by its number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
let roadCase = '';
let waterCase = '';
const ledgerNo = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;

beforeAll(async () => {
  f = await openConsoleFixture();
  roadCase = await f.addMessage({ title: '东环路井盖缺失', content: '东环路与北关街交叉口井盖缺失，夜间很危险。', author: '马丽', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  waterCase = await f.addMessage({ title: '金锁关镇供水不稳定', content: '金锁关镇近一周供水时断时续。', author: '高峰', category: '投诉', confidence: 0.9, unit: '区水务局' });
  await f.assignTo(roadCase, 'u-roads');
  await f.assignTo(waterCase, 'u-water');
});

afterAll(async () => {
  await f?.close();
});

describe('console: a case opened by its 台账编号', () => {
  it('opens the case page from #/case/<台账编号>, as typed or in lower case, the page\'s case being the case itself', async () => {
    const no = await ledgerNo(roadCase);
    expect(no).toMatch(/^YT-\d{4}-\d{6}$/);
    const { context, page } = await f.signIn('office');
    const errors = watchPageErrors(page);
    for (const typed of [no, no.toLowerCase()]) {
      await page.goto(`${f.url}/#/case/${typed}`);
      await expect.poll(() => page.locator('#view').innerText()).toContain('东环路井盖缺失');
      expect(await page.textContent('#case-title')).toBe('东环路井盖缺失');
      expect(await page.locator('#view').innerText()).not.toContain('加载失败');
      expect(await page.locator('#view .case-facts').innerText()).toContain(no);
    }
    // The steps on the page act on the case itself (its id), not on the number in the address.
    const asked = await page.evaluate(`fetch('/api/workflow/cases/${no}').then((r) => r.json())`) as { case: { id: string; ledgerNo: string } };
    expect({ id: asked.case.id, ledgerNo: asked.case.ledgerNo }).toEqual({ id: roadCase, ledgerNo: no });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('still refuses a handling unit another unit\'s case, by number as by id', async () => {
    const { context, page } = await f.signIn('roads');
    const waterNo = await ledgerNo(waterCase);
    for (const ref of [waterNo, waterCase]) {
      const status = await page.evaluate(`fetch('/api/workflow/cases/${ref}').then((r) => r.status)`);
      expect({ ref, status }).toEqual({ ref, status: 404 });
      await page.goto(`${f.url}/#/case/${ref}`);
      await page.waitForSelector('#case-not-ours');
      expect(await page.locator('#view').innerText()).not.toContain('金锁关镇供水不稳定');
    }
    // Its own case opens by number.
    await page.goto(`${f.url}/#/case/${await ledgerNo(roadCase)}`);
    await expect.poll(() => page.textContent('#case-title')).toBe('东环路井盖缺失');
    await context.close();
  });

  it('finds the case by its number in the ledger\'s search box', async () => {
    const no = await ledgerNo(waterCase);
    const { context, page } = await f.signIn('office');
    await page.goto(`${f.url}/#/ledger`);
    await page.waitForSelector(`#ledger tr[data-case-id="${roadCase}"]`);
    await page.fill('input[name=q]', no);
    await page.press('input[name=q]', 'Enter');
    await expect.poll(() => page.locator('#ledger tbody tr[data-case-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')))).toEqual([waterCase]);
    await context.close();
  });
});

/**
 * 通报统计 for a handling unit, in a real browser against the running app: the unit sees its own
 * row of 《印台政务通报》 (received, on time, overdue…) and whether it is praised or criticised
 * (第五条㈥), and nothing of another unit; the offices' page and figures stay closed to it. Its
 * ledger says how many working days a case is late, and the offices' ledger keeps the mark
 * (逾期报送) on a case whose report came late.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewReport, submitReport } from '../workflow/cases/index.js';
import { chinaDate } from '../workflow/calendar/index.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
const from = chinaDate(daysAgo(30));
const to = chinaDate(new Date());

beforeAll(async () => {
  f = await openConsoleFixture();
  // 交通运输局 left a case unreported past its deadline; 水务局 reported its case on time.
  const late = await f.addMessage({ title: '新华路路面破损积水', content: '新华路路面破损，雨天积水严重，请尽快修补。', author: '张建国', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(late, 'u-roads', daysAgo(14));
  const done = await f.addMessage({ title: '王家河小区停水', content: '王家河小区停水三天，请水务局尽快恢复供水。', author: '李娟', category: '求助', confidence: 0.9, unit: '区水务局' });
  await f.assignTo(done, 'u-water', daysAgo(14));
  const water = { userId: 'water', username: 'water', role: 'unit' as const, unitId: 'u-water' };
  await submitReport(f.store.db, {
    caseId: done,
    text: '关于王家河小区停水问题，我局已于当日派员抢修供水管道，现已恢复正常供水。感谢您对我区工作的关注和支持。',
    actor: water,
    now: daysAgo(13),
  });
  // 水务局 reported a second case well after its deadline.
  const reportedLate = await f.addMessage({ title: '东风路消防栓漏水', content: '东风路消防栓漏水一周，请水务局派人维修。', author: '赵敏', category: '投诉', confidence: 0.9, unit: '区水务局' });
  await f.assignTo(reportedLate, 'u-water', daysAgo(14));
  await submitReport(f.store.db, {
    caseId: reportedLate,
    text: '关于东风路消防栓漏水问题，我局已派员更换阀门，现已不再漏水。感谢您对我区工作的关注和支持。',
    actor: water,
    now: daysAgo(3),
  });
  // 水务局's third case: reported on time, sent back by 督查室 with its reason, reported again on time.
  const redone = await f.addMessage({ title: '北关街路灯不亮', content: '北关街路灯不亮半个月，请尽快维修。', author: '钱进', category: '投诉', confidence: 0.9, unit: '区水务局' });
  await f.assignTo(redone, 'u-water', daysAgo(14));
  const again = '关于北关街路灯不亮问题，我局已协调供电部门更换灯具，现已恢复照明。感谢您对我区工作的关注和支持。';
  await submitReport(f.store.db, { caseId: redone, text: again, actor: water, now: daysAgo(13) });
  await reviewReport(f.store.db, { caseId: redone, accept: false, note: '未说明恢复照明的时间', actor: f.actors.supervision, now: daysAgo(13) });
  await submitReport(f.store.db, { caseId: redone, text: again, actor: water, now: daysAgo(12) });
});

afterAll(async () => {
  await f?.close();
});

describe('console: a unit reading the bulletin', () => {
  it('shows the unit its own figures and criticism, and no other unit', async () => {
    const { context, page } = await f.signIn('roads');
    await page.waitForSelector('nav a[href="#/bulletin"]');
    await page.goto(`${f.url}/#/bulletin?from=${from}&to=${to}`);
    await page.waitForSelector('#unit-bulletin-stats');
    const text = (await page.textContent('#view'))!;
    expect(text).toContain('本单位通报情况');
    const stat = async (label: string) => (await page.locator('#unit-bulletin-stats .stat', { hasText: label }).first().locator('.stat-value').textContent())!;
    expect(await stat('收到交办')).toBe('1');
    expect(await stat('逾期')).toBe('1');
    expect(await stat('按时率')).toBe('0%');
    expect(await page.locator('#unit-criticism li').count()).toBeGreaterThan(0);
    expect(text).not.toContain('水务');
    // Which case its 逾期 1 is: listed, linked to the case page.
    expect(await page.locator('#overdue-table tbody tr').count()).toBe(1);
    const row = (await page.textContent('#overdue-table tbody tr'))!;
    expect(row).toMatch(/^YT-\d{4}-\d{6}新华路路面破损积水\d{4}-\d{2}-\d{2}截至 \d{4}-\d{2}-\d{2} 未报送，超期 \d+ 个工作日$/u);
    await page.click('#overdue-table tbody tr a');
    await expect.poll(() => page.textContent('#case-title')).toBe('新华路路面破损积水');
    // The figures behind it: the unit's row only; the offices' figures stay refused.
    const own = await page.request.get(`${f.url}/api/console/unit-bulletin?from=${from}&to=${to}`);
    expect(own.status()).toBe(200);
    const body = await own.json();
    expect(body.row).toMatchObject({ unitId: 'u-roads', received: 1, overdue: 1 });
    expect(JSON.stringify(body)).not.toContain('u-water');
    expect((await page.request.get(`${f.url}/api/console/charts?from=${from}&to=${to}`)).status()).toBe(403);
    expect((await page.request.get(`${f.url}/api/workflow/bulletin?from=${from}&to=${to}`)).status()).toBe(403);
    await context.close();
  });

  it("says in the unit's ledger and on the case page how many working days a case is late", async () => {
    const { context, page } = await f.signIn('roads');
    await page.goto(`${f.url}/#/ledger`);
    await page.waitForSelector('#ledger tbody tr');
    expect(await page.locator('#ledger tbody tr .due-cell').first().textContent()).toMatch(/^\d{4}-\d{2}-\d{2}逾期 \d+ 个工作日$/u);
    // The case page says the same beside its due date (QA: it gave the date only).
    const late = page.locator('#ledger tbody tr', { hasText: '逾期' }).first();
    const shown = (await late.locator('.due-cell').textContent())!.replace(/^\d{4}-\d{2}-\d{2}/, '');
    await late.locator('a').first().click();
    await expect.poll(() => page.locator('#case-due').textContent()).toMatch(new RegExp(`^办理时限 \\d{4}-\\d{2}-\\d{2} ${shown}$`, 'u'));
    await context.close();
  });

  it('keeps the mark on a case reported late once it has left the unit, in the ledger and on the case page', async () => {
    const { context, page } = await f.signIn('duchashi');
    await page.goto(`${f.url}/#/ledger?state=reported`);
    await page.waitForSelector('#ledger tbody tr');
    const late = page.locator('#ledger tbody tr', { hasText: '东风路消防栓漏水' });
    const shown = (await late.locator('.due-cell').textContent())!.replace(/^\d{4}-\d{2}-\d{2}/, '');
    expect(shown).toMatch(/^逾期报送 \d+ 个工作日$/u);
    // Reported on time: no mark at all.
    expect((await page.locator('#ledger tbody tr', { hasText: '王家河小区停水' }).locator('.due-cell').textContent())!).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    await late.locator('a').first().click();
    await expect.poll(() => page.locator('#case-due').textContent()).toMatch(new RegExp(`^办理时限 \\d{4}-\\d{2}-\\d{2} ${shown}$`, 'u'));
    await context.close();
  });

  it('keeps the unit figures from the offices, who have the whole bulletin', async () => {
    const { context, page } = await f.signIn('duchashi');
    expect((await page.request.get(`${f.url}/api/console/unit-bulletin?from=${from}&to=${to}`)).status()).toBe(403);
    await context.close();
  });

  it("lists for the offices every unit's 超期, 不满意 and 退回重办 case under 通报统计, as the bulletin counts them", async () => {
    const { context, page } = await f.signIn('duchashi');
    await page.goto(`${f.url}/#/bulletin?from=${from}&to=${to}`);
    await page.waitForSelector('#overdue-cases');
    const rows = await page.locator('#overdue-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    // 水务局's case reported days late, 交通运输局's never reported; the one reported on time is not there.
    // Unit by unit in the bulletin's row order (水务局 had more 交办).
    expect(rows.map((r) => [r[0], r[2], r[4]!.replace(/\d{4}-\d{2}-\d{2}/gu, 'D').replace(/\d+ 个工作日/u, 'N 个工作日')])).toEqual([
      ['区水务局', '东风路消防栓漏水', 'D 报送，超期 N 个工作日'],
      ['区交通运输局', '新华路路面破损积水', '截至 D 未报送，超期 N 个工作日'],
    ]);
    expect(await page.locator('#overdue-cases h4').textContent()).toBe(`超期件清单（${rows.length} 件次）`);
    const tile = await page.locator('.stats .stat', { hasText: '逾期' }).first().locator('.stat-value').textContent();
    expect(tile).toBe(String(rows.length));
    // The report 督查室 sent back, with who and why, linked to its case.
    const criticised = await page.locator('#criticised-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(criticised.map((r) => [r[0], r[2], r[3], r[5]])).toEqual([['区水务局', '北关街路灯不亮', '退回重办', '督查室审核退回：未说明恢复照明的时间']]);
    await page.click('#criticised-table tbody tr a');
    await expect.poll(() => page.textContent('#case-title')).toBe('北关街路灯不亮');
    await context.close();
  });
});

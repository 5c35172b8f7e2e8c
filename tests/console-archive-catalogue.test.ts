/**
 * 卷内目录 on the console, in a real browser: 督查室 finds the cases of one archive volume in the
 * ledger (归档卷) and exports that volume's catalogue from 数据导出 (归档卷), a file with exactly
 * the volume's cases and the columns an archivist keeps (归档卷, 归档时间, 回访结果, 回访时间).
 * The ledger filtered by a volume offers 督查室 (and admin) the volume's printable 卷内目录 (HTML and
 * XLSX); a leader is not offered it and the route refuses one. 数据导出, where staff look for
 * exports, offers 督查室 the same catalogue by volume, and its 导出记录 lists each one produced.
 * Before archiving, it finds the closed cases whose citizen was not reached (仅无法联系), to visit
 * them again.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCase, decideNotAccepted, decideReply, publishReply, recordVisit, reviewReport, submitReport } from '../workflow/cases/index.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const reply = '关于您反映的问题，我局已派员现场查看并完成处理，感谢您对我区工作的关注和支持。如有疑问请致电区交通运输局。';
const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/** A 投诉 handled by 区交通运输局 and visited on `day` (satisfied unless said). */
async function settled(title: string, day: string, satisfaction: 'satisfied' | 'unreachable' = 'satisfied') {
  const caseId = await f.addMessage({ title, content: `${title}，请尽快处理。`, author: '孙磊', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(caseId, 'u-roads', at(day, 8));
  await submitReport(f.store.db, { caseId, text: reply, actor: f.actors.roads, now: at(day, 9) });
  await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: at(day, 9) });
  await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at(day, 9) });
  await publishReply(f.store.db, { caseId, actor: f.actors.egov, now: at(day, 9) });
  await recordVisit(f.store.db, { caseId, satisfaction, method: 'phone', actor: f.actors.egov, now: at(day, 11) });
  return caseId;
}

beforeAll(async () => {
  f = await openConsoleFixture();
  const january = at('2027-01-05');
  for (const caseId of [await settled('印台大道路面破损', '2026-11-04'), await settled('新华路路灯不亮', '2026-12-10'), await settled('王家河路段积水', '2025-12-19')]) {
    await archiveCase(f.store.db, { caseId, actor: f.actors.supervision, now: january });
  }
  const refused = await f.addMessage({ title: '外区学校收费问题', content: '耀州区某学校乱收费。', category: '投诉', confidence: 0.7, outOfScope: [{ code: 'other', evidence: [] }] });
  await decideNotAccepted(f.store.db, { caseId: refused, reasons: ['other'], note: '反映耀州区问题', actor: f.actors.egov, now: at('2026-12-11') });
  await archiveCase(f.store.db, { caseId: refused, actor: f.actors.supervision, now: january });
  await settled('东坡村垃圾未清运', '2026-12-28', 'unreachable');
  await settled('城关中学门口积水', '2026-12-27');
});

afterAll(async () => {
  await f?.close();
});

describe('console: the catalogue of an archive volume', () => {
  it('finds the volume in the ledger and exports its catalogue, nothing of another volume', async () => {
    const { context, page } = await f.signIn('duchashi');
    await page.goto(`${f.url}/#/ledger`);
    await page.waitForSelector('#ledger-filters');
    await page.fill('#ledger-filters input[name=archiveVolume]', '2026-投诉');
    await page.click('#ledger-filters button[type=submit]');
    await expect.poll(() => page.textContent('#ledger-count')).toMatch(/^共 2 件/);

    await page.goto(`${f.url}/#/export`);
    await page.waitForSelector('#export-form');
    await page.fill('#export-archive-volume', ' 2026-投诉 ');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-start')]);
    await expect.poll(() => page.textContent('#export-status')).toBe('已导出 2 / 2 件');
    const [header, ...lines] = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    const headers = header!.split(',');
    const cell = (line: string, name: string) => line.split(',')[headers.indexOf(name)];
    expect(lines.map((l) => cell(l, '标题')).sort()).toEqual(['印台大道路面破损', '新华路路灯不亮']);
    expect(lines.map((l) => [cell(l, '归档卷'), cell(l, '归档时间'), cell(l, '回访结果')])).toEqual([
      ['2026-投诉', '2027-01-05 10:00:00', '满意'],
      ['2026-投诉', '2027-01-05 10:00:00', '满意'],
    ]);
    // The export's record names the volume among its conditions.
    await expect.poll(() => page.textContent('#export-log')).toContain('归档卷');
    await context.close();
  });

  it('shows 《印台政务通报》 opened from the console with its styles', async () => {
    // The app's content security policy (style-src 'self') blocked the document's own <style>: the
    // bulletin opened in a new tab as unstyled text.
    const { context } = await f.signIn('duchashi');
    const page = await context.newPage();
    await page.goto(`${f.url}/api/workflow/bulletin.html?from=2026-01-01&to=2026-12-31`);
    expect(await page.locator('table').first().evaluate((t) => getComputedStyle(t).borderCollapse)).toBe('collapse');
  });

  it('offers the volume catalogue (卷内目录) to print and download, to 督查室 only', async () => {
    const { context, page } = await f.signIn('duchashi');
    await page.goto(`${f.url}/#/ledger?archiveVolume=2026-投诉`);
    await expect.poll(() => page.textContent('#ledger-count')).toMatch(/^共 2 件/);
    expect(await page.textContent('#ledger-catalogue')).toContain('归档卷 2026-投诉 的卷内目录（2 件）');
    const href = await page.getAttribute('#ledger-catalogue-html', 'href');
    const answer = await page.request.get(`${f.url}${href}`);
    expect(answer.status()).toBe(200);
    const html = await answer.text();
    expect(html).toContain('《2026年 投诉类 网民留言卷内目录》');
    expect(html).toContain('件数：2 件');
    expect(html).toContain('印台大道路面破损');
    expect(html).toContain('新华路路灯不亮');
    expect(html).not.toContain('王家河路段积水');
    // Printed as staff would, opened from the link: the table's header row on the page, the page
    // A4 landscape, its print styles applied (the app's CSP blocked the document's <style> before).
    const printed = await context.newPage();
    await printed.goto(`${f.url}${href}`);
    expect(await printed.locator('table').evaluate((t) => getComputedStyle(t).borderCollapse)).toBe('collapse');
    expect(await printed.locator('thead th').allTextContents()).toEqual(['件号', '台账编号', '标题', '留言人', '渠道', '收到日期', '承办单位', '办结日期', '回访结果', '归档日期', '备注']);
    expect((await printed.pdf({ preferCSSPageSize: true })).length).toBeGreaterThan(1000);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ledger-catalogue-xlsx')]);
    expect(download.suggestedFilename()).toBe('卷内目录-2026-投诉.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const ws = wb.getWorksheet('卷内目录')!;
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, printTitlesRow: '3:3' });
    expect([ws.getCell('C4').value, ws.getCell('C5').value].sort()).toEqual(['印台大道路面破损', '新华路路灯不亮']);
    // A malformed or empty volume is answered with a message, not an empty catalogue.
    for (const [volume, message] of [
      ['2026投诉', '归档卷「2026投诉」无法识别：归档卷应为「年份-类别」，如 2026-投诉、2026-不予受理'],
      ['2026-咨询', '归档卷 2026-咨询 中没有已归档的案件，未生成卷内目录（请核对年份和类别，或先归档）'],
    ]) {
      const refused = await page.request.get(`${f.url}/api/workflow/archive-catalogue.xlsx?volume=${encodeURIComponent(volume!)}`);
      expect(refused.status()).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(message);
    }
    await context.close();

    const leader = await f.signIn('leader');
    await leader.page.goto(`${f.url}/#/ledger?archiveVolume=2026-投诉`);
    await expect.poll(() => leader.page.textContent('#ledger-count')).toMatch(/^共 2 件/);
    expect(await leader.page.locator('#ledger-catalogue').count()).toBe(0);
    expect((await leader.page.request.get(`${f.url}${href}`)).status()).toBe(403);
    await leader.context.close();
  });

  it('offers the volume catalogue on 数据导出 too, to 督查室 only, and records it in 导出记录', async () => {
    const { context, page } = await f.signIn('duchashi');
    await page.goto(`${f.url}/#/export`);
    await page.waitForSelector('#export-catalogue');
    // A malformed volume and one without archived cases are said so, with no link.
    await page.fill('#export-catalogue-volume', '2026投诉');
    await page.click('#export-catalogue-find');
    await expect.poll(() => page.textContent('#export-catalogue-result')).toContain('归档卷应为「年份-类别」');
    await page.fill('#export-catalogue-volume', '2026-咨询');
    await page.click('#export-catalogue-find');
    await expect.poll(() => page.textContent('#export-catalogue-result')).toContain('归档卷 2026-咨询 中没有已归档的案件');
    expect(await page.locator('#export-catalogue-xlsx').count()).toBe(0);

    await page.fill('#export-catalogue-volume', ' 2026-投诉 ');
    await page.click('#export-catalogue-find');
    await expect.poll(() => page.textContent('#export-catalogue-result')).toContain('归档卷 2026-投诉 的卷内目录（2 件）');
    expect(await page.getAttribute('#export-catalogue-html', 'href')).toBe(`/api/workflow/archive-catalogue.html?volume=${encodeURIComponent('2026-投诉')}`);
    const catalogueRows = page.locator('#export-log tbody tr', { hasText: '卷内目录（XLSX）' });
    const before = await catalogueRows.count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-catalogue-xlsx')]);
    expect(download.suggestedFilename()).toBe('卷内目录-2026-投诉.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    expect([wb.getWorksheet('卷内目录')!.getCell('C4').value, wb.getWorksheet('卷内目录')!.getCell('C5').value].sort()).toEqual(['印台大道路面破损', '新华路路灯不亮']);
    // The page reads its log again: the catalogue is there, by whom, with its volume and cases.
    await expect.poll(() => catalogueRows.count(), { timeout: 10_000 }).toBe(before + 1);
    const cells = await catalogueRows.first().locator('td').allTextContents();
    expect(cells.slice(1)).toEqual([expect.stringContaining('duchashi'), '控制台', '卷内目录（XLSX）', '内容 卷内目录、归档卷 2026-投诉', '是', '2', '完成']);
    await context.close();

    const leader = await f.signIn('leader');
    await leader.page.goto(`${f.url}/#/export`);
    await leader.page.waitForSelector('#export-form');
    expect(await leader.page.locator('#export-catalogue').count()).toBe(0);
    await leader.context.close();
  });

  it('lists the closed cases whose citizen was not reached (仅无法联系), each marked 无法联系', async () => {
    const { context, page } = await f.signIn('duchashi');
    await page.goto(`${f.url}/#/ledger?state=closed`);
    await page.waitForSelector('#ledger-filters');
    await expect.poll(() => page.textContent('#ledger-count')).toMatch(/^共 2 件/);
    expect(await page.locator('tbody tr', { hasText: '城关中学门口积水' }).textContent()).not.toContain('无法联系');
    await page.check('#ledger-filters input[name=unreached]');
    await page.click('#ledger-filters button[type=submit]');
    await expect.poll(() => page.textContent('#ledger-count')).toMatch(/^共 1 件/);
    expect(page.url()).toContain('unreached=true');
    const row = page.locator('tbody tr', { hasText: '东坡村垃圾未清运' });
    expect(await row.textContent()).toContain('无法联系');
    await page.goto(`${f.url}/#/ledger?state=archived`);
    await expect.poll(() => page.textContent('#ledger-count')).toMatch(/^共 4 件/);
    expect(await page.locator('tbody tr', { hasText: '印台大道路面破损' }).textContent()).not.toContain('无法联系');
    await context.close();
  });
});

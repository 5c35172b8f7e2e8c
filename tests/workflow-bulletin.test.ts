/** 《印台政务通报》 figures, praise and criticism, and the two files (HTML with SVG charts, XLSX). */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryTrend } from '../workflow/console-queries/index.js';
import { assignCase, decideProposal, decideReply, mergeCases, proposeHandling, publishReply, recordVisit, registerCase, returnCase, reviewReport, submitReport } from '../workflow/cases/index.js';
import { computeBulletin, generateBulletin, renderBulletinHtml } from '../workflow/bulletin/index.js';
import { chinaDate } from '../workflow/calendar/index.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let dir: string;
const reply = '关于您反映的城关街道道路破损和路灯不亮问题，我局已派员现场查看，破损路面已修补，路灯已恢复照明。感谢您的监督。';

async function assign(caseId: string, unitId: string, when: Date) {
  await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov, now: when });
  await proposeHandling(f.store.db, { caseId, unitId, opinion: '请核实处理', actor: f.actors.office, now: when });
  await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: when });
  await assignCase(f.store.db, { caseId, actor: f.actors.office, now: when });
}
async function finish(caseId: string, unit: Fixture['actors']['roads'], when: Date, satisfaction: 'satisfied' | 'dissatisfied' | 'unreachable') {
  await submitReport(f.store.db, { caseId, text: reply, actor: unit, now: when });
  await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: when });
  await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: when });
  await publishReply(f.store.db, { caseId, actor: f.actors.egov, now: when });
  await recordVisit(f.store.db, { caseId, satisfaction, method: 'phone', note: satisfaction === 'dissatisfied' ? '问题未解决' : undefined, actor: f.actors.supervision, now: when });
}

beforeAll(async () => {
  f = await openFixture();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ms-bulletin-'));
  await f.store.db.unit.create({ data: { id: 'u-<edu>', name: '区教育局<script>', keywords: [] } });
  // Water: two cases, on time, satisfied -> praise.
  for (const _ of [1, 2]) {
    const { caseId } = await newCase(f);
    await assign(caseId, f.units.water, at('2026-11-02'));
    await finish(caseId, f.actors.water, at('2026-11-03'), 'satisfied');
  }
  // And a third, assigned the day before the bulletin and not yet due: not counted against it.
  const notYetDue = await newCase(f);
  await assign(notYetDue.caseId, f.units.water, at('2026-11-09'));
  // Roads: one on time but dissatisfied (re-opened), one overdue and never reported -> criticism.
  const a = await newCase(f);
  await assign(a.caseId, f.units.roads, at('2026-11-02'));
  await finish(a.caseId, f.actors.roads, at('2026-11-04'), 'dissatisfied');
  const b = await newCase(f);
  await assign(b.caseId, f.units.roads, at('2026-11-02'));
  // Returned by the education bureau: counted as returned, not against it.
  const c = await newCase(f);
  await assign(c.caseId, 'u-<edu>', at('2026-11-03'));
  await returnCase(f.store.db, { caseId: c.caseId, reason: '不属本局职责', actor: { userId: 'e', username: 'edu', role: 'unit', unitId: 'u-<edu>' }, now: at('2026-11-03', 15) });
  // Received on 11-01, before the steps above (the fixture records them now): the bulletin counts
  // the cases received up to the end it is read at, so November read on 11-10 counts these six.
  await f.store.db.case.updateMany({ data: { createdAt: at('2026-11-01') } });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await f?.close();
});

describe('computeBulletin', () => {
  it('counts per unit and lists praise and criticism', async () => {
    const data = await computeBulletin(f.store.db, { from: '2026-11-01', to: '2026-11-30', now: at('2026-11-10') });
    const byUnit = Object.fromEntries(data.units.map((u) => [u.unitId, u]));
    // The case not yet due is pending, and the rate counts only what is reported or past due.
    expect(byUnit[f.units.water]).toMatchObject({ received: 3, onTime: 2, overdue: 0, pending: 1, returned: 0, satisfied: 2, onTimeRate: 1, satisfactionRate: 1 });
    // Roads: the first case (on time) + its re-opened assignment (still running, due 11-06 -> overdue by 11-10) + the unreported one.
    expect(byUnit[f.units.roads]).toMatchObject({ received: 3, onTime: 1, overdue: 2, dissatisfied: 1, onTimeRate: 0.333, satisfactionRate: 0 });
    expect(byUnit['u-<edu>']).toMatchObject({ received: 1, returned: 1, onTimeRate: null });
    expect(data.praise.map((p) => p.unitId)).toEqual([f.units.water]);
    expect(data.criticism).toEqual([{ unitId: f.units.roads, unit: '区交通运输局', reasons: ['超期 2 件', '群众不满意 1 件'] }]);
    expect(data.totals).toMatchObject({ cases: 6, received: 7, returned: 1, onTime: 3, overdue: 2, pending: 1, onTimeRate: 0.6 });
    expect(data.asOf).toBe('2026-11-10');
  });
  it('counts a case merged into another as a copy, not as a message received (totals, categories, weekly chart)', async () => {
    // A period around today: the cases are received and merged now, and the bulletin reads them as of today's end.
    const day = 86_400_000;
    const period = { from: chinaDate(new Date(Date.now() - 7 * day)), to: chinaDate(new Date(Date.now() + 7 * day)) };
    const weekly = async () => Object.values((await categoryTrend(f.store.db, period)).series).flat().reduce((a, b) => a + b, 0);
    const before = await computeBulletin(f.store.db, period);
    const trendBefore = await weekly();
    const original = await newCase(f, { category: '建议' });
    const copy = await newCase(f, { category: '建议' });
    await mergeCases(f.store.db, { caseId: copy.caseId, intoCaseId: original.caseId, note: '同一问题', actor: f.actors.egov });
    const after = await computeBulletin(f.store.db, period);
    expect(after.totals.cases - before.totals.cases).toBe(1);
    expect((after.byCategory['建议'] ?? 0) - (before.byCategory['建议'] ?? 0)).toBe(1);
    expect(Object.values(after.byCategory).reduce((a, b) => a + b, 0)).toBe(after.totals.cases);
    expect((await weekly()) - trendBefore).toBe(1);
  });
  it('counts work assigned before the period and still undone when it began (上期转入), judged as things stood at the end of the period', async () => {
    // Its own unit, so the other tests' figures stay as they are. Assigned on Thursday 2026-09-24,
    // due Tuesday 09-29 (中秋 09-25..27), reported on 10-12: late, after September's bulletin.
    await f.store.db.unit.create({ data: { id: 'u-parks', name: '区园林局', keywords: [] } });
    const parks = { userId: 'parks', username: 'parks', role: 'unit' as const, unitId: 'u-parks' };
    const late = await newCase(f);
    await assign(late.caseId, 'u-parks', at('2026-09-24'));
    // Assigned on 09-30, due 10-09 (国庆 10-01..07), never reported.
    const undone = await newCase(f);
    await assign(undone.caseId, 'u-parks', at('2026-09-30'));
    // Assigned and reported in September: nothing left for October.
    const done = await newCase(f);
    await assign(done.caseId, 'u-parks', at('2026-09-21'));
    await submitReport(f.store.db, { caseId: done.caseId, text: reply, actor: parks, now: at('2026-09-22') });
    await submitReport(f.store.db, { caseId: late.caseId, text: reply, actor: parks, now: at('2026-10-12') });

    const parksRow = async (from: string, to: string, now: Date) => (await computeBulletin(f.store.db, { from, to, now })).units.find((u) => u.unitId === 'u-parks');
    // September, generated in November: the late report of October does not count yet, the first case was overdue at the end of September.
    expect(await parksRow('2026-09-01', '2026-09-30', at('2026-11-10'))).toMatchObject({ received: 3, carriedOver: 0, onTime: 1, overdue: 1, pending: 1 });
    // October: both cases left undone at September's end are counted, one reported late, one still overdue.
    const october = await computeBulletin(f.store.db, { from: '2026-10-01', to: '2026-10-31', now: at('2026-11-10') });
    expect(october.units.find((u) => u.unitId === 'u-parks')).toMatchObject({ received: 0, carriedOver: 2, reported: 1, onTime: 0, overdue: 2, pending: 0, onTimeRate: 0 });
    expect(october.criticism).toContainEqual({ unitId: 'u-parks', unit: '区园林局', reasons: ['超期 2 件'] });
    expect(renderBulletinHtml(october)).toContain('上期转入未办结 2 件次');
  });
  it('counts a send-back (退回重办) in the period it was made, not the one the report was submitted in', async () => {
    // QA: a report submitted on Friday 10-30 and sent back on Monday 11-02 counted in October's
    // bulletin, so a bulletin generated before the send-back read differently from one after.
    await f.store.db.unit.create({ data: { id: 'u-forest', name: '区林业局', keywords: [] } });
    const forest = { userId: 'forest', username: 'forest', role: 'unit' as const, unitId: 'u-forest' };
    const { caseId } = await newCase(f);
    await assign(caseId, 'u-forest', at('2026-10-29'));
    await submitReport(f.store.db, { caseId, text: reply, actor: forest, now: at('2026-10-30') });
    await reviewReport(f.store.db, { caseId, accept: false, note: '未说明处理结果，请补充', actor: f.actors.supervision, now: at('2026-11-02') });
    // Sent back again by the leader, in November too: each send-back counts.
    await submitReport(f.store.db, { caseId, text: reply, actor: forest, now: at('2026-11-03') });
    await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: at('2026-11-03') });
    await decideReply(f.store.db, { caseId, approve: false, note: '答复过于简单', actor: f.actors.leader, now: at('2026-11-04') });
    const forestRow = async (from: string, to: string) => (await computeBulletin(f.store.db, { from, to, now: at('2026-11-20') })).units.find((u) => u.unitId === 'u-forest');
    expect(await forestRow('2026-10-01', '2026-10-31')).toMatchObject({ sentBack: 0 });
    expect(await forestRow('2026-11-01', '2026-11-30')).toMatchObject({ sentBack: 2 });
  });

  it('does not call messages still awaiting review 受理: they are received, their category a suggestion', async () => {
    // The fixture's cases are created now: a period around any day the suite runs.
    const data = await computeBulletin(f.store.db, { from: '2000-01-01', to: '2099-12-31' });
    const waiting = await f.store.db.case.count({ where: { state: 'awaiting_review' } });
    expect(waiting).toBeGreaterThan(0);
    expect(data.totals.awaitingReview).toBe(waiting);
    const html = renderBulletinHtml(data);
    expect(html).toContain(`本期共收到网民留言 ${data.totals.cases} 件`);
    expect(html).toContain(`待审核分类 ${waiting} 件（尚未登记，类别为系统建议）`);
    expect(html).not.toContain('受理网民留言');
  });
  it('names the visits where the citizen could not be reached, so the visits add up in the text and the workbook', async () => {
    // QA: 「回访 2 件，满意 1 件，基本满意 0 件，不满意 0 件」: the one unreachable citizen was counted but never named.
    await f.store.db.unit.create({ data: { id: 'u-visits', name: '区民政局', keywords: [] } });
    const civil = { userId: 'civil', username: 'civil', role: 'unit' as const, unitId: 'u-visits' };
    for (const satisfaction of ['satisfied', 'unreachable'] as const) {
      const { caseId } = await newCase(f);
      await assign(caseId, 'u-visits', at('2026-12-01'));
      await finish(caseId, civil, at('2026-12-02'), satisfaction);
    }
    const december = await computeBulletin(f.store.db, { from: '2026-12-01', to: '2026-12-31', now: at('2026-12-10') });
    expect(december.totals).toMatchObject({ satisfied: 1, unreachable: 1, satisfactionRate: 1 });
    expect(renderBulletinHtml(december)).toContain('回访 2 件，满意 1 件，基本满意 0 件，不满意 0 件，无法联系 1 件，满意率 100%');
    const out = await generateBulletin(f.store.db, { from: '2026-12-01', to: '2026-12-31', outDir: dir, actor: f.actors.supervision, now: at('2026-12-10') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out.xlsx);
    const totals = wb.getWorksheet('总体情况')!;
    const value = (label: string) => totals.getRows(1, totals.rowCount)!.find((r) => r.getCell(1).value === label)?.getCell(2).value;
    expect([value('回访'), value('满意'), value('无法联系')]).toEqual([2, 1, 1]);
    await f.store.db.bulletin.deleteMany({ where: { id: out.bulletinId } });
  });
  it('counts a citizen unreachable and then reached in the same period once, by the answer', async () => {
    // Before: 回访 2 件（满意 1 件，无法联系 1 件） for one case and one reply, the first call unanswered.
    await f.store.db.unit.create({ data: { id: 'u-revisit', name: '区人社局', keywords: [] } });
    const labour = { userId: 'labour', username: 'labour', role: 'unit' as const, unitId: 'u-revisit' };
    const { caseId } = await newCase(f);
    await assign(caseId, 'u-revisit', at('2027-02-01'));
    await finish(caseId, labour, at('2027-02-02'), 'unreachable');
    await recordVisit(f.store.db, { caseId, satisfaction: 'satisfied', method: 'phone', actor: f.actors.egov, now: at('2027-02-03') });
    const row = (b: Awaited<ReturnType<typeof computeBulletin>>) => b.units.find((u) => u.unitId === 'u-revisit');
    const february = await computeBulletin(f.store.db, { from: '2027-02-01', to: '2027-02-28', now: at('2027-03-01') });
    expect(row(february)).toMatchObject({ satisfied: 1, unreachable: 0, satisfactionRate: 1 });
    expect(renderBulletinHtml(february)).toContain('回访 1 件，满意 1 件，基本满意 0 件，不满意 0 件，无法联系 0 件');
    // A period that ends between the two visits reads the attempt as it stood then: unreachable.
    const firstDays = await computeBulletin(f.store.db, { from: '2027-02-01', to: '2027-02-02', now: at('2027-03-01') });
    expect(row(firstDays)).toMatchObject({ satisfied: 0, unreachable: 1 });
  });
  it('spans the whole table with the line of a period without assignments', async () => {
    // QA: 「本期无交办件」 spanned 11 of the 13 columns of 各单位办理情况.
    const html = renderBulletinHtml(await computeBulletin(f.store.db, { from: '2025-01-01', to: '2025-01-31', now: at('2026-11-10') }));
    const table = html.slice(html.indexOf('<h2>二、各单位办理情况</h2>'));
    const headers = table.slice(0, table.indexOf('</thead>')).match(/<th>/g)!.length;
    expect(table).toContain(`<td colspan="${headers}">本期无交办件</td>`);
  });
  it('rejects a reversed period', async () => {
    await expect(computeBulletin(f.store.db, { from: '2026-12-01', to: '2026-11-01' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('generateBulletin', () => {
  it('writes a self-contained HTML page with SVG charts and a workbook, and records the bulletin', async () => {
    await expect(generateBulletin(f.store.db, { from: '2026-11-01', to: '2026-11-30', outDir: dir, actor: f.actors.roads })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const out = await generateBulletin(f.store.db, { from: '2026-11-01', to: '2026-11-30', outDir: dir, actor: f.actors.supervision, now: at('2026-11-10') });
    const html = await readFile(out.html, 'utf8');
    expect(html).toContain('印台政务通报');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(html).toContain('区教育局&lt;script&gt;');
    expect(html).toMatch(/通报表扬[\s\S]*区水务局[\s\S]*通报批评[\s\S]*区交通运输局/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out.xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['各单位办理情况', '表扬与批评', '超期件清单', '不满意与退回重办', '总体情况']);
    const sheet = wb.getWorksheet('各单位办理情况')!;
    expect(sheet.getCell('A1').value).toMatch(/^印台政务通报\u3000第 1 期\u30002026-11-01 至 2026-11-30/);
    expect(sheet.getRow(2).getCell(1).value).toBe('承办单位');
    const rows = [3, 4, 5].map((r) => [sheet.getRow(r).getCell(1).value, sheet.getRow(r).getCell(2).value]);
    expect(rows).toContainEqual(['区水务局', 3]);
    expect(rows).toContainEqual(['区交通运输局', 3]);
    expect(sheet.getImages()).toHaveLength(1);
    expect(wb.getWorksheet('表扬与批评')!.getRow(2).getCell(1).value).toBe('通报表扬');
    // Rates on the totals sheet read as percentages, as on the units' sheet.
    const totals = wb.getWorksheet('总体情况')!;
    const rateRow = totals.getRows(1, totals.rowCount)!.find((r) => r.getCell(1).value === '按时办结率')!;
    expect(rateRow.getCell(2)).toMatchObject({ value: out.data.totals.onTimeRate, numFmt: '0.0%' });
    expect(await f.store.db.bulletin.count()).toBe(1);
  });
});

/**
 * QA's month: October 2026 as a real month comes, every awkward case in it, and the figures of
 * 《印台政务通报》 computed by hand from the measures (第四条㈤㈨, 第五条㈥) and checked in every place
 * staff read them: computeBulletin, the HTML page (table and chart), the XLSX workbook (table and
 * chart picture), the console's 通报统计 figures (/api/console/charts), a unit's own part
 * (/api/console/unit-bulletin), and the 督查看板's overdue count on the same day.
 *
 * The calendar: 国庆 10-01..10-07 holidays, Saturday 10-10 a 调休 working day. Simple cases: 2
 * working days from the day after assignment.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  archiveCase, assignCase, decideExtension, decideNotAccepted, decideProposal, decideReply, mergeCases, proposeHandling, publishReply, recordVisit,
  registerCase, requestExtension, returnCase, reviewReport, submitAssistOpinion, submitReport,
} from '../workflow/cases/index.js';
import { bulletinXlsxBuffer, computeBulletin, renderBulletinHtml, type BulletinData, type UnitBulletinRow } from '../workflow/bulletin/index.js';
import { main } from '../cli/main.js';
import { listSupervision } from '../workflow/supervision/index.js';
import type { Actor } from '../workflow/users/index.js';
import { goodReply } from './helpers/case-steps.js';
import { getAs, serveWorkflowRoutes } from './helpers/workflow-routes-server.js';
import { at, databaseUrl, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let server: Awaited<ReturnType<typeof serveWorkflowRoutes>>;
const october = { from: '2026-10-01', to: '2026-10-31' };
const generatedOn = at('2026-11-03');
const parks: Actor = { userId: 'parks', username: 'parks', role: 'unit', unitId: 'u-parks' };
/** The cases the month's 超期, 不满意 and 退回重办 lists name. */
const ids: Record<'c2' | 'c3' | 'c4' | 'c5a' | 'c5b' | 'c8', string> = { c2: '', c3: '', c4: '', c5a: '', c5b: '', c8: '' };

async function assign(caseId: string, unitId: string, when: Date, assistUnitIds?: string[]) {
  await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov, now: when });
  await proposeHandling(f.store.db, { caseId, unitId, opinion: '请核实处理', assistUnitIds, actor: f.actors.office, now: when });
  await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: when });
  return assignCase(f.store.db, { caseId, actor: f.actors.office, now: when });
}
async function report(caseId: string, unit: Actor, when: Date) {
  await submitReport(f.store.db, { caseId, text: goodReply, actor: unit, now: when });
}
async function publish(caseId: string, when: Date) {
  await reviewReport(f.store.db, { caseId, accept: true, actor: f.actors.supervision, now: when });
  await decideReply(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: when });
  await publishReply(f.store.db, { caseId, actor: f.actors.egov, now: when });
}
/** A case entered through intake, received (created) at `when`. */
async function received(when: Date, title?: string) {
  const { caseId } = await newCase(f, title ? { title } : {});
  await f.store.db.case.update({ where: { id: caseId }, data: { createdAt: when } });
  return caseId;
}

beforeAll(async () => {
  f = await openFixture();
  await f.store.db.unit.create({ data: { id: 'u-parks', name: '区园林局', keywords: [] } });
  server = await serveWorkflowRoutes(f, { withConsoleRoutes: true });
  const { roads, water } = f.actors;

  // C1 roads: received and assigned in September (Tue 09-29, due 10-08 over 国庆), reported on the due day: 上期转入, on time.
  const c1 = await received(at('2026-09-29', 9));
  await assign(c1, f.units.roads, at('2026-09-29'));
  await report(c1, roads, at('2026-10-08', 16));
  // C2 roads: assigned Tue 10-27, due 10-29, reported 11-02 (after the month): overdue in October.
  const c2 = await received(at('2026-10-27', 9));
  await assign(c2, f.units.roads, at('2026-10-27'));
  await report(c2, roads, at('2026-11-02'));
  ids.c2 = c2;
  // C3: assigned to water on 10-12, returned (退回) the same day, reassigned to roads 10-13 (due 10-15),
  // reported 10-14 and published; the visit of 10-16 dissatisfied re-opens it to roads (due Tue 10-20),
  // reported 10-19, published; visited again 10-20: basically satisfied.
  const c3 = await received(at('2026-10-12', 9));
  ids.c3 = c3;
  await assign(c3, f.units.water, at('2026-10-12'));
  await returnCase(f.store.db, { caseId: c3, reason: '不属本局职责，应由交通运输局办理', actor: water, now: at('2026-10-12', 15) });
  await proposeHandling(f.store.db, { caseId: c3, unitId: f.units.roads, opinion: '改交区交通运输局办理', actor: f.actors.office, now: at('2026-10-13') });
  await decideProposal(f.store.db, { caseId: c3, approve: true, actor: f.actors.leader, now: at('2026-10-13') });
  await assignCase(f.store.db, { caseId: c3, actor: f.actors.office, now: at('2026-10-13') });
  await report(c3, roads, at('2026-10-14'));
  await publish(c3, at('2026-10-15'));
  await recordVisit(f.store.db, { caseId: c3, satisfaction: 'dissatisfied', method: 'phone', note: '路面仍未修好', actor: f.actors.supervision, now: at('2026-10-16') });
  await report(c3, roads, at('2026-10-19'));
  await publish(c3, at('2026-10-19', 15));
  await recordVisit(f.store.db, { caseId: c3, satisfaction: 'basically_satisfied', method: 'phone', actor: f.actors.supervision, now: at('2026-10-20') });
  // C4 roads: assigned Mon 10-19 (due 10-21), 延期 3 working days granted 10-20 (due 10-26), reported 10-23,
  // sent back 10-26 (redo due 10-28), reported again 10-27: on time, one 退回重办.
  const c4 = await received(at('2026-10-19', 9));
  ids.c4 = c4;
  await assign(c4, f.units.roads, at('2026-10-19'));
  await requestExtension(f.store.db, { caseId: c4, progress: '已联系施工单位', reason: '需采购配件', days: 3, actor: roads, now: at('2026-10-20') });
  await decideExtension(f.store.db, { caseId: c4, approve: true, answer: '同意延期 3 个工作日', actor: f.actors.supervision, now: at('2026-10-20', 15) });
  await report(c4, roads, at('2026-10-23'));
  await reviewReport(f.store.db, { caseId: c4, accept: false, note: '未说明处理结果，请补充', actor: f.actors.supervision, now: at('2026-10-26') });
  await report(c4, roads, at('2026-10-27'));
  // C5a water: assigned 09-30, due 10-09 (国庆), reported Saturday 10-10 (调休): late, carried over.
  const c5a = await received(at('2026-09-30', 9));
  await assign(c5a, f.units.water, at('2026-09-30'));
  await report(c5a, water, at('2026-10-10'));
  ids.c5a = c5a;
  // C5b water: assigned Thu 10-08, due Saturday 10-10 (a working day), reported Monday 10-12: late.
  const c5b = await received(at('2026-10-08', 9));
  await assign(c5b, f.units.water, at('2026-10-08'));
  await report(c5b, water, at('2026-10-12', 9));
  ids.c5b = c5b;
  // C6: lead roads, assisting parks; assigned Tue 10-20 (due 10-22); 协办意见 10-21, report 10-22: both on time;
  // published, visited 10-23: satisfied.
  const c6 = await received(at('2026-10-20', 9));
  await assign(c6, f.units.roads, at('2026-10-20'), ['u-parks']);
  await submitAssistOpinion(f.store.db, { caseId: c6, text: '经查，该路段绿化带归我局管护，已安排修剪。', actor: parks, now: at('2026-10-21') });
  await report(c6, roads, at('2026-10-22'));
  await publish(c6, at('2026-10-22', 15));
  await recordVisit(f.store.db, { caseId: c6, satisfaction: 'satisfied', method: 'phone', actor: f.actors.supervision, now: at('2026-10-23') });
  // C7: 不予受理.
  const c7 = await received(at('2026-10-09', 9));
  await decideNotAccepted(f.store.db, { caseId: c7, reasons: ['advertising'], note: '商业广告', actor: f.actors.egov, now: at('2026-10-09') });
  // C8 water and a duplicate merged into it: one message received. Assigned Mon 10-26, due 10-28, never reported.
  const c8 = await received(at('2026-10-26', 8), '王家河小区停水问题');
  const c8dup = await received(at('2026-10-26', 9), '王家河小区停水问题（重复）');
  await mergeCases(f.store.db, { caseId: c8dup, intoCaseId: c8, note: '同一问题', actor: f.actors.egov, now: at('2026-10-26', 9) });
  await assign(c8, f.units.water, at('2026-10-26'));
  ids.c8 = c8;
  // C9 water: assigned 10-13 (due 10-15), reported 10-14, published, visited satisfied 10-16, archived.
  const c9 = await received(at('2026-10-13', 9));
  await assign(c9, f.units.water, at('2026-10-13'));
  await report(c9, water, at('2026-10-14'));
  await publish(c9, at('2026-10-15'));
  await recordVisit(f.store.db, { caseId: c9, satisfaction: 'satisfied', method: 'phone', actor: f.actors.supervision, now: at('2026-10-16') });
  await archiveCase(f.store.db, { caseId: c9, actor: f.actors.supervision, now: at('2026-10-16', 15) });
  // C10 and C11: received 10-30, still awaiting review at the month's end. After it, on 11-04, C10 is
  // registered as 建议 and C11 merged into it: October's figures stay as they were at its end.
  const c10 = await received(at('2026-10-30', 9), '新华路公交站台无遮雨棚');
  const c11 = await received(at('2026-10-30', 10), '新华路公交站台无遮雨棚（重复）');
  await registerCase(f.store.db, { caseId: c10, category: '建议', actor: f.actors.egov, now: at('2026-11-04') });
  await mergeCases(f.store.db, { caseId: c11, intoCaseId: c10, note: '同一问题', actor: f.actors.egov, now: at('2026-11-04') });
});

afterAll(async () => {
  await server?.app.close();
  await f?.close();
});

/** The rows worked out by hand (see the cases above). */
const roadsRow = {
  // Received: C2, C3 (reassigned), C3 (re-opened after the dissatisfied visit), C4, C6; carried over: C1.
  received: 5, carriedOver: 1, returned: 0, reported: 5, onTime: 5, overdue: 1, pending: 0, sentBack: 1, onTimeRate: 0.833,
  satisfied: 1, basicallySatisfied: 1, dissatisfied: 1, unreachable: 0, satisfactionRate: 0.667, assistReceived: 0, assistOnTime: 0,
};
const waterRow = {
  // Received: C3 (returned), C5b (late: due on the 调休 Saturday), C8 (never reported), C9 (on time); carried over: C5a (late).
  received: 4, carriedOver: 1, returned: 1, reported: 3, onTime: 1, overdue: 3, pending: 0, sentBack: 0, onTimeRate: 0.25,
  satisfied: 1, basicallySatisfied: 0, dissatisfied: 0, unreachable: 0, satisfactionRate: 1, assistReceived: 0, assistOnTime: 0,
};
const parksRow = { received: 0, carriedOver: 0, onTime: 0, overdue: 0, assistReceived: 1, assistOnTime: 1 };
const totals = {
  // C2, C3, C4, C5b, C6, C7, C8 (with its merged copy), C9, and C10, C11 (awaiting review at the end).
  cases: 10, awaitingReview: 2, notAccepted: 1,
  received: 9, carriedOver: 2, returned: 1, reported: 8, onTime: 6, overdue: 4, pending: 0, sentBack: 1,
  satisfied: 2, basicallySatisfied: 1, dissatisfied: 1, unreachable: 0, assistReceived: 1, assistOnTime: 1,
  onTimeRate: 0.6, satisfactionRate: 0.75,
};

const rowOf = (data: { units: UnitBulletinRow[] }, unitId: string) => data.units.find((u) => u.unitId === unitId);

describe("《印台政务通报》 for QA's month", () => {
  let data: BulletinData;
  beforeAll(async () => {
    data = await computeBulletin(f.store.db, { ...october, now: generatedOn });
  });

  it('gives each unit the row worked out by hand', () => {
    expect(data.asOf).toBe('2026-10-31');
    expect(rowOf(data, f.units.roads)).toMatchObject(roadsRow);
    expect(rowOf(data, f.units.water)).toMatchObject(waterRow);
    expect(rowOf(data, 'u-parks')).toMatchObject(parksRow);
    expect(data.totals).toMatchObject(totals);
    expect(data.byCategory).toEqual({ 投诉: 10 });
    expect(data.criticism).toEqual([
      { unitId: f.units.roads, unit: '区交通运输局', reasons: ['超期 1 件', '群众不满意 1 件', '办理报告被退回重办 1 次'] },
      { unitId: f.units.water, unit: '区水务局', reasons: ['超期 3 件'] },
    ]);
    expect(data.praise).toEqual([]);
  });

  it('lists the four 超期 by hand: which case, due when, reported when, how many working days late', async () => {
    const ledgerNo = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;
    expect(data.overdueCases.map(({ title: _t, ...c }) => c)).toEqual([
      // C2: due Thu 10-29, not reported by the month's end (Sat 10-31): Fri 10-30 is 1 working day.
      { caseId: ids.c2, ledgerNo: await ledgerNo(ids.c2), unitId: f.units.roads, unit: '区交通运输局', dueDate: '2026-10-29', reportedOn: null, workingDaysLate: 1, carriedOver: false },
      // C5a: due Fri 10-09, reported on the 调休 Saturday 10-10, a working day.
      { caseId: ids.c5a, ledgerNo: await ledgerNo(ids.c5a), unitId: f.units.water, unit: '区水务局', dueDate: '2026-10-09', reportedOn: '2026-10-10', workingDaysLate: 1, carriedOver: true },
      // C5b: due on that Saturday, reported Monday 10-12 (Sunday is no working day).
      { caseId: ids.c5b, ledgerNo: await ledgerNo(ids.c5b), unitId: f.units.water, unit: '区水务局', dueDate: '2026-10-10', reportedOn: '2026-10-12', workingDaysLate: 1, carriedOver: false },
      // C8: due Wed 10-28, never reported: 10-29 and 10-30.
      { caseId: ids.c8, ledgerNo: await ledgerNo(ids.c8), unitId: f.units.water, unit: '区水务局', dueDate: '2026-10-28', reportedOn: null, workingDaysLate: 2, carriedOver: false },
    ]);
    expect(data.overdueCases.find((c) => c.caseId === ids.c8)!.title).toBe('王家河小区停水问题');
    // As many as the rows count 超期.
    expect(data.overdueCases.length).toBe(data.totals.overdue);
    const html = renderBulletinHtml(data);
    expect(html).toContain(`<td>${await ledgerNo(ids.c8)}</td><td class="title">王家河小区停水问题</td><td>2026-10-28</td><td>截至 2026-10-31 未报送，超期 2 个工作日</td>`);
    expect(html).toContain(`<td>2026-10-09</td><td>2026-10-10 报送，超期 1 个工作日（上期转入）</td>`);
  });

  it("lists the rest of 区交通运输局's 通报批评 by hand: C3's dissatisfied visit and C4's report sent back", async () => {
    const ledgerNo = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;
    expect(data.criticisedCases.map(({ title: _t, ...c }) => c)).toEqual([
      { caseId: ids.c3, ledgerNo: await ledgerNo(ids.c3), unitId: f.units.roads, unit: '区交通运输局', reason: '群众不满意', on: '2026-10-16', note: '路面仍未修好' },
      { caseId: ids.c4, ledgerNo: await ledgerNo(ids.c4), unitId: f.units.roads, unit: '区交通运输局', reason: '退回重办', on: '2026-10-26', note: '督查室审核退回：未说明处理结果，请补充' },
    ]);
    // As many as the rows count.
    expect(data.criticisedCases.length).toBe(data.totals.dissatisfied + data.totals.sentBack);
    const html = renderBulletinHtml(data);
    expect(html).toContain(`<td>${await ledgerNo(ids.c4)}</td><td class="title">${data.criticisedCases[1]!.title}</td><td>退回重办</td><td>2026-10-26</td><td class="title">督查室审核退回：未说明处理结果，请补充</td>`);
  });

  it('counts September apart: the work carried into October is there as received and in hand', async () => {
    const september = await computeBulletin(f.store.db, { from: '2026-09-01', to: '2026-09-30', now: generatedOn });
    expect(rowOf(september, f.units.roads)).toMatchObject({ received: 1, carriedOver: 0, reported: 0, onTime: 0, overdue: 0, pending: 1 });
    expect(rowOf(september, f.units.water)).toMatchObject({ received: 1, carriedOver: 0, reported: 0, onTime: 0, overdue: 0, pending: 1 });
    expect(september.totals).toMatchObject({ cases: 2, received: 2, onTime: 0, overdue: 0, pending: 2 });
  });

  it('shows the same figures in the HTML table and its chart', () => {
    const html = renderBulletinHtml(data);
    const cells = (unit: string) => html.match(new RegExp(`<tr><td>${unit}</td>((?:<td>[^<]*</td>)+)</tr>`, 'u'))![1]!.match(/<td>([^<]*)<\/td>/gu)!.map((c) => c.slice(4, -5));
    expect(cells('区交通运输局')).toEqual(['5', '1', '5', '1', '0', '0', '1', '83.3%', '2/3', '66.7%', '0', '0']);
    expect(cells('区水务局')).toEqual(['4', '1', '1', '3', '0', '1', '0', '25%', '1/1', '100%', '0', '0']);
    // The chart's bars are titled with the unit, the series and the value shown in the table.
    for (const [unit, row] of [['区交通运输局', roadsRow], ['区水务局', waterRow]] as const) {
      for (const [series, value] of [['收到', row.received], ['按时办结', row.onTime], ['超期', row.overdue], ['退回', row.returned]] as const) {
        expect(html).toContain(`<title>${unit} ${series} ${value}</title>`);
      }
    }
    expect(html).toContain('本期共收到网民留言 10 件（投诉 10 件），其中待审核分类 2 件');
    expect(html).toContain('交办承办单位 9 件次，上期转入未办结 2 件次，按时办结 6 件，超期 4 件，办理中 0 件，被承办单位退回 1 件次');
    expect(html).toContain('回访 4 件，满意 2 件，基本满意 1 件，不满意 1 件，无法联系 0 件，满意率 75%');
  });

  it("labels the HTML satisfaction chart's bars with the rate its table shows", () => {
    // QA: the table gave 区交通运输局 满意率 66.7% and the chart beside it 67%.
    const html = renderBulletinHtml(data);
    const chart = html.slice(html.indexOf('aria-label="各单位群众满意率"'));
    expect(chart).toContain('<title>区交通运输局 满意率 66.7%</title>');
    expect(chart).toContain('>66.7%</text>');
    expect(chart).toContain('<title>区水务局 满意率 100%</title>');
  });

  it('shows the same figures in the workbook', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bulletinXlsxBuffer(data)) as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('各单位办理情况')!;
    const values = (unit: string) => {
      const r = sheet.getRows(3, sheet.rowCount)!.find((x) => x.getCell(1).value === unit)!;
      return Array.from({ length: 15 }, (_, i) => r.getCell(i + 2).value);
    };
    expect(values('区交通运输局')).toEqual([5, 1, 5, 1, 0, 0, 1, 0.833, 1, 1, 1, 0, 0.667, 0, 0]);
    expect(values('区水务局')).toEqual([4, 1, 1, 3, 0, 1, 0, 0.25, 1, 0, 0, 0, 1, 0, 0]);
    const t = wb.getWorksheet('总体情况')!;
    const total = (label: string) => t.getRows(1, t.rowCount)!.find((r) => r.getCell(1).value === label)?.getCell(2).value;
    expect(['收到留言', '待审核分类', '不予受理', '交办件次', '上期转入件次', '按时办结', '超期', '退回', '回访'].map(total)).toEqual([10, 2, 1, 9, 2, 6, 4, 1, 4]);
    const overdue = wb.getWorksheet('超期件清单')!;
    expect(overdue.getRow(1).values).toEqual([undefined, '承办单位', '台账编号', '留言标题', '办理时限', '报送日期', '超期工作日', '办理情况']);
    const listed = overdue.getRows(2, overdue.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(4).value, r.getCell(5).value, r.getCell(6).value]);
    expect(listed).toEqual([
      ['区交通运输局', '2026-10-29', '未报送', 1],
      ['区水务局', '2026-10-09', '2026-10-10', 1],
      ['区水务局', '2026-10-10', '2026-10-12', 1],
      ['区水务局', '2026-10-28', '未报送', 2],
    ]);
    const criticised = wb.getWorksheet('不满意与退回重办')!;
    expect(criticised.getRows(2, criticised.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(4).value, r.getCell(5).value, r.getCell(6).value])).toEqual([
      ['区交通运输局', '群众不满意', '2026-10-16', '路面仍未修好'],
      ['区交通运输局', '退回重办', '2026-10-26', '督查室审核退回：未说明处理结果，请补充'],
    ]);
  });

  it('gives the console page and the offices the same bulletin, and a unit only its own row', async () => {
    const q = `from=${october.from}&to=${october.to}`;
    const charts = await getAs(server.base, 'duchashi', `/api/console/charts?${q}`);
    expect(charts.status).toBe(200);
    // Read today the month is long over: the figures are those of its end.
    expect(rowOf(charts.json.bulletin, f.units.roads)).toMatchObject(roadsRow);
    expect(rowOf(charts.json.bulletin, f.units.water)).toMatchObject(waterRow);
    expect(charts.json.bulletin.totals).toMatchObject(totals);
    const whole = await getAs(server.base, 'duchashi', `/api/workflow/bulletin?${q}`);
    expect(whole.json.totals).toMatchObject(totals);
    const own = await getAs(server.base, 'water', `/api/console/unit-bulletin?${q}`);
    expect(own.status).toBe(200);
    expect(own.json.row).toMatchObject(waterRow);
    expect(own.json.criticism).toEqual(['超期 3 件']);
    // Its own 超期 cases, the ones its 超期 3 counts; none of another unit's.
    expect(own.json.overdueCases.map((c: { caseId: string }) => c.caseId)).toEqual([ids.c5a, ids.c5b, ids.c8]);
    expect(own.json.criticisedCases).toEqual([]);
    expect(charts.json.bulletin.overdueCases.map((c: { caseId: string }) => c.caseId)).toEqual([ids.c2, ids.c5a, ids.c5b, ids.c8]);
    expect(JSON.stringify(own.json)).not.toContain('u-roads');
    expect((await getAs(server.base, 'water', `/api/console/charts?${q}`)).status).toBe(403);
    expect((await getAs(server.base, 'water', `/api/workflow/bulletin?${q}`)).status).toBe(403);
  });

  it('prints and writes the same figures from the command line (minsheng bulletin)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qabul-cli-'));
    try {
      let out = '';
      let err = '';
      const env = { DATABASE_URL: `${databaseUrl}?schema=${f.schema}`, MINSHENG_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
      const code = await main(['bulletin', '--from', october.from, '--to', october.to, '--out', path.join(dir, 'out')], { env, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
      expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
      expect(out).toContain('交办 9 件次，上期转入 2 件次，按时办结 6，超期 4，退回 1；表扬 0 个单位，批评 2 个单位');
      const html = await readFile(path.join(dir, 'out', 'bulletin.html'), 'utf8');
      expect(html).toContain('<tr><td>区水务局</td><td>4</td><td>1</td><td>1</td><td>3</td><td>0</td><td>1</td><td>0</td><td>25%</td><td>1/1</td><td>100%</td><td>0</td><td>0</td></tr>');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(dir, 'out', 'bulletin.xlsx'));
      const sheet = wb.getWorksheet('各单位办理情况')!;
      const roads = sheet.getRows(3, sheet.rowCount)!.find((r) => r.getCell(1).value === '区交通运输局')!;
      expect([2, 3, 4, 5, 6, 7, 8].map((c) => roads.getCell(c).value)).toEqual([5, 1, 5, 1, 0, 0, 1]);
    } finally {
      await f.store.db.bulletin.deleteMany({});
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("shows on the console's weekly category chart the bulletin's 分类 as at the month's end", async () => {
    // QA: the chart read each case as it is now, so after C10 was registered as 建议 and C11 merged
    // into it (11-04), October's chart showed 投诉 8, 建议 1 beside the bulletin's 收到留言 10, 投诉 10.
    const charts = await getAs(server.base, 'duchashi', `/api/console/charts?from=${october.from}&to=${october.to}`);
    const trend = charts.json.trend as { weeks: string[]; series: Record<string, number[]> };
    const perCategory = Object.fromEntries(Object.entries(trend.series).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0)]).filter(([, n]) => n !== 0));
    expect(perCategory).toEqual(charts.json.bulletin.byCategory);
    expect(perCategory).toEqual({ 投诉: 10 });
    // By week (Monday first): C2, C3, C4, C5b, C6, C7, C8, C9, C10, C11.
    const week = (monday: string) => trend.series['投诉']![trend.weeks.indexOf(monday)];
    expect(['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26'].map(week)).toEqual([2, 2, 2, 4]);
  });

  it("agrees with the 督查看板's overdue cases on the same day", async () => {
    // On 11-03: C8 (water, due 10-28) is the one case in hand past its due date and unreported; C2 was reported late on 11-02.
    const day = generatedOn;
    const board = (await listSupervision(f.store.db, { actor: f.actors.supervision, now: day })).filter((r) => r.status === 'overdue');
    expect(board.map((r) => r.unitId)).toEqual([f.units.water]);
    const upToDay = await computeBulletin(f.store.db, { from: '2026-09-01', to: '2026-11-03', now: day });
    const unreportedOverdue = (r: UnitBulletinRow) => r.overdue - (r.reported - r.onTime);
    expect(upToDay.units.map((r) => [r.unitId, unreportedOverdue(r)]).filter(([, n]) => n !== 0)).toEqual([[f.units.water, 1]]);
  });
});

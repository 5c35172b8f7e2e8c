/**
 * 卷内目录 (第四条㈩ 按类别立卷归档): `minsheng archive catalogue --volume 2026-投诉 --out DIR`
 * through the real CLI entry on PostgreSQL (DATABASE_URL), and through a running main job's API.
 * The catalogue lists exactly the volume's cases, numbered 1..n in 台账编号 order, with the 留言人
 * and the personal data in the title masked, every citizen's text escaped in the HTML, the cases
 * merged in and the 不予受理 decision as 备注; the HTML prints A4 landscape with the header row on
 * every page, the XLSX is set up alike. A malformed or empty volume is refused with a message.
 * Each catalogue produced is recorded in the export log (who, the volume, its cases, when), read on
 * the console's 导出记录 and the admin's 安全审计; a refused one is not.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSecurityLog } from '../workflow/audit/index.js';
import { chinaDate } from '../workflow/calendar/index.js';
import { listExportLogs } from '../workflow/exports/index.js';
import { archiveCase, decideNotAccepted, mergeCases, recordVisit } from '../workflow/cases/index.js';
import { toAssigned, toReplied } from './helpers/case-steps.js';
import { inProcessMinsheng, type MinshengRunner } from './helpers/in-process-cli.js';
import { startMainJobStandIn, type MainJobStandIn } from './helpers/main-job-stand-in.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let cli: MinshengRunner;
let dir: string;
const ledgerNo = async (caseId: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).ledgerNo;
const january = at('2027-01-05');
const cases: Record<string, { caseId: string; ledgerNo: string }> = {};

/** A 投诉 written by `author`, handled by 区交通运输局, visited `satisfaction` on `day`, then archived in January. */
async function closedAndArchived(title: string, author: string, day: string, options: { copy?: string } = {}) {
  const { caseId, messageId } = await newCase(f, { title });
  await f.store.db.message.update({ where: { id: messageId }, data: { author, postedAt: at('2026-10-30', 9) } });
  if (options.copy) {
    const copy = await newCase(f, { title: options.copy });
    await mergeCases(f.store.db, { caseId: copy.caseId, intoCaseId: caseId, note: '同一问题重复反映', actor: f.actors.egov });
    cases.copy = { caseId: copy.caseId, ledgerNo: await ledgerNo(copy.caseId) };
  }
  await toAssigned(f, caseId, at('2026-11-02'));
  await toReplied(f, caseId, at('2026-11-03'));
  await recordVisit(f.store.db, { caseId, satisfaction: 'basically_satisfied', method: 'phone', actor: f.actors.egov, now: at(day) });
  await archiveCase(f.store.db, { caseId, actor: f.actors.supervision, now: january });
  return { caseId, ledgerNo: await ledgerNo(caseId) };
}

async function readSheet(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.getWorksheet('卷内目录')!;
}

beforeAll(async () => {
  f = await openFixture();
  cli = inProcessMinsheng(f.schema);
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-catalogue-'));
  cases.lamp = await closedAndArchived('新华路<script>alert("x")</script>路灯不亮 张伟 13812345678', '张伟', '2026-12-10');
  cases.road = await closedAndArchived('印台大道路面破损 & 积水', '欧阳娜娜', '2026-11-04', { copy: '印台大道路面破损严重' });
  // Settled in 2025: the 2025 volume, not 2026's.
  cases.old = await closedAndArchived('王家河路段积水', '李强', '2025-12-19');
  const refused = await newCase(f, { title: '发票代开 联系微信', outOfScope: true });
  await decideNotAccepted(f.store.db, { caseId: refused.caseId, reasons: ['advertising'], note: '商业广告，联系人王芳 13987654321', actor: f.actors.egov, now: at('2026-12-11') });
  await archiveCase(f.store.db, { caseId: refused.caseId, actor: f.actors.supervision, now: january });
  cases.refused = { caseId: refused.caseId, ledgerNo: await ledgerNo(refused.caseId) };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await f?.close();
});

describe('minsheng archive catalogue', () => {
  it('writes the volume catalogue as HTML to print and XLSX, its cases only, in 台账编号 order, masked and escaped', async () => {
    const out = path.join(dir, 'out');
    const run = await cli('archive', 'catalogue', '--volume', '2026-投诉', '--out', out);
    expect(run.code, run.err).toBe(0);
    const html = path.join(out, '卷内目录-2026-投诉.html');
    const xlsx = path.join(out, '卷内目录-2026-投诉.xlsx');
    expect(run.out).toBe(`已生成卷内目录《2026年 投诉类 网民留言卷内目录》（2 件）：${html}、${xlsx}\n`);

    const page = await readFile(html, 'utf8');
    expect(page).toContain('<h1>《2026年 投诉类 网民留言卷内目录》</h1>');
    expect(page).toContain('归档卷：2026-投诉');
    expect(page).toContain('件数：2 件');
    expect(page).toContain(`生成日期：${chinaDate(new Date())}`);
    expect(page).toMatch(/@page \{ size: A4 landscape;/);
    expect(page).toContain('thead { display: table-header-group; }');
    expect(page).toContain('counter(page)');
    // Citizens' text is escaped; no markup of theirs reaches the page.
    expect(page).not.toContain('<script>');
    expect(page).toContain('新华路&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;路灯不亮 张* 138****5678');
    expect(page).toContain('印台大道路面破损 &amp; 积水');
    expect(page).not.toContain('王家河');
    const rows = [...page.matchAll(/<tr><td class="no">(\d+)<\/td><td class="ledgerNo">([^<]+)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['1', cases.lamp!.ledgerNo],
      ['2', cases.road!.ledgerNo],
    ]);

    const ws = await readSheet(xlsx);
    expect(ws.getCell('A1').value).toBe('《2026年 投诉类 网民留言卷内目录》');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    expect(ws.getRow(3).values).toEqual([undefined, '件号', '台账编号', '标题', '留言人', '渠道', '收到日期', '承办单位', '办结日期', '回访结果', '归档日期', '备注']);
    const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    expect(values(4)).toEqual([1, cases.lamp!.ledgerNo, '新华路<script>alert("x")</script>路灯不亮 张* 138****5678', '张*', '区长信箱', '2026-10-30', '区交通运输局', '2026-12-10', '基本满意', '2027-01-05', '']);
    expect(values(5)).toEqual([2, cases.road!.ledgerNo, '印台大道路面破损 & 积水', '欧***', '区长信箱', '2026-10-30', '区交通运输局', '2026-11-04', '基本满意', '2027-01-05', `并入 ${cases.copy!.ledgerNo}`]);
    expect(ws.rowCount).toBe(5);
  });

  it('gives a 不予受理 volume its decision as 备注, masked', async () => {
    const out = path.join(dir, 'refused');
    // The decision was made on 2026-12-11: its volume is that year's; it went to no unit and had no 回访.
    const run = await cli('archive', 'catalogue', '--volume', '2026-不予受理', '--out', out);
    expect(run.code, run.err).toBe(0);
    const ws = await readSheet(path.join(out, '卷内目录-2026-不予受理.xlsx'));
    expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual([1, cases.refused!.ledgerNo, '发票代开 联系微信', '', '区长信箱', expect.any(String), '', '2026-12-11', '', '2027-01-05', '不予受理：商业广告或要求赞助（商业广告，联系人王芳 139****4321）']);
  });

  it('records each catalogue in the export log: who, from where, the volume, its cases, when', async () => {
    const before = new Date();
    const run = await cli('archive', 'catalogue', '--volume', '2026-投诉', '--out', path.join(dir, 'logged'));
    expect(run.code, run.err).toBe(0);
    const logs = await listExportLogs(f.store.db, { actor: f.actors.supervision });
    const row = logs.find((r) => r.startedAt >= before.toISOString());
    expect(row).toMatchObject({ via: 'cli', role: 'supervision', format: 'catalogue', formatName: '卷内目录（HTML 和 XLSX）', filters: { 内容: '卷内目录', 归档卷: '2026-投诉' }, masked: true, rows: 2, status: 'done' });
    expect(row!.actor).toMatch(/^cli:/);
    expect(row!.finishedAt).not.toBeNull();
    // The admin's 安全审计 lists it among the exports, in words.
    const audit = await listSecurityLog(f.store.db, { actor: f.actors.admin, filter: { kind: 'export' } });
    expect(audit.items.map((i) => i.details)).toContain('卷内目录（HTML 和 XLSX），归档卷 2026-投诉，2 件，已隐藏个人信息，命令行');

    // A refused volume produces nothing and is not recorded.
    const count = await f.store.db.exportLog.count();
    expect((await cli('archive', 'catalogue', '--volume', '2026-咨询', '--out', path.join(dir, 'none'))).code).toBe(2);
    expect(await f.store.db.exportLog.count()).toBe(count);
  });

  it('refuses a malformed volume and an empty one with a message saying so', async () => {
    const malformed = await cli('archive', 'catalogue', '--volume', '2026投诉', '--out', path.join(dir, 'bad'));
    expect(malformed).toMatchObject({ code: 2, out: '' });
    expect(malformed.err).toContain('归档卷「2026投诉」无法识别：归档卷应为「年份-类别」，如 2026-投诉、2026-不予受理');
    const empty = await cli('archive', 'catalogue', '--volume', '2026-咨询', '--out', path.join(dir, 'empty'));
    expect(empty).toMatchObject({ code: 2, out: '' });
    expect(empty.err).toContain('归档卷 2026-咨询 中没有已归档的案件，未生成卷内目录');
    await expect(readFile(path.join(dir, 'empty', '卷内目录-2026-咨询.html'))).rejects.toThrow();
  });
});

describe('minsheng archive catalogue while a main job holds the embedded store', () => {
  let job: MainJobStandIn;
  beforeAll(async () => {
    job = await startMainJobStandIn(f.store, dir);
  });
  afterAll(async () => {
    await job?.close();
  });

  it('renders through its API and writes the files here', { timeout: 60_000 }, async () => {
    const out = path.join(dir, 'via-job');
    const run = await job.minsheng(['archive', 'catalogue', '--volume', '2025-投诉', '--out', out]);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain('经其接口生成');
    expect(run.out).toContain('（1 件）');
    const page = await readFile(path.join(out, '卷内目录-2025-投诉.html'), 'utf8');
    expect(page).toContain('《2025年 投诉类 网民留言卷内目录》');
    expect(page).toContain(cases.old!.ledgerNo);
    const ws = await readSheet(path.join(out, '卷内目录-2025-投诉.xlsx'));
    expect(ws.getCell('B4').value).toBe(cases.old!.ledgerNo);
    // Recorded by the main job, as produced for the command line.
    const logged = await f.store.db.exportLog.findMany({ where: { format: 'catalogue', filters: { path: ['归档卷'], equals: '2025-投诉' } } });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ via: 'cli', rows: 1, status: 'done' });

    const empty = await job.minsheng(['archive', 'catalogue', '--volume', '2024-投诉', '--out', out]);
    expect(empty.code).not.toBe(0);
    expect(empty.err).toContain('归档卷 2024-投诉 中没有已归档的案件');
  });
});

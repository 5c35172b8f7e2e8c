/**
 * 卷内目录 (第四条㈩ 按类别立卷归档): the supervision office keeps, with each volume, a catalogue of
 * the cases filed in it. `minsheng export --archive-volume 2026-投诉` (the console's 数据导出 归档卷)
 * gives exactly the cases 归档 filed in that volume, whatever their category or the year they were
 * archived in (a 不予受理 case registered as 投诉 is in 不予受理's volume, a case settled in 2025 in
 * 2025's), each with its volume, when it was archived and the follow-up visit that settled it. On
 * PostgreSQL, through the real CLI entry, and through a running main job's streaming export.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCase, decideNotAccepted, recordVisit } from '../workflow/cases/index.js';
import { exportFilterSchema } from '../workflow/exports/index.js';
import { toAssigned, toReplied } from './helpers/case-steps.js';
import { inProcessMinsheng } from './helpers/in-process-cli.js';
import { startMainJobStandIn } from './helpers/main-job-stand-in.js';
import { at, newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let dir: string;

beforeAll(async () => {
  f = await openFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-volume-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await f?.close();
});

/** `minsheng <args>` in this process on the fixture's schema. */
async function cli(args: string[]) {
  const run = await inProcessMinsheng(f.schema, { MINSHENG_DATA_DIR: dir })(...args);
  return { code: run.code, stdout: run.out, stderr: run.err };
}

/** A 投诉 handled by 区交通运输局, replied, and visited with `satisfaction` on `visited`. */
async function settled(title: string, replied: string, visited: Date, satisfaction: 'satisfied' | 'unreachable' = 'satisfied') {
  const { caseId } = await newCase(f, { title });
  await toAssigned(f, caseId, at(replied));
  await toReplied(f, caseId, at(replied));
  await recordVisit(f.store.db, { caseId, satisfaction, method: 'phone', actor: f.actors.egov, now: visited });
  return caseId;
}

describe('卷内目录: the export of one archive volume', () => {
  it('lists exactly the cases filed in the volume, with the volume, the archiving time and the visit that settled them', async () => {
    const january = at('2027-01-05');
    const road = await settled('城关街道路面破损', '2026-11-03', at('2026-11-04'));
    const lamp = await settled('新华路路灯不亮', '2026-12-29', at('2026-12-30', 15), 'unreachable');
    const old = await settled('王家河路段积水', '2025-12-18', at('2025-12-20'));
    const waiting = await settled('罗寨村道路坑洼', '2026-12-01', at('2026-12-02'));
    const { caseId: refused } = await newCase(f, { title: '外区学校收费问题', outOfScope: true });
    await decideNotAccepted(f.store.db, { caseId: refused, reasons: ['other'], note: '反映耀州区问题', actor: f.actors.egov, now: at('2026-12-10') });
    for (const caseId of [road, lamp, old, refused]) await archiveCase(f.store.db, { caseId, actor: f.actors.supervision, now: january });
    const volumes = await f.store.db.case.findMany({ where: { id: { in: [road, lamp, old, refused, waiting] } }, select: { title: true, category: true, archiveVolume: true } });
    // The 不予受理 case was registered with the category 投诉, yet filed under 不予受理.
    expect(volumes.find((c) => c.title === '外区学校收费问题')).toMatchObject({ category: '投诉', archiveVolume: '2026-不予受理' });
    expect(volumes.find((c) => c.title === '王家河路段积水')?.archiveVolume).toBe('2025-投诉');

    const csvOut = path.join(dir, 'volume.csv');
    const csv = await cli(['export', '--format', 'csv', '--archive-volume', '2026-投诉', '--out', csvOut]);
    expect(csv.code, csv.stderr).toBe(0);
    const [header, ...lines] = (await readFile(csvOut, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    const headers = header!.split(',');
    const cell = (line: string, name: string) => line.split(',')[headers.indexOf(name)];
    expect(lines.map((l) => cell(l, '标题')).sort()).toEqual(['城关街道路面破损', '新华路路灯不亮']);
    for (const name of ['台账编号', '承办单位', '归档卷', '归档时间', '回访结果', '回访时间']) expect(headers).toContain(name);
    const lampLine = lines.find((l) => l.includes('新华路路灯不亮'))!;
    expect(cell(lampLine, '归档卷')).toBe('2026-投诉');
    expect(cell(lampLine, '归档时间')).toBe('2027-01-05 10:00:00');
    expect(cell(lampLine, '回访结果')).toBe('无法联系');
    expect(cell(lampLine, '回访时间')).toBe('2026-12-30 15:00:00');
    expect(cell(lampLine, '承办单位')).toBe('区交通运输局');
    expect(csv.stderr).toContain('已导出 2 / 2 件');

    // The XLSX of the 不予受理 volume: the refused case alone, its visit columns empty.
    const xlsxOut = path.join(dir, 'refused.xlsx');
    expect((await cli(['export', '--format', 'xlsx', '--archive-volume', '2026-不予受理', '--out', xlsxOut])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(xlsxOut)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const col = (name: string) => (sheet.getRow(1).values as unknown[]).indexOf(name);
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(col('标题')).value).toBe('外区学校收费问题');
    expect(sheet.getRow(2).getCell(col('归档卷')).value).toBe('2026-不予受理');
    expect(sheet.getRow(2).getCell(col('回访结果')).value ?? '').toBe('');

    // 2025's volume has the case settled in 2025, archived in 2027; nothing else.
    const jsonOut = path.join(dir, 'old.json');
    expect((await cli(['export', '--format', 'json', '--archive-volume', '2025-投诉', '--out', jsonOut])).code).toBe(0);
    const rows = JSON.parse(await readFile(jsonOut, 'utf8')) as { title: string; archiveVolume: string; archivedAt: string; visitResult: string }[];
    expect(rows.map((r) => [r.title, r.archiveVolume, r.archivedAt, r.visitResult])).toEqual([['王家河路段积水', '2025-投诉', '2027-01-05T10:00:00+08:00', '满意']]);
  });

  it('refuses a volume that is not 年份-类别, rather than exporting nothing', async () => {
    expect(exportFilterSchema.safeParse({ archiveVolume: '2026-建议' }).success).toBe(true);
    expect(exportFilterSchema.safeParse({ archiveVolume: '2026-不予受理' }).success).toBe(true);
    for (const typo of ['2026投诉', '投诉', '2026-投诉卷', '26-投诉']) expect(exportFilterSchema.safeParse({ archiveVolume: typo }).success, typo).toBe(false);
    const r = await cli(['export', '--format', 'csv', '--archive-volume', '2026投诉', '--out', path.join(dir, 'typo.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('归档卷');
  });
});

describe('卷内目录 while a main job holds the embedded store', () => {
  it('exports the volume through its streaming export, not every case', { timeout: 60_000 }, async () => {
    const visited = await settled('印台大道井盖缺失', '2026-11-10', at('2026-11-12'));
    await archiveCase(f.store.db, { caseId: visited, actor: f.actors.supervision, now: at('2026-11-20') });
    const jobDir = await mkdtemp(path.join(tmpdir(), 'minsheng-volume-job-'));
    const job = await startMainJobStandIn(f.store, jobDir);
    try {
      const out = path.join(jobDir, 'volume.json');
      const r = await job.minsheng(['export', '--format', 'json', '--archive-volume', '2026-投诉', '--out', out]);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain('经其接口导出');
      const rows = JSON.parse(await readFile(out, 'utf8')) as { title: string; archiveVolume: string }[];
      const all = await f.store.db.case.count({ where: { archiveVolume: '2026-投诉' } });
      expect(rows.length).toBe(all);
      expect(rows.map((x) => x.title)).toContain('印台大道井盖缺失');
      expect(new Set(rows.map((x) => x.archiveVolume))).toEqual(new Set(['2026-投诉']));
    } finally {
      await job.close();
      await rm(jobDir, { recursive: true, force: true });
    }
  });
});

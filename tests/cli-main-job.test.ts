/**
 * CLI commands while the main job (`minsheng start`, a real process on a fresh embedded store)
 * holds the store: calendar, bulletin and evaluate --from-store go through its API like cases and export, its errors
 * reach staff in its own Chinese words, and nothing opens the embedded store a second time.
 * Also: the main job does not start while a command has the store open.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainModel, writeModelFile } from '../classifier/index.js';
import { AppError } from '../core/index.js';
import { readRunFile, type RunFile } from '../cli/app/run-file.js';
import { lockEmbeddedStore } from '../cli/app/store-lock.js';
import { main } from '../cli/main.js';
import { createCliContext } from '../cli/program.js';
import { askMainJob, withStore } from '../cli/with-store.js';

function startMainJob(dataDir: string): { child: ChildProcess; log: () => string; exited: Promise<number | null> } {
  const env = { ...process.env, MINSHENG_DATA_DIR: dataDir, PORT: '0', MINSHENG_DEMO_PORT: '0', LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, ['bin/minsheng.js', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (b: Buffer) => void (log += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (log += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, log: () => log, exited };
}

async function cli(dataDir: string, argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { env: { MINSHENG_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  return { code, out, err };
}

describe('CLI commands while the main job holds the embedded store', () => {
  let dir: string;
  let dataDir: string;
  let job: ReturnType<typeof startMainJob>;
  let run: RunFile;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'minsheng-cli-job-'));
    dataDir = path.join(dir, 'data');
    job = startMainJob(dataDir);
    // Up, and a first case registered (for the case list's source names).
    const deadline = Date.now() + 110_000;
    while (!/已登记新案件/.test(job.log()) || !(await readRunFile(dataDir))) {
      if (Date.now() > deadline || job.child.exitCode !== null) throw new Error(`the main job did not come up:\n${job.log()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    run = (await readRunFile(dataDir))!;
  });
  afterAll(async () => {
    if (job?.child.exitCode === null) {
      job.child.kill('SIGTERM');
      await job.exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('computes due dates with the days an admin loads through it, warning while a year has no schedule', async () => {
    const before = await cli(dataDir, ['calendar', 'due', '--from', '2027-02-05', '--days', '2']);
    expect(before).toMatchObject({ code: 0, out: '2027-02-09\n' });
    expect(before.err).toContain('警告：2027 年的节假日安排尚未载入');

    const file = path.join(dir, '2027.json');
    const spring = Object.fromEntries(['06', '07', '08', '09', '10', '11', '12'].map((d) => [`2027-02-${d}`, '春节']));
    await writeFile(file, JSON.stringify({ year: 2027, holidays: { '2027-01-01': '元旦', ...spring }, workdays: ['2027-02-14'] }));
    const load = await cli(dataDir, ['calendar', 'load', '--file', file]);
    // The main job's answer lists the recount of due dates in hand (none assigned in this store).
    expect(load).toEqual({ code: 0, out: '已导入 2027 年：节假日 8 天，调休工作日 1 天\n办理时限重新计算：核对时限跨 2027 年、尚未办结的交办 0 件，时限改变 0 件\n', err: '' });
    // Written by the main job into its store, not by a second instance of the store in this process.
    const { days } = await askMainJob<{ days: { date: string }[] }>(run, '/api/workflow/calendar/days');
    expect(days.map((d) => d.date)).toContain('2027-02-14');

    expect(await cli(dataDir, ['calendar', 'due', '--from', '2027-02-05', '--days', '2'])).toEqual({ code: 0, out: '2027-02-15\n', err: '' });
    const show = await cli(dataDir, ['calendar', 'show', '--year', '2027']);
    expect(show.err).toBe('');
    expect(show.out).toContain('2027-02-08  放假      （导入）');
    expect(show.out).toContain('2027-02-14  调休上班  （导入）');
    // --no-store still means the built-in calendar only.
    expect((await cli(dataDir, ['calendar', 'due', '--from', '2027-02-05', '--days', '2', '--no-store'])).out).toBe('2027-02-09\n');

    // A file the main job refuses: its own message, as a bad input (exit code 2).
    await writeFile(file, JSON.stringify({ year: 2027, holidays: ['2028-01-01'] }));
    const bad = await cli(dataDir, ['calendar', 'load', '--file', file]);
    expect(bad).toEqual({ code: 2, out: '', err: '错误：日期 2028-01-01 不属于 2027 年\n' });
  });

  it('writes the bulletin the main job generates and records', async () => {
    const out = path.join(dir, 'bulletin', 'nov');
    const first = await cli(dataDir, ['bulletin', '--from', '2026-11-01', '--to', '2026-11-28', '--out', out]);
    expect(first.code).toBe(0);
    expect(first.err).toContain('经其接口生成');
    expect(first.out).toContain(`已生成《印台政务通报》：${path.join(out, 'bulletin.html')}、${path.join(out, 'bulletin.xlsx')}`);
    const html = await readFile(path.join(out, 'bulletin.html'), 'utf8');
    expect(html).toContain('印台政务通报');
    expect(html).toContain('第 1 期');
    expect((await readFile(path.join(out, 'bulletin.xlsx'))).subarray(0, 2).toString()).toBe('PK');
    // Recorded in the store: the next one is numbered after it.
    expect((await cli(dataDir, ['bulletin', '--from', '2026-11-01', '--to', '2026-11-28', '--out', out])).code).toBe(0);
    expect(await readFile(path.join(out, 'bulletin.html'), 'utf8')).toContain('第 2 期');
  });

  it('measures the suggestions against staff decisions through it (none reviewed yet: said plainly)', async () => {
    const report = await cli(dataDir, ['evaluate', '--from-store']);
    expect(report.code, report.err).toBe(0);
    expect(report.out).toMatch(/^建议准确率（以本区工作人员的审核决定为准）：全部时间\n该期间没有工作人员审核过的案件，无从比较分类、不予受理等建议。\n(重复留言：自动关联 \d+ 条.*\n)?$/);
    const json = JSON.parse((await cli(dataDir, ['evaluate', '--from-store', '--since', '2026-01-01', '--json'])).out) as { from: string; reviewed: number };
    expect(json).toMatchObject({ from: '2026-01-01', reviewed: 0 });
  });

  it('lists cases with their source names, and passes on the main job\'s own error messages', async () => {
    const table = await cli(dataDir, ['cases', 'list', '--limit', '5']);
    expect(table.code).toBe(0);
    expect(table.out).toContain('（演示：印台区区长信箱，反映');
    expect(table.out).not.toContain('demo-district-mailbox');
    const json = JSON.parse((await cli(dataDir, ['cases', 'list', '--json', '--limit', '2'])).out) as { source: string; sourceName: string }[];
    expect(json[0]).toMatchObject({ source: 'demo-district-mailbox', sourceName: '演示：印台区区长信箱' });

    const refused = await askMainJob(run, '/api/workflow/cases?state=bogus').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('BAD_INPUT');
    expect((refused as AppError).message).toMatch(/^参数 /);
    expect((refused as AppError).message).not.toContain('HTTP 400');
  });

  it('refuses, in the export API as in the CLI, a date that does not exist and a reversed period', async () => {
    const headers = { 'x-minsheng-local-token': run.token };
    const stream = async (query: string) => {
      const res = await fetch(new URL(`/api/exports/stream?format=json&${query}`, run.url), { headers });
      return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
    };
    expect(await stream('from=2026-02-30')).toEqual({ status: 400, body: { error: { code: 'BAD_INPUT', message: '开始日期不存在：2026-02-30' } } });
    expect(await stream('from=2026-11-30&to=2026-11-01')).toEqual({ status: 400, body: { error: { code: 'BAD_INPUT', message: '开始日期 2026-11-30 晚于结束日期 2026-11-01' } } });
    const job = await fetch(new URL('/api/exports', run.url), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'csv', filter: { from: '2026-11-28', to: '2026-11-01' } }),
    });
    expect(job.status).toBe(400);
    expect(((await job.json()) as { error: { message: string } }).error.message).toBe('开始日期 2026-11-28 晚于结束日期 2026-11-01');

    const out = path.join(dir, 'batch.json');
    const ok = await cli(dataDir, ['export', '--format', 'json', '--from', '2026-01-01', '--out', out]);
    expect(ok.code).toBe(0);
    expect(ok.err).toContain('经其接口导出');
    const written = JSON.parse(await readFile(out, 'utf8')) as unknown[];
    expect(Array.isArray(written)).toBe(true);
    // Progress as the file arrives, as on the store directly: the rows received, counted as cases.
    expect(ok.err).toMatch(/共 (\d+) 件，正在接收…\n已导出 (\d+) \/ \1 件（100%）\n/);
    expect(ok.err).toContain(`已导出 ${Math.min(written.length, Number(/共 (\d+) 件/.exec(ok.err)![1]))} / `);
    const sheet = await cli(dataDir, ['export', '--format', 'xlsx', '--out', path.join(dir, 'batch.xlsx')]);
    expect(sheet.code).toBe(0);
    expect(sheet.err).toMatch(/已接收 \d+\.\d MB\n/);
  });

  it('re-classifies the review queue through it, with the command\'s own model', async () => {
    // The committed model is the main job's: what the pipeline stored is what it suggests again.
    const same = await cli(dataDir, ['reclassify', '--dry-run', '--json']);
    expect(same.code, same.err).toBe(0);
    expect(same.err).toContain('经其接口读取；分类用本命令载入的模型');
    expect(same.err).toContain('随附的默认模型');
    expect(JSON.parse(same.out)).toMatchObject({ changed: 0, skipped: 0, examined: expect.any(Number) });
    expect((JSON.parse(same.out) as { examined: number }).examined).toBeGreaterThan(0);

    // A second model, trained here on a tiny set: the main job writes its suggestions and the events.
    const rows = ['投诉', '咨询', '建议', '求助', '其他'].flatMap((label) => Array.from({ length: 5 }, (_, j) => ({ title: `${label}${j}`, content: `${label}类示例留言${j}`, label })));
    const model = trainModel(rows, { minDf: 1, epochs: 2 });
    const file = path.join(dir, 'tiny.json.gz');
    writeModelFile(file, model);
    const other = await cli(dataDir, ['reclassify', '--model', file, '--json']);
    expect(other.code, other.err).toBe(0);
    expect(other.err).toContain(`经其接口写入；分类用本命令载入的模型 ${model.version}（${file}）`);
    const summary = JSON.parse(other.out) as { changed: number; cases: { caseId: string; outcome: string }[] };
    expect(summary.changed).toBeGreaterThan(0);
    const changed = summary.cases.find((c) => c.outcome === 'changed')!;
    const detail = await askMainJob<{ case: { events: { type: string; actor: string; data: { modelVersion?: string } }[] } }>(run, `/api/workflow/cases/${changed.caseId}`);
    expect(detail.case.events.find((e) => e.type === 'suggestion_updated')).toMatchObject({ actor: 'local-cli', data: { modelVersion: model.version } });
  });

  it('never opens the embedded store a second time', async () => {
    const ctx = createCliContext({ MINSHENG_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { stdout: () => {}, stderr: () => {} });
    let opened = false;
    const direct = withStore(ctx, async () => void (opened = true), 'minsheng 测试');
    await expect(direct).rejects.toThrow(/正由民声主程序使用（pid \d+.*请先停止主程序/);
    expect(opened).toBe(false);
    await expect(lockEmbeddedStore(dataDir, 'minsheng 测试')).rejects.toThrow(/pid \d+，minsheng start/);
  });

  it('backs the store up through it, and refuses a restore while it runs', async () => {
    const file = path.join(dir, 'while-running.tar.gz');
    const backup = await cli(dataDir, ['backup', '--output', file]);
    expect(backup.code).toBe(0);
    expect(backup.err).toContain('经其接口备份');
    expect(backup.out).toContain(`已备份内置数据库：${file}`);
    const restore = await cli(dataDir, ['restore', '--input', file]);
    expect(restore.code).not.toBe(0);
    expect(restore.err).toContain('不能在运行中恢复');
    // A unit account or a stranger cannot take the store's contents through the API.
    expect((await fetch(new URL('/api/cli/backup', run.url), { method: 'POST' })).status).toBe(401);
  });

  it('leaves neither its run file nor the store lock when it stops', async () => {
    job.child.kill('SIGTERM');
    expect(await job.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'minsheng-run.json'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'minsheng-store.lock'))).toBe(false);
    // The store is the commands' own again.
    expect((await cli(dataDir, ['calendar', 'due', '--from', '2027-02-05', '--days', '2'])).out).toBe('2027-02-15\n');
  });

  it('restores the backup it took into another data folder, with the cases and the calendar of that moment', async () => {
    const other = path.join(dir, 'restored');
    const restore = await cli(other, ['restore', '--input', path.join(dir, 'while-running.tar.gz')]);
    expect(restore.code).toBe(0);
    expect(restore.out).toMatch(/已恢复内置数据库（.*）：案件 [1-9]\d* 件/);
    expect((await cli(other, ['calendar', 'due', '--from', '2027-02-05', '--days', '2'])).out).toBe('2027-02-15\n');
    const cases = await cli(other, ['cases', 'list', '--json']);
    expect((JSON.parse(cases.out) as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('the main job while a command has the embedded store open', () => {
  it('refuses to start, naming the command, and does not open the store', { timeout: 90_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'minsheng-cli-lock-'));
    const release = await lockEmbeddedStore(dataDir, 'minsheng bulletin');
    try {
      const job = startMainJob(dataDir);
      const code = await job.exited;
      expect(code).not.toBe(0);
      expect(job.log()).toContain(`内置数据库（${dataDir}）正由另一个民声进程（pid ${process.pid}，minsheng bulletin`);
      expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
      // A command in this process is refused too, until the holder lets go.
      const busy = await cli(dataDir, ['bulletin', '--from', '2026-11-01', '--to', '2026-11-28', '--out', path.join(dataDir, 'b')]);
      expect(busy.code).toBe(1);
      expect(busy.err).toContain('minsheng bulletin');
      expect(busy.err).toContain('请等该命令结束后再试');
    } finally {
      await release();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

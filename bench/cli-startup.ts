/**
 * How long a CLI command takes to start, which staff wait for on every command: `minsheng --help`
 * (loads every command's module) and `minsheng classify` on one line, against the floor of
 * starting Node with the same TypeScript loader (tsx) and doing nothing.
 *   npx tsx bench/cli-startup.ts [--runs 5] [--main-job]
 * Best of `runs` for each, so other processes' load does not pass for start-up cost.
 *
 * `--main-job` also times `minsheng cases list --json --limit 3` while a main job (`minsheng start`,
 * demo mailbox, embedded store) holds the data folder, so the command goes through its API: once
 * while the main job is still crawling and registering its first letters, once a minute later (the
 * demo mailbox still posts a letter every few seconds).
 * That is what a clerk waits for at the command line on an office machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'main-job': { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const repo = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'minsheng-cli-bench-'));
const input = path.join(dir, 'in.jsonl');
writeFileSync(input, `${JSON.stringify({ id: '1', title: '咨询医保缴费时间', content: '请问今年城乡居民医保什么时候开始缴费？' })}\n`);

function best(args: string[], dataDir = dir, times = runs): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: repo, env: { ...process.env, MINSHENG_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} 退出码 ${String(r.status)}`);
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

const floor = best(['--import', 'tsx', '-e', '']);
const help = best(['bin/minsheng.js', '--help']);
const classify = best(['bin/minsheng.js', 'classify', '--input', input, '--output', path.join(dir, 'out.jsonl')]);
const row = (name: string, ms: number) => `| ${name} | ${ms.toFixed(0)} | ${(ms / floor).toFixed(1)} |`;
const rows = [row('node --import tsx（空载基线）', floor), row('minsheng --help', help), row('minsheng classify（1 条）', classify)];
if (values['main-job']) rows.push(...(await throughMainJob()));
process.stdout.write([`命令启动时间（${runs} 次中最快）`, '| 命令 | 毫秒 | 相对空载 Node+tsx |', '|---|---|---|', ...rows].join('\n') + '\n');
rmSync(dir, { recursive: true, force: true });

/** `cases list` through a running main job's API: while it registers its first letters, then a minute on. */
async function throughMainJob(): Promise<string[]> {
  const dataDir = path.join(dir, 'main-job');
  const child = spawn(process.execPath, ['bin/minsheng.js', 'start'], { cwd: repo, env: { ...process.env, MINSHENG_DATA_DIR: dataDir, PORT: '0', MINSHENG_DEMO_PORT: '0', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (b: Buffer) => void (log += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (log += b.toString()));
  const cases = () => (log.match(/已登记新案件/g) ?? []).length;
  const started = Date.now();
  const waitFor = async (done: () => boolean, what: string) => {
    while (!done()) {
      if (child.exitCode !== null || Date.now() - started > 300_000) throw new Error(`主程序未能${what}：\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const list = ['bin/minsheng.js', 'cases', 'list', '--json', '--limit', '3'];
  try {
    await waitFor(() => cases() >= 1, '登记第一件案件');
    process.stderr.write('主程序已登记第一件案件，计时中（主程序仍在采集、分类）…\n');
    const busy = best(list, dataDir, 3);
    // Steady state: a minute on, the first crawl's backlog is in; the demo mailbox still posts a letter every few seconds.
    const steadyAt = Date.now() + 60_000;
    await waitFor(() => Date.now() >= steadyAt, '持续运行');
    process.stderr.write(`主程序已登记 ${cases()} 件，计时中（演示信箱仍每隔几秒有新来信）…\n`);
    const steady = best(list, dataDir);
    return [row('minsheng cases list --limit 3（经主程序 API，主程序忙：3 次中最快）', busy), row('minsheng cases list --limit 3（经主程序 API，一分钟后）', steady)];
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  }
}

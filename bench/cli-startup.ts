/**
 * How long a CLI command takes to start, which staff wait for on every command: `minsheng --help`
 * (loads every command's module) and `minsheng classify` on one line, against the floor of
 * starting Node with the same TypeScript loader (tsx) and doing nothing.
 *   npx tsx bench/cli-startup.ts [--runs 5]
 * Best of `runs` for each, so other processes' load does not pass for start-up cost.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const repo = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'minsheng-cli-bench-'));
const input = path.join(dir, 'in.jsonl');
writeFileSync(input, `${JSON.stringify({ id: '1', title: '咨询医保缴费时间', content: '请问今年城乡居民医保什么时候开始缴费？' })}\n`);

function best(args: string[]): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: repo, env: { ...process.env, MINSHENG_DATA_DIR: dir, LOG_LEVEL: 'silent' }, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} 退出码 ${String(r.status)}`);
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

const floor = best(['--import', 'tsx', '-e', '']);
const help = best(['bin/minsheng.js', '--help']);
const classify = best(['bin/minsheng.js', 'classify', '--input', input, '--output', path.join(dir, 'out.jsonl')]);
const row = (name: string, ms: number) => `| ${name} | ${ms.toFixed(0)} | ${(ms / floor).toFixed(1)} |`;
process.stdout.write(
  [`命令启动时间（${runs} 次中最快）`, '| 命令 | 毫秒 | 相对空载 Node+tsx |', '|---|---|---|', row('node --import tsx（空载基线）', floor), row('minsheng --help', help), row('minsheng classify（1 条）', classify)].join('\n') + '\n',
);

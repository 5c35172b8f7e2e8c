/**
 * The main job's memory as it runs (`minsheng start` on a fresh embedded store with the demo mailbox,
 * a real child process): its resident set sampled every `--every` seconds for `--minutes`, beside the
 * cases registered, against its own first sample after the first case (the baseline in the same run:
 * a ratio that keeps climbing while the case count levels off would be a leak). The daily backup runs
 * at minute 5 of a run, so a run of 6 minutes or more includes one.
 * `--heap MB` caps the child's V8 old space (--max-old-space-size): RSS that grows only because V8
 * collects late stays bounded under a cap, while a leak ends in an out-of-memory crash.
 *   npx tsx bench/main-job-memory.ts [--minutes 8] [--every 15] [--heap 400]
 */
import { spawn } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const minutes = flag('--minutes', 8);
const every = flag('--every', 15);
const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-bench-memory-'));
const heap = flag('--heap', 0);
const env = { ...process.env, MINSHENG_DATA_DIR: path.join(dir, 'data'), PORT: '0', MINSHENG_DEMO_PORT: '0', LOG_LEVEL: 'info', ...(heap > 0 ? { NODE_OPTIONS: `--max-old-space-size=${heap}` } : {}) };
const child = spawn(process.execPath, ['bin/minsheng.js', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
child.stdout.on('data', (b: Buffer) => void (log += b.toString()));
child.stderr.on('data', (b: Buffer) => void (log += b.toString()));

/** Resident set of the child in MiB (Linux /proc). */
async function rssMiB(): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}
const cases = () => (log.match(/已登记新案件/g) ?? []).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

try {
  const started = Date.now();
  while (cases() === 0) {
    if (child.exitCode !== null || Date.now() - started > 120_000) throw new Error(`the main job did not register a case:\n${log}`);
    await sleep(500);
  }
  const base = await rssMiB();
  console.log('| minute | RSS (MiB) | ratio to the first sample | cases |');
  console.log('|---|---|---|---|');
  let peak = base;
  for (let t = 0; t <= minutes * 60; t += every) {
    const rss = t === 0 ? base : await rssMiB();
    peak = Math.max(peak, rss);
    console.log(`| ${(t / 60).toFixed(2)} | ${rss.toFixed(0)} | ${(rss / base).toFixed(2)} | ${cases()} |`);
    if (t + every <= minutes * 60) await sleep(every * 1000);
  }
  console.log(`peak ${peak.toFixed(0)} MiB (${(peak / base).toFixed(2)}x the first sample)${heap > 0 ? `, V8 old space capped at ${heap} MiB` : ''}${/已自动备份/.test(log) ? '; the daily backup ran during the run' : ''}${child.exitCode !== null ? `; the main job EXITED with code ${child.exitCode}` : ''}`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await rm(dir, { recursive: true, force: true });
}

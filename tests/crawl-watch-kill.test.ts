/**
 * `minsheng crawl` keeping watch (no --once: state in <data dir>/crawl-state, letters appended to
 * --output) killed outright (kill -9, a power cut) and started again: every letter of the site is
 * in the output of one run or the other. Before, a letter went into the output stream's buffer
 * and the run went on: the crawl state (counting it as known) could be saved before the letter
 * reached the file, and the next run never wrote it again. Made deterministic with an output
 * that takes nothing for a while (a pipe nobody reads: what a slow disk is to the crawler).
 */
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleMessages, startSite } from '../sites/index.js';
import { repoDir, sourceFileFor, waitFor } from './pipeline-helpers.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

function startCrawl(env: Record<string, string>, args: string[]) {
  const child = spawn(process.execPath, ['bin/minsheng.js', 'crawl', ...args], { cwd: repoDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(async () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
  let log = '';
  child.stdout.on('data', (b: Buffer) => void (log += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (log += b.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { log: () => log, kill: (signal: NodeJS.Signals) => child.kill(signal), exited };
}

const siteIds = (jsonl: string) => jsonl.split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { siteId: string }).siteId);

describe('minsheng crawl keeping watch, killed with SIGKILL and started again', () => {
  it('has written every letter it counts as known', { timeout: 120_000 }, async () => {
    const site = await startSite({ shape: 'paged-html', messages: sampleMessages(120, 9), pageSize: 15 });
    cleanups.push(() => site.close());
    const sources = await sourceFileFor(site, { id: 'watch-kill', every: '1s' });
    cleanups.push(() => sources.cleanup());
    const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-watch-kill-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const env = { MINSHENG_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' };

    // An output that takes 64 KiB and then nothing until it is read.
    const pipe = path.join(dir, 'out.pipe');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    const reader = await open(pipe, constants.O_RDONLY | constants.O_NONBLOCK);
    cleanups.push(() => reader.close());
    const first = startCrawl(env, ['--sources', sources.file, '--output', pipe]);
    // The run ends (and saves its state) or stays held by the output: either way, then the power goes.
    await waitFor('the first run to end or be held', async () => first.log().includes('完成：') || undefined, 12_000, 100).catch(() => undefined);
    first.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    let written = '';
    const chunk = Buffer.alloc(1 << 16);
    for (;;) {
      const { bytesRead } = await reader.read(chunk, 0, chunk.length, null).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EAGAIN') return { bytesRead: 0 };
        throw error;
      });
      if (bytesRead === 0) break;
      written += chunk.subarray(0, bytesRead).toString('utf8');
    }
    // A line cut by the kill is not a letter written.
    const firstIds = siteIds(written.slice(0, written.lastIndexOf('\n') + 1));

    const out = path.join(dir, 'second.jsonl');
    const second = startCrawl(env, ['--sources', sources.file, '--output', out]);
    await waitFor('the second run to end', async () => second.log().includes('完成：'), 60_000, 100);
    second.kill('SIGTERM');
    await second.exited;
    const secondIds = siteIds(await readFile(out, 'utf8'));

    const all = site.messages().map((m) => m.id).sort();
    expect(firstIds.length).toBeGreaterThan(0);
    expect([...new Set([...firstIds, ...secondIds])].sort()).toEqual(all);
  });
});

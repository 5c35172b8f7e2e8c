/**
 * The main job on the embedded store killed outright (kill -9: a power cut, a killed process)
 * after it has registered the site's letters, then started again: every letter is in the store
 * exactly once with its case, the letters the site published meanwhile are registered, and the
 * ledger numbers (台账编号) go on from the last one. PostgreSQL's sequences log 32 values ahead, so
 * a store left by a crash handed out YT-…-000034 after YT-…-000001: a run of numbers missing from
 * the 台账 for no case, which staff read as cases lost.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleMessages, startSite } from '../sites/index.js';
import { openStore } from '../workflow/index.js';
import { expectExactlyOnce, repoDir, sourceFileFor, waitFor } from './pipeline-helpers.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

interface MainJobProcess {
  log(): string;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<number | string>;
}

function startMainJob(env: Record<string, string>): MainJobProcess {
  const child = spawn(process.execPath, ['bin/minsheng.js', 'start'], { cwd: repoDir, env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(async () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
  let log = '';
  child.stdout.on('data', (b: Buffer) => void (log += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (log += b.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { log: () => log, kill: (signal) => child.kill(signal), exited };
}

/** Messages the main job has registered, from its log: a new case or a copy linked to one. */
const registered = (log: string) => (log.match(/已登记新案件|重复留言已并入案件/g) ?? []).length;

describe('the main job killed with SIGKILL and started again', () => {
  it('keeps every letter once and numbers the next case after the last one', { timeout: 240_000 }, async () => {
    const site = await startSite({ shape: 'paged-html', messages: sampleMessages(6, 73), pageSize: 4 });
    cleanups.push(() => site.close());
    const sources = await sourceFileFor(site, { id: 'kill-test', every: '2s' });
    cleanups.push(() => sources.cleanup());
    const dataDir = await mkdtemp(path.join(tmpdir(), 'minsheng-kill-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env = { MINSHENG_DATA_DIR: dataDir, MINSHENG_SOURCES: sources.file, MINSHENG_BACKUP_KEEP: '0' };

    const first = startMainJob(env);
    await waitFor('the six letters registered', async () => registered(first.log()) >= 6 || first.log().includes('错误：'), 150_000, 200);
    expect(registered(first.log())).toBe(6);
    first.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    // Published while the main job was down.
    site.addMessage({ title: '罗寨村村口路灯不亮', content: '印台区王益街道罗寨村村口的三盏路灯已经坏了一个月，晚上出行很不方便，请尽快修理。' });
    site.addMessage({ title: '咨询城关街道公租房申请条件', content: '请问印台区城关街道公租房申请需要哪些材料，收入标准是多少？' });

    const second = startMainJob(env);
    await waitFor('the two new letters registered', async () => registered(second.log()) >= 2 || second.log().includes('错误：'), 150_000, 200);
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const store = await openStore({ dataDir });
    try {
      await expectExactlyOnce(store, { 'kill-test': site.messages().map((m) => m.id) });
      const numbers = (await store.db.case.findMany({ select: { ledgerNo: true } })).map((c) => Number(c.ledgerNo.slice(-6))).sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    } finally {
      await store.close();
    }
  });
});

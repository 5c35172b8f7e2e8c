/**
 * A power cut, then the machine started again: the run file and the store lock of the main job that
 * died are still in the data folder, and their pid now names another program (pids are handed out
 * afresh at each start of the machine). The main job starts all the same, and a command no longer
 * tries to reach the console that died; a lock of a live holder in this start of the machine is
 * still respected.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, uptime } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRunFile } from '../cli/app/run-file.js';
import { lockEmbeddedStore } from '../cli/app/store-lock.js';
import { sampleMessages, startSite } from '../sites/index.js';
import { repoDir, sourceFileFor, waitFor } from './pipeline-helpers.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

/** A live process that is no minsheng: what a reused pid names. */
function otherProgram(): number {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  cleanups.push(async () => void child.kill('SIGKILL'));
  return child.pid as number;
}

/** The files a main job killed by a power cut leaves, naming `pid`, marked with the start of the machine `boot`. */
async function leftBehind(dataDir: string, pid: number, boot: unknown): Promise<void> {
  const startedAt = new Date(Date.now() - 3_600_000).toISOString();
  await writeFile(path.join(dataDir, 'minsheng-run.json'), JSON.stringify({ pid, url: 'http://127.0.0.1:9/', token: 'f'.repeat(48), startedAt, boot }), { mode: 0o600 });
  await writeFile(path.join(dataDir, 'minsheng-store.lock'), JSON.stringify({ pid, command: 'minsheng start', startedAt, boot }), { mode: 0o600 });
}

describe('the files of a main job that died with the machine', () => {
  it('hold nothing once the machine has started again, whatever their pid now names', { timeout: 150_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'minsheng-reboot-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const site = await startSite({ shape: 'paged-html', messages: sampleMessages(3, 5), pageSize: 5 });
    cleanups.push(() => site.close());
    const sources = await sourceFileFor(site, { id: 'reboot-test' });
    cleanups.push(() => sources.cleanup());
    // Written in an earlier start of the machine: another boot id, and up longer than it is now.
    await leftBehind(dataDir, otherProgram(), { id: 'an-earlier-boot', uptime: uptime() + 86_400 });

    expect(await readRunFile(dataDir)).toBeUndefined();
    const env = { ...process.env, MINSHENG_DATA_DIR: dataDir, MINSHENG_SOURCES: sources.file, PORT: '0', LOG_LEVEL: 'info' };
    const child = spawn(process.execPath, ['bin/minsheng.js', 'start'], { cwd: repoDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(async () => void (child.exitCode === null && child.kill('SIGKILL')));
    let log = '';
    child.stdout.on('data', (b: Buffer) => void (log += b.toString()));
    child.stderr.on('data', (b: Buffer) => void (log += b.toString()));
    const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
    await waitFor('the main job to start or give up', async () => log.includes('民声已启动') || child.exitCode !== null, 120_000, 100);
    expect(log).not.toContain('已被另一个民声进程');
    expect(log).toContain('民声已启动');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('a live holder of this start of the machine still holds the store', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'minsheng-reboot-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const pid = otherProgram();
    await leftBehind(dataDir, pid, { uptime: Math.max(0, uptime() - 5) });
    expect((await readRunFile(dataDir))?.pid).toBe(pid);
    await expect(lockEmbeddedStore(dataDir, 'minsheng 测试')).rejects.toThrow(new RegExp(`pid ${pid}，minsheng start`));
  });
});

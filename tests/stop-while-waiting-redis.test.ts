/**
 * A long-running command stopped (SIGTERM, as a service manager does; Ctrl-C is SIGINT) while it
 * waits at start-up for a Redis that is down stops cleanly: its Chinese line and exit code 0.
 * QA 2026-11-30: `minsheng worker` listened for the signal only once started, so it died of it
 * (exit 143, no message).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../workflow/index.js';
import { closedPort, openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';
import { waitFor } from './pipeline-helpers.js';

const repoDir = path.resolve(import.meta.dirname, '..');

async function stopWhileWaiting(args: string[], env: Record<string, string>, signal: 'SIGTERM' | 'SIGINT'): Promise<{ code: number | string; output: string; tookMs: number }> {
  let output = '';
  const child = spawn(process.execPath, [path.join(repoDir, 'bin/minsheng.js'), ...args], { cwd: repoDir, env: { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => void (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (output += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, sig) => resolve(code ?? sig ?? -1)));
  try {
    await Promise.race([
      waitFor('the waiting line', async () => output.includes('无法连接 Redis'), 60_000, 100),
      exited.then((code) => {
        throw new Error(`exited early (${code}): ${output}`);
      }),
    ]);
    const sent = Date.now();
    child.kill(signal);
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 8_000))]);
    return { code, output, tookMs: Date.now() - sent };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

describe('stopping a command that waits for Redis', () => {
  let store: Store & { schema: string };
  let redisUrl: string;
  let databaseUrl: string;

  beforeAll(async () => {
    store = await openTestPostgresStore();
    databaseUrl = `${testDatabaseUrl}?schema=${store.schema}`;
    redisUrl = `redis://127.0.0.1:${await closedPort()}/7`;
  });
  afterAll(async () => {
    await store.close();
  });

  it('minsheng worker stops on SIGTERM with its line and exit 0', { timeout: 90_000 }, async () => {
    const run = await stopWhileWaiting(['worker'], { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }, 'SIGTERM');
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('收到 SIGTERM，尚未连上 Redis，工作进程已停止');
    expect(run.tookMs).toBeLessThan(5_000);
  });

  it('minsheng scheduler stops on SIGINT (Ctrl-C) with its line and exit 0', { timeout: 90_000 }, async () => {
    const sourcesFile = path.join(mkdtempSync(path.join(tmpdir(), 'stop-redis-sources-')), 'sources.yaml');
    writeFileSync(sourcesFile, readFileSync(path.join(repoDir, 'crawlers/sources/demo.yaml'), 'utf8').replaceAll('{{base}}', 'http://127.0.0.1:9'));
    const run = await stopWhileWaiting(['scheduler'], { REDIS_URL: redisUrl, MINSHENG_SOURCES: sourcesFile }, 'SIGINT');
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('收到 SIGINT，尚未连上 Redis，计划进程已停止');
    expect(run.tookMs).toBeLessThan(5_000);
  });

  it('minsheng start (npm start) on PostgreSQL and Redis stops on SIGTERM with its line and exit 0', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stop-redis-data-'));
    const run = await stopWhileWaiting(['start'], { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, MINSHENG_DATA_DIR: dataDir, PORT: '0', MINSHENG_DEMO_PORT: '0' }, 'SIGTERM');
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('收到 SIGTERM，尚未连上 Redis，已停止');
    expect(run.tookMs).toBeLessThan(5_000);
  });
});

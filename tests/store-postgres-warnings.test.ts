/**
 * A command on PostgreSQL prints what the administrator needs and nothing in English from the
 * driver. QA of the production mode (2026-11-30) found every `minsheng` command and process on
 * PostgreSQL starting its stderr with pg's `DeprecationWarning: Calling client.query() when the
 * client is already executing a query is deprecated…`: the store's `SET jit = off` was queued
 * on each new connection without waiting, and the first query queued behind it. The SET is now
 * awaited before the pool hands the connection out (workflow/store/open-store.ts).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';

let store: Awaited<ReturnType<typeof openTestPostgresStore>>;

beforeAll(async () => {
  store = await openTestPostgresStore();
}, 60_000);
afterAll(async () => {
  await store?.close();
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/minsheng.js', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => void (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (stderr += b.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('a minsheng command on PostgreSQL', () => {
  it('prints no English driver warning on stderr, and JIT is still off on the connections', { timeout: 90_000 }, async () => {
    const url = new URL(testDatabaseUrl);
    url.searchParams.set('schema', store.schema);
    const result = await run(['cases', 'list'], { DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' });
    expect(result.stderr).not.toContain('DeprecationWarning');
    expect(result.stderr).not.toContain('client.query()');
    expect(result.code).toBe(0);
    // The setting the hook makes still holds on a connection the pool hands out.
    const rows = await store.sql.query<{ jit: string }>('SHOW jit');
    expect(rows[0]?.jit).toBe('off');
  });
});

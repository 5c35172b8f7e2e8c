import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs a script that closes "everything", leaves (or not) a handle behind, then calls exitAfterShutdown. */
function runScript(leaveHandle: boolean): Promise<{ code: number | null; ms: number; err: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'exit-after-shutdown-'));
  const file = path.join(dir, 'script.ts');
  const module = path.resolve('cli/app/exit-after-shutdown.ts');
  const logger = path.resolve('core/logger.ts');
  writeFileSync(
    file,
    [
      `import { exitAfterShutdown } from ${JSON.stringify(module)};`,
      `import { createLogger } from ${JSON.stringify(logger)};`,
      // A library's leftover: a timer that would hold the process for a minute.
      leaveHandle ? 'setTimeout(() => undefined, 60_000);' : '',
      'exitAfterShutdown(createLogger(), 300);',
    ].join('\n'),
  );
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => void (err += b.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, ms: Date.now() - started, err })));
}

describe('exitAfterShutdown', () => {
  it('ends a process that a leftover handle would hold, naming what was left', { timeout: 30_000 }, async () => {
    const run = await runScript(true);
    expect(run.code).toBe(0);
    expect(run.ms).toBeLessThan(20_000);
    expect(run.err).toMatch(/仍有未关闭的资源（.*Timeout.*），直接退出/);
  });

  it('lets a process with nothing left end at once, without a warning', { timeout: 30_000 }, async () => {
    const run = await runScript(false);
    expect(run.code).toBe(0);
    expect(run.err).not.toContain('直接退出');
  });
});

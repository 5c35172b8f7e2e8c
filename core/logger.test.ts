import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** What a process using createLogger writes to stderr (the logger writes to fd 2 itself). */
function logLines(level: string, script: string): string {
  const code = `import { createLogger } from './core/logger.ts'; const log = createLogger({ level: '${level}' }); ${script}`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: new URL('..', import.meta.url), encoding: 'utf8', timeout: 30_000 });
  return child.stderr;
}

describe('createLogger (readable lines)', () => {
  it("puts an error's message and code on the line at the default level", () => {
    const out = logLines(
      'info',
      `log.error({ err: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5439'), { code: 'ECONNREFUSED' }) }, '请求处理出错');
       log.warn({ err: Object.assign(new Error('\\nInvalid \`db.source.upsert()\` invocation in\\n/x.ts:47:19\\n\\nCan\\'t reach database server at 127.0.0.1:5439'), { code: 'P1001' }) }, '任务失败');
       log.warn({ err: new Error('timeout') }, '导出失败');
       log.warn({ err: new Error('ERR x') }, 'Redis 连接出错：ERR x');
       log.info({ source: 'a' }, '采集完成');`,
    );
    expect(out).toContain('ERROR: 请求处理出错：connect ECONNREFUSED 127.0.0.1:5439\n');
    expect(out).toContain("WARN: 任务失败：Can't reach database server at 127.0.0.1:5439（P1001）\n");
    expect(out).toContain('WARN: 导出失败：timeout\n');
    // Already in the message: not said twice.
    expect(out).toContain('WARN: Redis 连接出错：ERR x\n');
    expect(out).toContain('INFO: 采集完成\n');
    expect(out).not.toContain('stack');
  });
});

describe('createLogger time stamps', () => {
  it('writes Beijing time whatever the server zone', () => {
    const code = `import { createLogger } from './core/logger.ts'; Date.now = () => Date.UTC(2026, 10, 28, 15, 8, 2); createLogger().info('采集完成');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: new URL('..', import.meta.url), encoding: 'utf8', timeout: 30_000, env: { ...process.env, TZ: 'UTC' } });
    expect(child.stderr).toContain('[2026-11-28 23:08:02] INFO: 采集完成');
  });
});

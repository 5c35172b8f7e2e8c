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

describe('createLogger (text from the internet)', () => {
  it('shows control characters and bidi overrides in a line as U+FFFD, so a page quoted in a log line cannot drive the terminal', () => {
    // A layout alert quotes what a list page shows; a site can put escape sequences there.
    const out = logLines('info', `log.warn({ sourceId: 's' }, '来源 s 疑似改版：本次为空（页面显示“暂无\\u001b]0;pwned\\u0007\\u001b[2J\\u202e信件”）'); log.warn({ err: new Error('bad \\u001b[31mred') }, '页面出错');`);
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/u);
    expect(out).toContain('WARN: 来源 s 疑似改版：本次为空（页面显示“暂无\ufffd]0;pwned\ufffd\ufffd[2J\ufffd信件”）\n');
    expect(out).toContain('WARN: 页面出错：bad \ufffd[31mred\n');
  });
});

describe('createLogger time stamps', () => {
  it('writes Beijing time whatever the server zone', () => {
    const code = `import { createLogger } from './core/logger.ts'; Date.now = () => Date.UTC(2026, 10, 28, 15, 8, 2); createLogger().info('采集完成');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: new URL('..', import.meta.url), encoding: 'utf8', timeout: 30_000, env: { ...process.env, TZ: 'UTC' } });
    expect(child.stderr).toContain('[2026-11-28 23:08:02] INFO: 采集完成');
  });
});

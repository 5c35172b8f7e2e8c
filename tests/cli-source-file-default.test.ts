/**
 * The source file the crawl and sources commands read when neither --sources nor MINSHENG_SOURCES
 * names one, as their help says it: the built-in demo mailbox's (crawlers/sources/demo.yaml), which
 * `npm start` watches, not the district's shipped yintai.yaml the help once named. Through the real
 * entry, output captured.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await main(argv, { env: { LOG_LEVEL: 'silent', ...env }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  return { code, out, err };
}

describe('the default source file', () => {
  it('is the demo mailbox, as `sources check` lists it', async () => {
    const { code, out } = await run(['sources', 'check']);
    expect(code).toBe(0);
    expect(out).toContain('demo-district-mailbox');
    expect(out).not.toContain('yintai-');
  });

  it.each(['crawl', 'sources status', 'sources check', 'sources recheck-scope'])('is the one `%s --help` names', async (command) => {
    const { out } = await run([...command.split(' '), '--help']);
    // commander wraps help lines: read the option's text as one line.
    const text = out.replace(/\s+/g, '');
    expect(text).toContain('默认MINSHENG_SOURCES，未设置时为内置演示信箱（crawlers/sources/demo.yaml）');
    expect(text).not.toContain('yintai.yaml');
  });

  it('a --sources file that is missing or a folder is named in Chinese, without the system\'s English', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-sources-file-'));
    try {
      const missing = path.join(dir, 'no-such.yaml');
      for (const command of ['sources check', 'sources status', 'crawl']) {
        const args = [...command.split(' '), '--sources', missing, ...(command === 'crawl' ? ['--once', '--output', path.join(dir, 'out.jsonl')] : [])];
        const r = await run(args, { MINSHENG_DATA_DIR: dir });
        expect(r.code, command).toBe(2);
        expect(r.err, command).toBe(`错误：无法读取来源文件 ${missing}：文件不存在\n`);
      }
      const folder = await run(['sources', 'check', '--sources', dir], { MINSHENG_DATA_DIR: dir });
      expect(folder.code).toBe(2);
      expect(folder.err).toBe(`错误：无法读取来源文件 ${dir}：这是一个目录，请给出来源文件\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

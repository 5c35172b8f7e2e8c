/**
 * Messages of a CLI QA pass said in Chinese and laid out for a terminal: a missing or folder
 * `cases propose --file`, a run file whose main job does not answer, a truncated backup given to
 * `restore`, the confusion matrix of `evaluate`, and `export --out` onto an existing file.
 * Through the real entry (argv passed in, output captured).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentBoot } from '../cli/app/run-file.js';
import { main } from '../cli/main.js';
import { categories } from '../core/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-cli-wording-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], dataDir = path.join(dir, 'data')) {
  let out = '';
  let err = '';
  const code = await main(argv, { env: { MINSHENG_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DOTENV_CONFIG_QUIET: 'true' }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  return { code, out, err };
}

/** Terminal columns: CJK and full-width characters take two. */
const columns = (text: string) => [...text].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1), 0);

describe('cases propose --file', () => {
  it('refuses a missing file and a folder in Chinese, exit code 2', async () => {
    const missing = path.join(dir, 'nope.txt');
    const a = await run(['cases', 'propose', '--file', missing, '--suggested', '--as', 'office']);
    expect(a.code).toBe(2);
    expect(a.err).toContain(`无法读取输入文件 ${missing}：文件不存在`);
    expect(a.err).not.toMatch(/ENOENT/);
    const b = await run(['cases', 'propose', '--file', dir, '--suggested', '--as', 'office']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('给出的是一个目录');
    expect(b.err).not.toMatch(/EISDIR/);
  });
});

describe('a run file whose main job does not answer', () => {
  let holder: ChildProcess | undefined;
  afterAll(() => {
    holder?.kill();
  });
  it('is named in staff words, with what to do about the run file', async () => {
    // A live process that is not a main job (as when the pid was handed to another program), and a port nobody listens on.
    holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const dataDir = path.join(dir, 'stale');
    await mkdir(dataDir, { recursive: true });
    const runFile = path.join(dataDir, 'minsheng-run.json');
    await writeFile(runFile, JSON.stringify({ pid: holder.pid, url: 'http://127.0.0.1:42171', token: 'x', startedAt: new Date().toISOString(), boot: currentBoot() }));
    const r = await run(['export', '--format', 'json', '--out', path.join(dir, 'stale.json')], dataDir);
    expect(r.code).not.toBe(0);
    expect(r.err).not.toMatch(/fetch failed/);
    expect(r.err).toContain('拒绝连接');
    expect(r.err).toContain(runFile);
  });
});

describe('restore of a truncated backup', () => {
  it('says what is wrong in Chinese, without zlib English', async () => {
    const tar = Buffer.alloc(10240);
    tar.write('ustar', 257, 'latin1');
    const cut = path.join(dir, 'trunc.tar.gz');
    await writeFile(cut, gzipSync(tar).subarray(0, 40));
    const r = await run(['restore', '--input', cut], path.join(dir, 'restore-data'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('已损坏或不完整');
    expect(r.err.replaceAll(cut, '')).not.toMatch(/[A-Za-z]{3,}/);
  });
});

describe('evaluate text report', () => {
  it('puts the confusion matrix header on its own line, each name over its column', async () => {
    const data = path.join(dir, 'labelled.jsonl');
    const rows = [
      { title: '请问公积金怎么提取', content: '在职职工提取公积金需要什么材料？', label: '咨询' },
      { title: '饭店油烟扰民', content: '楼下饭店油烟直排，强烈投诉', label: '投诉' },
    ];
    await writeFile(data, rows.map((r) => JSON.stringify(r)).join('\n'));
    const r = await run(['evaluate', '--data', data]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const title = lines.findIndex((l) => l.startsWith('混淆矩阵'));
    expect(lines[title]).toMatch(/：$/);
    const header = lines[title + 1] as string;
    const first = lines[title + 2] as string;
    expect(first.trimStart().startsWith(categories[0])).toBe(true);
    expect(columns(header)).toBe(columns(first));
    // Each category name ends in the column where its counts end.
    const nameEnds = categories.map((c) => columns(header.slice(0, header.indexOf(c) + c.length)));
    const countEnds = [...first.matchAll(/\d+/g)].map((m) => columns(first.slice(0, (m.index ?? 0) + m[0].length)));
    expect(nameEnds, `${header}\n${first}`).toEqual(countEnds);
  });
});

describe('export --out onto an existing file', () => {
  it('refuses it in Chinese without --force, and leaves the file as it was', async () => {
    const out = path.join(dir, 'kept.json');
    await writeFile(out, 'earlier export');
    const r = await run(['export', '--format', 'json', '--out', out], path.join(dir, 'export-data'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--out ${out} 已存在`);
    expect(r.err).toContain('--force');
    expect(await readFile(out, 'utf8')).toBe('earlier export');
  });
});

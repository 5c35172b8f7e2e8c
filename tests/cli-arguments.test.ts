/**
 * The CLI's handling of bad values (refused in Chinese with exit code 2, before any work), the
 * calendar's warning for years without a holiday schedule, and a closed output pipe.
 * Through the real entry (argv passed in, output captured) and, for the pipe, the real process.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';

let dir: string;
const dataDir = () => path.join(dir, 'data');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-cli-args-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { env: { MINSHENG_DATA_DIR: dataDir(), LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  return { code, out, err };
}

describe('bad values', () => {
  it('are refused with a Chinese message naming the flag, exit code 2, and nothing opened or written', async () => {
    const refused: [string[], string][] = [
      [['cases', 'list', '--limit', 'abc'], '--limit 应为 1 到 500 的整数：abc'],
      [['cases', 'list', '--limit', '0'], '--limit 应为 1 到 500 的整数：0'],
      [['cases', 'list', '--limit', '1000'], '--limit 应为 1 到 500 的整数：1000'],
      [['cases', 'list', '--state', 'bogus'], '--state 无效：bogus。可用：awaiting_review（待审核分类）'],
      [['cases', 'list', '--category', '表扬'], '--category 应为 咨询、建议、投诉、求助、其他：表扬'],
      [['export', '--format', 'json', '--from', '2026-02-30', '--out', path.join(dir, 'a.json')], '--from 日期不存在：2026-02-30'],
      [['export', '--format', 'json', '--to', '2026-13-01', '--out', path.join(dir, 'a.json')], '--to 日期不存在：2026-13-01'],
      [['export', '--format', 'json', '--from', '2026-11-30', '--to', '2026-11-01', '--out', path.join(dir, 'a.json')], '--from 2026-11-30 晚于 --to 2026-11-01'],
      [['export', '--format', 'json', '--out', '/missing/dir/x.json'], '--out /missing/dir/x.json：目录 /missing/dir 不存在'],
      [['export', '--format', 'json', '--out', dir], `--out ${dir} 是一个目录`],
      [['export', '--format', 'json', '--batch-size', '1e3', '--out', path.join(dir, 'a.json')], '--batch-size 应为 1 到 10000 的整数：1e3'],
      [['export', '--format', 'json', '--state', 'nope', '--out', path.join(dir, 'a.json')], '--state 无效：nope'],
      [['bulletin', '--from', '2026-11-30', '--to', '2026-11-01', '--out', path.join(dir, 'b')], '--from 2026-11-30 晚于 --to 2026-11-01'],
      [['bulletin', '--from', '2026-02-29', '--to', '2026-03-01', '--out', path.join(dir, 'b')], '--from 日期不存在：2026-02-29'],
      [['calendar', 'due', '--from', '2026-02-30', '--days', '2'], '--from 日期不存在：2026-02-30'],
      [['calendar', 'load', '--file', path.join(dir, 'missing.json')], `无法读取日历文件 ${path.join(dir, 'missing.json')}：文件不存在`],
      [['calendar', 'due', '--from', '2026-10-01', '--days', '2.5'], '--days 应为 1 到 366 的整数：2.5'],
      [['calendar', 'show', '--year', '20x6'], '--year 应为 2000 到 2100 的整数：20x6'],
      [['start', '--port', 'abc'], '--port 应为 0 到 65535 的整数：abc'],
      [['demo-site', '--port', ' '], '--port 应为 0 到 65535 的整数： '],
      [['demo-site', '--interval', '0'], '--interval 应为大于 0 的秒数：0'],
    ];
    for (const [argv, message] of refused) {
      const r = await run(argv);
      expect(r.err.startsWith(`错误：${message}`), `${argv.join(' ')}: ${r.err}`).toBe(true);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out, argv.join(' ')).toBe('');
    }
    // Nothing was created: no store, no export file, no bulletin folder.
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('commands that only read the store, on a data folder without one', () => {
  it('refuse naming the folder and MINSHENG_DATA_DIR, and create nothing; calendar load sets the store up', { timeout: 120_000 }, async () => {
    const empty = path.join(dir, 'no-store');
    const data = path.join(dir, 'train.jsonl');
    await writeFile(data, `${JSON.stringify({ title: '请问', content: '怎么办理', label: '咨询' })}\n`);
    const readers: [string[], string][] = [
      [['export', '--format', 'json', '--out', path.join(dir, 'x.json')], 'minsheng export'],
      [['cases', 'list'], 'minsheng cases list'],
      [['bulletin', '--from', '2026-11-01', '--to', '2026-11-30', '--out', path.join(dir, 'bulletin')], 'minsheng bulletin'],
      [['train', '--data', data, '--from-store', '--output', path.join(dir, 'm.json.gz')], 'minsheng train --from-store'],
    ];
    for (const [argv, command] of readers) {
      let err = '';
      const code = await main(argv, { env: { MINSHENG_DATA_DIR: empty, LOG_LEVEL: 'silent' }, io: { stdout: () => {}, stderr: (t) => void (err += t) } });
      expect(code, argv.join(' ')).toBe(1);
      expect(err, argv.join(' ')).toContain(`错误：数据目录 ${empty} 中没有民声数据库（MINSHENG_DATA_DIR=${empty}），${command} 没有可读取的数据`);
      expect(existsSync(empty), argv.join(' ')).toBe(false);
    }
    expect(existsSync(path.join(dir, 'x.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'm.json.gz'))).toBe(false);
    // Loading a year's calendar is part of setting a district up: it creates the store.
    const year = path.join(dir, '2027.json');
    await writeFile(year, JSON.stringify({ year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: [] }));
    let out = '';
    const load = await main(['calendar', 'load', '--file', year], { env: { MINSHENG_DATA_DIR: empty, LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (out += t), stderr: () => {} } });
    expect(load).toBe(0);
    expect(out).toContain('已导入 2027 年');
    expect(existsSync(path.join(empty, 'pglite'))).toBe(true);
    await rm(empty, { recursive: true, force: true });
    await rm(year);
    await rm(data);
  });
});

describe('calendar warnings for a year without its holiday schedule', () => {
  it('warns on stderr when a due date or a listed year reaches such a year, and keeps stdout the answer', async () => {
    const spring = await run(['calendar', 'due', '--from', '2027-02-05', '--days', '2']);
    expect(spring.code).toBe(0);
    expect(spring.out).toBe('2027-02-09\n');
    expect(spring.err).toContain('警告：2027 年的节假日安排尚未载入');
    expect(spring.err).toContain('国务院办公厅');
    expect(spring.err).toContain('minsheng calendar load --file 2027.json');
    const newYear = await run(['calendar', 'due', '--from', '2026-12-31', '--days', '1', '--no-store']);
    expect(newYear.out).toBe('2027-01-04\n');
    expect(newYear.err).toContain('2027 年');
    expect(newYear.err).toContain('--no-store');
    const show = await run(['calendar', 'show', '--year', '2027']);
    expect(show.err).toContain('警告：2027 年的节假日安排尚未载入');
    expect(show.out).toBe('2027-01-01  放假      （元旦）\n'); // the listing itself still prints
    expect((await run(['calendar', 'due', '--from', '2026-09-30', '--days', '3'])).err).toBe('');
    expect((await run(['calendar', 'show', '--year', '2026'])).err).toBe('');
  });
});

describe('a closed output pipe (minsheng … | head)', () => {
  it('ends quietly, without an EPIPE stack trace', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['bin/minsheng.js', 'calendar', 'show', '--year', '2026', '--no-store'], {
      env: { ...process.env, MINSHENG_DATA_DIR: dataDir(), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader goes away before the command writes a line.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => void (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

/**
 * The files CLI commands read are UTF-8: a file saved as GBK ("ANSI" on a Chinese Windows PC) is
 * refused with a message naming the file and its line and saying to save it as UTF-8, instead of
 * being read as garbage; a UTF-8 file with a byte order mark (Notepad's "UTF-8 with BOM") is read.
 * Source files (sources check, crawl), the calendar (calendar load), the unit directory
 * (MINSHENG_UNITS), training and evaluation data (train/evaluate --data); `cases propose --file` is
 * in cli-propose-cases.test.ts, `messages add --file`, classify and dedup --input in their own tests.
 * Through the real entry, on an embedded store in a fresh data folder where one is needed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-utf8-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await main(argv, { env: { MINSHENG_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent', DOTENV_CONFIG_QUIET: 'true', ...env }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  return { code, out, err };
}

const gbk = (text: string) => iconv.encode(text, 'gbk');
const bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
const saveAsUtf8 = '不是 UTF-8 编码（可能以 GBK/ANSI 保存）：请将文件另存为 UTF-8 后重新处理';

async function file(name: string, bytes: Buffer): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, bytes);
  return p;
}

const sourceText = `sources:
  - id: demo
    name: 印台区区长信箱
    channel: district_mailbox
    startUrls: ['http://127.0.0.1:1/list_1.html']
    list:
      items: 'ul > li'
      fields: { siteId: 'span', title: 'a', detailUrl: { selector: a, attr: href } }
    detail:
      fields: { content: 'div.c' }
`;

describe('CLI files in GBK are refused, with a BOM read', () => {
  it('source files (sources check)', async () => {
    const saved = await file('sources-gbk.yaml', gbk(sourceText));
    const refused = await run(['sources', 'check', '--sources', saved]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`错误：来源文件 ${saved} 第 3 行${saveAsUtf8}`);
    const ok = await run(['sources', 'check', '--sources', await file('sources-bom.yaml', bom(sourceText))]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('印台区区长信箱');
  });

  it('the calendar (calendar load), refused before any store is opened', async () => {
    const year = JSON.stringify({ year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: [] });
    const saved = await file('2027-gbk.json', gbk(year));
    const data = { MINSHENG_DATA_DIR: path.join(dir, 'calendar-data') };
    const refused = await run(['calendar', 'load', '--file', saved], data);
    expect(refused).toMatchObject({ code: 2, out: '' });
    expect(refused.err).toContain(`错误：日历文件 ${saved} 第 1 行${saveAsUtf8}`);
    expect(existsSync(data.MINSHENG_DATA_DIR)).toBe(false);
    const ok = await run(['calendar', 'load', '--file', await file('2027-bom.json', bom(year))], data);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('已导入 2027 年：节假日 1 天');
  });

  it('the unit directory (MINSHENG_UNITS)', async () => {
    const input = await file('in.jsonl', Buffer.from(JSON.stringify({ id: 1, title: '学校门口电梯故障', content: '电梯坏了' }) + '\n'));
    const units = JSON.stringify({ units: [{ name: '某区电梯安全办', keywords: ['电梯'] }] }, null, 2);
    const saved = await file('units-gbk.json', gbk(units));
    const refused = await run(['classify', '--input', input, '--output', path.join(dir, 'out-1.jsonl')], { MINSHENG_UNITS: saved });
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain(`单位目录 ${saved} 第 4 行${saveAsUtf8}`);
    const ok = await run(['classify', '--input', input, '--output', path.join(dir, 'out-2.jsonl')], { MINSHENG_UNITS: await file('units-bom.json', bom(units)) });
    expect(ok.code, ok.err).toBe(0);
  });

  it('training data (train --data) is refused at the line; evaluation (evaluate --data) skips that line and names it', async () => {
    const rows = [
      { title: '请问公积金怎么提取', content: '在职职工提取公积金需要什么材料？', label: '咨询' },
      { title: '饭店油烟扰民', content: '楼下饭店油烟直排，强烈投诉', label: '投诉' },
    ];
    const data = await file('data-gbk.jsonl', Buffer.concat([Buffer.from(JSON.stringify(rows[0]) + '\n'), gbk(JSON.stringify(rows[1]) + '\n')]));
    const train = await run(['train', '--data', data, '--output', path.join(dir, 'model.json.gz')]);
    expect(train.code).toBe(2);
    expect(train.err).toContain(`${data} 第 2 行${saveAsUtf8}`);
    const evaluation = await run(['evaluate', '--data', data]);
    expect(evaluation.err + evaluation.out).toContain(`${data} 第 2 行：${saveAsUtf8}`);
  });
});

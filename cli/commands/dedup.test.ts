import { linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  return main(argv, { env: {}, io: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) } }).then((code) => ({ code, stdout, stderr }));
}

const body = '我家住阳光花园小区5号楼2单元，今年入冬以来室内温度只有十四度，多次给热力公司打电话反映，一直没有人来处理，请有关部门尽快督促解决。';
const readLines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('minsheng dedup', () => {
  it('reports a line saved in GBK (Notepad’s ANSI) as not UTF-8 instead of deciding on garbled text, and reads BOM and CRLF lines', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dedup-cli-'));
    const input = path.join(dir, 'in.jsonl');
    const output = path.join(dir, 'out.jsonl');
    const gbk = Buffer.from([0xc2, 0xde, 0xd5, 0xaf, 0xb4, 0xe5, 0xc2, 0xb7, 0xb5, 0xc6]); // 罗寨村路灯 in GBK
    writeFileSync(
      input,
      Buffer.concat([
        Buffer.from('\ufeff' + JSON.stringify({ id: 'a', title: '供暖不热', content: body }) + '\r\n'),
        Buffer.from('{"id":"b","title":"'),
        gbk,
        Buffer.from('不亮","content":"'),
        gbk,
        Buffer.from('坏了三个月"}\r\n'),
        Buffer.from(JSON.stringify({ id: 'c', title: '再次反映供暖不热', content: body }) + '\r\n'),
      ]),
    );
    const result = await run(['dedup', '--input', input, '--output', output]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('第 2 行无法处理：不是 UTF-8 编码（可能以 GBK/ANSI 保存）：请将文件另存为 UTF-8 后重新处理');
    const lines = readLines(output);
    expect(lines.map((l) => [l.id, 'error' in l ? l.error : l.duplicateOf])).toEqual([
      ['a', null],
      [undefined, '第 2 行无法处理：不是 UTF-8 编码（可能以 GBK/ANSI 保存）：请将文件另存为 UTF-8 后重新处理'],
      ['c', 'a'],
    ]);
  });

  it('writes one decision per good line and an error row for each bad line, then exits 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dedup-cli-'));
    const input = path.join(dir, 'in.jsonl');
    const output = path.join(dir, 'out.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a', title: '供暖不热', content: body, source: 'city_mailbox', createdAt: '2018-12-01 09:00:00' }),
        '{not json',
        JSON.stringify({ id: 'b', title: '再次反映供暖不热', content: `${body.replace(/，/g, ',')}谢谢！`, source: 'district_mailbox' }),
        JSON.stringify({ id: 'c' }),
        '',
      ].join('\n'),
    );
    const result = await run(['dedup', '--input', input, '--output', output]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('第 2 行无法处理：不是有效的 JSON');
    expect(result.stderr).toContain('第 4 行无法处理：缺少 title 和 content');
    expect(result.stderr).toContain('有误 2 行');
    expect(result.stderr).toContain('错误：2 行有误已跳过');
    const lines = readLines(output);
    expect(lines).toHaveLength(4);
    expect(Object.keys(lines[0]!)).toEqual(['id', 'duplicateOf', 'similarity', 'hotIssue']);
    expect(lines[0]).toMatchObject({ id: 'a', duplicateOf: null, similarity: null });
    expect(lines[1]).toEqual({ line: 2, error: '第 2 行无法处理：不是有效的 JSON' });
    expect(lines[2]).toMatchObject({ id: 'b', duplicateOf: 'a' });
    expect(lines[2]!.similarity).toBeGreaterThan(0.85);
    expect(lines[3]).toEqual({ line: 4, id: 'c', error: '第 4 行无法处理：缺少 title 和 content' });
  });

  it('reads lines as classify does: ids kept in error rows, wrong types named, repeated ids and bad dates reported, title-only accepted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dedup-cli-'));
    const input = path.join(dir, 'in.jsonl');
    const output = path.join(dir, 'out.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 1, title: '印台新村路灯不亮', content: '印台新村3号楼前的路灯坏了一个月，晚上出行很不方便，请尽快维修。' }),
        JSON.stringify({ id: '1', title: '印台新村路灯不亮', content: '印台新村3号楼前的路灯坏了一个月，晚上出行很不方便，请尽快维修。' }),
        JSON.stringify({ id: '1', title: '印台新村垃圾没人清运', content: '印台新村门口的垃圾堆了一个星期没人清运，臭气熏天。' }),
        JSON.stringify({ id: 7, title: 5, content: ['x'] }),
        JSON.stringify({ id: 'd', title: '印台新村停车难', content: '小区停车位太少。', createdAt: '昨天' }),
        JSON.stringify({ id: 'e', title: '印台新村下水道堵塞，污水漫到路面' }),
        JSON.stringify({ id: 'f', title: '陈炉镇供暖不热', content: '陈炉镇家属院今年供暖一直不热，室温只有十二度。', createdAt: 1764300000 }),
        '[1,2,3]',
      ].join('\n'),
    );
    const result = await run(['dedup', '--input', input, '--output', output]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('警告：第 2 行的id「1」与第 1 行重复（标题和内容也相同），沿用第 1 行的判定');
    const lines = readLines(output);
    expect(lines.map((l) => l.id ?? null)).toEqual(['1', '1', 7, 'd', 'e', 'f', null]);
    expect(lines[1]).toEqual({ line: 3, id: '1', error: expect.stringContaining('id「1」与第 1 行重复（标题或内容不同），已保留第 1 行的判定') });
    expect(lines[2]).toEqual({ line: 4, id: 7, error: '第 4 行无法处理：title 和 content 应为文字' });
    // A date in a form not foreseen warns and never costs the message its decision.
    expect(result.stderr).toContain('警告：第 5 行的 createdAt 无法识别为日期："昨天"');
    expect(lines[3]).toMatchObject({ id: 'd', duplicateOf: null });
    // A title alone is compared on the title (dedup/README: short bodies are compared with their title).
    expect(lines[4]).toMatchObject({ id: 'e', duplicateOf: null });
    // A Unix time is a time.
    expect(lines[5]).toMatchObject({ id: 'f', duplicateOf: null });
    expect(lines[6]).toEqual({ line: 8, error: expect.stringContaining('不是一个留言对象') });
    // Before any readable createdAt, groups are keyed by arrival order, never by a made-up day.
    const keys = lines.slice(0, 5).flatMap((l) => ((l.hotIssue as { key: string } | null)?.key ? [(l.hotIssue as { key: string }).key] : []));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/#\d+$/);
    expect(readFileSync(output, 'utf8')).not.toContain('0000-00-00');
  });

  it('decides a line whose source is a number or not foreseen: a channel code is text, anything else warns and is ignored', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dedup-cli-'));
    const input = path.join(dir, 'in.jsonl');
    const output = path.join(dir, 'out.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a', title: '供暖不热', content: body, source: 3 }),
        JSON.stringify({ id: 'b', title: '再次反映供暖不热', content: body, source: { name: '区长信箱' } }),
        JSON.stringify({ id: 'c', title: '又一次反映供暖不热', content: body, source: 'city_mailbox' }),
      ].join('\n'),
    );
    const result = await run(['dedup', '--input', input, '--output', output]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('警告：第 2 行的 source 应为文字');
    expect(readLines(output).map((l) => [l.id, l.duplicateOf])).toEqual([
      ['a', null],
      ['b', 'a'],
      ['c', 'a'],
    ]);
  });

  it('refuses an output that is the input (same path, symbolic or hard link) and leaves the input whole', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dedup-cli-'));
    const input = path.join(dir, 'same.jsonl');
    const text = `${JSON.stringify({ id: 'a', title: '供暖不热', content: body })}\n`;
    writeFileSync(input, text);
    symlinkSync(input, path.join(dir, 'sym.jsonl'));
    linkSync(input, path.join(dir, 'hard.jsonl'));
    for (const output of [input, path.join(dir, '.', 'same.jsonl'), path.join(dir, 'sym.jsonl'), path.join(dir, 'hard.jsonl')]) {
      const result = await run(['dedup', '--input', input, '--output', output]);
      expect(result.code, output).toBe(2);
      expect(result.stderr).toContain(`错误：--output ${output} 与 --input ${input} 是同一个文件：写出会清空输入`);
      expect(readFileSync(input, 'utf8')).toBe(text);
    }
  });

  it('fails clearly on a missing input file or a folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dedup-cli-'));
    const missing = await run(['dedup', '--input', path.join(dir, 'nope.jsonl'), '--output', path.join(dir, 'o.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`无法读取输入文件 ${path.join(dir, 'nope.jsonl')}：文件不存在`);
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    const r = await run(['dedup', '--input', folder, '--output', path.join(dir, 'o.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`错误：无法读取输入文件 ${folder}：--input 给出的是一个目录，请给出文件名\n`);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('minsheng dedup', () => {
  it('writes one decision per good line and skips bad lines with a warning naming the line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dedup-cli-'));
    const input = path.join(dir, 'in.jsonl');
    const output = path.join(dir, 'out.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a', title: '供暖不热', content: body, source: 'city_mailbox', createdAt: '2018-12-01 09:00:00' }),
        '{not json',
        JSON.stringify({ id: 'b', title: '再次反映供暖不热', content: `${body.replace(/，/g, ',')}谢谢！`, source: 'district_mailbox' }),
        JSON.stringify({ id: 'c', title: '缺正文' }),
        '',
      ].join('\n'),
    );
    const result = await run(['dedup', '--input', input, '--output', output]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('第 2 行已跳过');
    expect(result.stderr).toContain('第 4 行已跳过');
    expect(result.stderr).toContain('跳过 2 行');
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual(['id', 'duplicateOf', 'similarity', 'hotIssue']);
    expect(lines[0]).toMatchObject({ id: 'a', duplicateOf: null, similarity: null });
    expect(lines[1]).toMatchObject({ id: 'b', duplicateOf: 'a' });
    expect(lines[1].similarity).toBeGreaterThan(0.85);
  });
  it('fails clearly on a missing input file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dedup-cli-'));
    const result = await run(['dedup', '--input', path.join(dir, 'nope.jsonl'), '--output', path.join(dir, 'o.jsonl')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('无法读取输入文件');
  });
});

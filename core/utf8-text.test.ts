import { describe, expect, it } from 'vitest';
import { decodeUtf8File, decodeUtf8Lines } from './utf8-text.js';

const gbkHello = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好 in GBK
const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('UTF-8 text files', () => {
  it('reads UTF-8, with or without a byte order mark (dropped)', () => {
    expect(decodeUtf8File(utf8('a: 你好\n'), '来源文件', 'a.yaml')).toBe('a: 你好\n');
    expect(decodeUtf8File(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('a: 你好\r\n')]), '来源文件', 'a.yaml')).toBe('a: 你好\r\n');
  });

  it('refuses GBK, naming the file and its first line that is not UTF-8, and saying to save it as UTF-8', () => {
    const bytes = Buffer.concat([utf8('sources:\n  - id: a\n    name: '), gbkHello, utf8('\n    note: '), gbkHello, utf8('\n')]);
    expect(() => decodeUtf8File(bytes, '来源文件', 'a.yaml')).toThrow('来源文件 a.yaml 第 3 行不是 UTF-8 编码（可能以 GBK/ANSI 保存）：请将文件另存为 UTF-8 后重新处理');
    expect(() => decodeUtf8File(gbkHello, '日历文件', '2027.json')).toThrow(/^日历文件 2027\.json 第 1 行不是 UTF-8 编码/);
  });

  it('splits into lines, a line that is not UTF-8 undefined', () => {
    expect(decodeUtf8Lines(Buffer.concat([utf8('一\r\n'), gbkHello, utf8('\n三')]))).toEqual(['一\r', undefined, '三']);
    expect(decodeUtf8Lines(Buffer.alloc(0))).toEqual(['']);
  });
});

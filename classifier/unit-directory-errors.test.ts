/**
 * A unit directory staff edited by hand: each mistake is named in Chinese with the file, the unit,
 * the field and the line and column (JSON and YAML), as the source file's errors are.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadUnitDirectory } from './units.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ms-units-'));
let seq = 0;
/** The message loadUnitDirectory throws for `text` written to a file named `*.ext`. */
function errorOf(text: string, ext = 'json'): string {
  const file = path.join(dir, `units-${++seq}.${ext}`);
  writeFileSync(file, text);
  try {
    loadUnitDirectory(file);
  } catch (error) {
    return (error as Error).message.replace(file, 'FILE');
  }
  throw new Error('no error');
}

const json = (units: string) => `{
  "district": "铜川市印台区",
  "units": [
    { "name": "区住建局", "kind": "department",
      "keywords": ["物业", "小区"] },
${units}
  ]
}
`;

describe('unit directory errors', () => {
  it('names the unit, the field and its line and column in a JSON file', () => {
    expect(errorOf(json('    { "name": "区教育局", "keywords": "学校" }'))).toBe('单位目录 FILE，单位 区教育局：units[1].keywords 应为列表（第 6 行第 23 列）');
    expect(errorOf(json('    { "name": "区教育局", "keyword": ["学校"] }'))).toBe('单位目录 FILE，单位 区教育局：units[1] 中有未知字段：keyword（是否应为 keywords？）（第 6 行第 23 列）');
    expect(errorOf(json('    { "name": "区教育局",\n      "aliases": ["教育"] }'))).toBe('单位目录 FILE，单位 区教育局：缺少必填字段 units[1].keywords（第 6 行第 5 列）');
    expect(errorOf(json('    { "name": "区教育局", "kind": "bureau", "keywords": ["学校"] }'))).toBe('单位目录 FILE，单位 区教育局：units[1].kind 的值无效，应为 "department"、"town" 之一（第 6 行第 23 列）');
    expect(errorOf(json('    { "name": "区教育局", "keywords": ["学校", ""] }'))).toBe('单位目录 FILE，单位 区教育局：units[1].keywords[1] 不能为空（第 6 行第 42 列）');
  });

  it('names a unit without a name by its place, and a second unit of the same name', () => {
    expect(errorOf(json('    { "name": " ", "keywords": ["学校"] }'))).toBe('单位目录 FILE，第 2 个单位：units[1].name 不能为空（第 6 行第 7 列）');
    expect(errorOf(json('    { "keywords": ["学校"] }'))).toBe('单位目录 FILE，第 2 个单位：缺少必填字段 units[1].name（第 6 行第 5 列）');
    expect(errorOf(json('    { "name": "区住建局", "keywords": ["学校"] }'))).toBe('单位目录 FILE，单位 区住建局：units[1].name 与 units[0] 重名（单位名称须唯一，交办按名称对应）（第 6 行第 7 列）');
  });

  it('explains a JSON syntax error with its line and column', () => {
    expect(errorOf(json('    { "name": "区教育局", "keywords": ["学校",] }'))).toMatch(/^单位目录 FILE 不是有效的 JSON：第 6 行第 41 列附近格式错误：检查多余的逗号.*\n {2}6 \| {5}\{ "name": "区教育局"/);
    expect(errorOf('{ "units": [')).toMatch(/^单位目录 FILE 不是有效的 JSON：.*文件不完整/);
  });

  it('reads a YAML directory and names its mistakes the same way', () => {
    const yaml = ['units:', '  - name: 区住建局', '    keywords: [物业, 小区]', '  - name: 区教育局', '    keywords: 学校', ''].join('\n');
    expect(errorOf(yaml, 'yaml')).toBe('单位目录 FILE，单位 区教育局：units[1].keywords 应为列表（第 5 行第 5 列）');
    expect(errorOf(yaml.replace('    keywords: 学校', '    aliase: [教育]\n    keywords: [学校]'), 'yml')).toBe('单位目录 FILE，单位 区教育局：units[1] 中有未知字段：aliase（是否应为 aliases？）（第 5 行第 5 列）');
    expect(errorOf(yaml.replace('    keywords: 学校', '\tkeywords: [学校]'), 'yaml')).toMatch(/^单位目录 FILE 不是有效的 YAML：第 5 行第 1 列：缩进用了制表符/);
    const good = path.join(dir, 'good.yaml');
    writeFileSync(good, yaml.replace('keywords: 学校', 'keywords: [学校]'));
    expect(loadUnitDirectory(good)).toEqual([
      { name: '区住建局', keywords: ['物业', '小区'] },
      { name: '区教育局', keywords: ['学校'] },
    ]);
  });

  it('names what the whole file lacks', () => {
    expect(errorOf('{ "district": "印台区" }')).toBe('单位目录 FILE：缺少必填字段 units（第 1 行第 1 列）');
    expect(errorOf('{ "units": [] }')).toBe('单位目录 FILE：units 至少需要 1 项（第 1 行第 3 列）');
    expect(errorOf('', 'yaml')).toMatch(/^单位目录 FILE 是空的/);
  });
});

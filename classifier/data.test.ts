import { describe, expect, it } from 'vitest';
import { parseLabeledRows } from './data.js';
import { serializeModel } from './model-file.js';
import { trainModel } from './train.js';

describe('parseLabeledRows', () => {
  it('keeps labelled rows, unit-only rows, and names what it skips', () => {
    const text = [
      JSON.stringify({ id: 'a', title: '请问', content: '怎么办', label: '咨询', unit: '教育局' }),
      JSON.stringify({ id: 'b', title: '城建', content: '路坏了', topic: '城乡建设' }),
      JSON.stringify({ id: 'c', title: 'x', content: 'y', label: '闲聊' }),
      JSON.stringify({ id: 'd', title: '', content: ' ', label: '咨询' }),
    ].join('\n');
    const r = parseLabeledRows(text, 'f.jsonl');
    expect(r.labeled.map((x) => x.id)).toEqual(['a']);
    expect(r.unitOnly.map((x) => x.unit)).toEqual(['城乡建设']);
    expect(r.skipped).toBe(2);
    expect(r.problems[0]).toMatch(/f\.jsonl 第 3 行：未知的类别标签“闲聊”/);
  });

  it('fails on malformed JSON with the line number', () => {
    expect(() => parseLabeledRows('{"a":1}\n{oops', 'g.jsonl')).toThrow(/g\.jsonl 第 2 行不是有效的 JSON/);
  });
});

describe('trainModel', () => {
  it('reports progress up to 100% and yields a deterministic, versioned model', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      title: i % 2 ? `请问怎么办理${i}` : `投诉噪音扰民${i}`,
      content: i % 2 ? '请问需要什么材料' : '工地夜间施工噪音扰民，强烈投诉',
      label: i % 2 ? '咨询' : '投诉|求助',
      unit: i % 2 ? '人力资源和社会保障局' : '环境保护局',
    }));
    const seen: number[] = [];
    const a = trainModel(rows, { onProgress: (done) => seen.push(done) });
    const b = trainModel(rows);
    expect(seen.at(-1)).toBe(100);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(a.version).toMatch(/^\d{4}\.\d{2}\.\d{2}-lr-[0-9a-f]{6}$/);
    expect(a.version).toBe(b.version);
    expect(a.unit?.classes).toContain('区人社局');
    expect(serializeModel(a).length).toBeGreaterThan(100);
  });
});

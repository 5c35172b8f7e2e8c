import { describe, expect, it } from 'vitest';
import { parseLabeledRows } from './data.js';
import { serializeModel } from './model-file.js';
import { trainModel } from './train.js';
import { prepareRows } from './train-category.js';

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

  it('reads the site’s own type when a row has no label and the type names a category', () => {
    const text = [
      JSON.stringify({ title: '咨询社保', content: '请问社保怎么交？', typeRaw: '咨询问题' }),
      JSON.stringify({ title: '举报违建', content: '小区有人私搭乱建', typeRaw: '举报' }),
      JSON.stringify({ title: '反映问题', content: '路面坑洼', typeRaw: '反映问题' }),
      JSON.stringify({ title: '有标签', content: '路面坑洼', typeRaw: '举报', label: '投诉|求助' }),
    ].join('\n');
    const r = parseLabeledRows(text, 'typed.jsonl');
    expect(r.labeled.map((row) => row.label)).toEqual(['咨询问题', '举报', '投诉|求助']);
    expect(r.problems).toEqual(['typed.jsonl 第 3 行：没有类别标签']);
  });

  it('fails on malformed JSON with the line number', () => {
    expect(() => parseLabeledRows('{"a":1}\n{oops', 'g.jsonl')).toThrow(/g\.jsonl 第 2 行不是有效的 JSON/);
    expect(() => parseLabeledRows('[1,2,3]', 'g.jsonl')).toThrow(/g\.jsonl 第 1 行不是一个留言对象/);
  });

  it('with skipMalformed, names and skips lines that are not message objects, and a label that is not text', () => {
    const text = ['{oops', '[1,2,3]', JSON.stringify({ title: '请问', content: '怎么办', label: 5, unit: '教育局' }), JSON.stringify({ title: '请问', content: '怎么办', label: '咨询' })].join('\n');
    const r = parseLabeledRows(text, 'h.jsonl', { skipMalformed: true });
    expect(r.labeled).toHaveLength(1);
    expect(r.unitOnly).toHaveLength(0);
    expect(r.skipped).toBe(3);
    expect(r.problems).toEqual(['h.jsonl 第 1 行：不是有效的 JSON', expect.stringMatching(/^h\.jsonl 第 2 行：不是一个留言对象/), 'h.jsonl 第 3 行：类别标签应为文字：5']);
  });
});

describe('row weights', () => {
  it('multiply the class weight, and of exact repeats the heavier row is kept', () => {
    const rows = [
      { title: '请问办理', content: '需要什么材料', label: '咨询' },
      { title: '请问办理居住证', content: '需要什么材料', label: '咨询', weight: 2 },
    ];
    const [plain, heavy] = prepareRows(rows);
    expect(heavy!.weight).toBeCloseTo(2 * plain!.weight);
    const stages: string[] = [];
    const shared = Array.from({ length: 24 }, (_, i) => ({ title: `请问怎么办理${i}`, content: '请问需要什么材料', label: i % 2 ? '咨询' : '投诉', source: 'shared' }));
    // The same text again, as staff reviewed it (weight 2): it replaces the shared row, it is not dropped.
    trainModel([...shared, { ...shared[0]!, label: '咨询', weight: 2, source: undefined }], { onStage: (s) => stages.push(s) });
    expect(stages[0]).toBe('提取特征：24 条（其中加权 1 条），跳过 1 条无有效类别或重复');
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

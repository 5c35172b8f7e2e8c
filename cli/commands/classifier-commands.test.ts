import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

function run(argv: string[], extraEnv: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const dir = mkdtempSync(path.join(tmpdir(), 'minsheng-cli-'));
  const env = { MINSHENG_DATA_DIR: dir, DOTENV_CONFIG_QUIET: 'true', ...extraEnv };
  return main(argv, { env, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } }).then((code) => ({ code, out, err }));
}

const dir = mkdtempSync(path.join(tmpdir(), 'minsheng-classify-'));

describe('minsheng classify', () => {
  it('classifies each line and reports bad lines without losing them', async () => {
    const input = path.join(dir, 'in.jsonl');
    const output = path.join(dir, 'out.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a1', title: '请问公积金怎么提取', content: '在职职工提取公积金需要什么材料？' }),
        '{not json',
        JSON.stringify({ id: 'a3', title: '饭店油烟扰民', content: '楼下饭店油烟直排，强烈投诉' }),
      ].join('\n'),
    );
    const r = await run(['classify', '--input', input, '--output', output]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/第 2 行无法处理/);
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].id).toBe('a1');
    expect(lines[0].category).toBe('咨询');
    expect(lines[0]).toHaveProperty('outOfScope.flagged');
    expect(lines[0]).toHaveProperty('unit.value');
    expect(lines[1]).toEqual({ line: 2, error: expect.stringMatching(/JSON/) });
    expect(lines[2].category).toBe('投诉');
  });

  it('reads a file saved by a Windows editor: a byte-order mark before the first line, CRLF line ends', async () => {
    const input = path.join(dir, 'bom.jsonl');
    const output = path.join(dir, 'bom-out.jsonl');
    const rows = [
      { id: 1, title: '请问公积金怎么提取', content: '在职职工提取公积金需要什么材料？' },
      { id: 2, title: '饭店油烟扰民', content: '楼下饭店油烟直排，强烈投诉' },
    ];
    writeFileSync(input, '\uFEFF' + rows.map((r) => JSON.stringify(r)).join('\r\n') + '\r\n');
    const r = await run(['classify', '--input', input, '--output', output]);
    expect(r.err).not.toMatch(/无法处理/);
    expect(r.code).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.category])).toEqual([
      [1, '咨询'],
      [2, '投诉'],
    ]);
  });

  it('suggests units from the directory named by MINSHENG_UNITS, and refuses a broken one', async () => {
    const input = path.join(dir, 'units-in.jsonl');
    const output = path.join(dir, 'units-out.jsonl');
    writeFileSync(input, JSON.stringify({ id: 'u1', title: '锦绣花园小区电梯坏了', content: '锦绣花园小区3号楼电梯坏了一个月，物业不修，请督促维修。' }));
    const units = path.join(dir, 'units.json');
    // Another district's directory: its own unit names, none of them 印台区's.
    writeFileSync(units, JSON.stringify({ units: [{ name: '某区电梯安全办', keywords: ['电梯'] }, { name: '某区教育局', keywords: ['学校'] }] }));
    const r = await run(['classify', '--input', input, '--output', output], { MINSHENG_UNITS: units });
    expect(r.code).toBe(0);
    const [line] = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(line.unit.value).toBe('某区电梯安全办');
    expect(line.unit.evidence).toContain('电梯');
    writeFileSync(units, JSON.stringify({ units: [] }));
    const broken = await run(['classify', '--input', input, '--output', output], { MINSHENG_UNITS: units });
    expect(broken.code).not.toBe(0);
    expect(broken.err).toMatch(/单位目录 .*units 至少需要 1 项（第 1 行第 2 列）/);
  });

  it('fails clearly on a missing input file or a folder', async () => {
    const r = await run(['classify', '--input', path.join(dir, 'missing.jsonl'), '--output', path.join(dir, 'x.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/无法读取输入文件 .*missing.jsonl：文件不存在/);
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder);
    const f = await run(['classify', '--input', folder, '--output', path.join(dir, 'x.jsonl')]);
    expect(f.code).toBe(2);
    expect(f.err).toBe(`错误：无法读取输入文件 ${folder}：--input 给出的是一个目录，请给出文件名\n`);
  });

  it('refuses an output that is the input (or a link to it) and leaves the input whole', async () => {
    const input = path.join(dir, 'same.jsonl');
    const text = `${JSON.stringify({ id: 'a1', title: '请问公积金怎么提取', content: '在职职工提取公积金需要什么材料？' })}\n`;
    writeFileSync(input, text);
    symlinkSync(input, path.join(dir, 'same-link.jsonl'));
    for (const output of [input, path.join(dir, 'same-link.jsonl')]) {
      const r = await run(['classify', '--input', input, '--output', output]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--output ${output} 与 --input ${input} 是同一个文件：写出会清空输入`);
      expect(readFileSync(input, 'utf8')).toBe(text);
    }
  });

  it('reports bad lines with their id and the right reason, and warns of repeated ids', async () => {
    const input = path.join(dir, 'bad-in.jsonl');
    const output = path.join(dir, 'bad-out.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 1, title: '请问公积金怎么提取', content: '在职职工提取公积金需要什么材料？' }),
        JSON.stringify({ id: 'a8', title: '', content: '  ' }),
        JSON.stringify({ id: 7, title: 5, content: '楼下饭店油烟扰民' }),
        '[1,2,3]',
        JSON.stringify({ id: '1', title: '饭店油烟扰民', content: '楼下饭店油烟直排，强烈投诉' }),
        JSON.stringify({ id: 'only-title', title: '饭店油烟扰民，强烈投诉' }),
      ].join('\n'),
    );
    const r = await run(['classify', '--input', input, '--output', output]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('警告：第 5 行的id「1」与第 1 行重复（标题或内容不同），仍分别输出');
    expect(r.err).toContain('错误：3 行有误已跳过');
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[1]).toEqual({ line: 2, id: 'a8', error: '第 2 行无法处理：标题和内容都为空' });
    expect(lines[2]).toEqual({ line: 3, id: 7, error: '第 3 行无法处理：title 应为文字' });
    expect(lines[3]).toEqual({ line: 4, error: expect.stringContaining('不是一个留言对象') });
    expect(lines[4]).toMatchObject({ id: '1', category: '投诉' });
    expect(lines[5]).toMatchObject({ id: 'only-title' });
    expect(lines[5]).toHaveProperty('category');
  });
});

describe('minsheng train and evaluate', () => {
  it('trains a versioned model with progress, then evaluates it with merged labels', async () => {
    const data = path.join(dir, 'train.jsonl');
    const rows: string[] = [];
    for (let i = 0; i < 40; i++) {
      rows.push(JSON.stringify({ title: `请问办理手续${i}`, content: '请问需要什么材料？怎么办理？', label: '咨询', unit: '人力资源和社会保障局' }));
      rows.push(JSON.stringify({ title: `投诉噪音扰民${i}`, content: '工地夜间施工噪音扰民，强烈投诉，请处理', label: i % 2 ? '投诉' : '投诉|求助', unit: '环境保护局' }));
    }
    writeFileSync(data, rows.join('\n'));
    const model = path.join(dir, 'model.json.gz');
    const t = await run(['train', '--data', data, '--output', model]);
    expect(t.code).toBe(0);
    expect(t.err).toMatch(/训练进度 100%/);
    expect(t.out).toMatch(/版本 \d{4}\.\d{2}\.\d{2}-lr-[0-9a-f]{6}/);
    expect(existsSync(model)).toBe(true);

    const e = await run(['evaluate', '--data', data, '--model', model, '--json']);
    expect(e.code).toBe(0);
    const report = JSON.parse(e.out).report;
    expect(report.rows).toBe(80);
    expect(report.accuracy).toBeGreaterThan(0.9);
  });

  it('evaluate and train read a labelled file that starts with a byte-order mark', async () => {
    const data = path.join(dir, 'bom-labelled.jsonl');
    const rows = [JSON.stringify({ title: '请问公积金怎么提取', content: '在职职工提取公积金需要什么材料？', label: '咨询' }), JSON.stringify({ title: '饭店油烟扰民', content: '楼下饭店油烟直排，强烈投诉', label: '投诉' })];
    writeFileSync(data, '\uFEFF' + rows.join('\r\n'));
    const e = await run(['evaluate', '--data', data, '--json']);
    expect(e.err).not.toMatch(/JSON/);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.out).report.rows).toBe(2);
  });

  it('evaluate: refuses an empty file, skips a malformed line naming it, and refuses when no line is usable', async () => {
    const model = path.join(dir, 'model.json.gz');
    const empty = path.join(dir, 'empty.jsonl');
    writeFileSync(empty, '\n  \n');
    const none = await run(['evaluate', '--data', empty, '--model', model]);
    expect(none.code).toBe(2);
    expect(none.err).toContain(`错误：输入文件 ${empty} 中没有留言（空文件或只有空行）`);
    expect(none.out).toBe('');
    const mixed = path.join(dir, 'mixed.jsonl');
    const good = Array.from({ length: 4 }, (_, i) => JSON.stringify({ title: `请问办理手续${i}`, content: '请问需要什么材料？怎么办理？', label: '咨询' }));
    writeFileSync(mixed, [...good, '{oops', '[1,2,3]', JSON.stringify({ title: '请问', content: '怎么办理', label: 5 })].join('\n'));
    const m = await run(['evaluate', '--data', mixed, '--model', model, '--json']);
    expect(m.code, m.err).toBe(0);
    expect(m.err).toContain(`跳过：${mixed} 第 5 行：不是有效的 JSON`);
    expect(m.err).toContain(`跳过：${mixed} 第 6 行：不是一个留言对象`);
    expect(m.err).toContain(`跳过：${mixed} 第 7 行：类别标签应为文字：5`);
    expect(JSON.parse(m.out).report.rows).toBe(4);
    const bad = path.join(dir, 'all-bad.jsonl');
    writeFileSync(bad, ['{oops', JSON.stringify({ title: 'a', content: 'b', label: 'complaint' })].join('\n'));
    const b = await run(['evaluate', '--data', bad, '--model', model]);
    expect(b.code).toBe(2);
    expect(b.err).toContain(`错误：没有可评估的留言：${bad} 的 2 行都没有有效的类别标签或无法读取`);
  });

  it('refuses an --output it cannot write before training, naming it, instead of failing after the work', async () => {
    const data = path.join(dir, 'train-unwritable.jsonl');
    const rows: string[] = [];
    for (let i = 0; i < 20; i++) {
      rows.push(JSON.stringify({ title: `请问办理手续${i}`, content: '请问需要什么材料？怎么办理？', label: '咨询' }));
      rows.push(JSON.stringify({ title: `投诉噪音扰民${i}`, content: '工地夜间施工噪音扰民，强烈投诉，请处理', label: '投诉' }));
    }
    writeFileSync(data, rows.join('\n'));
    // A path through a file (a typo in the folder's name, an existing file of that name): mkdir meets EEXIST.
    const aFile = path.join(dir, 'not-a-folder');
    writeFileSync(aFile, 'x');
    const through = await run(['train', '--data', data, '--output', path.join(aFile, 'model.json.gz')]);
    expect(through.code).toBe(2);
    expect(through.err).toContain(`错误：--output ${path.join(aFile, 'model.json.gz')}：${aFile} 不是目录`);
    expect(through.err).not.toMatch(/内部错误|EEXIST|训练进度/);
    // A folder given as the output.
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    const intoFolder = await run(['train', '--data', data, '--output', folder]);
    expect(intoFolder.code).toBe(2);
    expect(intoFolder.err).toContain(`错误：--output ${folder} 是一个目录，请给出文件名`);
    expect(intoFolder.err).not.toMatch(/内部错误|EISDIR|训练进度/);
    // Missing folders are still created.
    const nested = path.join(dir, 'new-folder', 'deeper', 'model.json.gz');
    const created = await run(['train', '--data', data, '--output', nested]);
    expect(created.code, created.err).toBe(0);
    expect(existsSync(nested)).toBe(true);
  });

  it('names rows with unknown labels and refuses to train on too few rows', async () => {
    const data = path.join(dir, 'bad.jsonl');
    writeFileSync(data, JSON.stringify({ title: 'a', content: 'b', label: '闲聊' }) + '\n');
    const r = await run(['train', '--data', data, '--output', path.join(dir, 'm.json.gz')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/第 1 行：未知的类别标签“闲聊”/);
    expect(r.err).toMatch(/训练数据太少/);
  });
});

/**
 * An input file without a single message line (empty, only blank lines, or a byte order mark and
 * blank lines), most often a wrong path or the wrong file, is refused alike by `minsheng classify
 * --input`, `minsheng dedup --input`, `minsheng evaluate --data` and `--baseline-train`, and
 * `minsheng train --data` (each of its files, named alone: one empty file among good ones is refused
 * too, before any training): 输入文件 X 中没有留言, exit code 2, and classify and dedup write no
 * output file (an existing one is left as it was). Through the real CLI entry (argv passed in,
 * output captured).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { writeTinyTrainingSet } from './helpers/tiny-training-set.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'h-cli-leftovers-empty-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { env: { MINSHENG_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent', DOTENV_CONFIG_QUIET: 'true' }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  return { code, out, err };
}

const emptyInputs = { empty: '', blank: '\n  \n\t\n', windows: '\ufeff\r\n\r\n' };

describe('an input without a message line', () => {
  for (const command of ['classify', 'dedup'] as const) {
    it(`${command} --input: refused, exit code 2, no output file written and an existing one kept`, async () => {
      for (const [name, text] of Object.entries(emptyInputs)) {
        const input = path.join(dir, `${command}-${name}.jsonl`);
        await writeFile(input, text);
        const output = path.join(dir, `${command}-${name}.out.jsonl`);
        const r = await run([command, '--input', input, '--output', output]);
        expect(r.code, `${name}: ${r.err}`).toBe(2);
        expect(r.err).toContain(`错误：输入文件 ${input} 中没有留言（空文件或只有空行）`);
        expect(r.out).toBe('');
        expect(existsSync(output), name).toBe(false);
      }
      const input = path.join(dir, `${command}-empty.jsonl`);
      const kept = path.join(dir, `${command}-kept.jsonl`);
      await writeFile(kept, '{"id":"1"}\n');
      expect((await run([command, '--input', input, '--output', kept])).code).toBe(2);
      expect(await readFile(kept, 'utf8')).toBe('{"id":"1"}\n');
    });
  }

  it('evaluate --data: refused in the same words, exit code 2', async () => {
    const input = path.join(dir, 'evaluate-blank.jsonl');
    await writeFile(input, emptyInputs.blank);
    const r = await run(['evaluate', '--data', input]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`错误：输入文件 ${input} 中没有留言（空文件或只有空行）`);
    expect(r.out).toBe('');
  });

  it('evaluate --data with several files: an empty one among them is refused by name, however the files are given', async () => {
    const good = path.join(dir, 'evaluate-good.jsonl');
    await writeFile(good, `${JSON.stringify({ title: '咨询医保缴费时间', content: '请问今年城乡居民医保什么时候开始缴费？', label: '咨询' })}\n`);
    for (const [name, text] of Object.entries(emptyInputs)) {
      const empty = path.join(dir, `evaluate-several-${name}.jsonl`);
      await writeFile(empty, text);
      for (const argv of [
        ['--data', good, empty],
        ['--data', empty, '--data', good],
      ]) {
        const r = await run(['evaluate', ...argv]);
        expect(r.code, `${name} ${argv.join(' ')}: ${r.err}`).toBe(2);
        expect(r.err).toContain(`错误：输入文件 ${empty} 中没有留言（空文件或只有空行）`);
        expect(r.err).not.toContain(good);
        expect(r.out).toBe('');
      }
    }
    // The good file alone is evaluated.
    const alone = await run(['evaluate', '--data', good, '--json']);
    expect(alone.code, alone.err).toBe(0);
  });

  it('train --data and evaluate --baseline-train with several files: an empty one among them is refused by name before any training', async () => {
    const good = path.join(dir, 'train-good.jsonl');
    await writeTinyTrainingSet(good);
    const evaluated = path.join(dir, 'baseline-evaluated.jsonl');
    await writeFile(evaluated, `${JSON.stringify({ title: '咨询医保缴费时间', content: '请问今年城乡居民医保什么时候开始缴费？', label: '咨询' })}\n`);
    const model = path.join(dir, 'never-written.json.gz');
    for (const [name, text] of Object.entries(emptyInputs)) {
      const empty = path.join(dir, `train-several-${name}.jsonl`);
      await writeFile(empty, text);
      for (const files of [
        [good, empty],
        [empty, good],
      ]) {
        for (const argv of [
          ['train', '--data', ...files, '--output', model],
          ['evaluate', '--data', evaluated, '--baseline-train', ...files],
        ]) {
          const r = await run(argv);
          expect(r.code, `${name} ${argv.join(' ')}: ${r.err}`).toBe(2);
          expect(r.err).toContain(`错误：输入文件 ${empty} 中没有留言（空文件或只有空行）`);
          expect(r.err).not.toContain(`错误：输入文件 ${good}`);
          // Refused before the work: no training progress, no model, no report.
          expect(r.err).not.toMatch(/训练进度|训练朴素贝叶斯基线|已评估/);
          expect(r.out).toBe('');
          expect(existsSync(model)).toBe(false);
        }
      }
    }
    // The good files alone still train and evaluate with the baseline.
    const trained = await run(['train', '--data', good, '--output', model]);
    expect(trained.code, trained.err).toBe(0);
    expect(existsSync(model)).toBe(true);
    const withBaseline = await run(['evaluate', '--data', evaluated, '--baseline-train', good, '--json']);
    expect(withBaseline.code, withBaseline.err).toBe(0);
    expect((JSON.parse(withBaseline.out) as { baseline?: unknown }).baseline).toBeDefined();
  });

  it('a file with a message line is still classified and de-duplicated (exit code 0)', async () => {
    const input = path.join(dir, 'one.jsonl');
    await writeFile(input, `\n${JSON.stringify({ id: '1', title: '咨询医保缴费时间', content: '请问今年城乡居民医保什么时候开始缴费？' })}\n\n`);
    for (const command of ['classify', 'dedup'] as const) {
      const output = path.join(dir, `one.${command}.jsonl`);
      const r = await run([command, '--input', input, '--output', output]);
      expect(r.code, r.err).toBe(0);
      expect((await readFile(output, 'utf8')).trim().split('\n')).toHaveLength(1);
    }
  });
});

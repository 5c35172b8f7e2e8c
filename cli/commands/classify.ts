/**
 * `minsheng classify --input IN.jsonl --output OUT.jsonl [--model FILE]`: classifies each line
 * `{id, title, content}`. A bad line is reported (stderr and an `{line, id?, error}` output line)
 * and skipped, never dropped silently; the command then ends with a BadInputError (exit code 2).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { BadInputError } from '../../core/index.js';
import { loadClassifier } from '../../classifier/index.js';
import type { RegisterCommand } from '../program.js';

export const registerClassifyCommand: RegisterCommand = (program, ctx) => {
  program
    .command('classify')
    .description('对 JSON Lines 文件中的留言分类（类别、不予受理筛查、繁简、缓急、承办单位）')
    .requiredOption('--input <file>', '输入文件，每行 {id, title, content}')
    .requiredOption('--output <file>', '输出文件（JSON Lines）')
    .option('--model <file>', '模型文件（默认：MINSHENG_MODEL 或随附的默认模型）')
    .action(async (flags: { input: string; output: string; model?: string }) => {
      const config = ctx.config();
      const classifier = await loadClassifier({ modelFile: flags.model ?? config.modelFile, unitDirectoryFile: config.unitsFile });
      const input = createReadStream(flags.input, 'utf8');
      const opened = once(input, 'open').catch((error: unknown) => {
        throw new BadInputError(`无法读取输入文件 ${flags.input}`, { cause: error });
      });
      await opened;
      const output = createWriteStream(flags.output, 'utf8');
      await once(output, 'open').catch((error: unknown) => {
        throw new BadInputError(`无法写入输出文件 ${flags.output}`, { cause: error });
      });
      const write = async (line: string) => {
        if (!output.write(line + '\n')) await once(output, 'drain');
      };
      let lineNo = 0;
      let ok = 0;
      let bad = 0;
      const started = Date.now();
      for await (const line of createInterface({ input, crlfDelay: Infinity })) {
        lineNo++;
        if (line.trim() === '') continue;
        let row: Record<string, unknown>;
        try {
          const parsed: unknown = JSON.parse(line);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('应为 JSON 对象');
          row = parsed as Record<string, unknown>;
          if (typeof row.title !== 'string' && typeof row.content !== 'string') throw new Error('缺少 title 和 content');
        } catch (error) {
          bad++;
          const message = `第 ${lineNo} 行无法处理：${error instanceof SyntaxError ? '不是有效的 JSON' : (error as Error).message}`;
          ctx.io.stderr(message + '\n');
          await write(JSON.stringify({ line: lineNo, error: message }));
          continue;
        }
        const title = typeof row.title === 'string' ? row.title : '';
        const content = typeof row.content === 'string' ? row.content : '';
        const { modelVersion, ...result } = classifier.classify({ title, content });
        await write(JSON.stringify({ id: row.id ?? null, ...result, modelVersion }));
        ok++;
        if (ok % 5000 === 0) ctx.io.stderr(`已分类 ${ok} 条……\n`);
      }
      output.end();
      await once(output, 'finish');
      const secs = (Date.now() - started) / 1000;
      ctx.io.stderr(`完成：分类 ${ok} 条，用时 ${secs.toFixed(1)} 秒，模型 ${classifier.version}\n`);
      // Everything good is written; the bad lines make the run fail (exit code 2) so scripts notice.
      if (bad > 0) throw new BadInputError(`${bad} 行有误已跳过（见上，输出中有对应的 error 行）`);
    });
};

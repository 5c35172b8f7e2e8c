/**
 * `minsheng classify --input IN.jsonl --output OUT.jsonl [--model FILE]`: classifies each line
 * `{id, title, content}`. Lines are read and checked as `dedup` reads them (cli/message-lines.ts):
 * a bad line is reported (stderr and an `{line, id?, error}` output line) and skipped, never
 * dropped silently; the command then ends with a BadInputError (exit code 2). An input without a
 * single message line (empty, or only blank lines) is refused the same way, no output written. An
 * id met again is classified again (each line stands alone) with a warning, so a join on id is not
 * silently wrong.
 */
import { isBadLine, openMessageFile, repeatedIdText } from '../message-lines.js';
import type { RegisterCommand } from '../program.js';

export const registerClassifyCommand: RegisterCommand = (program, ctx) => {
  program
    .command('classify')
    .description('对 JSON Lines 文件中的留言分类（类别、不予受理筛查、繁简、缓急、承办单位）')
    .requiredOption('--input <file>', '输入文件，每行 {id, title, content}（可只有 title 或只有 content）')
    .requiredOption('--output <file>', '输出文件（JSON Lines，不能与输入文件相同）；有误的行写为 {line, id, error}')
    .option('--model <file>', '模型文件（默认：MINSHENG_MODEL 或随附的默认模型）')
    .action(async (flags: { input: string; output: string; model?: string }) => {
      const config = ctx.config();
      const { loadClassifier } = await import('../../classifier/index.js');
      const classifier = await loadClassifier({ modelFile: flags.model ?? config.modelFile, unitDirectoryFile: config.unitsFile });
      const file = await openMessageFile(ctx, flags);
      let ok = 0;
      const started = Date.now();
      for await (const message of file.lines) {
        if (isBadLine(message)) {
          await file.reportBad(message);
          continue;
        }
        if (message.repeatOf) ctx.io.stderr(`警告：第 ${message.line} 行的${repeatedIdText(message)}，仍分别输出\n`);
        const { modelVersion, ...result } = classifier.classify({ title: message.title, content: message.content });
        await file.write({ id: message.rawId ?? null, ...result, modelVersion });
        ok++;
        if (ok % 5000 === 0) ctx.io.stderr(`已分类 ${ok} 条……\n`);
      }
      await file.close();
      const secs = (Date.now() - started) / 1000;
      ctx.io.stderr(`完成：分类 ${ok} 条，用时 ${secs.toFixed(1)} 秒，模型 ${classifier.version}\n`);
      file.failIfBad();
    });
};

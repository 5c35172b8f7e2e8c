/**
 * `minsheng dedup --input IN.jsonl --output OUT.jsonl`: the pipeline's duplicate and hot-issue
 * decisions for a file of messages in arrival order. Bad lines are skipped with a warning naming
 * the line and counted; the run goes on.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { BadInputError } from '../../core/index.js';
import { createDecider } from '../../dedup/index.js';
import type { RegisterCommand } from '../program.js';

const lineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  title: z.string().default(''),
  content: z.string(),
  source: z.string().optional(),
  createdAt: z.string().optional(),
});

export const registerDedupCommand: RegisterCommand = (program, ctx) => {
  program
    .command('dedup')
    .description('判定重复留言与热点问题：输入 JSONL（按到达顺序），输出每条的 duplicateOf、similarity、hotIssue')
    .requiredOption('--input <file>', '输入文件（JSONL，每行 {id,title,content,source?,createdAt?}）')
    .requiredOption('--output <file>', '输出文件（JSONL，每行 {id,duplicateOf,similarity,hotIssue}）')
    .option('--window-days <n>', '热点问题的时间窗（天）', '7')
    .action(async (options: { input: string; output: string; windowDays: string }) => {
      const windowDays = Number(options.windowDays);
      if (!(windowDays > 0)) throw new BadInputError(`--window-days 须为正数，收到「${options.windowDays}」`);
      const input = createReadStream(options.input, { encoding: 'utf8' });
      const opened = once(input, 'open').catch((error: unknown) => {
        throw new BadInputError(`无法读取输入文件 ${options.input}`, { cause: error });
      });
      await opened;
      const output = createWriteStream(options.output, { encoding: 'utf8' });
      await once(output, 'open').catch((error: unknown) => {
        throw new BadInputError(`无法写入输出文件 ${options.output}`, { cause: error });
      });
      const decider = createDecider({ hotIssues: { windowDays } });
      const seen = new Set<string>();
      let lineNo = 0;
      let done = 0;
      let skipped = 0;
      let duplicates = 0;
      for await (const line of createInterface({ input, crlfDelay: Infinity })) {
        lineNo++;
        if (line.trim() === '') continue;
        let parsed: z.infer<typeof lineSchema>;
        try {
          const result = lineSchema.safeParse(JSON.parse(line));
          if (!result.success) {
            const issue = result.error.issues[0];
            throw new Error(`字段 ${issue?.path.join('.') || '(整行)'} 缺失或类型不对（id 须为字符串或数字，title、content、source、createdAt 须为字符串）`);
          }
          parsed = result.data;
        } catch (error) {
          skipped++;
          const reason = error instanceof SyntaxError ? '不是合法的 JSON' : (error as Error).message;
          ctx.io.stderr(`警告：第 ${lineNo} 行已跳过：${reason}\n`);
          continue;
        }
        if (seen.has(parsed.id)) {
          skipped++;
          ctx.io.stderr(`警告：第 ${lineNo} 行已跳过：id「${parsed.id}」重复出现\n`);
          continue;
        }
        seen.add(parsed.id);
        const decision = decider.decide(parsed);
        if (decision.duplicateOf) duplicates++;
        const record = { id: decision.id, duplicateOf: decision.duplicateOf, similarity: decision.similarity, hotIssue: decision.hotIssue };
        if (!output.write(`${JSON.stringify(record)}\n`)) await once(output, 'drain');
        if (++done % 10_000 === 0) ctx.io.stderr(`已处理 ${done} 条……\n`);
      }
      output.end();
      await once(output, 'finish');
      ctx.io.stderr(`完成：处理 ${done} 条，其中重复 ${duplicates} 条；跳过 ${skipped} 行。\n`);
      if (skipped > 0 && done === 0) throw new BadInputError(`输入文件 ${options.input} 中没有一行可处理（${skipped} 行均已跳过）`);
    });
};

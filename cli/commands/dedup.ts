/**
 * `minsheng dedup --input IN.jsonl --output OUT.jsonl`: the pipeline's duplicate and hot-issue
 * decisions for a file of messages in arrival order. Lines are read and checked as `classify`
 * reads them (cli/message-lines.ts): a bad line gets an `{line, id?, error}` output row and a
 * line on stderr, the run goes on, and it ends with exit code 2; an input without a single
 * message line (empty, or only blank lines) is refused with exit code 2, no output written.
 * Decisions name messages by id, so an id met again keeps the earlier line's decision: a repeat of
 * the same text is only noted, a different message under that id is a bad line (never silently
 * dropped). A `createdAt` that is not a readable date only warns: the message is decided at the
 * latest time seen.
 */
import { BadInputError } from '../../core/index.js';
import type { parseLooseDate } from '../../dedup/index.js';
import { isBadLine, openMessageFile, repeatedIdText } from '../message-lines.js';
import type { RegisterCommand } from '../program.js';

/**
 * The line's channel as the decider reads it: text, or a number written as text (a site's own
 * channel code, 3 or "3"). Anything else is left out with a warning (`unreadable`), as an
 * unreadable createdAt is: the source only labels where a copy came from, and a form not foreseen
 * must never cost a message its decision (before, such a line was refused, and every later copy
 * of it then had nothing to be linked to).
 */
function sourceOf(value: unknown): { source?: string; unreadable?: boolean } {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') return { source: value };
  if (typeof value === 'number' && Number.isFinite(value)) return { source: String(value) };
  return { unreadable: true };
}

/**
 * The line's time as the decider reads it: a date string it can parse, or a Unix time in seconds or
 * milliseconds. Anything else is left out with a warning (`unreadable`): the message is still
 * decided, at the latest time seen, because a date in a form not foreseen must never cost a
 * message its decision.
 */
function createdAtOf(value: unknown, readDate: typeof parseLooseDate): { at?: string; unreadable?: boolean } {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return { at: new Date(value < 1e12 ? value * 1000 : value).toISOString() };
  if (typeof value === 'string' && !Number.isNaN(readDate(value))) return { at: value };
  return { unreadable: true };
}

export const registerDedupCommand: RegisterCommand = (program, ctx) => {
  program
    .command('dedup')
    .description(
      '判定重复留言与热点问题：输入 JSONL（按到达顺序），输出每条的 duplicateOf、similarity、hotIssue。' +
        '正文很短（不足 20 字）时按标题加正文比较，只有标题的留言也可判定。' +
        '没有 createdAt 的留言按上一条已知时间计；整个文件都没有时间时不分时间窗，热点键以开启该组的留言序号结尾（如 estate:印台新村#1），而非日期',
    )
    .requiredOption('--input <file>', '输入文件（JSONL，每行 {id,title,content,source?,createdAt?}，id 不可重复）')
    .requiredOption('--output <file>', '输出文件（JSONL，每行 {id,duplicateOf,similarity,hotIssue}，不能与输入文件相同）；有误的行写为 {line, id, error}')
    .option('--window-days <n>', '热点问题的时间窗（天）', '7')
    .action(async (options: { input: string; output: string; windowDays: string }) => {
      const windowDays = Number(options.windowDays);
      if (!(windowDays > 0)) throw new BadInputError(`--window-days 须为正数，收到「${options.windowDays}」`);
      const file = await openMessageFile(ctx, options, { requireId: true });
      const { createDecider, parseLooseDate } = await import('../../dedup/index.js');
      const decider = createDecider({ hotIssues: { windowDays } });
      let done = 0;
      let repeats = 0;
      let unreadableDates = 0;
      let unreadableSources = 0;
      let duplicates = 0;
      for await (const message of file.lines) {
        if (isBadLine(message)) {
          await file.reportBad(message);
          continue;
        }
        if (message.repeatOf) {
          if (!message.repeatOf.sameText) {
            await file.reportBad({ line: message.line, rawId: message.rawId, problem: `${repeatedIdText(message)}，已保留第 ${message.repeatOf.line} 行的判定；请给这条留言另一个 id` });
            continue;
          }
          repeats++;
          ctx.io.stderr(`警告：第 ${message.line} 行的${repeatedIdText(message)}，沿用第 ${message.repeatOf.line} 行的判定，不再输出\n`);
          continue;
        }
        const { row } = message;
        const time = createdAtOf(row.createdAt, parseLooseDate);
        if (time.unreadable) {
          unreadableDates++;
          ctx.io.stderr(`警告：第 ${message.line} 行的 createdAt 无法识别为日期：${JSON.stringify(row.createdAt).slice(0, 60)}（应如 2026-11-28 或 2026-11-28 09:30:00），按前一条留言的时间判定\n`);
        }
        const channel = sourceOf(row.source);
        if (channel.unreadable) {
          unreadableSources++;
          ctx.io.stderr(`警告：第 ${message.line} 行的 source 应为文字，收到 ${JSON.stringify(row.source).slice(0, 60)}，已忽略（照常判定）\n`);
        }
        const decision = decider.decide({
          id: message.id!,
          title: message.title,
          content: message.content,
          source: channel.source,
          createdAt: time.at,
        });
        if (decision.duplicateOf) duplicates++;
        await file.write({ id: decision.id, duplicateOf: decision.duplicateOf, similarity: decision.similarity, hotIssue: decision.hotIssue });
        if (++done % 10_000 === 0) ctx.io.stderr(`已处理 ${done} 条……\n`);
      }
      await file.close();
      ctx.io.stderr(`完成：处理 ${done} 条，其中重复 ${duplicates} 条；有误 ${file.badLines} 行${repeats ? `，重复出现的相同留言 ${repeats} 行` : ''}${unreadableDates ? `，日期无法识别 ${unreadableDates} 行（已按前一条的时间判定）` : ''}${unreadableSources ? `，source 无法识别 ${unreadableSources} 行（已忽略）` : ''}。\n`);
      file.failIfBad();
    });
};

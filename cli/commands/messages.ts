/**
 * `minsheng messages add`: 手工录入 at the command line, as the console's 录入留言 page does it. A
 * message that came by paper, OA or another channel (a 转办单 with its 转办编号, a WeChat post) is
 * entered as the 电子政务中心 (or admin) account named by --as, from flags or, with --file, one JSON
 * object a line. Each goes through the pipeline as a crawled message does (classified,
 * de-duplicated, registered); a 转办编号 entered before is reported and not entered again, and a
 * letter identical to one entered by hand before, or the same writer's letter of the same minute
 * retyped with a small difference, is skipped (SAME_ENTRY: a file entered again after fixing one
 * line enters each letter once) unless --allow-same says it is another citizen's. One line per
 * message; exit code 1 when any was refused (a skipped letter is no refusal). While the main job holds the embedded store the
 * messages go through its API; otherwise the store is opened here and, with REDIS_URL, their
 * classification queued for the workers (without it the main job classifies them when it starts).
 */
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { AppError, BadInputError, describeError } from '../../core/index.js';
import type { handEntrySchema } from '../../pipeline/index.js';
import type { EnteredMessage } from '../../workflow/index.js';
import { accountActor, requireRole } from '../../workflow/users/index.js';
import { checkInputFile } from '../arguments.js';
import { utf8Lines } from '../message-lines.js';
import type { CliContext, RegisterCommand } from '../program.js';
import { printable } from '../terminal-text.js';
import { askMainJob, runningMainJob, withStore } from '../with-store.js';

interface AddOptions {
  channel?: string;
  title?: string;
  content?: string;
  author?: string;
  postedAt?: string;
  origin?: string;
  forwardNo?: string;
  upperDeadline?: string;
  channelNote?: string;
  allowSame?: boolean;
  file?: string;
  as?: string;
}

/** What the command says of an entry's fields when one is wrong (flag names; --file lines use the same keys). */
const flagNames: Record<string, string> = {
  channel: '--channel（渠道）',
  title: '--title（标题）',
  content: '--content（内容）',
  author: '--author（留言人）',
  postedAt: '--posted-at（留言日期）',
  originLevel: '--origin（转办层级）',
  forwardNo: '--forward-no（转办编号）',
  upperDeadline: '--upper-deadline（上级办理时限）',
  channelNote: '--channel-note（渠道说明）',
};

/** The outcome of one entry, as the API answers it. */
interface EntryOutcome {
  messageId: string;
  caseId: string | null;
  ledgerNo: string | null;
  linked: boolean;
  existing: boolean;
  pending: boolean;
  enteredBy: string | null;
  /** An entry already there that gave a new or earlier 上级办理时限: taken (take-upper-deadline.ts). */
  upperDeadlineTaken?: boolean;
}

/** Checks one entry as the API does; a refusal names the field. */
function parseEntry(raw: unknown, schema: typeof handEntrySchema) {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  throw new BadInputError(`${flagNames[key] ?? key ?? '留言'}：${issue?.message ?? '无效'}`);
}

/** Why a line of --file was refused before its fields were read. */
const notUtf8 = '不是 UTF-8 编码（可能以 GBK/ANSI 保存）：请将文件另存为 UTF-8 后重新录入这一行';

/** The entries of --file: one JSON object a line (blank lines skipped), each UTF-8 (utf8Lines). */
async function fileEntries(file: string): Promise<{ line: number; raw: unknown; problem?: string }[]> {
  const entries: { line: number; raw: unknown; problem?: string }[] = [];
  for await (const { line, text } of utf8Lines(createReadStream(await checkInputFile('--file', file)))) {
    if (text === undefined) {
      entries.push({ line, raw: undefined, problem: notUtf8 });
      continue;
    }
    if (text.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    entries.push({ line, raw });
  }
  if (entries.length === 0) throw new BadInputError(`--file ${file} 中没有留言（每行一个 JSON 对象）`);
  return entries;
}

function describe(o: EntryOutcome): string {
  if (o.existing) return `已录入过（${o.enteredBy ? `${o.enteredBy} 录入` : '采集取得'}），未重复录入${o.upperDeadlineTaken ? '，上级办理时限已按本次录入更新' : ''}${o.ledgerNo ? `  案件 ${o.ledgerNo}` : ''}`;
  if (o.pending) return '已录入  正在分类登记（查重后生成案件或并入已有案件）';
  return o.linked ? `已录入  作为重复留言并入案件 ${o.ledgerNo ?? ''}` : `已录入  新案件 ${o.ledgerNo ?? ''}（待审核分类）`;
}

export const registerMessagesCommand: RegisterCommand = (program: Command, ctx: CliContext) => {
  const messages = program.command('messages').description('留言：手工录入以纸质、OA 转办单或其他渠道收到的留言');
  messages
    .command('add')
    .description('手工录入留言（省市转办、其他网络渠道等）：与采集的留言一样分类、查重并登记')
    .option('--channel <渠道>', 'forwarded（省市转办）、other_web（其他网络渠道）、city_mailbox（市长信箱）或 district_mailbox（区长信箱）')
    .option('--title <标题>', '留言标题')
    .option('--content <内容>', '留言内容')
    .option('--author <留言人>', '留言人（可不填）')
    .option('--posted-at <YYYY-MM-DD>', '留言或转办单的日期（可不填）')
    .option('--origin <province|city>', '省市转办：转办层级，province（省级）或 city（市级）')
    .option('--forward-no <编号>', '省市转办：转办编号（同一层级的同一编号只录入一次）')
    .option('--upper-deadline <YYYY-MM-DD>', '省市转办：转办单上的上级办理时限（可不填；交办时的办理时限不晚于此日）')
    .option('--channel-note <说明>', '其他网络渠道：渠道说明，如“微信公众号”')
    .option('--allow-same', '确为另一位群众的来信：与已录入的留言完全相同（标题、内容、留言人、留言日期），或同一留言人同一留言时间的内容几乎相同（仅个别字词、标点不同）时仍录入（不加此项则跳过这样的留言）')
    .option('--file <FILE.jsonl>', '批量录入：每行一个 JSON 对象，字段同上（channel、title、content、author、postedAt、originLevel、forwardNo、upperDeadline、channelNote）')
    .option('--as <用户名>', '以哪个区电子政务管理中心或系统管理员账号录入（必填，事件记录以该账号署名）')
    .action(async (opts: AddOptions) => {
      if (!opts.as) throw new BadInputError('请用 --as 指定录入的区电子政务管理中心账号（事件记录以该账号署名）');
      const account = opts.as;
      const flagged = [opts.channel, opts.title, opts.content, opts.author, opts.postedAt, opts.origin, opts.forwardNo, opts.upperDeadline, opts.channelNote].some((v) => v !== undefined);
      if (opts.file && flagged) throw new BadInputError('--file 与 --channel、--title 等逐项参数只能选一种');
      const raws = opts.file
        ? await fileEntries(opts.file)
        : [{ line: 0, raw: { channel: opts.channel, title: opts.title, content: opts.content, author: opts.author, postedAt: opts.postedAt, originLevel: opts.origin, forwardNo: opts.forwardNo, upperDeadline: opts.upperDeadline, channelNote: opts.channelNote } }];
      const where = (line: number) => (line > 0 ? `第 ${line} 行  ` : '');
      const allowSame = opts.allowSame ? { allowSame: true } : {};
      let refused = 0;
      let skipped = 0;
      const report = (line: number, outcome: EntryOutcome) => ctx.io.stdout(`${where(line)}${printable(describe(outcome))}\n`);
      const refuse = (line: number, error: unknown) => {
        // The same letter entered before (a file entered again): skipped, neither new nor a failure.
        if (error instanceof AppError && error.code === 'SAME_ENTRY') {
          skipped += 1;
          ctx.io.stdout(`${where(line)}已跳过：${printable(error.message)}\n`);
          return;
        }
        refused += 1;
        ctx.io.stdout(`${where(line)}未录入  ${printable(describeError(error))}\n`);
      };

      // Loaded here: the queue (BullMQ) and the store take most of a second to load.
      const { createQueue, enterByHand, handEntryOf, handEntrySchema } = await import('../../pipeline/index.js');
      const { enteredMessageStatus, enterMessageRoles } = await import('../../workflow/index.js');
      const running = await runningMainJob(ctx);
      if (running) {
        ctx.io.stderr(`内置数据库正由民声主程序（pid ${running.pid}）使用，经其接口录入……\n`);
        for (const { line, raw, problem } of raws) {
          try {
            if (raw === undefined) throw new BadInputError(problem ?? '不是有效的 JSON');
            const entry = { ...parseEntry(raw, handEntrySchema), ...allowSame };
            report(line, await askMainJob<EntryOutcome>(running, '/api/cli/messages', { method: 'POST', body: { as: account, entry } }));
          } catch (error) {
            refuse(line, error);
          }
        }
      } else {
        const config = ctx.config();
        await withStore(
          ctx,
          async (store) => {
            // Checked before anything is entered: unknown, disabled, or not one who may enter messages.
            const actor = await accountActor(store.db, account);
            requireRole(actor, enterMessageRoles);
            const queue = config.redisUrl ? await createQueue(config, ctx.logger()) : undefined;
            try {
              for (const { line, raw, problem } of raws) {
                try {
                  if (raw === undefined) throw new BadInputError(problem ?? '不是有效的 JSON');
                  const entered: EnteredMessage = await enterByHand({ store, queue, logger: ctx.logger() }, { entry: handEntryOf({ ...parseEntry(raw, handEntrySchema), ...allowSame }), actor });
                  const status = await enteredMessageStatus(store.db, { messageId: entered.messageId, actor });
                  report(line, { ...status, existing: !entered.isNew, enteredBy: entered.enteredBy, upperDeadlineTaken: entered.upperDeadlineTaken, pending: status.caseId === null });
                } catch (error) {
                  refuse(line, error);
                }
              }
            } finally {
              await queue?.close();
            }
            if (!queue && raws.length > refused + skipped) ctx.io.stderr('未配置 REDIS_URL：已录入的留言由民声主程序分类登记（启动时，或运行中的定时巡检）\n');
          },
          'minsheng messages add',
        );
      }
      const skippedPart = skipped > 0 ? `，与已录入的留言相同而跳过 ${skipped} 条` : '';
      if (raws.length > 1) ctx.io.stdout(`共 ${raws.length} 条：录入或已有 ${raws.length - refused - skipped} 条${skippedPart}，未录入 ${refused} 条\n`);
      if (skipped > 0) ctx.io.stderr('跳过的留言与已录入的相同或几乎相同（同一留言人、同一留言时间，仅个别字词不同）；如确为另一位群众的来信，请单独为其加 --allow-same 重新录入\n');
      if (refused > 0) ctx.setExitCode(1);
    });
};

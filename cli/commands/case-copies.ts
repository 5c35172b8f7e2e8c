/**
 * De-duplication corrections at the command line, as on the case page: `minsheng cases copies`
 * lists a case's messages numbered (序号 1 the first, then each copy with its writer, channel,
 * source and similarity) and its 反映人数; `cases split` splits a wrongly linked copy off into a
 * case of its own (workflow splitCopy); `cases merge` merges a missed copy, a case awaiting review
 * or registered, into the case it copies (workflow mergeCases, naming the state it listed). Both
 * act as the account --as (电子政务中心 or 督查室, checked as on the console) with the reason
 * --note, which the events of both cases record. While the main job holds the embedded store,
 * through its API (the local token only).
 */
import type { Command } from 'commander';
import { BadInputError } from '../../core/index.js';
import type { CaseCopies, CaseState } from '../../workflow/cases/index.js';
import { accountActor } from '../../workflow/users/index.js';
import type { CliContext } from '../program.js';
import { printable } from '../terminal-text.js';
import { askMainJob, runningMainJob, withStore } from '../with-store.js';

/** Where the command reads and corrects: the store itself, or the running main job's API. */
interface CopiesPort {
  copies(reference: string): Promise<CaseCopies>;
  split(input: { caseId: string; messageId: string; note: string }): Promise<{ ledgerNo: string; reporterCount: number; restored: boolean }>;
  merge(input: { caseId: string; intoCaseId: string; note: string; expectedState: string }): Promise<{ reporterCount: number; moved: number }>;
}

async function withPort<T>(ctx: CliContext, account: string | undefined, command: string, fn: (port: CopiesPort) => Promise<T>): Promise<T> {
  const running = await runningMainJob(ctx);
  if (running) {
    ctx.io.stderr(`内置数据库正由民声主程序（pid ${running.pid}）使用，经其接口办理……\n`);
    return fn({
      copies: (reference) => askMainJob(running, '/api/cli/cases/copies', { method: 'POST', body: { reference } }),
      split: (input) => askMainJob(running, '/api/cli/cases/split', { method: 'POST', body: { as: account, ...input } }),
      merge: (input) => askMainJob(running, '/api/cli/cases/merge', { method: 'POST', body: { as: account, ...input } }),
    });
  }
  return withStore(
    ctx,
    async (store) => {
      // The account is checked before anything is read: unknown or disabled is refused at once.
      const actor = account ? await accountActor(store.db, account) : undefined;
      const { listCaseCopies, mergeCases, splitCopy } = await import('../../workflow/cases/index.js');
      return fn({
        copies: (reference) => listCaseCopies(store.db, reference),
        split: (input) => splitCopy(store.db, { ...input, actor: actor! }),
        merge: (input) => mergeCases(store.db, { ...input, expectedState: input.expectedState as CaseState, actor: actor! }),
      });
    },
    command,
  );
}

function printCopies(ctx: CliContext, c: CaseCopies): void {
  const copies = c.messages.length - 1;
  ctx.io.stdout(`${c.ledgerNo}  ${printable(c.title)}（${c.stateName}）  反映人数 ${c.reporterCount}，留言 ${c.messages.length} 条${copies ? `（重复 ${copies} 条）` : ''}\n`);
  for (const m of c.messages) {
    const similarity = m.primary ? '首条留言' : m.similarity === null ? '相似度 —' : `相似度 ${Math.round(m.similarity * 100)}%`;
    const when = m.postedAt ? m.postedAt.slice(0, 10) : '—';
    ctx.io.stdout(`${String(m.no).padStart(3)}  ${printable(m.author ?? '匿名')} · ${m.channelName} · ${printable(m.source)} · ${when} · ${similarity}  ${printable(m.title)}  [${m.messageId}]\n`);
  }
}

function requireNote(note: string | undefined, what: string): string {
  if (!note?.trim()) throw new BadInputError(`请用 --note 写明${what}（记入两个案件的办理过程）`);
  return note;
}

export function registerCaseCopiesCommands(cases: Command, ctx: CliContext): void {
  cases
    .command('copies')
    .description('列出案件的留言及重复留言（序号、留言人、渠道、来源、相似度）和反映人数，供拆分时指明留言')
    .argument('<台账编号>', '案件的台账编号，如 YT-2026-000035')
    .action(async (reference: string) => {
      await withPort(ctx, undefined, 'minsheng cases copies', async (port) => printCopies(ctx, await port.copies(reference)));
    });
  cases
    .command('split')
    .description('拆分误并的重复留言：把案件中的一条重复留言拆出，生成新案件（待审核分类；拆出的是并入本案件的另一案件的首条留言时，撤销那次合并，留言回到原案件），本案件的反映人数重新计算')
    .argument('<台账编号>', '留言所在案件的台账编号')
    .option('--message <序号或留言编号>', '拆出哪一条（minsheng cases copies 列出的序号，或方括号中的留言编号；首条留言不能拆出）')
    .option('--note <理由>', '拆分理由（必填），例如：反映的是不同路段的问题')
    .option('--as <用户名>', '以哪个区电子政务管理中心或督查室账号拆分（必填，事件记录以该账号署名）')
    .action(async (reference: string, opts: { message?: string; note?: string; as?: string }) => {
      if (!opts.message) throw new BadInputError('请用 --message 指明拆出哪一条留言（序号见 minsheng cases copies）');
      const note = requireNote(opts.note, '拆分理由');
      if (!opts.as) throw new BadInputError('请用 --as 指定拆分的账号（事件记录以该账号署名）');
      await withPort(ctx, opts.as, 'minsheng cases split', async (port) => {
        const copies = await port.copies(reference);
        const { copyNamed } = await import('../../workflow/cases/index.js');
        const message = copyNamed(copies, opts.message!);
        if (message.primary) throw new BadInputError(`第 ${message.no} 条是案件 ${copies.ledgerNo} 的首条留言，不能拆出；请拆出其他重复留言`);
        const result = await port.split({ caseId: copies.caseId, messageId: message.messageId, note });
        // A merged case's first letter split off goes back to that case (splitCopy's `restored`), not to a new one.
        const went = result.restored ? `撤销合并，留言回到原案件 ${result.ledgerNo}` : `新案件 ${result.ledgerNo}`;
        ctx.io.stdout(`已拆分  第 ${message.no} 条「${printable(message.title)}」（${printable(message.author ?? '匿名')}）→ ${went}（待审核分类）；${copies.ledgerNo} 反映人数 ${result.reporterCount}\n`);
      });
    });
  cases
    .command('merge')
    .description('并入漏并的重复留言：把一件待审核分类或已登记的案件并入它重复的案件，留言转入该案件，反映人数重新计算')
    .argument('<台账编号>', '重复的案件（并入后状态为「已并入其他案件」）')
    .option('--into <台账编号>', '并入哪一件（原案件）')
    .option('--note <理由>', '合并理由（必填），例如：与原案件反映同一问题，属重复留言')
    .option('--as <用户名>', '以哪个区电子政务管理中心或督查室账号合并（必填，事件记录以该账号署名）')
    .action(async (reference: string, opts: { into?: string; note?: string; as?: string }) => {
      if (!opts.into) throw new BadInputError('请用 --into 指明并入哪一件案件（台账编号）');
      const note = requireNote(opts.note, '合并理由');
      if (!opts.as) throw new BadInputError('请用 --as 指定合并的账号（事件记录以该账号署名）');
      await withPort(ctx, opts.as, 'minsheng cases merge', async (port) => {
        const from = await port.copies(reference);
        const into = await port.copies(opts.into!);
        const result = await port.merge({ caseId: from.caseId, intoCaseId: into.caseId, note, expectedState: from.state });
        ctx.io.stdout(`已并入  ${from.ledgerNo} → ${into.ledgerNo}：转入留言 ${result.moved} 条，${into.ledgerNo} 反映人数 ${result.reporterCount}\n`);
      });
    });
}

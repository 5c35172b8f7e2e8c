/**
 * Workflow steps at the command line, as on the console's case page, each acting as the account
 * named by --as (unknown, disabled, or a role that may not take the step: refused by the workflow,
 * exactly as on the console) and naming what it read as the page does (the published reply a
 * visit asks about, the proposal a leader decides on), so a case changed meanwhile is refused:
 * `cases visit` records a 回访 (workflow recordVisit), `cases visits` lists the cases awaiting one
 * (listAwaitingVisits), `cases approve` agrees to proposals and `cases reject-proposal` sends one
 * back (decideProposal). One Chinese line per case; exit code 1 on any refusal. While the main
 * job holds the embedded store, through its API (the local token only; case-step-port.ts). The
 * steps of the handling units and 督查室 (交办, 报送, 审核) are in case-handling-steps.ts.
 */
import type { Command } from 'commander';
import { BadInputError, channelNames, type Channel } from '../../core/index.js';
import type { AwaitingVisitRow } from '../../workflow/cases/index.js';
// The words of 回访, not workflow/cases' index (which brings the store): the help text names them.
import { maxAwaitingVisits, satisfactionNames, satisfactions, visitMethodNames, visitMethods, type Satisfaction, type VisitMethod } from '../../workflow/cases/visit-names.js';
import { integerFlag } from '../arguments.js';
import type { CliContext } from '../program.js';
import { printable, jsonOutput } from '../terminal-text.js';
import { namedCase, namedCases, refusalOf, requireAccount, withSteps, type StepsPort } from './case-step-port.js';
import { complexityWords } from './propose-cases.js';
import { atMinute, type ShownCase } from './shown-case.js';

/** A flag given as its code or its Chinese name (the workflow's tables). */
export function namedFlag<T extends string>(flag: string, value: string, codes: readonly T[], names: Record<T, string>): T {
  const found = codes.find((c) => c === value || names[c] === value);
  if (!found) throw new BadInputError(`${flag} 应为 ${codes.map((c) => names[c]).join('、')}：${value}`);
  return found;
}

/** The latest published reply: the one the visit asks the citizen about, named as the console's page names it. */
const replyAskedAbout = (c: ShownCase) => c.reports.filter((r) => r.status === 'published').sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))[0]?.id;

async function runDecisions(ctx: CliContext, port: StepsPort, references: string[], approve: boolean, note: string | undefined): Promise<void> {
  const [done, notDone] = approve ? ['已同意', '未同意'] : ['已退回', '未退回'];
  let refused = 0;
  const found = await namedCases(port, references);
  for (const { reference, case: named } of found) {
    if (!named) {
      refused++;
      ctx.io.stdout(`${notDone}  ${printable(reference)}  找不到案件：${printable(reference)}\n`);
      continue;
    }
    try {
      // The proposal the leader decides on: the pending one as read now (none: the workflow says why).
      const c = await port.read(named.id);
      const pending = c.proposals.filter((p) => p.decision === 'pending').at(-1);
      await port.decide({ caseId: c.id, approve, note, proposalId: pending?.id });
      const unit = pending ? `拟交办 ${printable(pending.unitName)}（${complexityWords[pending.complexity as 'simple'] ?? pending.complexity}）` : '';
      ctx.io.stdout(`${done}  ${c.ledgerNo}  ${unit}${approve ? '，待交办' : '，退回区政府办重新拟办'}\n`);
    } catch (error) {
      refused++;
      ctx.io.stdout(`${notDone}  ${named.ledgerNo}  ${printable(refusalOf(error))}\n`);
    }
  }
  if (found.length > 1) ctx.io.stdout(`共 ${found.length} 件：${done} ${found.length - refused} 件，${notDone} ${refused} 件\n`);
  if (refused > 0) ctx.setExitCode(1);
}

/** 领导审批 of 拟办: `cases approve` and `cases reject-proposal`. */
export function registerProposalDecisionCommands(cases: Command, ctx: CliContext): void {
  cases
    .command('approve')
    .description('领导审批：同意拟办意见（同控制台案件页的「同意拟办意见」），同意后由区政府办交办')
    .argument('<台账编号...>', '已拟办待领导审批的案件，可列出多件')
    .option('--note <批示>', '批示意见（可选）')
    .option('--as <用户名>', '以哪个区领导账号审批（必填，事件记录以该账号署名）')
    .action(async (references: string[], opts: { note?: string; as?: string }) => {
      const account = requireAccount(opts.as, '审批');
      await withSteps(ctx, account, 'minsheng cases approve', (port) => runDecisions(ctx, port, references, true, opts.note));
    });
  cases
    .command('reject-proposal')
    .description('领导审批：退回拟办意见（同控制台案件页的「退回拟办意见」），案件回到已登记，由区政府办重新拟办')
    .argument('<台账编号...>', '已拟办待领导审批的案件')
    .option('--note <退回理由>', '退回理由（必填）')
    .option('--as <用户名>', '以哪个区领导账号审批（必填，事件记录以该账号署名）')
    .action(async (references: string[], opts: { note?: string; as?: string }) => {
      if (!opts.note?.trim()) throw new BadInputError('请用 --note 写明退回理由（记入办理过程）');
      const account = requireAccount(opts.as, '审批');
      await withSteps(ctx, account, 'minsheng cases reject-proposal', (port) => runDecisions(ctx, port, references, false, opts.note));
    });
}

/** 回访: `cases visits` and `cases visit`. */
export function registerVisitCommands(cases: Command, ctx: CliContext): void {
  cases
    .command('visit')
    .description('回访：记录群众对已回复案件的满意度（同控制台案件页的「回访」）；不满意的重新交办原承办单位，其余回访办结')
    .argument('<台账编号>', '已回复（或上次回访无法联系）的案件')
    .option('--satisfaction <满意度>', `群众的答复：${satisfactions.map((s) => satisfactionNames[s]).join('、')}`)
    .option('--unreached', `无法联系到群众（同 --satisfaction ${satisfactionNames.unreachable}；归档前可再次回访）`)
    .option('--method <回访方式>', `${visitMethods.map((m) => visitMethodNames[m]).join('、')}`)
    .option('--note <群众意见>', '群众意见或回访情况（不满意时必填）')
    .option('--as <用户名>', '以哪个区政府督查室或区电子政务管理中心账号回访（必填，事件记录以该账号署名）')
    .action(async (reference: string, opts: { satisfaction?: string; unreached?: boolean; method?: string; note?: string; as?: string }) => {
      if (opts.unreached && opts.satisfaction !== undefined) throw new BadInputError('--unreached 与 --satisfaction 只能选一个');
      if (!opts.unreached && opts.satisfaction === undefined) throw new BadInputError(`请用 --satisfaction 给出群众的答复（${satisfactions.map((s) => satisfactionNames[s]).join('、')}），或用 --unreached 记录无法联系`);
      const satisfaction = opts.unreached ? 'unreachable' : namedFlag('--satisfaction', opts.satisfaction!, satisfactions, satisfactionNames);
      if (opts.method === undefined) throw new BadInputError(`请用 --method 给出回访方式（${visitMethods.map((m) => visitMethodNames[m]).join('、')}）`);
      const method = namedFlag('--method', opts.method, visitMethods, visitMethodNames);
      const account = requireAccount(opts.as, '回访');
      await withSteps(ctx, account, 'minsheng cases visit', async (port) => {
        const c = await namedCase(port, reference);
        const out = await port.visit({ caseId: c.id, satisfaction, method, note: opts.note, reportId: replyAskedAbout(c) });
        const unit = c.handlingUnits.lead?.unit;
        const after = out.reopened ? `重新交办 ${printable(unit ?? '原承办单位')}，办理时限 ${out.reopened.dueDate}` : '已回访办结';
        ctx.io.stdout(`已回访  ${c.ledgerNo}  ${satisfactionNames[satisfaction]}（${visitMethodNames[method]}）→ ${after}\n`);
      });
    });
  cases
    .command('visits')
    .description('待回访的案件（同控制台「批量回访」）：已回复待回访的，答复最早的在前；--unreached 列出上次回访无法联系、可再次回访的')
    .option('--unreached', '上次回访无法联系的已回访办结案件')
    .option('--json', '以 JSON 数组输出')
    .option('--limit <n>', `最多条数（1 到 ${maxAwaitingVisits}）`, '100')
    .option('--as <用户名>', '以哪个区政府督查室或区电子政务管理中心账号查看（必填：只有可回访的账号能看此清单）')
    .action(async (opts: { unreached?: boolean; json?: boolean; limit: string; as?: string }) => {
      const limit = integerFlag('--limit', opts.limit, 1, maxAwaitingVisits);
      const account = requireAccount(opts.as, '查看');
      await withSteps(ctx, account, 'minsheng cases visits', async (port) => {
        const list = await port.awaitingVisits({ ...(opts.unreached ? { unreached: true } : {}), limit });
        if (opts.json) {
          ctx.io.stdout(jsonOutput(list.items));
          return;
        }
        if (list.items.length === 0) {
          ctx.io.stdout(opts.unreached ? '没有上次回访无法联系的案件\n' : '没有待回访的案件\n');
          return;
        }
        for (const r of list.items) {
          const replied = r.repliedOn ? `答复 ${r.repliedOn}（${r.daysSinceReply === 0 ? '今天' : `${r.daysSinceReply} 天前`}）` : '答复日期 —';
          const last = r.lastVisit ? `  上次回访 ${atMinute(r.lastVisit.visitedAt)} ${satisfactionNames[r.lastVisit.satisfaction as Satisfaction] ?? r.lastVisit.satisfaction}（${visitMethodNames[r.lastVisit.method as VisitMethod] ?? r.lastVisit.method}）` : '';
          const many = r.writers.length > 1 ? `（共 ${r.writers.length} 人反映）` : '';
          ctx.io.stdout(`${r.ledgerNo}  ${printable(r.title)}  ${printable(r.author ?? '匿名')} · ${printable(r.sourceName ?? '—')}${many}  ${replied}  承办 ${printable(r.unitName ?? '—')}${last}\n`);
          if (many) ctx.io.stdout(writerLines(r));
        }
        ctx.io.stdout(list.total > list.items.length ? `共 ${list.total} 件，显示最早的 ${list.items.length} 件\n` : `共 ${list.total} 件\n`);
      });
    });
}

const originLevelNames: Record<string, string> = { province: '省级转办', city: '市级转办' };

/**
 * Every writer of a case several people raised, a line each under the case (as 批量回访 lists
 * them: each once as 反映人数 counts them, the first message's first), so each can be reached: the
 * name or 匿名, channel, source, 转办 number, and the original's address.
 */
function writerLines(r: AwaitingVisitRow): string {
  return r.writers
    .map((w) => {
      const level = originLevelNames[w.originLevel ?? ''];
      const forwarded = w.forwardNo ? ` · ${level ? `${level} ` : ''}${printable(w.forwardNo)}` : '';
      const where = [channelNames[w.channel as Channel] ?? w.channel, w.sourceName ?? '—'].map(printable).join(' · ');
      return `    ${printable(w.author ?? '匿名')} · ${where}${forwarded}${w.url ? `  ${printable(w.url)}` : ''}\n`;
    })
    .join('');
}

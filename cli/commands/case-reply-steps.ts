/**
 * 领导审批答复 and 回复 at the command line, as on the console's case page, each a thin command over
 * the workflow step the page calls (web/api/workflow-routes.ts), acting as the account --as:
 * `cases approve-reply` agrees to the reply 督查室 passed and `cases reject-reply` sends it back to
 * the unit (decideReply, 区政府领导); `cases publish` sends the approved reply the way the case owes
 * it (publishReply): online by the 电子政务中心's account (the system records the text; it does not
 * post on the site), or as 《印台政务督查专报》 by 督查室's for an item forwarded from above, whose
 * text is printed for sending up; `cases return-for-revision` sends an approved reply unfit to go
 * online back to the unit (returnReplyForRevision, the 电子政务中心's account). Each names what it read just before, as the page does (the reply
 * awaiting approval; the approved reply and its text, published verbatim), so a case changed
 * meanwhile is refused with 请刷新后再操作. Refusals are the workflow's; exit code 1 on any. While the
 * main job holds the embedded store, through its API (case-step-port.ts).
 */
import type { Command } from 'commander';
import { AppError, BadInputError } from '../../core/index.js';
import type { CliContext } from '../program.js';
import { printable, printableLines } from '../terminal-text.js';
import { printFinding } from './case-handling-steps.js';
import { namedCase, namedCases, refusalOf, requireAccount, withSteps, type StepsPort } from './case-step-port.js';
import { atMinute, unitNameOf, type ShownCase, type ShownReport } from './shown-case.js';

/**
 * Each case named, one line each: `step` acts on the case as read now and prints its line; a
 * refusal prints 未… with the reason. The count when several were named; exit code 1 on a refusal.
 */
export async function eachCase(ctx: CliContext, port: StepsPort, references: string[], words: { done: string; notDone: string }, step: (c: ShownCase) => Promise<void>): Promise<void> {
  let refused = 0;
  const found = await namedCases(port, references);
  for (const { reference, case: named } of found) {
    if (!named) {
      refused++;
      ctx.io.stdout(`${words.notDone}  ${printable(reference)}  找不到案件：${printable(reference)}\n`);
      continue;
    }
    try {
      await step(await port.read(named.id));
    } catch (error) {
      refused++;
      ctx.io.stdout(`${words.notDone}  ${named.ledgerNo}  ${printable(refusalOf(error))}\n`);
    }
  }
  if (found.length > 1) ctx.io.stdout(`共 ${found.length} 件：${words.done} ${found.length - refused} 件，${words.notDone} ${refused} 件\n`);
  if (refused > 0) ctx.setExitCode(1);
}

/** The latest report in `status`, as the case page names it (the reply awaiting approval: accepted; to publish: approved). */
const latestReport = (c: ShownCase, status: string) => c.reports.filter((r) => r.status === status).at(-1);

/** What the leader read: the unit's reply of that day, and whether 督查室 settled another text. */
function replyRead(c: ShownCase, r: ShownReport | undefined): string {
  if (!r) return '答复';
  const edited = r.reviewText && r.reviewText !== r.text ? '（督查室修改后的对外答复）' : '';
  return `${printable(unitNameOf(c, r.unitId))} ${atMinute(r.submittedAt)} 报送的答复${edited}`;
}

/** 下一步 as the case page says it after the step (who sends the reply), from the case read again. */
async function nextOf(port: StepsPort, caseId: string): Promise<string> {
  const after = await port.read(caseId);
  const next = after.nextSteps.map((s) => `由${s.who}${s.steps.join('或')}`).join('；');
  return next ? `，下一步${next}` : '';
}

/** 领导审批答复 of each case named: the reply awaiting approval as read now (none: the workflow says why). */
async function runReplyDecisions(ctx: CliContext, port: StepsPort, references: string[], approve: boolean, note: string | undefined): Promise<void> {
  const words = approve ? { done: '已同意', notDone: '未同意' } : { done: '已退回', notDone: '未退回' };
  await eachCase(ctx, port, references, words, async (c) => {
    const shown = latestReport(c, 'accepted');
    await port.decideReply({ caseId: c.id, approve, note, reportId: shown?.id });
    if (approve) {
      ctx.io.stdout(`已同意  ${c.ledgerNo}  ${replyRead(c, shown)}${await nextOf(port, c.id)}\n`);
      return;
    }
    const after = await port.read(c.id);
    ctx.io.stdout(`已退回  ${c.ledgerNo}  ${replyRead(c, shown)}（领导退回），承办单位重新办理，办理时限 ${after.dueDate ?? '—'}\n`);
  });
}

const originLevelNames: Record<string, string> = { province: '省级', city: '市级' };

/** Where the 专报 goes: the level that forwarded the item and its 转办编号, from the case's 转办单. */
function upperAddressee(c: ShownCase): string {
  const f = [...c.messages].sort((a, b) => Number(b.id === c.primaryMessageId) - Number(a.id === c.primaryMessageId)).map((m) => m.forwarding).find((x) => x && typeof x === 'object');
  const level = typeof f?.originLevel === 'string' ? originLevelNames[f.originLevel] : undefined;
  const no = typeof f?.forwardNo === 'string' && f.forwardNo ? `（转办编号 ${printable(f.forwardNo)}）` : '';
  return `上报${level ?? '省、市'}${no}`;
}

/** The findings' refusal says the console's tick box: the command's own way to publish the text as it stands is added. */
function withPublishHint(error: unknown): unknown {
  if (!(error instanceof AppError) || !error.message.includes('请修改或确认后再发布')) return error;
  return new AppError(error.code, `${error.message}（命令行中确需按原文发布的，加 --acknowledge-findings）`, { cause: error, details: error.details });
}

/** 发布 / 专报 of each case named: the approved reply and its text as read now, sent verbatim. */
async function runPublications(ctx: CliContext, port: StepsPort, references: string[], acknowledgeFindings: boolean | undefined): Promise<void> {
  await eachCase(ctx, port, references, { done: '已回复', notDone: '未回复' }, async (c) => {
    const approved = latestReport(c, 'approved');
    const out = await port
      .publish({ caseId: c.id, acknowledgeFindings, reportId: approved?.id, replyText: approved ? (approved.reviewText ?? approved.text) : undefined })
      .catch((error: unknown) => {
        throw withPublishHint(error);
      });
    const after = await port.read(c.id);
    const still = after.state === 'reply_approved' ? `；尚待${out.channel === 'upper_report' ? '区电子政务管理中心发布网上回复' : '区政府督查室以《印台政务督查专报》上报'}` : '，案件已回复，待回访';
    if (out.channel === 'upper_report') {
      ctx.io.stdout(`已上报  ${c.ledgerNo}  《印台政务督查专报》${upperAddressee(c)}${still}\n`);
      // The 专报 as recorded: the system keeps it, the office sends it up.
      if (out.upperReport) ctx.io.stdout(`${printableLines(out.upperReport).split('\n').map((l) => `    ${l}`).join('\n')}\n`);
    } else {
      ctx.io.stdout(`已发布  ${c.ledgerNo}  ${replyRead(c, approved)}已记为网上回复（系统不代为在网站上发帖）${still}\n`);
    }
    for (const f of out.findings) printFinding(ctx, f);
  });
}

export function registerReplyStepsCommands(cases: Command, ctx: CliContext): void {
  cases
    .command('approve-reply')
    .description('领导审批答复：同意督查室审核通过的答复（同控制台案件页的「审批同意答复」），同意后由电子政务中心发布回复，省、市转办件由督查室以《印台政务督查专报》上报')
    .argument('<台账编号...>', '督查室已审核待领导审批的案件，可列出多件')
    .option('--note <审批意见>', '审批意见（可选）')
    .option('--as <用户名>', '以哪个区领导账号审批（必填，事件记录以该账号署名）')
    .action(async (references: string[], opts: { note?: string; as?: string }) => {
      const account = requireAccount(opts.as, '审批');
      await withSteps(ctx, account, 'minsheng cases approve-reply', (port) => runReplyDecisions(ctx, port, references, true, opts.note));
    });
  cases
    .command('reject-reply')
    .description('领导审批答复：退回答复（同控制台案件页的「审批退回答复」），承办单位重新办理，重新计算办理时限')
    .argument('<台账编号...>', '督查室已审核待领导审批的案件')
    .option('--note <退回理由>', '退回理由（必填，承办单位可见）')
    .option('--as <用户名>', '以哪个区领导账号审批（必填，事件记录以该账号署名）')
    .action(async (references: string[], opts: { note?: string; as?: string }) => {
      if (!opts.note?.trim()) throw new BadInputError('请用 --note 写明退回理由（承办单位将看到此理由）');
      const account = requireAccount(opts.as, '审批');
      await withSteps(ctx, account, 'minsheng cases reject-reply', (port) => runReplyDecisions(ctx, port, references, false, opts.note));
    });
  cases
    .command('publish')
    .description('回复：发布经领导审批的答复原文（同控制台案件页的「发布回复」，区电子政务管理中心账号；系统记录发布的文本，不代为在网站上发帖），省、市转办件以《印台政务督查专报》上报（同「以《印台政务督查专报》上报」，区政府督查室账号，打印专报全文）；发布前再做检查，有高风险措辞的不予发布')
    .argument('<台账编号...>', '领导已审批待回复的案件，可列出多件')
    .option('--acknowledge-findings', '已知悉审查提示，仍然按原文发布或上报（同控制台的勾选项）')
    .option('--as <用户名>', '以哪个区电子政务管理中心（网上回复）或区政府督查室（专报）账号回复（必填，事件记录以该账号署名）')
    .action(async (references: string[], opts: { acknowledgeFindings?: boolean; as?: string }) => {
      const account = requireAccount(opts.as, '回复');
      await withSteps(ctx, account, 'minsheng cases publish', (port) => runPublications(ctx, port, references, opts.acknowledgeFindings));
    });
  cases
    .command('return-for-revision')
    .description('退回修改答复：经领导审批的答复不宜上网的（如含他人电话），电子政务中心写明理由退回承办单位修改（同控制台案件页的「退回修改答复」），承办单位修改后重新报送、审核、审批')
    .argument('<台账编号>', '领导已审批待回复的案件')
    .option('--note <理由>', '退回修改的理由（必填，承办单位可见）')
    .option('--as <用户名>', '以哪个区电子政务管理中心账号退回（必填，事件记录以该账号署名）')
    .action(async (reference: string, opts: { note?: string; as?: string }) => {
      if (!opts.note?.trim()) throw new BadInputError('请用 --note 写明退回修改的理由（承办单位将看到此理由）');
      const account = requireAccount(opts.as, '退回修改答复');
      await withSteps(ctx, account, 'minsheng cases return-for-revision', async (port) => {
        const c = await namedCase(port, reference);
        const approved = latestReport(c, 'approved');
        await port.returnForRevision({ caseId: c.id, note: opts.note!, reportId: approved?.id });
        const after = await port.read(c.id);
        ctx.io.stdout(`已退回修改  ${c.ledgerNo}  ${replyRead(c, approved)}（发布前退回修改），承办单位重新办理，办理时限 ${after.dueDate ?? '—'}\n`);
      });
    });
}

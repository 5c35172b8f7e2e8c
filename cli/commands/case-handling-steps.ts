/**
 * 交办, 报送办理情况 and 审核 at the command line, as on the console's case page, each a thin command
 * over the workflow step the page calls (web/api/workflow-routes.ts), acting as the account --as:
 * `cases assign` hands cases to the units of their approved proposal (assignCase, 区政府办),
 * `cases report` sends the lead unit's 办理情况 (submitReport, the unit's account), `cases
 * review-report` passes it or sends it back (reviewReport, 督查室). Each names what it read just
 * before, as the page does (the approved proposal and its 协办单位, the unit's assignment, the
 * report under review; passing it, the reply as 督查室 settles it, the unit's text unless given), so a case changed meanwhile is refused with 请刷新后再操作. Refusals are the
 * workflow's (a role that may not, a case in another state, another unit's case); exit code 1 on
 * any. While the main job holds the embedded store, through its API (case-step-port.ts).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError, BadInputError, decodeUtf8File } from '../../core/index.js';
// The names, not workflow/cases' index (which brings the store).
import { reportStatusNames } from '../../workflow/cases/event-names.js';
import { acknowledgeOnConsole } from '../../workflow/cases/submit-report.js';
import { checkReply, replyAudience, type ReviewFinding } from '../../workflow/review/index.js';
import { checkInputFile } from '../arguments.js';
import type { CliContext } from '../program.js';
import { printable } from '../terminal-text.js';
import { namedCase, namedCases, refusalOf, requireAccount, withSteps, type StepsPort } from './case-step-port.js';
import { atMinute, unitNameOf, type ShownCase } from './shown-case.js';

/** 交办 of each case named, one line each (已交办 with the units and due date / 未交办 with the reason). */
async function runAssignments(ctx: CliContext, port: StepsPort, references: string[]): Promise<void> {
  let refused = 0;
  const found = await namedCases(port, references);
  for (const { reference, case: named } of found) {
    if (!named) {
      refused++;
      ctx.io.stdout(`未交办  ${printable(reference)}  找不到案件：${printable(reference)}\n`);
      continue;
    }
    try {
      // What the office's page shows and 交办 names: the approved proposal and its 协办单位, as read now.
      const c = await port.read(named.id);
      const agreed = c.proposals.filter((p) => p.decision === 'approved').at(-1);
      const out = await port.assign({ caseId: c.id, proposalId: agreed?.id, assistUnitIds: agreed?.assistUnitIds });
      const assists = out.assists?.length ? `（主办），协办：${out.assists.map((a) => printable(a.unit)).join('、')}` : '';
      const warning = out.upperDeadlineWarning ? `；注意：${printable(out.upperDeadlineWarning)}` : '';
      ctx.io.stdout(`已交办  ${c.ledgerNo}  ${printable(unitNameOf(c, out.unitId))}${assists}，${out.workingDays} 个工作日，办理时限 ${out.dueDate}${warning}\n`);
    } catch (error) {
      refused++;
      ctx.io.stdout(`未交办  ${named.ledgerNo}  ${printable(refusalOf(error))}\n`);
    }
  }
  if (found.length > 1) ctx.io.stdout(`共 ${found.length} 件：已交办 ${found.length - refused} 件，未交办 ${refused} 件\n`);
  if (refused > 0) ctx.setExitCode(1);
}

/**
 * A text given on the command line (`flags.text`) or in a file (`flags.file`; UTF-8 only, as every
 * file staff give the command: core/utf8-text.ts); undefined when neither was given.
 */
export async function textOrFile(given: { text?: string | undefined; file?: string | undefined }, flags: { text: string; file: string }): Promise<string | undefined> {
  if (given.text !== undefined && given.file !== undefined) throw new BadInputError(`${flags.text} 与 ${flags.file} 只能选一个`);
  if (given.file !== undefined) return decodeUtf8File(await readFile(await checkInputFile(flags.file, given.file)), flags.file, given.file);
  return given.text;
}

/** A pre-publication finding under the step's line, as the case page lists it. */
export function printFinding(ctx: CliContext, f: ReviewFinding): void {
  ctx.io.stdout(`  ⚠ ${printable(f.message)}${f.excerpt ? `（“${printable(f.excerpt)}”）` : ''}\n`);
}

/** The unit's assignment the page shows and 报送 names: the lead's active one (an assisting unit gives a 协办意见 instead). */
const activeLeadAssignment = (c: ShownCase) => c.assignments.filter((a) => a.status === 'active' && a.role === 'lead').at(-1);

/** The report awaiting 审核, as the page shows it (the latest one submitted). */
const reportUnderReview = (c: ShownCase) => c.reports.filter((r) => r.status === 'submitted').at(-1);

/**
 * The checks' refusal names the console's tick box: at the command line it names the command's own
 * option in its place, the only way there to send the text as it stands.
 */
function withFlagHint(error: unknown): unknown {
  if (!(error instanceof AppError) || !error.message.includes(acknowledgeOnConsole)) return error;
  return new AppError(error.code, error.message.replace(acknowledgeOnConsole, '加 --acknowledge-findings'), { cause: error, details: error.details });
}

/** 交办: `cases assign` (the steps of the unit in hand, such as 申请延期, follow it in --help). */
export function registerAssignCommand(cases: Command, ctx: CliContext): void {
  cases
    .command('assign')
    .description('交办：把领导已同意拟办意见的案件交给拟办意见中的承办单位（主办）和协办单位（同控制台案件页的「交办」）；办理时限按工作日自动计算，省、市转办件不晚于上级办理时限')
    .argument('<台账编号...>', '领导已同意待交办的案件，可列出多件')
    .option('--as <用户名>', '以哪个区政府办账号交办（必填，事件记录以该账号署名）')
    .action(async (references: string[], opts: { as?: string }) => {
      const account = requireAccount(opts.as, '交办');
      await withSteps(ctx, account, 'minsheng cases assign', (port) => runAssignments(ctx, port, references));
    });
}

/** 报送办理情况 and 审核: `cases report` and `cases review-report`. */
export function registerCaseHandlingStepsCommands(cases: Command, ctx: CliContext): void {
  cases
    .command('report')
    .description('报送办理情况：主办单位向督查室报送办理情况（答复意见），同控制台案件页的「报送办理情况」；报送前做发布前检查，含手机号、身份证号等高风险内容或过于简略的不予报送')
    .argument('<台账编号>', '已交办给本单位（主办）、办理中的案件')
    .option('--text <办理情况>', '办理情况（答复意见）全文')
    .option('--file <文件>', '从文本文件读取办理情况（UTF-8 编码），与 --text 二选一')
    .option('--acknowledge-findings', '已知悉检查提示，仍然按原文报送（同控制台的勾选项）')
    .option('--as <用户名>', '以哪个承办单位账号报送（必填，须为主办单位的账号，事件记录以该账号署名）')
    .action(async (reference: string, opts: { text?: string; file?: string; acknowledgeFindings?: boolean; as?: string }) => {
      const text = await textOrFile(opts, { text: '--text', file: '--file' });
      if (text === undefined) throw new BadInputError('请用 --text 写明办理情况（答复意见），或用 --file 给出保存办理情况的文本文件（UTF-8）');
      const account = requireAccount(opts.as, '报送');
      await withSteps(ctx, account, 'minsheng cases report', async (port) => {
        const c = await namedCase(port, reference);
        const assignment = activeLeadAssignment(c);
        const out = await port.report({ caseId: c.id, text, acknowledgeFindings: opts.acknowledgeFindings, assignmentId: assignment?.id }).catch((error: unknown) => {
          throw withFlagHint(error);
        });
        const unit = assignment ? `${printable(unitNameOf(c, assignment.unitId))} ` : '';
        ctx.io.stdout(`已报送  ${c.ledgerNo}  ${unit}办理情况${out.onTime ? '' : '（逾期报送）'}，待督查室审核\n`);
        for (const f of out.check.findings) printFinding(ctx, f);
      });
    });
  cases
    .command('review-report')
    .description('审核办理情况：督查室审核通过承办单位报送的办理情况（报区政府领导审批），或退回承办单位重新办理（同控制台案件页的「审核通过办理情况」「审核退回办理情况」）')
    .argument('<台账编号>', '已报送办理情况待审核的案件')
    .option('--pass', '审核通过，报区政府领导审批（对外答复为承办单位报送的原文，或 --reply-text、--reply-file 给出的修改稿）')
    .option('--send-back', '审核退回，承办单位重新办理（须用 --note 写明退回理由）')
    .option('--note <意见>', '审核通过时：审核意见（督查报告，不公开回复网民）；退回时：退回理由（必填，承办单位可见）')
    .option('--reply-text <对外答复>', '审核通过时修改后的对外答复（经领导审批后原文公开回复网民；省、市转办件为专报的办理情况）；不给则用承办单位报送的原文')
    .option('--reply-file <文件>', '从文本文件读取修改后的对外答复（UTF-8 编码），与 --reply-text 二选一')
    .option('--as <用户名>', '以哪个区政府督查室账号审核（必填，事件记录以该账号署名）')
    .action(async (reference: string, opts: { pass?: boolean; sendBack?: boolean; note?: string; replyText?: string; replyFile?: string; as?: string }) => {
      if (Boolean(opts.pass) === Boolean(opts.sendBack)) throw new BadInputError('请用 --pass（审核通过）或 --send-back（审核退回）给出审核结果，二者选一');
      if (opts.sendBack && !opts.note?.trim()) throw new BadInputError('请用 --note 写明退回理由（承办单位将看到此理由）');
      if (opts.sendBack && (opts.replyText !== undefined || opts.replyFile !== undefined)) throw new BadInputError('--reply-text、--reply-file 只用于审核通过（--pass）');
      const reviewText = await textOrFile({ text: opts.replyText, file: opts.replyFile }, { text: '--reply-text', file: '--reply-file' });
      const account = requireAccount(opts.as, '审核');
      await withSteps(ctx, account, 'minsheng cases review-report', async (port) => {
        const c = await namedCase(port, reference);
        const report = reportUnderReview(c);
        await port.review({ caseId: c.id, accept: Boolean(opts.pass), note: opts.note, reviewText, reportId: report?.id });
        const read = report ? `${printable(unitNameOf(c, report.unitId))} ${atMinute(report.submittedAt)} 报送的办理情况` : '办理情况';
        if (opts.pass) {
          const edited = reviewText?.trim() && reviewText.trim() !== report?.text ? reviewText.trim() : undefined;
          ctx.io.stdout(`已审核通过  ${c.ledgerNo}  ${read}${edited ? '（对外答复已修改）' : ''}，待区政府领导审批\n`);
          // The edited reply goes out verbatim once approved: its checks, as the console's form shows them while typing.
          if (edited) for (const f of checkReply(edited, c.messages.find((m) => m.id === c.primaryMessageId), { audience: replyAudience(c.channel) }).findings) printFinding(ctx, f);
          return;
        }
        const after = await port.read(c.id);
        ctx.io.stdout(`已退回  ${c.ledgerNo}  ${read}（${reportStatusNames.rejected}），承办单位重新办理，办理时限 ${after.dueDate ?? '—'}\n`);
      });
    });
}

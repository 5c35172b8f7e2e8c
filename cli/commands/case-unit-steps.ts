/**
 * The steps beside 报送 while a case is in hand, at the command line as on the console's case page,
 * each a thin command over the workflow step the page calls, acting as the account --as:
 * `cases request-extension` (报告进展并申请延期, requestExtension, the lead unit's account) and
 * `cases decide-extension` (答复延期申请, decideExtension, 督查室), `cases assist-opinion` (提交协办意见,
 * submitAssistOpinion, an assisting unit's account) and `cases return-assignment` (退回交办,
 * returnCase, the lead unit's account). Each names what it read just before, as the page does (the
 * unit's assignment and its due date, the pending request), so a case changed meanwhile is refused
 * with 请刷新后再操作. Refusals are the workflow's; exit code 1 on any. While the main job holds the
 * embedded store, through its API (case-step-port.ts).
 */
import type { Command } from 'commander';
import { BadInputError } from '../../core/index.js';
import { integerFlag } from '../arguments.js';
import type { CliContext } from '../program.js';
import { printable } from '../terminal-text.js';
import { textOrFile } from './case-handling-steps.js';
import { namedCase, requireAccount, withSteps } from './case-step-port.js';
import { unitNameOf, who, type ShownCase } from './shown-case.js';

/** The lead unit's assignment the page shows and 申请延期 / 退回交办 name (an assisting unit gives a 协办意见 instead). */
const leadAssignment = (c: ShownCase) => c.assignments.filter((a) => a.status === 'active' && a.role === 'lead').at(-1);

export function registerUnitStepsCommands(cases: Command, ctx: CliContext): void {
  cases
    .command('request-extension')
    .description('报告进展并申请延期：主办单位不能按时办结的，报告办理进展并申请延期（同控制台案件页的「报告进展并申请延期」），由督查室答复')
    .argument('<台账编号>', '已交办给本单位（主办）、办理中的案件')
    .option('--days <n>', '申请延期的工作日数（1 到 30）')
    .option('--progress <办理进展>', '目前的办理进展（必填）')
    .option('--reason <延期理由>', '延期理由（必填）')
    .option('--as <用户名>', '以哪个承办单位账号申请（必填，须为主办单位的账号，事件记录以该账号署名）')
    .action(async (reference: string, opts: { days?: string; progress?: string; reason?: string; as?: string }) => {
      if (opts.days === undefined) throw new BadInputError('请用 --days 给出申请延期的工作日数（1 到 30）');
      const days = integerFlag('--days', opts.days, 1, 30);
      if (!opts.progress?.trim()) throw new BadInputError('请用 --progress 写明目前的办理进展');
      if (!opts.reason?.trim()) throw new BadInputError('请用 --reason 写明延期理由');
      const account = requireAccount(opts.as, '申请延期');
      await withSteps(ctx, account, 'minsheng cases request-extension', async (port) => {
        const c = await namedCase(port, reference);
        const assignment = leadAssignment(c);
        await port.requestExtension({ caseId: c.id, progress: opts.progress!, reason: opts.reason!, days, assignmentId: assignment?.id, dueDate: assignment?.dueDate });
        const unit = assignment ? `${printable(unitNameOf(c, assignment.unitId))} ` : '';
        ctx.io.stdout(`已申请延期  ${c.ledgerNo}  ${unit}申请延期 ${days} 个工作日（现办理时限 ${assignment?.dueDate ?? c.dueDate ?? '—'}），待督查室答复\n`);
      });
    });
  cases
    .command('decide-extension')
    .description('答复延期申请：督查室同意（可少于申请的天数）或不同意承办单位的延期申请（同控制台案件页的「答复延期申请」）；同意的，办理时限从原时限起顺延批准的工作日数')
    .argument('<台账编号>', '有待答复延期申请的案件')
    .option('--grant', '同意延期')
    .option('--refuse', '不同意延期，办理时限不变')
    .option('--days <n>', '同意时批准的工作日数（1 到 30，默认为申请的天数）')
    .option('--answer <答复>', '答复（必填，承办单位可见）')
    .option('--as <用户名>', '以哪个区政府督查室账号答复（必填，事件记录以该账号署名）')
    .action(async (reference: string, opts: { grant?: boolean; refuse?: boolean; days?: string; answer?: string; as?: string }) => {
      if (Boolean(opts.grant) === Boolean(opts.refuse)) throw new BadInputError('请用 --grant（同意延期）或 --refuse（不同意延期）给出答复，二者选一');
      if (opts.refuse && opts.days !== undefined) throw new BadInputError('--days 只用于同意延期（--grant）');
      const days = opts.days === undefined ? undefined : integerFlag('--days', opts.days, 1, 30);
      if (!opts.answer?.trim()) throw new BadInputError('请用 --answer 写明答复（承办单位将看到此答复）');
      const account = requireAccount(opts.as, '答复延期申请');
      await withSteps(ctx, account, 'minsheng cases decide-extension', async (port) => {
        const c = await namedCase(port, reference);
        // The request the office's page shows: the pending one as read now (none: the workflow says why).
        const pending = c.extensions.filter((x) => x.decision === 'pending').at(-1);
        const out = await port.decideExtension({ caseId: c.id, approve: Boolean(opts.grant), days, answer: opts.answer!, extensionId: pending?.id });
        const asked = pending ? `${who(c, pending.requestedBy)} 申请的 ${pending.requestedDays} 个工作日` : '延期申请';
        if (opts.grant) ctx.io.stdout(`已同意延期  ${c.ledgerNo}  ${asked}，批准 ${days ?? pending?.requestedDays ?? '—'} 个工作日，办理时限 ${c.dueDate ?? '—'} → ${out.dueDate}\n`);
        else ctx.io.stdout(`已不同意延期  ${c.ledgerNo}  ${asked}，办理时限 ${out.dueDate} 不变\n`);
      });
    });
  cases
    .command('assist-opinion')
    .description('提交协办意见：协办单位在办理时限内向主办单位和督查室提交协办意见（同控制台案件页的「提交协办意见」），不对外公开，提交后不能修改')
    .argument('<台账编号>', '本单位协办、主办单位办理中的案件')
    .option('--text <协办意见>', '协办意见全文')
    .option('--file <文件>', '从文本文件读取协办意见（UTF-8 编码），与 --text 二选一')
    .option('--as <用户名>', '以哪个协办单位账号提交（必填，事件记录以该账号署名）')
    .action(async (reference: string, opts: { text?: string; file?: string; as?: string }) => {
      const text = await textOrFile(opts, { text: '--text', file: '--file' });
      if (text === undefined) throw new BadInputError('请用 --text 写明协办意见，或用 --file 给出保存协办意见的文本文件（UTF-8）');
      const account = requireAccount(opts.as, '提交协办意见');
      await withSteps(ctx, account, 'minsheng cases assist-opinion', async (port) => {
        const c = await namedCase(port, reference);
        const out = await port.assistOpinion({ caseId: c.id, text });
        ctx.io.stdout(`已提交协办意见  ${c.ledgerNo}  ${out.onTime ? '' : '（逾期提交）'}主办单位 ${printable(c.handlingUnits.lead?.unit ?? '—')} 和督查室可见\n`);
      });
    });
  cases
    .command('return-assignment')
    .description('退回交办：不属本单位职责的，主办单位写明理由退回区政府办（同控制台案件页的「退回交办」），由区政府办重新拟办；报送过办理情况的不能退回')
    .argument('<台账编号>', '已交办给本单位（主办）、尚未报送办理情况的案件')
    .option('--reason <退回理由>', '退回理由（必填，区政府办重新拟办时可见）')
    .option('--as <用户名>', '以哪个承办单位账号退回（必填，须为主办单位的账号，事件记录以该账号署名）')
    .action(async (reference: string, opts: { reason?: string; as?: string }) => {
      if (!opts.reason?.trim()) throw new BadInputError('请用 --reason 写明退回理由');
      const account = requireAccount(opts.as, '退回交办');
      await withSteps(ctx, account, 'minsheng cases return-assignment', async (port) => {
        const c = await namedCase(port, reference);
        const assignment = leadAssignment(c);
        await port.returnCase({ caseId: c.id, reason: opts.reason!, assignmentId: assignment?.id });
        const unit = assignment ? `${printable(unitNameOf(c, assignment.unitId))} ` : '';
        ctx.io.stdout(`已退回交办  ${c.ledgerNo}  ${unit}退回区政府办重新拟办，本单位不再办理此案件\n`);
      });
    });
}

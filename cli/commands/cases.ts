/**
 * `minsheng cases list [--json] [--state] [--category] [--overdue] [--unreached] [--search]`: the ledger (台账) as registered so
 * far, with 主办 and 协办 units, searched as the console's ledger searches;
 * `cases review-queue|register|not-accepted|accept-suggestions`: 分类审核, the first step (case-review-steps.ts);
 * `cases propose`: 批量拟办 (propose-cases.ts); `cases archive`: 批量归档 (archive-cases.ts);
 * `cases copies|split|merge`: de-duplication corrections (case-copies.ts); `cases show`: one case
 * (case-show.ts); `cases visit|visits|approve|reject-proposal`: 回访 and 领导审批 (case-steps.ts);
 * `cases assign|report|review-report`: 交办, 报送办理情况 and 审核 (case-handling-steps.ts);
 * `cases request-extension|decide-extension|assist-opinion|return-assignment`: the steps beside 报送
 * while a case is in hand (case-unit-steps.ts); `cases approve-reply|reject-reply|publish`: 领导审批答复
 * and 回复 (case-reply-steps.ts).
 */
import { Option } from 'commander';
import { BadInputError, categories } from '../../core/index.js';
import type { CaseList } from '../../workflow/index.js';
import { caseStateFlag, categoryFlag, integerFlag } from '../arguments.js';
import type { CliContext, RegisterCommand } from '../program.js';
import { clipToWidth, printable, jsonOutput } from '../terminal-text.js';
import { askMainJob, cliAdmin, runningMainJob, withStore } from '../with-store.js';
import { registerArchiveCasesCommand } from './archive-cases.js';
import { registerCaseCopiesCommands } from './case-copies.js';
import { registerAssignCommand, registerCaseHandlingStepsCommands } from './case-handling-steps.js';
import { registerReplyStepsCommands } from './case-reply-steps.js';
import { registerReviewStepsCommands } from './case-review-steps.js';
import { dueRemark, registerCaseShowCommand } from './case-show.js';
import { registerProposalDecisionCommands, registerVisitCommands } from './case-steps.js';
import { registerProposeCasesCommand } from './propose-cases.js';
import { registerUnitStepsCommands } from './case-unit-steps.js';

/** A title in `cases list` at most this many columns (60 Chinese characters); `--json` gives it whole. */
const titleColumns = 120;

/** The ledger page and the sources' names: from the running main job's API (it holds the embedded store), or the store itself. */
async function readLedger(ctx: CliContext, filter: { state?: string; category?: string; q?: string; overdue?: boolean; unreached?: boolean; limit: number }): Promise<{ list: CaseList; sourceNames: Map<string, string> }> {
  const running = await runningMainJob(ctx);
  if (running) {
    const query = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
    const [list, meta] = await Promise.all([
      askMainJob<CaseList>(running, `/api/workflow/cases?${query}`),
      askMainJob<{ sources: { id: string; name: string }[] }>(running, '/api/console/meta'),
    ]);
    return { list, sourceNames: new Map(meta.sources.map((s) => [s.id, s.name])) };
  }
  return withStore(
    ctx,
    async (store) => {
      const { listCases, listSources } = await import('../../workflow/index.js');
      const list = await listCases(store.db, { actor: cliAdmin, filter });
      return { list, sourceNames: new Map((await listSources(store.db)).map((s) => [s.id, s.name])) };
    },
    'minsheng cases list',
  );
}

/** The console's search box takes at most 100 characters (web/api/request-input.ts caseListQuery). */
function searchFlag(text: string): string {
  const q = text.trim();
  if (q.length > 100) throw new BadInputError(`--search 最多 100 个字：${q.slice(0, 20)}…`);
  return q;
}

export const registerCasesCommand: RegisterCommand = (program, ctx) => {
  const cases = program.command('cases').description('台账中的案件');
  cases
    .command('list')
    .description('列出已登记的案件（最新的在前）')
    .option('--json', '以 JSON 数组输出（台账编号、类别、状态、办理时限及剩余或逾期工作日、标题、来源、承办单位、协办单位）')
    .option('--state <state>', '按状态筛选（状态代码如 assigned，或中文名如 已交办办理中）')
    .option('--category <category>', `按类别筛选（${categories.join('、')}）`)
    .option('--overdue', '仅逾期的案件（已交办办理中、办理时限已过），同控制台台账的「仅逾期」')
    .option('--unreached', '仅回访时无法联系、归档前可再次回访的案件（已回访办结），同控制台台账的「仅无法联系」')
    .option('--search <text>', '按台账编号、标题、留言内容或留言人搜索，同控制台台账的「搜索」（空格分开的几个词须都出现，如 "罗寨村 路灯"；不区分全角半角、繁体简体和英文大小写）')
    .addOption(new Option('--limit <n>', '最多条数（1 到 500）').default('500'))
    .action(async (opts: { json?: boolean; state?: string; category?: string; search?: string; overdue?: boolean; unreached?: boolean; limit: string }) => {
      const filter = {
        ...(opts.overdue ? { overdue: true } : {}),
        ...(opts.unreached ? { unreached: true } : {}),
        ...(opts.state !== undefined ? { state: caseStateFlag('--state', opts.state) } : {}),
        ...(opts.category !== undefined ? { category: categoryFlag('--category', opts.category) } : {}),
        ...(opts.search?.trim() ? { q: searchFlag(opts.search) } : {}),
        limit: integerFlag('--limit', opts.limit, 1, 500),
      };
      const { list, sourceNames } = await readLedger(ctx, filter);
      const rows = list.items;
      if (opts.json) {
        const out = rows.map((c) => ({
          ledgerNo: c.ledgerNo,
          category: c.category,
          state: c.state,
          dueDate: c.dueDate,
          daysLeft: c.daysLeft,
          reportedLateDays: c.reportedLateDays,
          title: c.title,
          source: c.source,
          sourceName: sourceNames.get(c.source) ?? c.source,
          channel: c.channel,
          reporterCount: c.reporterCount,
          unit: c.unit,
          assistUnits: c.assistUnits,
          createdAt: c.createdAt,
        }));
        ctx.io.stdout(jsonOutput(out));
        return;
      }
      if (rows.length === 0) {
        ctx.io.stdout(filter.state || filter.category || filter.q || filter.overdue || filter.unreached ? '没有符合条件的案件\n' : '台账中暂无案件\n');
        return;
      }
      for (const c of rows) {
        const source = printable(sourceNames.get(c.source) ?? c.source);
        // A case handed to several units names them: 主办 and 协办.
        const units = c.assistUnits.length ? `  主办 ${printable(c.unit ?? '—')}，协办 ${c.assistUnits.map(printable).join('、')}` : '';
        ctx.io.stdout(`${c.ledgerNo}  ${c.category}  ${c.stateName}  时限 ${c.dueDate ?? '—'}${dueRemark(c)}  ${clipToWidth(printable(c.title), titleColumns)}  （${source}，反映 ${c.reporterCount} 人）${units}\n`);
      }
      ctx.io.stdout(list.total > rows.length ? `共 ${list.total} 件，显示最新 ${rows.length} 件\n` : `共 ${rows.length} 件\n`);
    });
  // The steps in the procedure's order (分类审核: 登记 or 不予受理 → 拟办 → 领导审批 → 交办 → 延期, 协办意见, 退回交办 → 报送 → 审核 →
  // 领导审批答复 → 回复 → 回访 → 归档), then de-duplication.
  registerCaseShowCommand(cases, ctx);
  registerReviewStepsCommands(cases, ctx);
  registerProposeCasesCommand(cases, ctx);
  registerProposalDecisionCommands(cases, ctx);
  registerAssignCommand(cases, ctx);
  registerUnitStepsCommands(cases, ctx);
  registerCaseHandlingStepsCommands(cases, ctx);
  registerReplyStepsCommands(cases, ctx);
  registerVisitCommands(cases, ctx);
  registerArchiveCasesCommand(cases, ctx);
  registerCaseCopiesCommands(cases, ctx);
};

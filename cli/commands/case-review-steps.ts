/**
 * 分类审核, the first step staff take (第三条㈡, 第四条㈡㈢), at the command line as on the console's
 * review page, each a thin command over the workflow function the page calls, acting as the account
 * --as (电子政务中心 or 督查室 may decide; the workflow refuses another role exactly as on the console):
 * `cases review-queue` lists the cases awaiting review with the classifier's suggestion
 * (listReviewQueue), `cases register` confirms or corrects the suggestion and enters the case in the
 * ledger (确认分类并登记, registerCase; a correction writes a Correction row, training data for
 * `minsheng train --from-store`), `cases not-accepted` decides 不予受理 with the measures' reasons
 * (decideNotAccepted), `cases accept-suggestions` is the page's 批量确认 (batchAcceptSuggestions).
 * Each names the suggestion it read (workflow stale-page.ts suggestionKey), so a suggestion changed
 * meanwhile (a new model, a colleague's decision) is refused with 请刷新后再操作. One Chinese line per
 * case; exit code 1 on any refusal, 2 on bad input. While the main job holds the embedded store,
 * through its API (the local token only; case-step-port.ts).
 */
import type { Command } from 'commander';
import { AppError, BadInputError, categories, complexities, outOfScopeReasonNames, outOfScopeReasons, urgencies, type Category, type OutOfScopeReason } from '../../core/index.js';
import type { CaseState } from '../../workflow/cases/index.js';
// The modules themselves, not workflow/cases' index (which brings the store): these are read at
// registration or by the printing helpers; the steps are imported when a command runs.
import { overrideNoteName } from '../../workflow/cases/register-case.js';
import { describeSuggestion } from '../../workflow/cases/stale-page.js';
import type { ReviewItem } from '../../workflow/console-queries/index.js';
import { categoryFlag, integerFlag } from '../arguments.js';
import type { CliContext } from '../program.js';
import { printable, jsonOutput } from '../terminal-text.js';
import { namedCase, namedCases, refusalOf, requireAccount, withSteps, type StepsPort } from './case-step-port.js';
import { namedFlag } from './case-steps.js';
import { complexityWords } from './propose-cases.js';
import type { ShownCase } from './shown-case.js';

const urgencyWords: Record<(typeof urgencies)[number], string> = { normal: '一般', urgent: '紧急' };

/** The review page's page size at most (workflow listReviewQueue), also what 批量确认 reads at once. */
const maxQueue = 200;

const percent = (x: number | null | undefined) => (typeof x === 'number' ? `${Math.round(x * 100)}%` : '—');

/** The reasons of 不予受理 as --help lists them: code and Chinese name, in the measures' order (第三条㈡). */
const reasonList = outOfScopeReasons.map((r) => `${r}（${outOfScopeReasonNames[r]}）`).join('、');

/** `--reason a,b`: each a code or its Chinese name; one unknown is bad input (exit 2). */
function reasonsFlag(value: string): OutOfScopeReason[] {
  const given = value.split(/[,，、]/).map((r) => r.trim()).filter(Boolean);
  if (given.length === 0) throw new BadInputError(`请用 --reason 给出不予受理的理由：${reasonList}`);
  return [...new Set(given.map((r) => {
    const found = outOfScopeReasons.find((c) => c === r || outOfScopeReasonNames[c] === r);
    if (!found) throw new BadInputError(`--reason 无效：${r}。可用：${reasonList}`);
    return found;
  }))];
}

/** The flagged case's refusal says the command's own way to give the note the console's field takes. */
function withNoteHint(error: unknown): unknown {
  if (!(error instanceof AppError) || !error.message.includes(overrideNoteName)) return error;
  return new AppError(error.code, `${error.message}：命令行中用 --note 写明受理理由`, { cause: error, details: error.details });
}

/** One queue item as the review page shows it: the suggestion, its confidence and words, flags below. */
function queueLines(r: ReviewItem): string {
  const s = r.suggestion;
  const unit = s?.unit.value ?? r.unit;
  const words = s?.explanation.length ? `  依据：${s.explanation.slice(0, 8).map(printable).join('、')}` : '';
  const complexity = complexityWords[r.complexity as 'simple'] ?? r.complexity;
  const urgency = urgencyWords[r.urgency as 'normal'] ?? r.urgency;
  let out = `${r.ledgerNo}  ${printable(r.message.title)}  建议 ${r.category}（${percent(s?.confidence)}）· ${complexity} · ${urgency} · 承办 ${printable(unit ?? '—')}（反映 ${r.reporterCount} 人）${words}\n`;
  if (r.outOfScope || s?.outOfScope.flagged) {
    const reasons = s?.outOfScope.reasons.map((x) => `${x.name}${x.evidence.length ? `（${x.evidence.slice(0, 5).map(printable).join('、')}）` : ''}`).join('；');
    out += `  ⚠ 疑似不予受理：${reasons || '—'}（登记须用 --note 写明受理理由）\n`;
  }
  if (r.likelyCopyOf) out += `  ⚠ 疑似重复：可能与 ${r.likelyCopyOf.ledgerNo}（${printable(r.likelyCopyOf.title)}）是同一问题\n`;
  if (r.repeatsAnswered) out += `  再次反映：已答复的 ${r.repeatsAnswered.ledgerNo}（${r.repeatsAnswered.stateName}）\n`;
  return out;
}

interface RegisterOptions {
  category?: Category | undefined;
  complexity?: (typeof complexities)[number] | undefined;
  urgency?: (typeof urgencies)[number] | undefined;
  note?: string | undefined;
}

/** 登记 of each case named, one line each (已登记 with what was confirmed or corrected / 未登记 with the reason). */
async function runRegistrations(ctx: CliContext, port: StepsPort, references: string[], opts: RegisterOptions): Promise<void> {
  let refused = 0;
  const found = await namedCases(port, references);
  for (const { reference, case: named } of found) {
    if (!named) {
      refused++;
      ctx.io.stdout(`未登记  ${printable(reference)}  找不到案件：${printable(reference)}\n`);
      continue;
    }
    try {
      // What the review page shows and 登记 names: the suggestion as read now.
      const c: ShownCase = await port.read(named.id);
      const category = opts.category ?? (c.category as Category);
      const out = await port
        .register({ caseId: c.id, category, complexity: opts.complexity, urgency: opts.urgency, note: opts.note, suggestionKey: c.suggestionKey })
        .catch((error: unknown) => {
          throw withNoteHint(error);
        });
      const how = out.corrected.length ? `更正建议（原建议：${describeSuggestion(c)}）` : '确认建议';
      ctx.io.stdout(`已登记  ${c.ledgerNo}  ${category}，${how}，待区政府办拟办\n`);
    } catch (error) {
      refused++;
      ctx.io.stdout(`未登记  ${named.ledgerNo}  ${printable(refusalOf(error))}\n`);
    }
  }
  if (found.length > 1) ctx.io.stdout(`共 ${found.length} 件：已登记 ${found.length - refused} 件，未登记 ${refused} 件\n`);
  if (refused > 0) ctx.setExitCode(1);
}

/** A threshold flag: a number from 0.5 to 1 (the console's 批量确认 takes the same). */
function thresholdFlag(value: string): number {
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value.trim()) || !(n >= 0.5 && n <= 1)) throw new BadInputError(`--threshold 应为 0.5 到 1 之间的数：${value}`);
  return n;
}

/** 分类审核: `cases review-queue`, `cases register`, `cases not-accepted`, `cases accept-suggestions`. */
export function registerReviewStepsCommands(cases: Command, ctx: CliContext): void {
  cases
    .command('review-queue')
    .description('待审核分类的案件（同控制台「分类审核」页）：最早的在前，每件列出分类建议及置信度、复杂程度、紧急程度、建议承办单位、依据的词语，疑似不予受理的列出理由，疑似重复的列出可能相同的案件')
    .option('--limit <n>', `最多条数（1 到 ${maxQueue}）`, '50')
    .option('--json', '以 JSON 数组输出（同控制台的审核队列，含 suggestionKey）')
    .option('--as <用户名>', '以哪个账号查看（必填：区电子政务管理中心、督查室、区政府办、区政府领导或管理员）')
    .action(async (opts: { limit: string; json?: boolean; as?: string }) => {
      const limit = integerFlag('--limit', opts.limit, 1, maxQueue);
      const account = requireAccount(opts.as, '查看');
      await withSteps(ctx, account, 'minsheng cases review-queue', async (port) => {
        const queue = await port.reviewQueue({ limit });
        if (opts.json) {
          ctx.io.stdout(jsonOutput(queue.items));
          return;
        }
        if (queue.items.length === 0) {
          ctx.io.stdout('没有待审核分类的案件\n');
          return;
        }
        for (const r of queue.items) ctx.io.stdout(queueLines(r));
        ctx.io.stdout(queue.total > queue.items.length ? `共 ${queue.total} 件，显示最早的 ${queue.items.length} 件\n` : `共 ${queue.total} 件\n`);
      });
    });
  cases
    .command('register')
    .description('确认分类并登记（同控制台「分类审核」页的「确认建议并登记」「更正并登记」）：不给 --category 即确认分类建议；给出不同的类别（或复杂程度、紧急程度）即更正建议，更正记入训练数据；疑似不予受理的案件登记须用 --note 写明受理理由')
    .argument('<台账编号...>', '待审核分类的案件，可列出多件')
    .option('--category <类别>', `更正后的类别（${categories.join('、')}），不给则确认建议的类别`)
    .option('--complexity <复杂程度>', `更正后的复杂程度（${complexities.map((c) => complexityWords[c]).join('、')}，或 ${complexities.join('、')}）`)
    .option('--urgency <紧急程度>', `更正后的紧急程度（${urgencies.map((u) => urgencyWords[u]).join('、')}，或 ${urgencies.join('、')}）`)
    .option('--note <说明>', '说明（疑似不予受理的案件必填：写明受理理由）')
    .option('--as <用户名>', '以哪个区电子政务管理中心或督查室账号登记（必填，事件记录以该账号署名）')
    .action(async (references: string[], opts: { category?: string; complexity?: string; urgency?: string; note?: string; as?: string }) => {
      const options: RegisterOptions = {
        category: opts.category === undefined ? undefined : categoryFlag('--category', opts.category),
        complexity: opts.complexity === undefined ? undefined : namedFlag('--complexity', opts.complexity, complexities, complexityWords),
        urgency: opts.urgency === undefined ? undefined : namedFlag('--urgency', opts.urgency, urgencies, urgencyWords),
        note: opts.note,
      };
      const account = requireAccount(opts.as, '登记');
      await withSteps(ctx, account, 'minsheng cases register', (port) => runRegistrations(ctx, port, references, options));
    });
  cases
    .command('not-accepted')
    .description('决定不予受理（第三条㈡，同控制台「分类审核」页的「不予受理」）：写明理由（本命令的 --help 列出）和说明')
    .argument('<台账编号>', '待审核分类的案件（督查室、区政府办也可对已登记的案件决定不予受理）')
    .option('--reason <理由>', '不予受理的理由：下列代码或中文名，多个用逗号分开')
    .option('--note <说明>', '说明（必填，记入办理过程）')
    .option('--as <用户名>', '以哪个账号决定（必填，事件记录以该账号署名）')
    .addHelpText('after', `\n不予受理的理由（第三条㈡）：\n${outOfScopeReasons.map((r) => `  ${r.padEnd(20)}${outOfScopeReasonNames[r]}`).join('\n')}\n`)
    .action(async (reference: string, opts: { reason?: string; note?: string; as?: string }) => {
      if (opts.reason === undefined) throw new BadInputError(`请用 --reason 给出不予受理的理由：${reasonList}`);
      const reasons = reasonsFlag(opts.reason);
      if (!opts.note?.trim()) throw new BadInputError('请用 --note 写明不予受理的说明（记入办理过程）');
      const account = requireAccount(opts.as, '决定不予受理');
      await withSteps(ctx, account, 'minsheng cases not-accepted', async (port) => {
        const c = await namedCase(port, reference);
        await port.notAccepted({ caseId: c.id, reasons, note: opts.note!, expectedState: c.state as CaseState, suggestionKey: c.state === 'awaiting_review' ? c.suggestionKey : undefined });
        ctx.io.stdout(`已决定不予受理  ${c.ledgerNo}  理由：${reasons.map((r) => outOfScopeReasonNames[r]).join('、')}\n`);
      });
    });
  cases
    .command('accept-suggestions')
    .description('批量确认（同控制台「分类审核」页的「批量确认高置信度建议」）：按建议的类别登记置信度不低于阈值的待审核案件；疑似不予受理、疑似重复和没有建议的留待逐条审核；逐件列出已登记的和未登记的（及原因）')
    .option('--threshold <置信度>', '置信度阈值（0.5 到 1）', '0.9')
    .option('--ids <台账编号,台账编号>', `只处理这些案件（逗号分开）；不给则处理审核队列中最早的 ${maxQueue} 件`)
    .option('--dry-run', '只列出会登记的和会留下的，不登记')
    .option('--as <用户名>', '以哪个区电子政务管理中心或督查室账号登记（必填，事件记录以该账号署名）')
    .action(async (opts: { threshold: string; ids?: string; dryRun?: boolean; as?: string }) => {
      const threshold = thresholdFlag(opts.threshold);
      const ids = opts.ids === undefined ? undefined : opts.ids.split(/[,，\s]+/).filter(Boolean);
      if (ids && ids.length === 0) throw new BadInputError('--ids 应列出台账编号，用逗号分开');
      if (ids && ids.length > 500) throw new BadInputError('--ids 一次最多 500 件');
      const account = requireAccount(opts.as, '登记');
      await withSteps(ctx, account, 'minsheng cases accept-suggestions', async (port) => {
        // What 批量确认 names, as the page's list shows it: each case with the suggestion read now.
        const keys: Record<string, string> = {};
        const caseIds: string[] = [];
        let missing = 0;
        let total: number | undefined;
        if (ids) {
          for (const { reference, case: named } of await namedCases(port, ids)) {
            if (!named) {
              missing++;
              ctx.io.stdout(`未登记  ${printable(reference)}  找不到案件：${printable(reference)}\n`);
              continue;
            }
            const c = await port.read(named.id);
            caseIds.push(c.id);
            keys[c.id] = c.suggestionKey;
          }
        } else {
          const queue = await port.reviewQueue({ limit: maxQueue });
          total = queue.total;
          for (const r of queue.items) {
            caseIds.push(r.caseId);
            keys[r.caseId] = r.suggestionKey;
          }
        }
        const out = caseIds.length ? await port.acceptSuggestions({ threshold, caseIds, suggestionKeys: keys, dryRun: opts.dryRun }) : { accepted: [], skipped: [] };
        const [done, left] = opts.dryRun ? ['将登记', '不登记'] : ['已登记', '未登记'];
        for (const a of out.accepted) ctx.io.stdout(`${done}  ${a.ledgerNo}  ${a.category}（确认建议）\n`);
        for (const s of out.skipped) ctx.io.stdout(`${left}  ${s.ledgerNo ?? s.caseId}  ${printable(s.reason)}\n`);
        const skipped = out.skipped.length + missing;
        if (caseIds.length + missing === 0) ctx.io.stdout('没有待审核分类的案件\n');
        else ctx.io.stdout(`共 ${caseIds.length + missing} 件（置信度 ≥ ${percent(threshold)}）：${done} ${out.accepted.length} 件，${left} ${skipped} 件\n`);
        if (total !== undefined && total > caseIds.length) ctx.io.stdout(`待审核共 ${total} 件，本次只处理了最早的 ${caseIds.length} 件\n`);
        // A case left for review one by one is not a refusal in a dry run or without --ids; one that was refused (changed meanwhile) is.
        if (!opts.dryRun && (missing > 0 || (ids !== undefined && out.skipped.length > 0) || out.skipped.some((s) => s.reason.includes('请刷新后再操作')))) ctx.setExitCode(1);
      });
    });
}

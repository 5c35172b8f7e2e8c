/**
 * `minsheng cases propose`: 批量拟办 at the command line. The cases named (--ids, or a file of
 * 台账编号) are proposed as the console's ledger proposes them (workflow proposeHandlings: each its
 * own 拟办, naming the unit read just before), each to its suggested unit (--suggested) or all to
 * one unit (--unit), as the 区政府办 account named by --as. One line per case; exit code 1 when
 * any was refused. While the main job holds the embedded store, the cases are looked up and
 * proposed through its API, as the same account and with the same lines.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { BadInputError, complexities, decodeUtf8File, workingDaysFor, type Complexity } from '../../core/index.js';
import type { BatchProposalItem, BatchProposalOutcome, CaseState, NamedCase } from '../../workflow/cases/index.js';
// The modules themselves, not workflow/cases' index (which brings the store): these are read at
// registration or by the printing helpers; the steps are imported when a command runs.
import { maxReferencesPerLookup } from '../../workflow/cases/find-cases.js';
import { maxBatchProposals } from '../../workflow/cases/propose-handlings.js';
import { accountActor } from '../../workflow/users/index.js';
import type { CliContext } from '../program.js';
import { checkInputFile } from '../arguments.js';
import { printable } from '../terminal-text.js';
import { askMainJob, runningMainJob, withStore } from '../with-store.js';

interface ProposeOptions {
  ids?: string;
  file?: string;
  suggested?: boolean;
  unit?: string;
  assist?: string;
  complexity?: string;
  opinion?: string;
  as?: string;
}

/** Where the command reads and proposes: the store itself, or the running main job's API. */
interface ProposePort {
  /** Each reference with its case (null: none), in the order given; the account --as is checked first (unknown or disabled: refused). */
  find(references: string[]): Promise<{ reference: string; case: NamedCase | null }[]>;
  /** The active handling units, for --unit and --assist. */
  units(): Promise<{ id: string; name: string }[]>;
  /** One batch (at most `maxBatchProposals`) proposed as the account --as. */
  propose(items: BatchProposalItem[], opinion: string | undefined): Promise<{ proposed: number; outcomes: BatchProposalOutcome[] }>;
}

/** Complexity as staff name it (also `cases show`). */
export const complexityWords: Record<Complexity, string> = { simple: '简单', complex: '复杂' };

/** The 台账编号 of --ids (commas or spaces) and of --file (one or more a line; # starts a comment). */
async function caseReferences(opts: ProposeOptions): Promise<string[]> {
  const split = (text: string) => text.split(/[\s,，、]+/).filter(Boolean);
  const refs = opts.ids !== undefined ? split(opts.ids) : [];
  if (opts.file !== undefined) {
    // A missing, unreadable or folder file is refused in Chinese, as the other commands' inputs.
    const bytes = await readFile(await checkInputFile('--file', opts.file));
    // UTF-8 only: 台账编号 read from a GBK file would be garbage, "not found" (core/utf8-text.ts).
    const text = decodeUtf8File(bytes, '--file', opts.file);
    refs.push(...text.split(/\r?\n/).flatMap((line) => split(line.replace(/#.*/, ''))));
  }
  if (refs.length === 0) throw new BadInputError('请用 --ids 或 --file 给出要拟办的案件（台账编号）');
  return refs;
}

function complexityFlag(value: string | undefined): Complexity | undefined {
  if (value === undefined) return undefined;
  const found = complexities.find((c) => c === value || complexityWords[c] === value);
  if (!found) throw new BadInputError(`--complexity 应为 simple（简单）或 complex（复杂）：${value}`);
  return found;
}

/** Why a case cannot go to its suggested unit, or null when it can. */
function noSuggestion(c: NamedCase): string | null {
  if (c.state === 'returned') return `案件 ${c.ledgerNo} 已被承办单位（${c.unit ?? '—'}）退回，没有可用的建议承办单位，不能按建议单位拟办；请用 --unit 指定单位`;
  if (!c.unitId) return `案件 ${c.ledgerNo} 没有建议承办单位，不能按建议单位拟办；请用 --unit 指定单位`;
  // The leader sent back a 拟办 to this very unit: proposing it again unread puts the refusal back before the leader (as the console's 按建议单位).
  if (c.proposalSentBack?.unitId === c.unitId) return `案件 ${c.ledgerNo} 拟交办${c.proposalSentBack.unit}的拟办意见已被领导退回，不能按建议单位再次拟办；请用 --unit 指定单位，或在控制台案件页查看退回理由后拟办`;
  return null;
}

async function runPropose(ctx: CliContext, port: ProposePort, opts: ProposeOptions, references: string[], complexity: Complexity | undefined): Promise<void> {
  const found = await port.find(references);
  const units = opts.unit !== undefined || opts.assist !== undefined ? await port.units() : [];
  const unitNamed = (flag: string, name: string) => {
    const unit = units.find((u) => u.name === name || u.id === name);
    if (!unit) throw new BadInputError(`${flag} 不是在用的承办单位：${name}`);
    return unit.id;
  };
  const unitId = opts.unit !== undefined ? unitNamed('--unit', opts.unit) : undefined;
  const assistUnitIds: string[] = opts.assist !== undefined ? opts.assist.split(/[\s,，、]+/).filter(Boolean).map((name) => unitNamed('--assist', name)) : [];
  const assisting = assistUnitIds.length ? `，协办：${assistUnitIds.map((id) => units.find((u) => u.id === id)!.name).join('、')}` : '';
  // One line per case in the order given: refused here, or the workflow's outcome.
  type Line = { ledgerNo: string; ok: boolean; text: string; warning?: string | undefined };
  const slots: (Line | { caseId: string })[] = [];
  const items: BatchProposalItem[] = [];
  const seen = new Set<string>();
  for (const { reference, case: c } of found) {
    if (!c) {
      slots.push({ ledgerNo: reference, ok: false, text: `找不到案件：${reference}` });
      continue;
    }
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const refusal = unitId === undefined ? noSuggestion(c) : null;
    if (refusal) {
      slots.push({ ledgerNo: c.ledgerNo, ok: false, text: refusal });
      continue;
    }
    slots.push({ caseId: c.id });
    items.push({ caseId: c.id, unitId: unitId ?? c.unitId!, shownUnitId: c.unitId, expectedState: c.state as CaseState, ...(complexity ? { complexity } : {}), ...(assistUnitIds.length ? { assistUnitIds } : {}) });
  }
  const answered = new Map<string, Line>();
  // At most a ledger page per batch, as the API takes them.
  for (let i = 0; i < items.length; i += maxBatchProposals) {
    const out = await port.propose(items.slice(i, i + maxBatchProposals), opts.opinion);
    for (const o of out.outcomes) {
      const cx = o.complexity;
      answered.set(
        o.caseId,
        o.ok
          ? { ledgerNo: o.ledgerNo, ok: true, text: `拟交办${o.unit ?? ''}${assisting}${cx ? `（${complexityWords[cx]}，${workingDaysFor[cx]}个工作日）` : ''}，待领导审批`, warning: o.warning }
          : { ledgerNo: o.ledgerNo, ok: false, text: o.message ?? '未拟办' },
      );
    }
  }
  const lines = slots.map((s) => ('caseId' in s ? answered.get(s.caseId)! : s));
  for (const line of lines) {
    ctx.io.stdout(`${line.ok ? '已拟办' : '未拟办'}  ${printable(line.ledgerNo)}  ${printable(line.text)}\n`);
    // Proposed back to the unit that returned it: said under its line (a warning, not a refusal).
    if (line.warning) ctx.io.stdout(`        ${printable(line.warning)}\n`);
  }
  const refused = lines.filter((l) => !l.ok).length;
  ctx.io.stdout(`共 ${lines.length} 件：已拟办 ${lines.length - refused} 件，未拟办 ${refused} 件\n`);
  if (refused > 0) ctx.setExitCode(1);
}

export function registerProposeCasesCommand(cases: Command, ctx: CliContext): void {
  cases
    .command('propose')
    .description('批量拟办：为已登记（或承办单位已退回）的案件提出拟办意见，报领导审批')
    .option('--ids <台账编号>', '要拟办的案件，逗号分隔（如 YT-2026-000015,YT-2026-000016）')
    .option('--file <文件>', '从文件读取台账编号（UTF-8 编码，每行一个或多个，# 之后为注释）')
    .option('--suggested', '每件交由分类建议的承办单位')
    .option('--unit <承办单位>', '全部交由同一承办单位（单位名称或编号）')
    .option('--assist <协办单位>', '每件另请这些单位协办（单位名称或编号，逗号分隔，最多 5 个；不能是主办单位）')
    .option('--complexity <simple|complex>', '复杂程度（默认：各案件登记时确认的复杂程度）')
    .option('--opinion <拟办意见>', '统一的拟办意见（默认：拟请某单位办理（简单，2个工作日））')
    .option('--as <用户名>', '以哪个区政府办账号提出拟办意见（必填）')
    .action(async (opts: ProposeOptions) => {
      if (Boolean(opts.suggested) === (opts.unit !== undefined)) throw new BadInputError('请在 --suggested（按建议单位）和 --unit（统一交由一个单位）中选一个');
      if (!opts.as) throw new BadInputError('请用 --as 指定提出拟办意见的区政府办账号（事件记录以该账号署名）');
      const complexity = complexityFlag(opts.complexity);
      const references = await caseReferences(opts);
      const account = opts.as;
      const running = await runningMainJob(ctx);
      if (running) {
        ctx.io.stderr(`内置数据库正由民声主程序（pid ${running.pid}）使用，经其接口拟办……\n`);
        const port: ProposePort = {
          find: async (refs) => {
            // In parts, as the API takes them; each part answers in the order given.
            const found: { reference: string; case: NamedCase | null }[] = [];
            for (let i = 0; i < refs.length; i += maxReferencesPerLookup) {
              const part = refs.slice(i, i + maxReferencesPerLookup);
              found.push(...(await askMainJob<{ cases: typeof found }>(running, '/api/cli/proposals/cases', { method: 'POST', body: { as: account, references: part } })).cases);
            }
            return found;
          },
          units: async () => (await askMainJob<{ units: { id: string; name: string }[] }>(running, '/api/workflow/units')).units,
          propose: (items, opinion) => askMainJob(running, '/api/cli/proposals', { method: 'POST', body: { as: account, items, ...(opinion !== undefined ? { opinion } : {}) } }),
        };
        await runPropose(ctx, port, opts, references, complexity);
        return;
      }
      await withStore(
        ctx,
        async (store) => {
          // The account is checked before anything is read: unknown or disabled (one that may not propose: on the first batch).
          const actor = await accountActor(store.db, account);
          const { findCasesByReference, proposeHandlings } = await import('../../workflow/cases/index.js');
          const { listUnits } = await import('../../workflow/console-queries/index.js');
          const port: ProposePort = {
            find: (refs) => findCasesByReference(store.db, refs),
            units: () => listUnits(store.db),
            propose: (items, opinion) => proposeHandlings(store.db, { items, opinion, actor }),
          };
          await runPropose(ctx, port, opts, references, complexity);
        },
        'minsheng cases propose',
      );
    });
}

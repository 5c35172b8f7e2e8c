/**
 * `minsheng cases archive`: 批量归档 at the command line. The cases awaiting 归档 in one state
 * (--state closed: 已回访办结, or not_accepted: 不予受理), of a category (--category) and settled
 * before a date (--before) are archived as the console's ledger archives them (workflow
 * archiveCases: each its own 归档, naming the state read just before, filed by the category it
 * has), as the 督查室 account named by --as, at most a ledger page per batch. One line per case;
 * exit code 1 when any was refused. --dry-run lists what would be archived, and where. While the
 * main job holds the embedded store, the cases are read and archived through its API.
 */
import type { Command } from 'commander';
import { BadInputError } from '../../core/index.js';
import type { ArchivableCase, ArchivableCaseFilter, ArchivableState, BatchArchiveItem, BatchArchiveOutcome } from '../../workflow/cases/index.js';
// The modules themselves, not workflow/cases' index (which brings the store): these are read at
// registration or by the printing helpers; the steps are imported when a command runs.
import { archivableStates } from '../../workflow/cases/archive-case.js';
import { maxBatchArchives } from '../../workflow/cases/archive-cases.js';
import { stateNames } from '../../workflow/cases/state-machine.js';
import { accountActor } from '../../workflow/users/index.js';
import { caseStateFlag, categoryFlag, dateFlag } from '../arguments.js';
import type { CliContext } from '../program.js';
import { printable } from '../terminal-text.js';
import { askMainJob, cliAdmin, runningMainJob, withStore } from '../with-store.js';

interface ArchiveOptions {
  state?: string;
  category?: string;
  before?: string;
  as?: string;
  dryRun?: boolean;
}

/** Where the command reads and archives: the store itself, or the running main job's API. */
interface ArchivePort {
  list(filter: ArchivableCaseFilter): Promise<ArchivableCase[]>;
  archive(items: BatchArchiveItem[]): Promise<{ archived: number; outcomes: BatchArchiveOutcome[] }>;
}

function stateFlag(value: string | undefined): ArchivableState {
  const refusal = `--state 应为 closed（${stateNames.closed}）或 not_accepted（${stateNames.not_accepted}）`;
  if (value === undefined) throw new BadInputError(`请用 ${refusal}`);
  let state: string;
  try {
    state = caseStateFlag('--state', value);
  } catch {
    throw new BadInputError(`${refusal}：${value}`);
  }
  if (!(archivableStates as readonly string[]).includes(state)) throw new BadInputError(`${refusal}：${value}（只有这两种状态的案件可以归档）`);
  return state as ArchivableState;
}

/** 「2026-投诉 3 件、2026-不予受理 1 件」: how many went (or would go) into each volume. */
function byVolume(volumes: string[]): string {
  const counts = new Map<string, number>();
  for (const v of volumes) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${v} ${n} 件`).join('、');
}

/** What was asked for, as staff read it: 「已回访办结、类别 投诉、早于 2026-11-01 办结」. */
function describeFilter(filter: ArchivableCaseFilter): string {
  return [stateNames[filter.state], filter.category ? `类别 ${filter.category}` : '', filter.before ? `早于 ${filter.before} 办结` : ''].filter(Boolean).join('、');
}

async function runArchive(ctx: CliContext, port: ArchivePort, filter: ArchivableCaseFilter, dryRun: boolean): Promise<void> {
  const cases = await port.list(filter);
  if (cases.length === 0) {
    ctx.io.stdout(`没有符合条件的待归档案件（${describeFilter(filter)}）\n`);
    return;
  }
  if (dryRun) {
    for (const c of cases) {
      // The Beijing day (settledOn), not the UTC one: a visit at 07:00 on 1 January is 2027's.
      const settled = c.settledOn ? `（${stateNames[c.state]}于 ${c.settledOn}${c.unreached ? '，无法联系' : ''}）` : c.unreached ? '（无法联系）' : '';
      ctx.io.stdout(`将归档  ${c.ledgerNo}  ${printable(c.archiveVolume)}  ${printable(c.title)}${settled}\n`);
    }
    ctx.io.stdout(`试运行，未归档任何案件。共 ${cases.length} 件将归档：${printable(byVolume(cases.map((c) => c.archiveVolume)))}\n`);
    // 集中回访复核: the citizens never reached may still be visited until 归档 (console: 台账 仅无法联系).
    const unreached = cases.filter((c) => c.unreached).length;
    if (unreached) ctx.io.stdout(`其中 ${unreached} 件回访时无法联系，归档后不能再回访；如需再次回访，请先在台账勾选「仅无法联系」找出这些案件\n`);
    return;
  }
  const outcomes: BatchArchiveOutcome[] = [];
  for (let i = 0; i < cases.length; i += maxBatchArchives) {
    const items = cases.slice(i, i + maxBatchArchives).map((c) => ({ caseId: c.caseId, expectedState: c.state }));
    outcomes.push(...(await port.archive(items)).outcomes);
    if (cases.length > maxBatchArchives) ctx.io.stderr(`已处理 ${outcomes.length}/${cases.length} 件……\n`);
  }
  for (const o of outcomes) {
    ctx.io.stdout(o.ok ? `已归档  ${o.ledgerNo}  ${printable(o.archiveVolume ?? '')}\n` : `未归档  ${o.ledgerNo}  ${printable(o.message ?? '')}\n`);
  }
  const done = outcomes.filter((o) => o.ok);
  const refused = outcomes.length - done.length;
  const volumes = done.length ? `（${printable(byVolume(done.map((o) => o.archiveVolume ?? '')))}）` : '';
  ctx.io.stdout(`共 ${outcomes.length} 件：已归档 ${done.length} 件${volumes}，未归档 ${refused} 件\n`);
  if (refused > 0) ctx.setExitCode(1);
}

export function registerArchiveCasesCommand(cases: Command, ctx: CliContext): void {
  cases
    .command('archive')
    .description('批量归档：将已回访办结（或不予受理）的案件按类别立卷归档（第四条㈩）')
    .option('--state <closed|not_accepted>', '归档哪种案件：closed（已回访办结）或 not_accepted（不予受理，归入「年份-不予受理」卷）')
    .option('--category <类别>', '只归档该类别的已回访办结案件（咨询、建议、投诉、求助、其他）')
    .option('--before <YYYY-MM-DD>', '只归档在该日期之前回访办结（或决定不予受理）的案件，较近的留待以后')
    .option('--as <用户名>', '以哪个区政府督查室账号归档（必填，--dry-run 时可不填）')
    .option('--dry-run', '只列出将归档的案件及其归入的卷，不归档')
    .action(async (opts: ArchiveOptions) => {
      const state = stateFlag(opts.state);
      const filter: ArchivableCaseFilter = {
        state,
        ...(opts.category !== undefined ? { category: categoryFlag('--category', opts.category) } : {}),
        ...(opts.before !== undefined ? { before: dateFlag('--before', opts.before) } : {}),
      };
      if (filter.category && state === 'not_accepted') throw new BadInputError('不予受理的案件归入「年份-不予受理」卷，不按类别筛选；请去掉 --category');
      const dryRun = Boolean(opts.dryRun);
      const account = opts.as;
      if (!account && !dryRun) throw new BadInputError('请用 --as 指定归档的区政府督查室账号（事件记录以该账号署名）');

      const running = await runningMainJob(ctx);
      if (running) {
        ctx.io.stderr(`内置数据库正由民声主程序（pid ${running.pid}）使用，经其接口${dryRun ? '读取' : '归档'}……\n`);
        const port: ArchivePort = {
          list: async (f) => {
            const query = new URLSearchParams(Object.entries(f).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
            return (await askMainJob<{ cases: ArchivableCase[] }>(running, `/api/cli/archivable?${query}`)).cases;
          },
          archive: (items) => askMainJob(running, '/api/cli/archives', { method: 'POST', body: { as: account, items } }),
        };
        await runArchive(ctx, port, filter, dryRun);
        return;
      }
      await withStore(
        ctx,
        async (store) => {
          // The account is checked before anything is read: unknown, disabled, or not allowed to archive (on the first batch).
          const actor = account ? await accountActor(store.db, account) : undefined;
          const { archiveCases, listArchivableCases } = await import('../../workflow/cases/index.js');
          const port: ArchivePort = {
            list: (f) => listArchivableCases(store.db, { actor: cliAdmin, filter: f }),
            archive: (items) => archiveCases(store.db, { items, actor: actor! }),
          };
          await runArchive(ctx, port, filter, dryRun);
        },
        'minsheng cases archive',
      );
    });
}

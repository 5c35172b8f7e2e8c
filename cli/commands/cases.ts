/** `minsheng cases list [--json]`: the ledger (台账) as registered so far. */
import { Option } from 'commander';
import { listCases, systemActor, type CaseList } from '../../workflow/index.js';
import type { RegisterCommand } from '../program.js';
import { askMainJob, runningMainJob, withStore } from '../with-store.js';

export const registerCasesCommand: RegisterCommand = (program, ctx) => {
  const cases = program.command('cases').description('台账中的案件');
  cases
    .command('list')
    .description('列出已登记的案件')
    .option('--json', '以 JSON 数组输出（台账编号、类别、状态、办理时限、标题、来源）')
    .option('--state <state>', '按状态筛选')
    .option('--category <category>', '按类别筛选（咨询、建议、投诉、求助、其他）')
    .addOption(new Option('--limit <n>', '最多条数（不超过 500）').default('500'))
    .action(async (opts: { json?: boolean; state?: string; category?: string; limit: string }) => {
      const filter = { state: opts.state, category: opts.category, limit: Math.min(500, Number(opts.limit) || 500) };
      const running = await runningMainJob(ctx);
      // The same listing either way: the running main job's API (it holds the embedded store), or the store itself.
      const list = running
        ? await askMainJob<CaseList>(running, `/api/workflow/cases?${new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))}`)
        : await withStore(ctx, (store) => listCases(store.db, { actor: { ...systemActor, username: 'cli-admin', role: 'admin' }, filter }));
      const rows = list.items;
      if (opts.json) {
        const out = rows.map((c) => ({ ledgerNo: c.ledgerNo, category: c.category, state: c.state, dueDate: c.dueDate, title: c.title, source: c.source, channel: c.channel, reporterCount: c.reporterCount, unit: c.unit, createdAt: c.createdAt }));
        ctx.io.stdout(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        ctx.io.stdout('台账中暂无案件\n');
        return;
      }
      for (const c of rows) {
        ctx.io.stdout(`${c.ledgerNo}  ${c.category}  ${c.stateName}  时限 ${c.dueDate ?? '—'}  ${c.title}  （${c.source}，反映 ${c.reporterCount} 人）\n`);
      }
      ctx.io.stdout(list.total > rows.length ? `共 ${list.total} 件，显示最新 ${rows.length} 件\n` : `共 ${rows.length} 件\n`);
    });
};

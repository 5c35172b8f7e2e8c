/**
 * `minsheng sources recheck-scope [--source ID] [--dry-run] [--json]`: after the gazetteer of a
 * source file was completed, every excluded message of its scoped sources (or of `--source`) is
 * judged again with the current scope: those now about this district are brought in as 转入受理
 * does (classified, de-duplicated, in the review queue, the case's log naming 地名表更新后重新判断),
 * the others keep their row with the reason updated (pipeline/stages/recheck-scope.ts). Safe to
 * run twice, and while a crawl runs. Progress on stderr, the summary on stdout. While the main job
 * holds the embedded store, it runs there (with the main job's source file) as the console's
 * button does, in the background: the command starts the run and follows it (the same GET the
 * console polls), printing its progress, so no request is held open for the whole run.
 */
import { AppError, BadInputError } from '../../core/index.js';
import type { SourceDefinition } from '../../crawlers/index.js';
import type { RecheckScopeRunView } from '../../pipeline/index.js';
import type { RecheckExcludedResult } from '../../workflow/index.js';
import type { RunFile } from '../app/run-file.js';
import type { CliContext } from '../program.js';
import { printable, jsonOutput } from '../terminal-text.js';
import { askMainJob, cliAdmin, runningMainJob, withStore } from '../with-store.js';
import { loadSourcesForCli } from './crawl.js';

export interface RecheckScopeFlags {
  source?: string;
  dryRun?: boolean;
  json?: boolean;
  sources?: string;
  var?: string[];
}

/** Rows judged between two progress lines (and read at a time). */
const batch = 200;
/** How often a run in the main job is asked how far it is. */
const pollMs = 500;
/** Through the main job, a progress line when another tenth is judged, or this long after the last one while it moves. */
const progressEveryMs = 5000;

/**
 * Starts a run of `source` in the main job and follows it to its end, progress on stderr. A run
 * that failed there throws its error (its code and words); one the main job stopped (it was
 * stopping) answers its partial result, `stopped`.
 */
async function recheckInMainJob(ctx: CliContext, running: RunFile, source: SourceDefinition, dryRun: boolean): Promise<RecheckExcludedResult> {
  const base = `/api/console/sources/${encodeURIComponent(source.id)}/recheck-scope`;
  let run = await askMainJob<RecheckScopeRunView>(running, base, { method: 'POST', body: { dryRun } });
  let shown = { done: 0, at: Date.now() };
  while (run.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    run = await askMainJob<RecheckScopeRunView>(running, `${base}/${encodeURIComponent(run.id)}`);
    const { done, total } = run;
    if (run.state !== 'running' || total === null || done === shown.done) continue;
    if (done - shown.done >= total / 10 || Date.now() - shown.at >= progressEveryMs) {
      ctx.io.stderr(`${printable(source.id)}：已判断 ${done}/${total} 条……\n`);
      shown = { done, at: Date.now() };
    }
  }
  if (run.state === 'failed') throw new AppError(run.error?.code ?? 'INTERNAL', run.error?.message ?? '重新判断失败');
  if (!run.result) throw new AppError('INTERNAL', '民声主程序未答复重新判断的结果');
  return run.result;
}

function summaryText(source: SourceDefinition, r: RecheckExcludedResult, dryRun: boolean, queued: boolean): string {
  const will = dryRun ? '将' : '已';
  const lines = [
    `${dryRun ? '试运行，未写入任何更改。' : ''}来源 ${printable(source.id)}（${printable(source.name)}）：重新判断排除的留言 ${r.checked} 条`,
    `  ${will}转入受理 ${r.broughtIn.length} 条（按地名表现在涉及印台区）`,
    `  仍排除 ${r.checked - r.broughtIn.length - r.takenMeanwhile} 条，其中排除原因${will}更新 ${r.reasonChanged} 条`,
  ];
  if (r.takenMeanwhile) lines.push(`  判断期间已由采集或工作人员转入受理 ${r.takenMeanwhile} 条（未重复转入）`);
  if (r.stopped) lines.push('  已中断：其余留言未判断，再次运行即可继续');
  if (r.broughtIn.length && !dryRun) lines.push(queued ? '  转入的留言已送去分类、查重，之后进入「分类审核」' : '  转入的留言将由民声主程序或 worker 的巡检送去分类、查重，之后进入「分类审核」');
  for (const m of r.broughtIn.slice(0, 50)) lines.push(`    ${printable(m.siteId)}  ${printable(m.title.slice(0, 40))}  ${printable(m.matched)}`);
  if (r.broughtIn.length > 50) lines.push(`    ……另有 ${r.broughtIn.length - 50} 条（--json 列出全部）`);
  return `${lines.join('\n')}\n`;
}

export async function runRecheckScope(ctx: CliContext, flags: RecheckScopeFlags): Promise<void> {
  const defs = await loadSourcesForCli(ctx, flags.sources, flags.var);
  const scoped = defs.filter((d) => d.scope && (!flags.source || d.id === flags.source));
  if (flags.source && scoped.length === 0) {
    const known = defs.find((d) => d.id === flags.source);
    throw new BadInputError(known ? `来源 ${flags.source} 没有受理范围（scope），它的留言不按地名表排除，无需重新判断` : `来源文件中没有来源 ${flags.source}`);
  }
  if (scoped.length === 0) throw new BadInputError('来源文件中没有设置受理范围（scope）的来源，无需重新判断');
  const dryRun = flags.dryRun ?? false;
  const results: { source: SourceDefinition; result: RecheckExcludedResult; queued: boolean }[] = [];
  const running = await runningMainJob(ctx);
  if (running) {
    ctx.io.stderr(`内置数据库正由民声主程序（pid ${running.pid}）使用，经其接口重新判断，使用主程序载入的来源文件……\n`);
    for (const source of scoped) results.push({ source, result: await recheckInMainJob(ctx, running, source, dryRun), queued: true });
  } else {
    const config = ctx.config();
    const { createQueue, recheckScope } = await import('../../pipeline/index.js'); // with the crawl engine: seconds to load
    // With Redis, the brought-in messages go straight to the workers; otherwise the sweep takes them.
    const queue = config.redisUrl ? await createQueue(config, ctx.logger()) : undefined;
    try {
      await withStore(
        ctx,
        async (store) => {
          for (const source of scoped) {
            const result = await recheckScope({
              store,
              source,
              actor: cliAdmin,
              dryRun,
              queue,
              batch,
              onProgress: (done, total) => {
                if (total > batch) ctx.io.stderr(`${printable(source.id)}：已判断 ${done}/${total} 条……\n`);
              },
            });
            results.push({ source, result, queued: queue !== undefined });
          }
        },
        'minsheng sources recheck-scope',
      );
    } finally {
      await queue?.close();
    }
  }
  // Stopped midway (the main job was stopping): the summary says so, and the exit code too.
  if (results.some(({ result }) => result.stopped)) ctx.setExitCode(1);
  if (flags.json) {
    ctx.io.stdout(jsonOutput(results.map(({ source, result }) => ({ source: source.id, dryRun, ...result }))));
    return;
  }
  for (const { source, result, queued } of results) ctx.io.stdout(summaryText(source, result, dryRun, queued));
}

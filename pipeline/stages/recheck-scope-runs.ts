/**
 * 重新判断 in the background: a run of recheckScope for one source, kept in the memory of the
 * process that started it (the main job), so the console's button and `minsheng sources
 * recheck-scope` through the main job answer at once with a run id and then follow its progress,
 * instead of holding one HTTP request for the minute or more tens of thousands of letters take.
 *
 * The contract:
 * - one run per source at a time in this process: a second start is refused (CONFLICT) naming who
 *   started the running one, when, and how far it is;
 * - a run lives in the process that started it: another console process does not know it (nor
 *   does this one after a restart), and would not refuse a run of the same source meanwhile,
 *   which is harmless (each letter is claimed once: workflow's recheck-excluded-messages.ts);
 * - `stop()` (the process is stopping) stops every run between two letters and waits for them;
 *   a stopped run's scope is not noted as judged, so the next run judges the rest;
 * - the newest finished runs stay readable, so a page opened after the end shows the result.
 */
import { randomUUID } from 'node:crypto';
import { AppError, asDatabaseUnavailable, BadInputError, beijingClock, NotFoundError, UnavailableError, type ErrorCode, type Logger } from '../../core/index.js';
import type { SourceDefinition } from '../../crawlers/index.js';
import { bringBackRoles, judgedScopeHash, saveJudgedScopeHash, type RecheckExcludedResult, type Store } from '../../workflow/index.js';
import { actorName, requireRole, type Actor } from '../../workflow/users/index.js';
import type { JobQueue } from '../queue/index.js';
import { recheckScope, scopeHashOf } from './recheck-scope.js';

/** running, then done (every letter judged), stopped (the process stopped it midway) or failed. */
export type RecheckRunState = 'running' | 'done' | 'failed' | 'stopped';

/** A run as the API answers it. */
export interface RecheckScopeRunView {
  id: string;
  sourceId: string;
  sourceName: string;
  dryRun: boolean;
  state: RecheckRunState;
  /** Letters judged so far. */
  done: number;
  /** Letters to judge (excluded, not brought back, when the run began); null until counted. */
  total: number | null;
  /** Who started it, as staff read it: 张三（zhangsan）, 民声主程序. */
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  /** Once done or stopped: what the whole run found and did (recheckScope's answer). */
  result: RecheckExcludedResult | null;
  /** Once failed: the error as the API answers errors. */
  error: { code: ErrorCode; message: string } | null;
}

export interface RecheckScopeRunsOptions {
  store: Store;
  /** The source file this process loaded: runs judge with its scopes. */
  sources: SourceDefinition[];
  /** Where brought-in messages are sent to classification. @default none: the unfinished-work sweep sends them */
  queue?: Pick<JobQueue, 'enqueue'> | undefined;
  /** Staff log: each run's start, progress (every tenth of its letters) and end. @default none */
  logger?: Logger | undefined;
  /** Letters read, and progress counted, at a time. @default 200 */
  batch?: number | undefined;
  /** Finished runs kept readable (the newest). @default 10 */
  keepFinished?: number | undefined;
}

export interface StartRecheckInput {
  sourceId: string;
  /** Needs a role that may bring messages in (the console allows admins only). */
  actor: Actor;
  /** @default false */
  dryRun?: boolean | undefined;
  /** Log who started it and how many letters it judges. @default true; the start-up recheck logs its own reason instead */
  announce?: boolean | undefined;
}

interface Run {
  view: RecheckScopeRunView;
  abort: AbortController;
  finished: Promise<RecheckScopeRunView>;
}

/** The runs of this process (see the file's comment). */
export class RecheckScopeRuns {
  readonly store: Store;
  readonly sources: SourceDefinition[];
  private readonly options: RecheckScopeRunsOptions;
  /** In start order; finished ones beyond `keepFinished` are dropped. */
  private readonly runs = new Map<string, Run>();
  private stopping = false;

  constructor(options: RecheckScopeRunsOptions) {
    this.options = options;
    this.store = options.store;
    this.sources = options.sources;
  }

  /**
   * Starts re-judging a source's excluded letters and answers at once; `finished` settles (never
   * rejects) with the run's last state. NOT_FOUND: no such source in the file; BAD_INPUT: it has
   * no scope; CONFLICT: a run of it is under way; UNAVAILABLE: the process is stopping.
   */
  async start(input: StartRecheckInput): Promise<{ run: RecheckScopeRunView; finished: Promise<RecheckScopeRunView> }> {
    const source = this.sources.find((s) => s.id === input.sourceId);
    if (!source) throw new NotFoundError(`来源文件中没有来源 ${input.sourceId}`);
    if (!source.scope) throw new BadInputError(`来源 ${source.id}（${source.name}）没有受理范围（scope），它的留言不按地名表排除，无需重新判断`);
    requireRole(input.actor, bringBackRoles);
    const startedBy = await actorName(this.store.db, input.actor);
    // From here to the run's registration nothing awaits: of two starts at once, one is refused.
    if (this.stopping) throw new UnavailableError('民声主程序正在停止，不能开始重新判断');
    const running = [...this.runs.values()].find((r) => r.view.sourceId === source.id && r.view.state === 'running');
    if (running) throw new AppError('CONFLICT', busyMessage(running.view), { details: { runId: running.view.id } });

    const view: RecheckScopeRunView = {
      id: randomUUID(),
      sourceId: source.id,
      sourceName: source.name,
      dryRun: input.dryRun ?? false,
      state: 'running',
      done: 0,
      total: null,
      startedBy,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      result: null,
      error: null,
    };
    const abort = new AbortController();
    const run: Run = { view, abort, finished: this.execute(source, view, input, abort.signal) };
    this.runs.set(view.id, run);
    return { run: { ...view }, finished: run.finished };
  }

  /** A run this process started (and still keeps), by id. */
  get(runId: string): RecheckScopeRunView | undefined {
    const run = this.runs.get(runId);
    return run ? { ...run.view } : undefined;
  }

  /** The source's running run, else its newest finished one this process keeps. */
  latest(sourceId: string): RecheckScopeRunView | undefined {
    const ofSource = [...this.runs.values()].filter((r) => r.view.sourceId === sourceId);
    const run = ofSource.find((r) => r.view.state === 'running') ?? ofSource.at(-1);
    return run ? { ...run.view } : undefined;
  }

  /** Stops every run between two letters and waits for them; no run starts afterwards. */
  async stop(): Promise<void> {
    this.stopping = true;
    const running = [...this.runs.values()].filter((r) => r.view.state === 'running');
    for (const run of running) run.abort.abort();
    await Promise.all(running.map((r) => r.finished));
  }

  private async execute(source: SourceDefinition, view: RecheckScopeRunView, input: StartRecheckInput, signal: AbortSignal): Promise<RecheckScopeRunView> {
    const logger = this.options.logger;
    const batch = this.options.batch ?? 200;
    const name = source.name;
    let loggedTenths = 0;
    try {
      const result = await recheckScope({
        store: this.store,
        source,
        actor: input.actor,
        dryRun: view.dryRun,
        queue: this.options.queue,
        logger,
        batch,
        signal,
        onProgress: (done, total) => {
          view.done = done;
          view.total = total;
          if (done === 0) {
            if (input.announce ?? true) logger?.info(`来源 ${name}：${view.startedBy}开始重新判断排除的 ${total} 条留言${view.dryRun ? '（试运行，不写入）' : ''}`);
            return;
          }
          // A line each time another tenth is judged; a run of one batch or less needs none.
          const tenths = Math.floor((done * 10) / total);
          if (total > batch && done < total && tenths > loggedTenths) {
            loggedTenths = tenths;
            logger?.info(`来源 ${name}：已重新判断 ${done}/${total} 条（${Math.floor((done * 100) / total)}%）`);
          }
        },
      });
      view.result = result;
      view.state = result.stopped ? 'stopped' : 'done';
      logger?.info(result.stopped ? `来源 ${name}：重新判断因停止而中断（已判断 ${result.checked}/${view.total ?? '?'} 条），其余留言待下次重新判断` : `来源 ${name}：${outcomeText(result, view.dryRun)}`);
    } catch (error) {
      view.state = 'failed';
      view.error = errorView(error);
      logger?.error({ err: error, sourceId: source.id }, `来源 ${name} 的排除留言重新判断失败：${view.error.message}`);
    }
    view.finishedAt = new Date().toISOString();
    this.dropOldFinished();
    return { ...view };
  }

  private dropOldFinished(): void {
    const finished = [...this.runs.values()].filter((r) => r.view.state !== 'running');
    for (const run of finished.slice(0, Math.max(0, finished.length - (this.options.keepFinished ?? 10)))) this.runs.delete(run.view.id);
  }
}

/** The refusal of a second run of a source: who started the running one, when, and how far it is. */
function busyMessage(run: RecheckScopeRunView): string {
  const progress = run.total === null ? '正在统计留言数' : `已判断 ${run.done}/${run.total} 条`;
  return `来源「${run.sourceName}」的排除留言正在重新判断（${run.startedBy}于 ${beijingClock(Date.parse(run.startedAt)).slice(0, 16)} 开始，${progress}），同一来源不能同时再判断一次；请等它结束后查看结果`;
}

/** What a whole run did, in the words of the staff log. */
function outcomeText(r: RecheckExcludedResult, dryRun: boolean): string {
  const will = dryRun ? '将' : '';
  const meanwhile = r.takenMeanwhile ? `，判断期间已由采集或工作人员转入 ${r.takenMeanwhile} 条` : '';
  return `${dryRun ? '试运行：' : ''}重新判断 ${r.checked} 条，${will}转入受理 ${r.broughtIn.length} 条，排除原因${will}更新 ${r.reasonChanged} 条${meanwhile}`;
}

/** An error as the API would answer it: an application error's own words; a database outage as such; anything else as internal. */
function errorView(error: unknown): { code: ErrorCode; message: string } {
  const known = error instanceof AppError ? error : asDatabaseUnavailable(error);
  return known ? { code: known.code, message: known.message } : { code: 'INTERNAL', message: '服务器内部错误（详见民声主程序的日志）' };
}

/**
 * At start: every scoped source whose scope is not the one its excluded messages were last judged
 * with (the source file changed, or they never were) is re-judged, one after the other, as a run
 * of `runs` (so the console shows it, and refuses a second run of the source meanwhile; its
 * progress is in the staff log). Sound beside the crawls that start at the same time (see
 * recheck-excluded-messages.ts), and on many processes at once (each message is claimed once; the
 * others count it as taken meanwhile). A failure is logged, not thrown: the hash stays, so the
 * next start tries again.
 */
export async function recheckChangedScopes(options: { runs: RecheckScopeRuns; actor: Actor; logger: Logger; signal?: AbortSignal | undefined }): Promise<void> {
  const { runs, logger } = options;
  const db = runs.store.db;
  for (const source of runs.sources) {
    if (!source.scope || options.signal?.aborted) continue;
    try {
      const before = await judgedScopeHash(db, source.id);
      if (before === scopeHashOf(source.scope)) continue;
      const pending = await db.excludedMessage.count({ where: { sourceId: source.id, messageId: null } });
      if (pending === 0) {
        await saveJudgedScopeHash(db, source.id, scopeHashOf(source.scope));
        continue;
      }
      logger.info(`来源 ${source.name}的受理范围（地名表）${before ? '已修改' : '尚未用于重新判断'}：重新判断排除的 ${pending} 条留言`);
      const { finished } = await runs.start({ sourceId: source.id, actor: options.actor, announce: false });
      const run = await finished;
      // The run logged its end (and a failure's cause); a run not whole leaves the hash for the next start.
      if (run.state !== 'done') logger.info(`来源 ${source.name}：下次启动时将再次重新判断`);
    } catch (error) {
      // A run an admin started on the console in the moment since the console opened: it judges with this same scope.
      if (error instanceof AppError && error.code === 'CONFLICT') logger.info(error.message);
      else logger.error({ err: error, sourceId: source.id }, `来源 ${source.name} 的排除留言重新判断失败，下次启动时再试`);
    }
  }
}

/**
 * The schedules of an installation, kept in the queue: one repeating crawl per source (its
 * `schedule.every`), the unfinished-work sweep and the deadline scan. On BullMQ they are job
 * schedulers in Redis, so any number of workers share them and each run happens once; on the
 * in-process queue they are timers. `syncSchedules` makes the queue match the source file
 * (schedulers of sources no longer in it are removed); `startScheduler` does so at start, then
 * every `resyncEveryMs` only restores schedules of its file that are missing (lost with Redis's
 * data). The periodic check changes and removes nothing: a newer file synced meanwhile
 * (`minsheng scheduler --once`, another process restarted with it) is not undone by a process
 * still running on the file it read at start. A changed file takes full effect when every
 * process is restarted with it (docs/production.md §4).
 */
import type { SourceDefinition } from '../crawlers/index.js';
import { silentLogger, type Logger } from '../core/index.js';
import { crawlSourceJob, scanDeadlinesJob, sweepUnfinishedJob } from './jobs/definitions.js';
import type { JobDefinition, JobQueue } from './queue/index.js';

export interface SchedulerOptions {
  queue: JobQueue;
  sources: SourceDefinition[];
  logger?: Logger;
  /** How often the sweep re-sends unregistered messages; 0 turns it off. @default 60000 */
  sweepEveryMs?: number;
  /** The sweep leaves alone messages younger than this (normally still in flight). @default 120000 */
  sweepOlderThanMs?: number;
  /** How often the deadline scan runs; 0 turns it off. @default 900000 (15 minutes) */
  deadlineScanEveryMs?: number;
  /** How often `startScheduler` re-checks the schedules. @default 60000 */
  resyncEveryMs?: number;
}

export interface SyncResult {
  crawls: string[];
  removed: string[];
  /** With `restoreOnly`: the schedules that were missing and have been put back. */
  restored: string[];
}

/** Scheduler key of a source's crawl. */
export const crawlScheduleKey = (sourceId: string) => `crawl_${sourceId}`;
export const sweepScheduleKey = 'sweep-unfinished';
export const deadlineScanScheduleKey = 'scan-deadlines';

/**
 * Makes the queue's schedules match the sources and settings. Idempotent. With `restoreOnly`,
 * only adds the schedules that are missing, leaving every existing one as it is.
 */
export async function syncSchedules(options: SchedulerOptions, { restoreOnly = false }: { restoreOnly?: boolean } = {}): Promise<SyncResult> {
  const { queue } = options;
  const existing = restoreOnly ? new Set((await queue.schedules()).map((s) => s.key)) : undefined;
  const wanted = new Set<string>();
  const restored: string[] = [];
  const schedule = async <P>(key: string, definition: JobDefinition<P>, payload: P, everyMs: number) => {
    wanted.add(key);
    if (existing?.has(key)) return;
    await queue.schedule(key, definition, payload, everyMs);
    if (existing) restored.push(key);
  };
  // Only enabled sources are crawled: `enabled: false` (yintai.yaml's channels whose selectors are
  // not yet checked against the real site) keeps a source on 采集来源 without fetching it, and a
  // full sync removes the schedule of a source switched off since.
  const crawled = options.sources.filter((s) => s.enabled);
  for (const source of crawled) await schedule(crawlScheduleKey(source.id), crawlSourceJob, { sourceId: source.id }, Math.max(1000, source.schedule.every));
  const sweepEvery = options.sweepEveryMs ?? 60_000;
  const scanEvery = options.deadlineScanEveryMs ?? 900_000;
  if (sweepEvery > 0) await schedule(sweepScheduleKey, sweepUnfinishedJob, { olderThanMs: options.sweepOlderThanMs ?? 120_000 }, sweepEvery);
  if (scanEvery > 0) await schedule(deadlineScanScheduleKey, scanDeadlinesJob, {}, scanEvery);
  const removed: string[] = [];
  if (!restoreOnly) {
    for (const s of await queue.schedules()) {
      if (!wanted.has(s.key) && (await queue.unschedule(s.key))) removed.push(s.key);
    }
  }
  return { crawls: crawled.map((s) => crawlScheduleKey(s.id)), removed, restored };
}

export interface RunningScheduler {
  /**
   * Restores missing schedules now rather than at the next periodic check: the queue's data was
   * just found lost, which the log already says, so what was put back is logged as info.
   */
  restoreNow(): Promise<void>;
  stop(): void;
}

/**
 * Syncs now (errors propagate), then restores missing schedules periodically (errors are logged).
 * A restore is logged as a warning naming the schedules: in production it mostly means Redis lost
 * its data (restarted without AOF, flushed), and with it the failed list, which the operator
 * should know of; otherwise another process removed one (`minsheng scheduler
 * --deadline-scan-every 0`).
 */
export async function startScheduler(options: SchedulerOptions): Promise<RunningScheduler> {
  const logger = options.logger ?? silentLogger;
  const first = await syncSchedules(options);
  if (first.removed.length > 0) logger.info(`已移除不在来源文件中的计划：${first.removed.join('、')}`);
  let running: Promise<void> | undefined;
  const restore = (afterLoss = false): Promise<void> =>
    (running ??= syncSchedules(options, { restoreOnly: true })
      .then(({ restored }) => {
        if (restored.length > 0 && afterLoss) logger.info(`已补回 Redis 数据丢失时丢失的计划任务 ${restored.length} 个：${restored.join('、')}`);
        else if (restored.length > 0) {
          logger.warn(`Redis 中缺少计划任务，已补回 ${restored.length} 个：${restored.join('、')}。可能是 Redis 的数据已丢失（如重启时未开启 AOF 持久化），失败任务列表也随之丢失；也可能是另一进程移除了计划`);
        }
      })
      .catch((error: Error) => logger.warn({ err: error }, `同步计划任务失败，稍后重试：${error.message}`))
      .finally(() => (running = undefined)));
  const timer = setInterval(() => void restore(), options.resyncEveryMs ?? 60_000);
  return { restoreNow: () => restore(true), stop: () => clearInterval(timer) };
}

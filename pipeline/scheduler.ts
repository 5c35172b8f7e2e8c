/**
 * The schedules of an installation, kept in the queue: one repeating crawl per source (its
 * `schedule.every`), the unfinished-work sweep and the deadline scan. On BullMQ they are job
 * schedulers in Redis, so any number of workers share them and each run happens once; on the
 * in-process queue they are timers. `syncSchedules` makes the queue match the source file
 * (schedulers of sources no longer in it are removed); `startScheduler` does so now and again
 * every `resyncEveryMs`, which also restores schedules lost with Redis's data.
 */
import type { SourceDefinition } from '../crawlers/index.js';
import { silentLogger, type Logger } from '../core/index.js';
import { crawlSourceJob, scanDeadlinesJob, sweepUnfinishedJob } from './jobs/definitions.js';
import type { JobQueue } from './queue/index.js';

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
}

/** Scheduler key of a source's crawl. */
export const crawlScheduleKey = (sourceId: string) => `crawl_${sourceId}`;
export const sweepScheduleKey = 'sweep-unfinished';
export const deadlineScanScheduleKey = 'scan-deadlines';

/** Makes the queue's schedules match the sources and settings. Idempotent. */
export async function syncSchedules(options: SchedulerOptions): Promise<SyncResult> {
  const { queue } = options;
  const wanted = new Set<string>();
  for (const source of options.sources) {
    const key = crawlScheduleKey(source.id);
    wanted.add(key);
    await queue.schedule(key, crawlSourceJob, { sourceId: source.id }, Math.max(1000, source.schedule.every));
  }
  const sweepEvery = options.sweepEveryMs ?? 60_000;
  const scanEvery = options.deadlineScanEveryMs ?? 900_000;
  if (sweepEvery > 0) {
    wanted.add(sweepScheduleKey);
    await queue.schedule(sweepScheduleKey, sweepUnfinishedJob, { olderThanMs: options.sweepOlderThanMs ?? 120_000 }, sweepEvery);
  }
  if (scanEvery > 0) {
    wanted.add(deadlineScanScheduleKey);
    await queue.schedule(deadlineScanScheduleKey, scanDeadlinesJob, {}, scanEvery);
  }
  const removed: string[] = [];
  for (const s of await queue.schedules()) {
    if (!wanted.has(s.key) && (await queue.unschedule(s.key))) removed.push(s.key);
  }
  return { crawls: options.sources.map((s) => crawlScheduleKey(s.id)), removed };
}

export interface RunningScheduler {
  stop(): void;
}

/** Syncs now (errors propagate), then re-syncs periodically (errors are logged). */
export async function startScheduler(options: SchedulerOptions): Promise<RunningScheduler> {
  const logger = options.logger ?? silentLogger;
  const first = await syncSchedules(options);
  if (first.removed.length > 0) logger.info(`已移除不在来源文件中的计划：${first.removed.join('、')}`);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    syncSchedules(options)
      .then((r) => {
        if (r.removed.length > 0) logger.info(`已移除不在来源文件中的计划：${r.removed.join('、')}`);
      })
      .catch((error: Error) => logger.warn({ err: error }, `同步计划任务失败，稍后重试：${error.message}`))
      .finally(() => (running = false));
  }, options.resyncEveryMs ?? 60_000);
  return { stop: () => clearInterval(timer) };
}

/**
 * Watches for the queue's data being lost (Redis restarted without persistence, flushed) in every
 * production process: the main job, each worker and the scheduler. Before, only a process running
 * the scheduler noticed, and only through a missing schedule, up to a minute later; a worker said
 * nothing, and the classification and registration jobs lost with Redis waited for the sweep
 * (every minute, for messages older than two minutes) of a process that might not be running.
 *
 * Each check reads the queue's data mark (`JobQueue.dataMark`). A process that finds another
 * token than the one it read before says so once in its log, in Chinese, per loss. One process of
 * those with a store (the first to claim the new mark) sends every recorded message without a case
 * to classification again at once: several doing it at once raced on the same job ids (removing a
 * completed job another had just added again), which BullMQ reported as lock errors. The
 * installation's record of the loss (queue/queue-data-loss.ts: when, and how far the re-sending
 * got) is kept in Redis for the console and `minsheng sources status`. A check while Redis is away waits
 * for it (the queue's connection reconnects) and the next runs only after it; the outage itself is
 * reported by the connection's own warnings.
 */
import { silentLogger, type Logger } from '../core/index.js';
import type { Store } from '../workflow/index.js';
import { failedResendWords } from './queue/queue-data-loss.js';
import type { JobQueue } from './queue/index.js';
import { recoverUnfinished } from './recover-unfinished.js';

export interface QueueDataWatchOptions {
  queue: Pick<JobQueue, 'dataMark' | 'claim' | 'enqueue' | 'recordDataLoss'>;
  /** Where unregistered messages are read from for re-sending; absent (scheduler process): none re-sent. */
  store?: Store | undefined;
  logger?: Logger | undefined;
  /** How often the mark is read. @default 10000 */
  everyMs?: number | undefined;
  /** Called after a loss was reported (the main job restores its schedules at once). */
  onLost?: (() => Promise<void>) | undefined;
}

export interface QueueDataWatch {
  /** When this process last found the queue's data lost (ISO time); undefined: never since it started. */
  lostAt(): string | undefined;
  /** One check now (tests, and callers that want an answer before the next tick). */
  check(): Promise<boolean>;
  stop(): void;
}

/** Reads the mark once now (so a loss after start is told from the mark's first creation) and then every `everyMs`. */
export async function watchQueueData(options: QueueDataWatchOptions): Promise<QueueDataWatch> {
  const { queue } = options;
  const logger = options.logger ?? silentLogger;
  if (!queue.dataMark) return { lostAt: () => undefined, check: async () => false, stop: () => undefined };
  const readMark = () => queue.dataMark!();
  let known = await readMark();
  let lostAt: string | undefined;
  let running: Promise<boolean> | undefined;
  let stopped = false;

  // The installation's record (queue-data-loss.ts), for the console and `minsheng sources status`:
  // not writing it must not keep the loss out of the log, nor stop the re-sending.
  const record = (loss: Parameters<NonNullable<typeof queue.recordDataLoss>>[0]) =>
    queue.recordDataLoss?.(loss).catch((error: unknown) => logger.debug({ err: error }, '记录队列数据丢失失败'));

  const report = async (mark: string) => {
    let resent = '';
    await record({ lostAt, resend: 'pending' });
    if (options.store) {
      try {
        if (queue.claim && !(await queue.claim(`resend:${mark}`))) resent = '；已记录、未登记的留言由另一进程重新送去分类';
        else {
          await record({ resend: 'running' });
          const n = await recoverUnfinished(options.store, queue);
          await record({ resend: 'done', resent: n, resentAt: new Date().toISOString() });
          resent = `；本进程已将 ${n} 条已记录、未登记的留言重新送去分类`;
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await record({ resend: 'failed', error: reason });
        resent = `；${failedResendWords(reason)}`;
      }
    }
    logger.warn(
      { lostAt },
      `Redis 中的队列数据已丢失（Redis 重启时未开启持久化，或被清空）：排队中的任务和失败任务列表随之丢失${resent}。采集计划由主程序或计划进程补回，中断的采集下次从上次保存处重新采集，已记录的留言不会丢失或重复。请检查 Redis 的 AOF 持久化（见 docs/production.md）`,
    );
    await options.onLost?.();
  };

  const check = (): Promise<boolean> =>
    (running ??= (async () => {
      try {
        const mark = await readMark();
        if (stopped || mark === known) return false;
        known = mark;
        lostAt = new Date().toISOString();
        await report(mark);
        return true;
      } catch (error) {
        // The queue closing, or Redis answering with an error: the next tick tries again.
        if (!stopped) logger.debug({ err: error }, `检查 Redis 队列数据失败：${error instanceof Error ? error.message : String(error)}`);
        return false;
      } finally {
        running = undefined;
      }
    })());

  const timer = setInterval(() => void check(), options.everyMs ?? 10_000);
  timer.unref();
  return {
    lostAt: () => lostAt,
    check,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

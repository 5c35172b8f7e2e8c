/**
 * The log's one Chinese line per job that was running when Redis lost the queue's data. BullMQ
 * reports such a job in its own English through the worker's 'error' event, once or twice
 * (`could not renew lock for job 3` while it runs, `Missing key for job 3. moveToFinished` or
 * `Missing lock for job 3. …` when it ends): to staff these read as a fault of minsheng's, while
 * the work is sent again by itself (the watch re-sends unregistered messages, crawls go on from
 * their saved state). Such an error is put down to the loss only when the queue's data mark
 * (`BullmqQueue.dataMark`) is no longer the one known when the job started; with the data intact
 * (a lock that lapsed because a process stalled, a job removed by hand) it is not explained here
 * and the caller logs it as any other error.
 */
import type { Logger } from '../../core/index.js';

/** BullMQ's words for a job whose keys in Redis are gone; the job's id. */
const lostJobError = /^(?:Missing (?:key|lock) for job (\S+)\.|could not renew lock for job (\S+)$)/;

export function lostJobId(error: Error): string | undefined {
  const match = lostJobError.exec(error.message);
  return match?.[1] ?? match?.[2];
}

/** Jobs kept at most: those running now, and those already reported (BullMQ may report a job twice). */
const keptJobs = 10_000;

export class LostJobLines {
  /** `<queue>:<job id>` → the data mark known when the job started, and whether its line was logged. */
  private readonly jobs = new Map<string, { mark: string; reported: boolean }>();

  constructor(
    private readonly logger: Logger,
    /** The queue's data mark as Redis holds it now, without creating it (undefined: missing). */
    private readonly currentMark: () => Promise<string | undefined>,
  ) {}

  /** A job starts while the process knows the data mark `mark` (undefined: not read yet, nothing to compare). */
  started(queue: string, jobId: string | undefined, mark: string | undefined): void {
    if (!jobId || mark === undefined) return;
    const key = `${queue}:${jobId}`;
    this.jobs.delete(key);
    this.jobs.set(key, { mark, reported: false });
    if (this.jobs.size > keptJobs) this.jobs.delete(this.jobs.keys().next().value!);
  }

  /** The job finished as BullMQ reports normally (completed, failed): nothing of it is left to explain. */
  finished(queue: string, jobId: string | undefined): void {
    if (jobId) this.jobs.delete(`${queue}:${jobId}`);
  }

  /**
   * True when `error` is BullMQ's report of a job of `queue` lost with the queue's data: its one
   * line is then logged (or was, for a second report). False: another error, for the caller to log.
   */
  async explain(queue: string, error: Error): Promise<boolean> {
    const jobId = lostJobId(error);
    const job = jobId ? this.jobs.get(`${queue}:${jobId}`) : undefined;
    if (!job) return false;
    if (job.reported) return true;
    const now = await this.currentMark().catch(() => job.mark);
    if (now === job.mark) return false;
    job.reported = true;
    this.logger.warn(
      { job: queue, jobId },
      `任务 ${queue}（编号 ${jobId}）运行期间 Redis 丢失了队列数据，任务随之消失，其结果未能记入队列。该任务的工作会重新送出：已记录、未登记的留言重新送去分类，采集按计划从上次保存处继续，无需手工处理`,
    );
    return true;
  }
}

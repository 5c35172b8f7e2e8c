/**
 * The production queue: one BullMQ queue per job kind on Redis, workers on as many machines as
 * needed. Delivery is at least once, so every handler is idempotent. Errors that retrying cannot
 * fix (a bad payload, a poison message) become BullMQ UnrecoverableErrors and go straight to
 * failed with their reason; the rest are retried with exponential backoff.
 *
 * A worker killed mid-job stops renewing its job's lock; after `lockDurationMs` the stalled-job
 * check of any other worker hands the job back to the queue. Redis going away is survived by
 * ioredis reconnecting; jobs lost with Redis's data are re-created by the unfinished-work sweep.
 */
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { asDatabaseUnavailable, describeError, isRetryable, silentLogger, type Logger } from '../../core/index.js';
import { parsePayload } from './bad-payload-error.js';
import type { EnqueueOptions, FailedJob, JobContext, JobDefinition, JobHandler, JobQueue, ScheduleEntry, StageMetrics } from './job-queue.js';
import { LatencyWindow } from './latency.js';
import { LostJobLines } from './lost-job-lines.js';
import { parseQueueDataLoss, queueDataLossFields, queueDataLossKey, type QueueDataLoss } from './queue-data-loss.js';

export interface BullmqQueueOptions {
  redisUrl: string;
  /** Key prefix: installations sharing a Redis, and tests, use their own. @default minsheng */
  prefix?: string;
  logger?: Logger;
  /** Jobs a worker runs at once per job kind. @default 4 */
  concurrency?: number;
  /** Job kinds this process defines, so producer-only processes can still list and retry them. */
  definitions?: JobDefinition<unknown>[];
  /** How long a job stays locked to a worker that stopped renewing it (killed). @default 30000 */
  lockDurationMs?: number;
  /** On close, how long to wait for jobs in flight before handing them back. @default 60000 */
  closeTimeoutMs?: number;
  /** The same Redis error is logged at most once in this time (the rest are counted). @default 30000 */
  warnEveryMs?: number;
}

type Entry = { definition: JobDefinition<unknown>; handler: JobHandler<unknown> };

/** BullMQ forbids ':' in custom job ids (it separates key parts). */
const toBullId = (id: string) => id.replace(/:/g, '_');

export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  /** Connections handed to workers: BullMQ leaves connections it was given open, so we close them. */
  private readonly workerConnections: Redis[] = [];
  private readonly handlers = new Map<string, Entry>();
  private readonly definitions = new Map<string, JobDefinition<unknown>>();
  private readonly latency = new Map<string, LatencyWindow>();
  private readonly abort = new AbortController();
  private readonly logger: Logger;
  private readonly prefix: string;
  private closing: Promise<void> | undefined;
  private readonly warnings = new Map<string, { at: number; held: number }>();
  /** The data mark this process last read (`dataMark`): a job started under it and then lost is told apart from other lock errors. */
  private knownMark: string | undefined;
  private readonly lostJobs: LostJobLines;

  constructor(private readonly options: BullmqQueueOptions) {
    this.logger = options.logger ?? silentLogger;
    this.prefix = options.prefix ?? 'minsheng';
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', (error) => this.warnThrottled(error, `Redis 连接出错：${error.message}`));
    for (const d of options.definitions ?? []) this.definitions.set(d.name, d);
    this.lostJobs = new LostJobLines(this.logger, async () => (await this.connection.get(this.dataMarkKey)) ?? undefined);
  }

  handle<P>(definition: JobDefinition<P>, handler: JobHandler<P>): void {
    this.handlers.set(definition.name, { definition: definition as JobDefinition<unknown>, handler: handler as JobHandler<unknown> });
    this.definitions.set(definition.name, definition as JobDefinition<unknown>);
  }

  async enqueue<P>(definition: JobDefinition<P>, payload: P, options: EnqueueOptions = {}): Promise<void> {
    this.definitions.set(definition.name, definition as JobDefinition<unknown>);
    const queue = this.queueOf(definition.name);
    const jobId = options.jobId ? toBullId(options.jobId) : undefined;
    if (jobId && options.replaceCompleted) {
      const existing = await queue.getJob(jobId);
      if (existing && (await existing.isCompleted())) await existing.remove().catch(() => undefined);
    }
    await queue.add(definition.name, { v: definition.version, payload }, { ...this.jobOptions(definition), jobId, delay: options.delayMs });
  }

  async start(options: { concurrency?: number } = {}): Promise<void> {
    const concurrency = options.concurrency ?? this.options.concurrency ?? 4;
    const lockDuration = this.options.lockDurationMs ?? 30_000;
    // The data mark before any job is taken: each job then starts under a known mark, so one lost
    // with the queue's data gets its Chinese line (lost-job-lines.ts) even when it started before
    // the process's watch (queue-data-watch.ts) first read the mark.
    if (this.handlers.size > 0) await this.dataMark();
    for (const [name, entry] of this.handlers) {
      const connection = this.connection.duplicate();
      connection.on('error', (error) => this.logger.debug({ err: error }, `Redis 连接出错：${error.message}`));
      this.workerConnections.push(connection);
      const worker = new Worker(name, (job: Job) => this.process(entry, job), {
        connection,
        prefix: this.prefix,
        concurrency,
        lockDuration,
        stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
        maxStalledCount: 3,
        // Per-minute completed/failed counts kept in Redis for a week: totals survive job removal.
        metrics: { maxDataPoints: 60 * 24 * 7 },
      });
      worker.on('active', (job) => this.lostJobs.started(name, job.id, this.knownMark));
      worker.on('completed', (job) => {
        this.lostJobs.finished(name, job.id);
        if (job.processedOn && job.finishedOn) this.latencyOf(name).add(job.finishedOn - job.processedOn);
      });
      worker.on('failed', (job, error) => {
        this.lostJobs.finished(name, job?.id);
        this.logger.warn({ job: name, jobId: job?.id, err: error }, `任务失败：${error.message}`);
      });
      // A job lost with the queue's data gets one Chinese line (lost-job-lines.ts); any other error as before.
      worker.on('error', (error) => {
        void this.lostJobs.explain(name, error).then((explained) => explained || this.warnThrottled(error, `队列工作进程出错：${error.message}`));
      });
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  async idle(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietChecks = 0;
    // Two quiet readings in a row: a handler enqueues its follow-up before its own job completes.
    while (quietChecks < 2) {
      if (Date.now() > deadline) throw new Error('等待队列空闲超时');
      let busy = 0;
      for (const name of this.definitions.keys()) {
        const queue = this.queueOf(name);
        const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        // A job scheduler's next run sits in "delayed" for ever: it does not make the queue busy.
        const repeats = await queue.getJobSchedulersCount();
        busy += (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0) + Math.max(0, (c.delayed ?? 0) - repeats);
      }
      quietChecks = busy === 0 ? quietChecks + 1 : 0;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async failed(): Promise<FailedJob[]> {
    const out: FailedJob[] = [];
    for (const name of this.definitions.keys()) {
      for (const job of await this.queueOf(name).getFailed(0, 999)) {
        if (!job) continue;
        out.push({
          queue: name,
          id: String(job.id),
          name: job.name,
          payload: (job.data as { payload?: unknown })?.payload,
          reason: job.failedReason,
          attempts: job.attemptsMade,
          failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
        });
      }
    }
    return out.sort((a, b) => a.failedAt.localeCompare(b.failedAt));
  }

  async retryFailed(ids?: string[]): Promise<number> {
    // An id as `failed()` lists it (a scheduler's run has ':' in its id), or as it was enqueued.
    const wanted = ids ? new Set([...ids, ...ids.map(toBullId)]) : undefined;
    let n = 0;
    for (const name of this.definitions.keys()) {
      for (const job of await this.queueOf(name).getFailed(0, 9999)) {
        if (!job || (wanted && !wanted.has(String(job.id)))) continue;
        await job.retry('failed', { resetAttemptsMade: true });
        n++;
      }
    }
    return n;
  }

  async metrics(): Promise<StageMetrics[]> {
    const out: StageMetrics[] = [];
    for (const name of this.definitions.keys()) {
      const queue = this.queueOf(name);
      const c = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
      const total = await queue.getMetrics('completed', 0, 0).catch(() => undefined);
      // Latency across every worker of the installation: the most recent completed jobs in Redis.
      const recent = (await queue.getCompleted(0, 199)).filter((j): j is Job => Boolean(j?.finishedOn && j.processedOn));
      const processing = new LatencyWindow(200);
      const turnaround = new LatencyWindow(200);
      for (const j of recent) {
        processing.add(j.finishedOn! - j.processedOn!);
        // From when it was due (a scheduled or delayed job waits on purpose) to done.
        turnaround.add(j.finishedOn! - j.timestamp - (j.opts?.delay ?? 0));
      }
      out.push({
        name,
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        completed: Math.max(c.completed ?? 0, total?.meta.count ?? 0),
        failed: c.failed ?? 0,
        delayed: c.delayed ?? 0,
        latencyMs: recent.length > 0 ? processing.summary() : (this.latency.get(name)?.summary() ?? { p50: 0, p95: 0, count: 0 }),
        turnaroundMs: turnaround.summary(),
      });
    }
    return out;
  }

  async schedule<P>(key: string, definition: JobDefinition<P>, payload: P, everyMs: number): Promise<void> {
    this.definitions.set(definition.name, definition as JobDefinition<unknown>);
    const queue = this.queueOf(definition.name);
    const data = { v: definition.version, payload };
    const existing = await queue.getJobScheduler(key);
    // Upserting an unchanged scheduler would push its next run back: leave it alone.
    if (existing && existing.every === everyMs && JSON.stringify(existing.template?.data) === JSON.stringify(data)) return;
    await queue.upsertJobScheduler(key, { every: everyMs }, { name: definition.name, data, opts: this.jobOptions(definition) });
  }

  async unschedule(key: string): Promise<boolean> {
    let removed = false;
    for (const name of this.definitions.keys()) {
      const queue = this.queueOf(name);
      if (await queue.getJobScheduler(key)) removed = (await queue.removeJobScheduler(key)) || removed;
    }
    return removed;
  }

  async schedules(): Promise<ScheduleEntry[]> {
    const out: ScheduleEntry[] = [];
    for (const name of this.definitions.keys()) {
      for (const s of await this.queueOf(name).getJobSchedulers(0, -1, true)) {
        out.push({
          key: s.key,
          job: name,
          everyMs: s.every ?? 0,
          payload: (s.template?.data as { payload?: unknown } | undefined)?.payload,
          nextAt: s.next ? new Date(s.next).toISOString() : undefined,
        });
      }
    }
    return out;
  }

  /**
   * `<prefix>:data-mark`: set once by the first process to find it missing, kept for ever (no
   * expiry), so it goes only with Redis's data. SET NX, then GET: processes that find it missing
   * at once agree on the one token that won.
   */
  async dataMark(): Promise<string> {
    await this.connection.set(this.dataMarkKey, `${Date.now()}-${randomUUID()}`, 'NX');
    this.knownMark = (await this.connection.get(this.dataMarkKey)) ?? '';
    return this.knownMark;
  }

  private get dataMarkKey(): string {
    return `${this.prefix}:data-mark`;
  }

  /** `<prefix>:data-loss`, a hash (HSETNX for what only the first may write, HSET for the rest). It goes with the next loss. */
  async recordDataLoss(loss: Partial<QueueDataLoss>): Promise<void> {
    const key = queueDataLossKey(this.prefix);
    const { lostAt, ...rest } = queueDataLossFields(loss);
    const multi = this.connection.multi();
    if (lostAt) multi.hsetnx(key, 'lostAt', lostAt);
    if (rest.resend === 'pending') {
      multi.hsetnx(key, 'resend', 'pending');
      delete rest.resend;
    }
    if (Object.keys(rest).length > 0) multi.hset(key, rest);
    await multi.exec();
  }

  async dataLoss(): Promise<QueueDataLoss | undefined> {
    return parseQueueDataLoss(await this.connection.hgetall(queueDataLossKey(this.prefix)));
  }

  /**
   * Only where the record of `lostAt` says `failed`, in one step (a script), so a record written
   * meanwhile by a new loss, or a re-sending another process finished, is never overwritten.
   */
  async settleFailedResend(lostAt: string, resent: number, resentAt: string): Promise<boolean> {
    const settled = await this.connection.eval(
      "if redis.call('HGET', KEYS[1], 'lostAt') == ARGV[1] and redis.call('HGET', KEYS[1], 'resend') == 'failed' then redis.call('HSET', KEYS[1], 'resend', 'done', 'resent', ARGV[2], 'resentAt', ARGV[3]); redis.call('HDEL', KEYS[1], 'error'); return 1 end return 0",
      1,
      queueDataLossKey(this.prefix),
      lostAt,
      String(resent),
      resentAt,
    );
    return settled === 1;
  }

  /** `<prefix>:claim:<key>`, SET NX with no expiry: it goes with Redis's data, as the mark does. */
  async claim(key: string): Promise<boolean> {
    return (await this.connection.set(`${this.prefix}:claim:${key}`, String(process.pid), 'NX')) === 'OK';
  }

  /** The BullMQ queues, for the admin dashboard (bull-board). */
  bullQueues(): Queue[] {
    for (const name of this.definitions.keys()) this.queueOf(name);
    return [...this.queues.values()];
  }

  /**
   * Stops taking jobs; a running crawl is told to wind down (it keeps what it recorded), other
   * jobs finish. After `closeTimeoutMs` the rest are handed back: their locks lapse and another
   * worker runs them again. Then connections close. Safe to call twice.
   */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.abort.abort();
    const timeoutMs = this.options.closeTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const finished = Promise.all(this.workers.map((w) => w.close())).then(() => true);
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const inTime = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (!inTime) {
      this.logger.warn(`${timeoutMs} 毫秒内未完成的任务已交还队列，由其他工作进程接手`);
      await Promise.all(this.workers.map((w) => w.close(true).catch(() => undefined)));
    }
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    for (const c of this.workerConnections) c.disconnect();
    this.connection.disconnect();
  }

  private jobOptions(definition: JobDefinition<unknown>) {
    return {
      attempts: definition.attempts ?? 5,
      backoff: { type: 'exponential' as const, delay: definition.backoffMs ?? 1000 },
      removeOnComplete: { age: 3600, count: 5000 },
      removeOnFail: false,
    };
  }

  private queueOf(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      q.on('error', (error) => this.warnThrottled(error, `队列出错：${error.message}`));
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * While Redis is away every connection, queue and worker reports each reconnection attempt (a
   * worker: a dozen lines a second). The same text is logged once per `warnEveryMs`, with how
   * many were held back, so the log says the outage goes on without drowning everything else.
   */
  private warnThrottled(error: Error, text: string): void {
    const now = Date.now();
    const seen = this.warnings.get(text);
    if (seen && now - seen.at < (this.options.warnEveryMs ?? 30_000)) {
      seen.held++;
      return;
    }
    if (this.warnings.size > 100) this.warnings.clear();
    this.warnings.set(text, { at: now, held: 0 });
    this.logger.warn({ err: error }, seen?.held ? `${text}（此前又出现 ${seen.held} 次）` : text);
  }

  private latencyOf(name: string): LatencyWindow {
    let w = this.latency.get(name);
    if (!w) this.latency.set(name, (w = new LatencyWindow()));
    return w;
  }

  private async process(entry: Entry, job: Job): Promise<void> {
    const ctx: JobContext = {
      enqueue: (definition, payload, options) => this.enqueue(definition, payload, options),
      logger: this.logger.child({ job: job.name, jobId: job.id }),
      attempt: job.attemptsMade + 1,
      signal: this.abort.signal,
    };
    try {
      const payload = parsePayload(entry.definition, (job.data as { payload?: unknown } | undefined)?.payload);
      await entry.handler(payload, ctx);
    } catch (error) {
      // The failed list and the log get one short line (无法连接数据库（host:port）), not
      // Prisma's multi-line dump; that stays in the log at debug level.
      const unavailable = asDatabaseUnavailable(error);
      if (unavailable) {
        ctx.logger.debug({ err: error }, unavailable.message);
        throw unavailable;
      }
      if (!isRetryable(error)) throw new UnrecoverableError(describeError(error));
      throw error;
    }
  }
}

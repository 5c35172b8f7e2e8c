/**
 * The production queue: one BullMQ queue per job kind on Redis, workers on as many machines as
 * needed. Delivery is at least once, so every handler is idempotent. Errors that retrying cannot
 * fix (a bad payload, a poison message) become BullMQ UnrecoverableErrors and go straight to
 * failed with their reason; the rest are retried with exponential backoff.
 */
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { describeError, isRetryable, silentLogger, type Logger } from '../../core/index.js';
import { parsePayload } from './bad-payload-error.js';
import type { EnqueueOptions, FailedJob, JobContext, JobDefinition, JobHandler, JobQueue, StageMetrics } from './job-queue.js';
import { LatencyWindow } from './latency.js';

export interface BullmqQueueOptions {
  redisUrl: string;
  /** Key prefix: installations sharing a Redis, and tests, use their own. @default minsheng */
  prefix?: string;
  logger?: Logger;
  /** Jobs a worker runs at once per job kind. @default 4 */
  concurrency?: number;
  /** Job kinds this process defines, so producer-only processes can still list and retry them. */
  definitions?: JobDefinition<unknown>[];
}

export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly handlers = new Map<string, { definition: JobDefinition<unknown>; handler: JobHandler<unknown> }>();
  private readonly definitions = new Map<string, JobDefinition<unknown>>();
  private readonly latency = new Map<string, LatencyWindow>();
  private readonly abort = new AbortController();
  private readonly logger: Logger;
  private readonly prefix: string;

  constructor(private readonly options: BullmqQueueOptions) {
    this.logger = options.logger ?? silentLogger;
    this.prefix = options.prefix ?? 'minsheng';
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', (error) => this.logger.warn({ err: error }, `Redis 连接出错：${error.message}`));
    for (const d of options.definitions ?? []) this.definitions.set(d.name, d);
  }

  handle<P>(definition: JobDefinition<P>, handler: JobHandler<P>): void {
    this.handlers.set(definition.name, { definition: definition as JobDefinition<unknown>, handler: handler as JobHandler<unknown> });
    this.definitions.set(definition.name, definition as JobDefinition<unknown>);
  }

  async enqueue<P>(definition: JobDefinition<P>, payload: P, options: EnqueueOptions = {}): Promise<void> {
    this.definitions.set(definition.name, definition as JobDefinition<unknown>);
    await this.queueOf(definition.name).add(definition.name, { v: definition.version, payload }, {
      jobId: options.jobId ? options.jobId.replace(/:/g, '_') : undefined,
      delay: options.delayMs,
      attempts: definition.attempts ?? 5,
      backoff: { type: 'exponential', delay: definition.backoffMs ?? 1000 },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: false,
    });
  }

  async start(options: { concurrency?: number } = {}): Promise<void> {
    const concurrency = options.concurrency ?? this.options.concurrency ?? 4;
    for (const [name, entry] of this.handlers) {
      const worker = new Worker(name, (job: Job) => this.process(entry, job), {
        connection: this.connection.duplicate(),
        prefix: this.prefix,
        concurrency,
        // A worker killed mid-job stops renewing its lock; the job is then handed to another worker.
        lockDuration: 30_000,
        stalledInterval: 15_000,
        maxStalledCount: 3,
      });
      worker.on('completed', (job) => {
        if (job.processedOn && job.finishedOn) this.latencyOf(name).add(job.finishedOn - job.processedOn);
      });
      worker.on('failed', (job, error) => this.logger.warn({ job: name, jobId: job?.id, err: error }, `任务失败：${error.message}`));
      worker.on('error', (error) => this.logger.warn({ err: error }, `队列工作进程出错：${error.message}`));
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
        const c = await this.queueOf(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        busy += Object.values(c).reduce((a, b) => a + b, 0);
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
    return out;
  }

  async retryFailed(ids?: string[]): Promise<number> {
    let n = 0;
    for (const name of this.definitions.keys()) {
      for (const job of await this.queueOf(name).getFailed(0, 9999)) {
        if (!job || (ids && !ids.includes(String(job.id)))) continue;
        await job.retry('failed');
        n++;
      }
    }
    return n;
  }

  async metrics(): Promise<StageMetrics[]> {
    const out: StageMetrics[] = [];
    for (const name of this.definitions.keys()) {
      const c = await this.queueOf(name).getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
      out.push({
        name,
        waiting: c.waiting ?? 0,
        active: c.active ?? 0,
        completed: c.completed ?? 0,
        failed: c.failed ?? 0,
        delayed: c.delayed ?? 0,
        latencyMs: this.latency.get(name)?.summary() ?? { p50: 0, p95: 0, count: 0 },
      });
    }
    return out;
  }

  /** The BullMQ queues, for the admin dashboard (bull-board). */
  bullQueues(): Queue[] {
    for (const name of this.definitions.keys()) this.queueOf(name);
    return [...this.queues.values()];
  }

  async close(): Promise<void> {
    // Worker.close() waits for the jobs in flight to finish; a hard kill leaves them to the stalled check.
    await Promise.all(this.workers.map((w) => w.close()));
    this.abort.abort();
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }

  private queueOf(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      q.on('error', (error) => this.logger.warn({ err: error }, `队列出错：${error.message}`));
      this.queues.set(name, q);
    }
    return q;
  }

  private latencyOf(name: string): LatencyWindow {
    let w = this.latency.get(name);
    if (!w) this.latency.set(name, (w = new LatencyWindow()));
    return w;
  }

  private async process(entry: { definition: JobDefinition<unknown>; handler: JobHandler<unknown> }, job: Job): Promise<void> {
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
      if (!isRetryable(error)) throw new UnrecoverableError(describeError(error));
      throw error;
    }
  }
}

/**
 * The embedded default's queue: jobs run in this process, with the same retries, backoff,
 * failed list and metrics as BullMQ. Jobs live in memory: after a crash, the pipeline's start-up
 * recovery re-enqueues unfinished work from the store (pipeline/recover-unfinished.ts), so
 * nothing crawled is lost.
 */
import { asDatabaseUnavailable, describeError, isRetryable, silentLogger, type Logger } from '../../core/index.js';
import { parsePayload } from './bad-payload-error.js';
import type { EnqueueOptions, FailedJob, JobContext, JobDefinition, JobHandler, JobQueue, ScheduleEntry, StageMetrics } from './job-queue.js';
import { LatencyWindow } from './latency.js';

interface PendingJob {
  id: string;
  definition: JobDefinition<unknown>;
  payload: unknown;
  attempt: number;
}

export interface InProcessQueueOptions {
  logger?: Logger;
  /** Jobs run at once. @default 4 */
  concurrency?: number;
  /** Failed jobs remembered. @default 1000 */
  keepFailed?: number;
}

export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly handlers = new Map<string, { definition: JobDefinition<unknown>; handler: JobHandler<unknown> }>();
  private readonly waiting: PendingJob[] = [];
  private readonly knownIds = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly failedJobs: FailedJob[] = [];
  private readonly counts = new Map<string, { completed: number; failed: number; active: number; delayed: number }>();
  private readonly latency = new Map<string, LatencyWindow>();
  private readonly abort = new AbortController();
  private readonly logger: Logger;
  private concurrency: number;
  private running = 0;
  private started = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private nextId = 1;
  private readonly repeats = new Map<string, { entry: ScheduleEntry; timer: NodeJS.Timeout }>();

  constructor(options: InProcessQueueOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.concurrency = options.concurrency ?? 4;
  }

  handle<P>(definition: JobDefinition<P>, handler: JobHandler<P>): void {
    this.handlers.set(definition.name, { definition: definition as JobDefinition<unknown>, handler: handler as JobHandler<unknown> });
    this.countsOf(definition.name);
  }

  async enqueue<P>(definition: JobDefinition<P>, payload: P, options: EnqueueOptions = {}): Promise<void> {
    if (this.closed) return;
    const id = options.jobId ?? `${definition.name}:${this.nextId++}`;
    if (this.knownIds.has(id)) return;
    this.knownIds.add(id);
    const job: PendingJob = { id, definition: definition as JobDefinition<unknown>, payload, attempt: 1 };
    if (options.delayMs && options.delayMs > 0) this.later(job, options.delayMs);
    else this.waiting.push(job);
    this.pump();
  }

  async start(options: { concurrency?: number } = {}): Promise<void> {
    if (options.concurrency) this.concurrency = options.concurrency;
    this.started = true;
    this.pump();
  }

  idle(timeoutMs = 120_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('等待队列空闲超时')), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async failed(): Promise<FailedJob[]> {
    return [...this.failedJobs];
  }

  async retryFailed(ids?: string[]): Promise<number> {
    const chosen = this.failedJobs.filter((f) => !ids || ids.includes(f.id));
    for (const f of chosen) {
      this.failedJobs.splice(this.failedJobs.indexOf(f), 1);
      const entry = this.handlers.get(f.name);
      if (!entry) continue;
      this.countsOf(f.name).failed--;
      this.knownIds.add(f.id);
      this.waiting.push({ id: f.id, definition: entry.definition, payload: f.payload, attempt: 1 });
    }
    this.pump();
    return chosen.length;
  }

  async metrics(): Promise<StageMetrics[]> {
    return [...this.counts.entries()].map(([name, c]) => ({
      name,
      waiting: this.waiting.filter((j) => j.definition.name === name).length,
      active: c.active,
      completed: c.completed,
      failed: c.failed,
      delayed: c.delayed,
      latencyMs: this.latency.get(name)?.summary() ?? { p50: 0, p95: 0, count: 0 },
    }));
  }

  async schedule<P>(key: string, definition: JobDefinition<P>, payload: P, everyMs: number): Promise<void> {
    const existing = this.repeats.get(key);
    if (existing && existing.entry.everyMs === everyMs && JSON.stringify(existing.entry.payload) === JSON.stringify(payload)) return;
    if (existing) clearInterval(existing.timer);
    const run = () => void this.enqueue(definition, payload).catch(() => undefined);
    const timer = setInterval(run, Math.max(100, everyMs));
    timer.unref();
    this.repeats.set(key, { entry: { key, job: definition.name, everyMs, payload }, timer });
    run();
  }

  async unschedule(key: string): Promise<boolean> {
    const existing = this.repeats.get(key);
    if (!existing) return false;
    clearInterval(existing.timer);
    this.repeats.delete(key);
    return true;
  }

  async schedules(): Promise<ScheduleEntry[]> {
    return [...this.repeats.values()].map((r) => r.entry);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.repeats.values()) clearInterval(r.timer);
    this.repeats.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
    // A running crawl winds down (it keeps what it recorded); other running jobs finish: their
    // work is idempotent, and what they enqueue is dropped (start-up recovery finds it again).
    this.abort.abort();
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private countsOf(name: string) {
    let c = this.counts.get(name);
    if (!c) this.counts.set(name, (c = { completed: 0, failed: 0, active: 0, delayed: 0 }));
    return c;
  }

  private later(job: PendingJob, delayMs: number): void {
    this.countsOf(job.definition.name).delayed++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.countsOf(job.definition.name).delayed--;
      this.waiting.push(job);
      this.pump();
    }, delayMs);
    this.timers.add(timer);
  }

  private isIdle(): boolean {
    return this.running === 0 && this.waiting.length === 0 && this.timers.size === 0;
  }

  private pump(): void {
    if (!this.started || this.closed) return this.notifyIdle();
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (!this.isIdle() && !(this.closed && this.running === 0)) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async run(job: PendingJob): Promise<void> {
    const name = job.definition.name;
    const entry = this.handlers.get(name);
    const counts = this.countsOf(name);
    if (!entry) {
      this.fail(job, `没有处理程序：${name}`);
      return;
    }
    const ctx: JobContext = {
      enqueue: (definition, payload, options) => this.enqueue(definition, payload, options),
      logger: this.logger.child({ job: name, jobId: job.id }),
      attempt: job.attempt,
      signal: this.abort.signal,
    };
    counts.active++;
    const started = performance.now();
    try {
      const payload = parsePayload(entry.definition, job.payload);
      await entry.handler(payload, ctx);
      counts.completed++;
      this.knownIds.delete(job.id);
      this.latencyOf(name).add(performance.now() - started);
    } catch (error) {
      const attempts = entry.definition.attempts ?? 5;
      // A database outage in one short line, as on BullMQ (the raw error stays in the log object).
      const reason = asDatabaseUnavailable(error)?.message ?? describeError(error);
      if (isRetryable(error) && job.attempt < attempts && !this.closed) {
        const delay = (entry.definition.backoffMs ?? 1000) * 2 ** (job.attempt - 1);
        ctx.logger.warn({ err: error, attempt: job.attempt }, `任务失败，${delay} 毫秒后重试：${reason}`);
        this.later({ ...job, attempt: job.attempt + 1 }, delay);
      } else {
        this.fail(job, reason);
      }
    } finally {
      counts.active--;
    }
  }

  private latencyOf(name: string): LatencyWindow {
    let w = this.latency.get(name);
    if (!w) this.latency.set(name, (w = new LatencyWindow()));
    return w;
  }

  /** A failed job keeps its id known (as on BullMQ): enqueuing it again is a no-op until it is retried. */
  private fail(job: PendingJob, reason: string): void {
    this.countsOf(job.definition.name).failed++;
    this.logger.error({ job: job.definition.name, jobId: job.id, reason }, `任务失败：${reason}`);
    this.failedJobs.push({ queue: job.definition.name, id: job.id, name: job.definition.name, payload: job.payload, reason, attempts: job.attempt, failedAt: new Date().toISOString() });
    if (this.failedJobs.length > 1000) {
      const dropped = this.failedJobs.shift();
      if (dropped) this.knownIds.delete(dropped.id);
    }
  }
}

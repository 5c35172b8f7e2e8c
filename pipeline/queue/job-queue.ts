/**
 * The queue contract every stage runs on: BullMQ on Redis in production, an in-process queue in
 * the embedded default. Stages are job handlers and never know which one runs them.
 */
import type { z } from 'zod';
import type { Logger } from '../../core/index.js';
import type { QueueDataLoss } from './queue-data-loss.js';

/** A job kind: an id, a version, the payload's schema, and how to retry (house style 7). */
export interface JobDefinition<P = unknown> {
  name: string;
  version: number;
  schema: z.ZodType<P>;
  /** Attempts in all, including the first. @default 5 */
  attempts?: number;
  /** First retry delay; doubles each attempt. @default 1000 */
  backoffMs?: number;
}

export interface EnqueueOptions {
  /** Idempotency key: a job with the same id that is still known to the queue is not added again. */
  jobId?: string;
  delayMs?: number;
  /**
   * When a job with this id already ran to completion and is still kept, run it again rather than
   * treating the enqueue as a duplicate (start-up recovery and the unfinished-work sweep).
   * @default false
   */
  replaceCompleted?: boolean;
}

/** A repeating job: `key` is unique across the queue; the first run is due at once. */
export interface ScheduleEntry {
  key: string;
  job: string;
  everyMs: number;
  payload: unknown;
  /** Next run, ISO time, when the queue knows it. */
  nextAt?: string | undefined;
}

export interface JobContext {
  /** Adds a follow-up job (the next stage). */
  enqueue<P>(definition: JobDefinition<P>, payload: P, options?: EnqueueOptions): Promise<void>;
  logger: Logger;
  attempt: number;
  signal: AbortSignal;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<void>;

export interface FailedJob {
  queue: string;
  id: string;
  name: string;
  payload: unknown;
  reason: string;
  attempts: number;
  failedAt: string;
}

export interface StageCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

export interface StageMetrics extends StageCounts {
  name: string;
  /** Processing time of recent jobs, milliseconds. */
  latencyMs: { p50: number; p95: number; count: number };
  /** Time from enqueue to completion of recent jobs (waiting included), milliseconds. */
  turnaroundMs?: { p50: number; p95: number; count: number } | undefined;
}

export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  /** Registers the handler of a job kind; a queue only runs kinds it has a handler for. */
  handle<P>(definition: JobDefinition<P>, handler: JobHandler<P>): void;
  enqueue<P>(definition: JobDefinition<P>, payload: P, options?: EnqueueOptions): Promise<void>;
  /** Starts processing (a producer-only process never calls it). */
  start(options?: { concurrency?: number }): Promise<void>;
  /** Resolves when nothing is waiting, delayed or running (for tests and `--once` runs). */
  idle(timeoutMs?: number): Promise<void>;
  failed(): Promise<FailedJob[]>;
  /** Re-runs failed jobs (all, or those ids); returns how many. */
  retryFailed(ids?: string[]): Promise<number>;
  metrics(): Promise<StageMetrics[]>;
  /** Adds or updates a repeating job (idempotent; an unchanged schedule keeps its timing). */
  schedule<P>(key: string, definition: JobDefinition<P>, payload: P, everyMs: number): Promise<void>;
  /** Removes a repeating job; false when there was none. */
  unschedule(key: string): Promise<boolean>;
  schedules(): Promise<ScheduleEntry[]>;
  /**
   * A token that stays the same while the queue keeps its data, created when missing (BullMQ: a
   * key in Redis). A process that reads another token than before knows the queue's data was lost
   * meanwhile (Redis restarted without persistence, flushed). Absent: the queue lives and dies
   * with the process (in-process queue), nothing to watch.
   */
  dataMark?(): Promise<string>;
  /**
   * True for the first caller of `key` while the queue keeps its data (with `dataMark`), so one
   * process of many does a piece of work after a loss.
   */
  claim?(key: string): Promise<boolean>;
  /**
   * Writes the installation's record of the last loss (queue-data-loss.ts), kept with the queue's
   * data: `lostAt`, and `resend: 'pending'`, only where none is recorded (the first process to
   * notice wins; a re-sending already taken or done is not undone), the other fields as given.
   * Absent with `dataMark`.
   */
  recordDataLoss?(loss: Partial<QueueDataLoss>): Promise<void>;
  /** The record of the last loss; undefined when the queue has lost no data since it last lost it all. */
  dataLoss?(): Promise<QueueDataLoss | undefined>;
  /**
   * Marks the re-sending of the loss noticed at `lostAt` done (`resent` letters, at `resentAt`),
   * only while its record says `failed`: the unfinished-work sweep did the work since. True when it did.
   */
  settleFailedResend?(lostAt: string, resent: number, resentAt: string): Promise<boolean>;
  /** Stops taking jobs, lets running ones finish (or hands them back), closes connections. */
  close(): Promise<void>;
}

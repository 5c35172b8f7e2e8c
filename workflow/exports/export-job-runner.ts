/**
 * Runs console exports as jobs (export-jobs.ts) in this process: records the job, streams the rows
 * into `<dir>/<job id>.<format>` (this process's own folder), copies the finished file into the
 * store (export-files.ts) and removes it from the folder, writes progress at most every `progressEveryMs` and a heartbeat
 * every `heartbeatMs` (so a slow page never makes a live job look dead), and marks the job done or
 * failed. A failed or interrupted export leaves no file. `close` interrupts this process's running
 * exports (graceful shutdown): they read as failed at once instead of after `staleMs`.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describeError, silentLogger, type Logger } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { requireRole, type Actor } from '../users/actor.js';
import { storeExportFile } from './export-files.js';
import { countExportRows } from './export-case-rows.js';
import { exportFilterSchema, type ExportFilter } from './export-rows.js';
import {
  failExportJob,
  finishExportJob,
  interruptedExportMessage,
  recordExportLogId,
  recordExportProgress,
  startExportJob,
  type ExportJobPolicy,
  type ExportJobView,
} from './export-jobs.js';
import { exportRoles, runExport } from './run-export.js';
import type { ExportFormat } from './writers.js';

export interface ExportJobRunnerOptions {
  /** Where this process writes the files of its running exports (finished ones are kept in the store). Created when missing. */
  dir: string;
  policy?: Partial<ExportJobPolicy>;
  /** Progress is written at most this often (the heartbeat aside). @default 500 */
  progressEveryMs?: number;
  /** How often a running job's heartbeat is written, whatever the progress. Well under `staleMs`. @default 15000 */
  heartbeatMs?: number;
  /** Messages per query. @default 500 */
  batchSize?: number;
  /** On close, how long to wait for running exports to stop at their next page. @default 5000 */
  closeTimeoutMs?: number;
  logger?: Logger;
}

export interface ExportJobRequest {
  actor: Actor;
  format: ExportFormat;
  filter: ExportFilter;
  masked: boolean;
  /** The download's name. */
  fileName: string;
}

export interface ExportJobRunner {
  /**
   * Starts an export: answers once the job is recorded (RATE_LIMITED over the limit); `done`
   * settles when the file is complete (or rejects with the export's error, already recorded).
   */
  start(request: ExportJobRequest): Promise<{ job: ExportJobView; done: Promise<void> }>;
  /**
   * Removes files in the folder that belong to no running export: what a process killed on this
   * machine left half-written (the store's sweep can only remove files on its own machine's
   * paths). Returns how many were removed.
   */
  sweepFolder(): Promise<number>;
  /** Interrupts this process's running exports: each reads as failed (导出因服务中断…) and leaves no file. */
  close(): Promise<void>;
}

/** The name of a running export's file: `<job id>.<format>` (export-jobs.ts). */
const exportFileName = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(csv|xlsx|json)$/;

class ExportInterrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportInterrupted';
  }
}

const viewOnly = (job: ExportJobView & { filePath: string }): ExportJobView => {
  const view: ExportJobView & { filePath?: string } = { ...job };
  delete view.filePath;
  return view;
};

export function createExportJobRunner(db: Db, options: ExportJobRunnerOptions): ExportJobRunner {
  const logger = options.logger ?? silentLogger;
  const progressEveryMs = options.progressEveryMs ?? 500;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
  const running = new Map<string, { abort: AbortController; settled: Promise<void>; filePath: string }>();

  async function write(job: ExportJobView & { filePath: string }, request: ExportJobRequest, abort: AbortController): Promise<void> {
    let latest = { rows: 0, total: job.total };
    let lastWrite = 0;
    let writes: Promise<void> = Promise.resolve();
    // Writes are chained so they land in order; a job no longer running (declared dead by another
    // process) stops the export.
    const beat = () => {
      lastWrite = Date.now();
      const progress = latest;
      writes = writes
        .then(async () => {
          if (!(await recordExportProgress(db, job.id, progress))) abort.abort(new ExportInterrupted(interruptedExportMessage));
        })
        .catch((error: unknown) => logger.warn({ err: error, exportId: job.id }, '导出进度写入失败'));
    };
    const heartbeat = setInterval(beat, heartbeatMs);
    heartbeat.unref();
    const out = createWriteStream(job.filePath);
    // Write errors reach the export through the writer; this keeps a late one from crashing the process.
    out.on('error', (error) => logger.warn({ err: error, exportId: job.id }, '导出文件写入出错'));
    const closed = once(out, 'close').catch(() => undefined);
    try {
      const result = await runExport(db, {
        format: request.format,
        filter: request.filter,
        masked: request.masked,
        actor: request.actor,
        via: 'console',
        out,
        batchSize: options.batchSize,
        signal: abort.signal,
        onLogged: (logId) => recordExportLogId(db, job.id, logId),
        onProgress: (p) => {
          latest = p;
          if (Date.now() - lastWrite >= progressEveryMs) beat();
        },
      });
      await closed; // the file is complete on disk before it is stored
      clearInterval(heartbeat);
      await writes;
      const stored = await storeExportFile(db, job.id, job.filePath, (tx, fileSize) => finishExportJob(tx, job.id, { ...result, fileSize }, options.policy));
      await rm(job.filePath, { force: true });
      if (!stored) throw new ExportInterrupted(interruptedExportMessage);
    } catch (error) {
      clearInterval(heartbeat);
      await writes;
      await closed;
      await rm(job.filePath, { force: true });
      await failExportJob(db, job.id, describeError(error), options.policy).catch((e: unknown) => logger.warn({ err: e, exportId: job.id }, '导出状态写入失败'));
      throw error;
    }
  }

  return {
    async start(request) {
      requireRole(request.actor, exportRoles);
      const filter = exportFilterSchema.parse(request.filter);
      await mkdir(options.dir, { recursive: true });
      const total = await countExportRows(db, filter, request.actor);
      const job = await startExportJob(db, { actor: request.actor, format: request.format, filter, masked: request.masked, total, fileName: request.fileName, dir: options.dir, policy: options.policy });
      const abort = new AbortController();
      const done = write(job, { ...request, filter }, abort);
      const settled = done.then(
        () => undefined,
        () => undefined,
      );
      running.set(job.id, { abort, settled, filePath: job.filePath });
      void settled.then(() => running.delete(job.id));
      return { job: viewOnly(job), done };
    },

    async sweepFolder() {
      const names = await readdir(options.dir).catch(() => [] as string[]);
      const files = names.flatMap((name) => {
        const m = exportFileName.exec(name);
        return m ? [{ name, id: m[1]! }] : [];
      });
      if (files.length === 0) return 0;
      const live = await db.exportJob.findMany({ where: { id: { in: files.map((f) => f.id) }, status: 'running' }, select: { id: true } });
      const keep = new Set([...live.map((j) => j.id), ...running.keys()]);
      const gone = files.filter((f) => !keep.has(f.id));
      await Promise.all(gone.map((f) => rm(path.join(options.dir, f.name), { force: true })));
      return gone.length;
    },

    async close() {
      const jobs = [...running.entries()];
      for (const [, j] of jobs) j.abort.abort(new ExportInterrupted(interruptedExportMessage));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(jobs.map(([, j]) => j.settled)), new Promise((resolve) => (timer = setTimeout(resolve, closeTimeoutMs)))]);
      clearTimeout(timer);
      // An export stuck in a query cannot see the abort: record the interruption for it now, while
      // the store is still open, rather than leave it to look alive until its heartbeat is stale.
      for (const [id, j] of running) {
        await failExportJob(db, id, interruptedExportMessage, options.policy).catch(() => undefined);
        await rm(j.filePath, { force: true });
      }
    },
  };
}

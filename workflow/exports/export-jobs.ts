/**
 * Console exports as jobs in the store (table ExportJob), so that every console process sees the
 * same jobs: whichever process a poll reaches reports the progress, the per-person limit of
 * running exports is counted across processes, and the finished file, kept in the store too
 * (export-files.ts), is served by any of them on any machine. A restart loses no finished export.
 *
 * The process writing a job touches its heartbeat (`updatedAt`) while it runs. A job still
 * `running` whose heartbeat is older than `staleMs` belonged to a process that died: it is
 * reported failed (导出因服务中断而未完成) and its partial file removed, by whoever looks first.
 * A finished job stays downloadable for `keepMs`; after that its file is removed and it reads as
 * 已过期. Only the person who asked sees a job.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { removeStoredExportFiles } from './export-files.js';
import type { ExportFilter } from './export-rows.js';
import type { ExportFormat } from './writers.js';

type Tx = Prisma.TransactionClient;

export interface ExportJobPolicy {
  /** Exports one person may have running at once, counted in the store (so across processes). @default 2 */
  maxRunning: number;
  /** How long a finished export stays downloadable. @default 10 minutes */
  keepMs: number;
  /** A running job whose heartbeat is older than this belonged to a process that died. @default 2 minutes */
  staleMs: number;
  /** Expired jobs are forgotten (their rows deleted) this long after expiry; ExportLog keeps the record. @default 1 day */
  forgetMs: number;
}

export const defaultExportJobPolicy: ExportJobPolicy = { maxRunning: 2, keepMs: 10 * 60_000, staleMs: 2 * 60_000, forgetMs: 24 * 3_600_000 };

/** What staff read for a job whose process stopped before the file was complete. */
export const interruptedExportMessage = '导出因服务中断而未完成，请重新导出';
/** What staff read for a finished job whose file has been removed. */
export const expiredExportMessage = '导出文件已过期，请重新导出';

export type ExportJobStatus = 'running' | 'done' | 'failed' | 'expired';

/** A job as its owner sees it. */
export interface ExportJobView {
  id: string;
  status: ExportJobStatus;
  format: ExportFormat;
  masked: boolean;
  filter: ExportFilter;
  rows: number;
  total: number;
  error: string | null;
  fileName: string;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string;
}

type ExportJobRow = Prisma.ExportJobGetPayload<object>;

const policyOf = (policy: Partial<ExportJobPolicy> | undefined): ExportJobPolicy => ({ ...defaultExportJobPolicy, ...policy });

function viewOf(row: ExportJobRow, now: Date): ExportJobView {
  const expired = row.status !== 'running' && row.expiresAt.getTime() <= now.getTime();
  return {
    id: row.id,
    status: expired ? 'expired' : (row.status as ExportJobStatus),
    format: row.format as ExportFormat,
    masked: row.masked,
    filter: row.filter as ExportFilter,
    rows: row.rows,
    total: row.total,
    error: expired ? expiredExportMessage : row.error,
    fileName: row.fileName,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * Removes the files of jobs: a file a process was writing (or left behind when it died) and a
 * finished file kept in the store; then forgets both. A file already gone is fine.
 */
async function removeFiles(db: Db, jobs: { id: string; filePath: string | null; fileSize?: number | null }[]): Promise<void> {
  const withFile = jobs.filter((j) => j.filePath || (j.fileSize ?? null) !== null);
  if (withFile.length === 0) return;
  await Promise.all(withFile.flatMap((j) => (j.filePath ? [rm(j.filePath, { force: true })] : [])));
  await removeStoredExportFiles(db, withFile.map((j) => j.id));
  await db.exportJob.updateMany({ where: { id: { in: withFile.map((j) => j.id) } }, data: { filePath: null } });
}

/**
 * Marks running jobs with a heartbeat older than `staleMs` failed; returns them with their file
 * paths (still set) for the caller to remove once this is committed. One statement, so a job that
 * beats in between is left alone.
 */
async function failStaleJobs(db: Db | Tx, where: Prisma.ExportJobWhereInput, policy: ExportJobPolicy, now: Date) {
  const stale = await db.exportJob.updateManyAndReturn({
    where: { ...where, status: 'running', updatedAt: { lt: new Date(now.getTime() - policy.staleMs) } },
    data: { status: 'failed', error: interruptedExportMessage, finishedAt: now, expiresAt: new Date(now.getTime() + policy.keepMs) },
    select: { id: true, filePath: true, fileSize: true, logId: true },
  });
  // The export's record (导出记录) would otherwise say 进行中 for ever.
  const logIds = stale.flatMap((j) => (j.logId ? [j.logId] : []));
  if (logIds.length > 0) {
    await db.exportLog.updateMany({ where: { id: { in: logIds }, status: 'running' }, data: { status: 'failed', error: interruptedExportMessage, finishedAt: now } });
  }
  return stale;
}

export interface StartExportJobInput {
  actor: Actor;
  format: ExportFormat;
  filter: ExportFilter;
  masked: boolean;
  /** Rows the export is expected to have. */
  total: number;
  /** The download's name. */
  fileName: string;
  /** The export folder; the file is `<dir>/<job id>.<format>`. */
  dir: string;
  policy?: Partial<ExportJobPolicy>;
  now?: Date;
}

/**
 * Records a new running job, unless the person already has `maxRunning` running (RATE_LIMITED).
 * The count and the insert run under a per-person transaction lock, so requests reaching
 * different processes at the same moment cannot together pass the limit.
 */
export async function startExportJob(db: Db, input: StartExportJobInput): Promise<ExportJobView & { filePath: string }> {
  const policy = policyOf(input.policy);
  const now = input.now ?? new Date();
  const id = randomUUID();
  const filePath = path.join(input.dir, `${id}.${input.format}`);
  const outcome = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`export-jobs:${input.actor.userId}`}))`;
    const stale = await failStaleJobs(tx, { userId: input.actor.userId }, policy, now);
    const running = await tx.exportJob.count({ where: { userId: input.actor.userId, status: 'running' } });
    if (running >= policy.maxRunning) return { stale, refused: running };
    const row = await tx.exportJob.create({
      data: {
        id,
        userId: input.actor.userId,
        format: input.format,
        filter: input.filter,
        masked: input.masked,
        total: input.total,
        fileName: input.fileName,
        filePath,
        createdAt: now,
        updatedAt: now,
        expiresAt: new Date(now.getTime() + policy.keepMs),
      },
    });
    return { stale, row };
  });
  await removeFiles(db, outcome.stale);
  if (!outcome.row) throw new AppError('RATE_LIMITED', `已有 ${outcome.refused} 个导出正在进行，请稍候`);
  return { ...viewOf(outcome.row, now), filePath };
}

/**
 * Writes a running job's progress and heartbeat. False when the job is no longer running (another
 * process declared it dead): the writer should stop and remove its file.
 */
export async function recordExportProgress(db: Db, id: string, progress: { rows: number; total: number }, now: Date = new Date()): Promise<boolean> {
  const { count } = await db.exportJob.updateMany({ where: { id, status: 'running' }, data: { rows: progress.rows, total: progress.total, updatedAt: now } });
  return count > 0;
}

/** Links a running job to its ExportLog row as soon as that is written. */
export async function recordExportLogId(db: Db, id: string, logId: string): Promise<void> {
  await db.exportJob.updateMany({ where: { id }, data: { logId } });
}

/**
 * Marks a running job done, with the size of its file now kept in the store (export-files.ts; in
 * the same transaction); the file stays downloadable for `keepMs`. False when it was no longer running.
 */
export async function finishExportJob(
  db: Db | Tx,
  id: string,
  result: { rows: number; total: number; logId: string; fileSize: number },
  policy?: Partial<ExportJobPolicy>,
  now: Date = new Date(),
): Promise<boolean> {
  const { count } = await db.exportJob.updateMany({
    where: { id, status: 'running' },
    data: {
      status: 'done',
      rows: result.rows,
      total: result.total,
      logId: result.logId,
      filePath: null,
      fileSize: result.fileSize,
      updatedAt: now,
      finishedAt: now,
      expiresAt: new Date(now.getTime() + policyOf(policy).keepMs),
    },
  });
  return count > 0;
}

/**
 * Marks a running job failed with a message for staff (and its ExportLog row, if the export did
 * not get to say so itself); the writer removes its own file.
 */
export async function failExportJob(db: Db, id: string, error: string, policy?: Partial<ExportJobPolicy>, now: Date = new Date()): Promise<boolean> {
  const message = error.slice(0, 500);
  const failed = await db.exportJob.updateManyAndReturn({
    where: { id, status: 'running' },
    data: { status: 'failed', error: message, filePath: null, updatedAt: now, finishedAt: now, expiresAt: new Date(now.getTime() + policyOf(policy).keepMs) },
    select: { logId: true },
  });
  const logId = failed[0]?.logId;
  if (logId) await db.exportLog.updateMany({ where: { id: logId, status: 'running' }, data: { status: 'failed', error: message, finishedAt: now } });
  return failed.length > 0;
}

/**
 * One of the actor's own jobs, brought up to date first: a stale running job becomes failed, an
 * expired one loses its file. Another person's job, or one forgotten, is NOT_FOUND.
 * `fileSize` is set only while a finished file is kept to download.
 */
export async function getOwnExportJob(
  db: Db,
  input: { id: string; actor: Actor; policy?: Partial<ExportJobPolicy>; now?: Date },
): Promise<ExportJobView & { fileSize: number | null }> {
  const policy = policyOf(input.policy);
  const now = input.now ?? new Date();
  const where = { id: input.id, userId: input.actor.userId };
  await removeFiles(db, await failStaleJobs(db, where, policy, now));
  let row = await db.exportJob.findFirst({ where });
  if (!row) throw new AppError('NOT_FOUND', '导出任务不存在或已过期');
  const view = viewOf(row, now);
  if (view.status === 'expired' && (row.filePath || row.fileSize !== null)) {
    await removeFiles(db, [row]);
    row = { ...row, filePath: null, fileSize: null };
  }
  return { ...view, fileSize: view.status === 'done' ? row.fileSize : null };
}

/** The actor's own jobs, newest first (stale ones reported failed). */
export async function listExportJobs(db: Db, input: { actor: Actor; limit?: number; policy?: Partial<ExportJobPolicy>; now?: Date }): Promise<ExportJobView[]> {
  const policy = policyOf(input.policy);
  const now = input.now ?? new Date();
  await removeFiles(db, await failStaleJobs(db, { userId: input.actor.userId }, policy, now));
  const rows = await db.exportJob.findMany({ where: { userId: input.actor.userId }, orderBy: { createdAt: 'desc' }, take: Math.min(input.limit ?? 20, 100) });
  return rows.map((r) => viewOf(r, now));
}

/**
 * The sweep any console process runs from time to time: jobs of dead processes become failed,
 * expired jobs' files are removed, and jobs expired more than `forgetMs` ago are deleted.
 */
export async function expireExportJobs(db: Db, input: { policy?: Partial<ExportJobPolicy>; now?: Date } = {}): Promise<{ failed: number; removed: number; forgotten: number }> {
  const policy = policyOf(input.policy);
  const now = input.now ?? new Date();
  const stale = await failStaleJobs(db, {}, policy, now);
  await removeFiles(db, stale);
  const expired = await db.exportJob.findMany({
    where: { status: { not: 'running' }, expiresAt: { lte: now }, OR: [{ filePath: { not: null } }, { fileSize: { not: null } }] },
    select: { id: true, filePath: true, fileSize: true },
    take: 500,
  });
  await removeFiles(db, expired);
  const { count: forgotten } = await db.exportJob.deleteMany({ where: { status: { not: 'running' }, expiresAt: { lt: new Date(now.getTime() - policy.forgetMs) } } });
  return { failed: stale.length, removed: expired.length, forgotten };
}

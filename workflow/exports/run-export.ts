/**
 * One export, from the console or the CLI: count, stream the rows page by page into the chosen
 * format, report progress, and log it in ExportLog (who, filters, masking, rows, outcome).
 * A unit exports only its own cases; the offices export everything.
 */
import type { Writable } from 'node:stream';
import { describeError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { requireRole, type Actor } from '../users/actor.js';
import { accountNames } from '../users/actor-name.js';
import { countExportRows, exportColumnsFor, exportRowBatches } from './export-case-rows.js';
import { exportConditions, exportFilterSchema, exportJsonStamp, type ExportFilter } from './export-rows.js';
import { exportLogFormatName } from './export-log.js';
import { createBatchWriter, type ExportFormat } from './writers.js';

export interface RunExportInput {
  format: ExportFormat;
  filter: ExportFilter;
  /** Mask phone numbers, ID numbers and authors' names. */
  masked: boolean;
  actor: Actor;
  /** Where the export was asked for, for the log. */
  via: 'console' | 'cli';
  /** The destination; ended when the export finishes. */
  out: Writable;
  /** Called once the export's ExportLog row is written. */
  onLogged?: (logId: string) => void | Promise<void>;
  /** Called after each page with the rows written so far and the total. */
  onProgress?: (progress: { rows: number; total: number }) => void;
  /** Rows (cases or messages) per query. @default 500 */
  batchSize?: number;
  /** Stops the export before its next page (the reason becomes the error); the destination is destroyed. */
  signal?: AbortSignal;
}

export interface ExportResult {
  logId: string;
  rows: number;
  total: number;
}

/** Roles that may export; units get their own cases only. */
export const exportRoles = ['egov_centre', 'gov_office', 'leader', 'supervision', 'admin', 'unit', 'system'] as const;

export async function runExport(db: Db, input: RunExportInput): Promise<ExportResult> {
  let filter: ExportFilter;
  let total: number;
  let log: { id: string };
  try {
    requireRole(input.actor, exportRoles);
    filter = exportFilterSchema.parse(input.filter);
    total = await countExportRows(db, filter, input.actor);
    log = await db.exportLog.create({
      // In staff's words, as the console's 导出记录 shows them (older rows hold the raw filter keys).
      data: { actor: input.actor.username, role: input.actor.role, via: input.via, format: input.format, filters: exportConditions(filter), masked: input.masked },
    });
  } catch (error) {
    input.out.destroy(); // the destination is ours to end, whatever happens
    throw error;
  }
  let rows = 0;
  try {
    await input.onLogged?.(log.id);
    const writer = createBatchWriter(input.format, input.out, exportColumnsFor(filter, input.actor), exportJsonStamp(filter));
    input.onProgress?.({ rows, total });
    for await (const batch of exportRowBatches(db, { filter, actor: input.actor, masked: input.masked, batchSize: input.batchSize })) {
      input.signal?.throwIfAborted();
      await writer.write(batch);
      rows += batch.length;
      input.onProgress?.({ rows, total: Math.max(total, rows) });
    }
    input.signal?.throwIfAborted();
    await writer.end();
    await db.exportLog.update({ where: { id: log.id }, data: { status: 'done', rows, finishedAt: new Date() } });
    return { logId: log.id, rows, total };
  } catch (error) {
    await db.exportLog.update({ where: { id: log.id }, data: { status: 'failed', rows, error: describeError(error).slice(0, 500), finishedAt: new Date() } }).catch(() => undefined);
    input.out.destroy();
    throw error;
  }
}

/** The latest exports (卷内目录 too: export-log.ts), newest first (the console's export page), each with its format in staff's words. */
export async function listExportLogs(db: Db, input: { actor: Actor; limit?: number }) {
  requireRole(input.actor, exportRoles);
  const where = input.actor.role === 'unit' ? { actor: input.actor.username } : {};
  const rows = await db.exportLog.findMany({ where, orderBy: { startedAt: 'desc' }, take: Math.min(input.limit ?? 20, 100) });
  // Who exported, as staff read an account (区政府办（office）), beside the username the log keeps.
  const names = await accountNames(db, rows.map((r) => r.actor));
  return rows.map((r) => ({ ...r, formatName: exportLogFormatName(r.format), actorName: names[r.actor] ?? r.actor, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null }));
}

/**
 * Exports from the console. POST /api/exports starts one as a job in the store
 * (workflow/exports/export-jobs.ts): the rows are streamed page by page into a file in this
 * process's export folder while GET /api/exports/:id reports progress; the finished file is kept in
 * the store, and GET /api/exports/:id/file streams it from there as a download. Any console process
 * sharing the store answers both, on any machine, and a restart loses no finished export; only the person who asked sees a job. GET /api/exports/stream
 * writes the export straight into the response (automation and the CLI through a running main job).
 * Every export is logged by workflow (ExportLog); files are removed after `keepMs`. Both take
 * `rowsPer` (case: 每件一行, the default; message: 每条留言一行) and `dateBasis` (posted: 按留言时间,
 * the default; registered: 按登记时间, the bulletin's) with the filters.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError, reversedPeriodMessage, type Logger } from '../../core/index.js';
import type { Store } from '../../workflow/index.js';
import {
  chinaIsoTime,
  countExportRows,
  createExportJobRunner,
  expireExportJobs,
  expiredExportMessage,
  exportContentTypes,
  exportFilterSchema,
  exportFormats,
  getOwnExportJob,
  listExportJobs,
  listExportLogs,
  readStoredExportFile,
  runExport,
  type ExportFilter,
  type ExportJobPolicy,
} from '../../workflow/exports/index.js';
import { parseIsoDate } from '../../workflow/calendar/index.js';
import { requireRole } from '../../workflow/users/index.js';
import { actorOf, parseInput } from './request-input.js';

const startBody = z.object({
  format: z.enum(exportFormats),
  masked: z.boolean().default(false),
  filter: exportFilterSchema.default({}),
});

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);
const streamQuery = z.object({
  format: z.enum(exportFormats),
  masked: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').default(false),
  from: z.preprocess(emptyToUndefined, z.string().optional()),
  to: z.preprocess(emptyToUndefined, z.string().optional()),
  channel: z.preprocess(emptyToUndefined, z.string().optional()),
  category: z.preprocess(emptyToUndefined, z.string().optional()),
  state: z.preprocess(emptyToUndefined, z.string().optional()),
  review: z.preprocess(emptyToUndefined, z.string().optional()),
  rowsPer: z.preprocess(emptyToUndefined, z.string().optional()),
  dateBasis: z.preprocess(emptyToUndefined, z.string().optional()),
  archiveVolume: z.preprocess(emptyToUndefined, z.string().optional()),
});

/** The filter's period: dates that exist, the start not after the end (the schema checks only their form). */
function checkPeriod(filter: ExportFilter): ExportFilter {
  for (const [name, date] of [['开始日期', filter.from], ['结束日期', filter.to]] as const) {
    if (date !== undefined) {
      try {
        parseIsoDate(date);
      } catch {
        throw new AppError('BAD_INPUT', `${name}不存在：${date}`);
      }
    }
  }
  if (filter.from && filter.to && filter.from > filter.to) throw new AppError('BAD_INPUT', reversedPeriodMessage(filter.from, filter.to));
  return filter;
}

/**
 * An export's file name: the time on staff's clocks (Beijing) to the second and a short random
 * suffix, `minsheng-export-20261128-172809-3fa2c1.csv`, so two exports of one minute (or one
 * second: two people of an office) never share a name in the downloads folder. A finished export
 * keeps the name it was given (downloads go by its id), so those named before keep theirs.
 */
const exportFileName = (format: string) => `minsheng-export-${chinaIsoTime(new Date()).slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${randomBytes(3).toString('hex')}.${format}`;

export interface ExportRoutesOptions {
  store: Store;
  logger: Logger;
  /**
   * Where this process writes the files of its running exports (finished files are kept in the
   * store, so the folder need not be shared). @default `<OS temp dir>/minsheng-exports`
   */
  exportDir?: string;
  /** How long a finished export file stays downloadable. @default 10 minutes */
  keepMs?: number;
  /** Running exports per person, and when a silent running export counts as dead. @default 2, 2 minutes */
  jobPolicy?: Partial<Pick<ExportJobPolicy, 'maxRunning' | 'staleMs'>>;
  /** How often this process sweeps dead and expired exports. @default 60000 */
  sweepEveryMs?: number;
}

export async function exportRoutes(app: FastifyInstance, options: ExportRoutesOptions): Promise<void> {
  const db = options.store.db;
  const policy: Partial<ExportJobPolicy> = { ...options.jobPolicy, ...(options.keepMs ? { keepMs: options.keepMs } : {}) };
  const runner = createExportJobRunner(db, { dir: options.exportDir ?? path.join(tmpdir(), 'minsheng-exports'), policy, logger: options.logger });
  const sweep = () =>
    Promise.all([expireExportJobs(db, { policy }), runner.sweepFolder()]).catch((error: unknown) => options.logger.warn({ err: error }, '清理过期导出失败'));
  const sweeper = setInterval(() => void sweep(), options.sweepEveryMs ?? 60_000);
  sweeper.unref();
  app.addHook('onReady', async () => void (await sweep()));
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    await runner.close();
  });

  app.post('/api/exports', async (request) => {
    const actor = actorOf(request);
    const body = parseInput(startBody, request.body);
    const { job, done } = await runner.start({ actor, format: body.format, filter: checkPeriod(body.filter), masked: body.masked, fileName: exportFileName(body.format) });
    done.catch((error: unknown) => options.logger.warn({ err: error, exportId: job.id }, '导出失败'));
    return { id: job.id, total: job.total, status: job.status };
  });

  app.get('/api/exports/:id', async (request) => {
    const actor = actorOf(request);
    const { id } = parseInput(z.object({ id: z.string().uuid() }), request.params);
    const job = await getOwnExportJob(db, { id, actor, policy });
    return { id: job.id, status: job.status, rows: job.rows, total: job.total, error: job.error, fileName: job.fileName, format: job.format, filter: job.filter };
  });

  app.get('/api/exports/:id/file', async (request, reply: FastifyReply) => {
    const actor = actorOf(request);
    const { id } = parseInput(z.object({ id: z.string().uuid() }), request.params);
    const job = await getOwnExportJob(db, { id, actor, policy });
    if (job.status === 'expired') throw new AppError('NOT_FOUND', expiredExportMessage);
    if (job.status !== 'done') throw new AppError('CONFLICT', job.status === 'failed' ? `导出失败：${job.error ?? ''}` : '导出尚未完成');
    if (job.fileSize === null) throw new AppError('NOT_FOUND', expiredExportMessage);
    return reply
      .type(exportContentTypes[job.format])
      .header('content-length', String(job.fileSize))
      .header('content-disposition', `attachment; filename="${job.fileName}"`)
      .send(readStoredExportFile(db, job.id, job.fileSize));
  });

  app.get('/api/exports', async (request) => {
    const actor = actorOf(request);
    return { exports: await listExportLogs(db, { actor }), jobs: await listExportJobs(db, { actor, policy }) };
  });

  app.get('/api/exports/stream', async (request, reply: FastifyReply) => {
    const actor = actorOf(request);
    requireRole(actor, ['egov_centre', 'gov_office', 'leader', 'supervision', 'admin', 'unit', 'system']);
    const q = parseInput(streamQuery, request.query);
    const filter = checkPeriod(parseInput(exportFilterSchema, { rowsPer: q.rowsPer, dateBasis: q.dateBasis, from: q.from, to: q.to, channel: q.channel, category: q.category, state: q.state, review: q.review, archiveVolume: q.archiveVolume }));
    const total = await countExportRows(db, filter, actor);
    const body = new PassThrough();
    runExport(db, { format: q.format, filter, masked: q.masked, actor, via: request.actor?.userId === 'local-cli' ? 'cli' : 'console', out: body }).catch((error: unknown) => {
      options.logger.warn({ err: error }, '导出失败');
      body.destroy(error as Error);
    });
    return reply
      .type(exportContentTypes[q.format])
      .header('x-export-total', String(total))
      .header('content-disposition', `attachment; filename="${exportFileName(q.format)}"`)
      .send(body);
  });
}

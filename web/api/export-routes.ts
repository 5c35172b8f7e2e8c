/**
 * Exports from the console. POST /api/exports starts one: the rows are streamed page by page into
 * a temporary file while GET /api/exports/:id reports progress; GET /api/exports/:id/file then
 * streams the file as a download (only to the user who asked). GET /api/exports/stream writes the
 * export straight into the response (automation and the CLI through a running main job).
 * Every export is logged by workflow (ExportLog); files are removed after `keepMs`.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError, describeError, type Logger } from '../../core/index.js';
import type { Store } from '../../workflow/index.js';
import { countExportRows, exportContentTypes, exportFilterSchema, exportFormats, listExportLogs, runExport, type ExportFormat } from '../../workflow/exports/index.js';
import { requireRole } from '../../workflow/users/index.js';
import { actorOf, parseInput } from './request-input.js';

interface ExportJob {
  id: string;
  userId: string;
  format: ExportFormat;
  file: string;
  fileName: string;
  status: 'running' | 'done' | 'failed';
  rows: number;
  total: number;
  error?: string;
  logId?: string;
}

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
});

const stamp = () => new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');

export interface ExportRoutesOptions {
  store: Store;
  logger: Logger;
  /** How long a finished export file stays downloadable. @default 10 minutes */
  keepMs?: number;
}

export async function exportRoutes(app: FastifyInstance, options: ExportRoutesOptions): Promise<void> {
  const db = options.store.db;
  const keepMs = options.keepMs ?? 10 * 60_000;
  const jobs = new Map<string, ExportJob>();
  const timers = new Set<NodeJS.Timeout>();
  let dir: string | undefined;
  const workDir = async () => {
    if (!dir) {
      await mkdir(tmpdir(), { recursive: true });
      dir = await mkdtemp(path.join(tmpdir(), 'minsheng-exports-'));
    }
    return dir;
  };
  app.addHook('onClose', async () => {
    for (const t of timers) clearTimeout(t);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const ownJob = (id: string, userId: string): ExportJob => {
    const job = jobs.get(id);
    if (!job || job.userId !== userId) throw new AppError('NOT_FOUND', '导出任务不存在或已过期');
    return job;
  };

  app.post('/api/exports', async (request) => {
    const actor = actorOf(request);
    const body = parseInput(startBody, request.body);
    if ([...jobs.values()].filter((j) => j.userId === actor.userId && j.status === 'running').length >= 2) {
      throw new AppError('RATE_LIMITED', '已有两个导出正在进行，请稍候');
    }
    const id = randomUUID();
    const file = path.join(await workDir(), `${id}.${body.format}`);
    const total = await countExportRows(db, body.filter, actor);
    const job: ExportJob = { id, userId: actor.userId, format: body.format, file, fileName: `minsheng-export-${stamp()}.${body.format}`, status: 'running', rows: 0, total };
    jobs.set(id, job);
    const forget = setTimeout(() => {
      timers.delete(forget);
      jobs.delete(id);
      void rm(file, { force: true });
    }, keepMs);
    forget.unref();
    timers.add(forget);
    runExport(db, {
      format: body.format,
      filter: body.filter,
      masked: body.masked,
      actor,
      via: 'console',
      out: createWriteStream(file),
      onProgress: (p) => {
        job.rows = p.rows;
        job.total = p.total;
      },
    }).then(
      (result) => {
        job.status = 'done';
        job.rows = result.rows;
        job.logId = result.logId;
      },
      (error: unknown) => {
        job.status = 'failed';
        job.error = describeError(error);
        options.logger.warn({ err: error, exportId: id }, '导出失败');
      },
    );
    return { id, total, status: job.status };
  });

  app.get('/api/exports/:id', async (request) => {
    const actor = actorOf(request);
    const { id } = parseInput(z.object({ id: z.string().uuid() }), request.params);
    const job = ownJob(id, actor.userId);
    return { id: job.id, status: job.status, rows: job.rows, total: job.total, error: job.error ?? null, fileName: job.fileName, format: job.format };
  });

  app.get('/api/exports/:id/file', async (request, reply: FastifyReply) => {
    const actor = actorOf(request);
    const { id } = parseInput(z.object({ id: z.string().uuid() }), request.params);
    const job = ownJob(id, actor.userId);
    if (job.status !== 'done') throw new AppError('CONFLICT', job.status === 'failed' ? `导出失败：${job.error ?? ''}` : '导出尚未完成');
    return reply
      .type(exportContentTypes[job.format])
      .header('content-disposition', `attachment; filename="${job.fileName}"`)
      .send(createReadStream(job.file));
  });

  app.get('/api/exports', async (request) => ({ exports: await listExportLogs(db, { actor: actorOf(request) }) }));

  app.get('/api/exports/stream', async (request, reply: FastifyReply) => {
    const actor = actorOf(request);
    requireRole(actor, ['egov_centre', 'gov_office', 'leader', 'supervision', 'admin', 'unit', 'system']);
    const q = parseInput(streamQuery, request.query);
    const filter = parseInput(exportFilterSchema, { from: q.from, to: q.to, channel: q.channel, category: q.category, state: q.state, review: q.review });
    const total = await countExportRows(db, filter, actor);
    const body = new PassThrough();
    runExport(db, { format: q.format, filter, masked: q.masked, actor, via: request.actor?.userId === 'local-cli' ? 'cli' : 'console', out: body }).catch((error: unknown) => {
      options.logger.warn({ err: error }, '导出失败');
      body.destroy(error as Error);
    });
    return reply
      .type(exportContentTypes[q.format])
      .header('x-export-total', String(total))
      .header('content-disposition', `attachment; filename="minsheng-export-${stamp()}.${q.format}"`)
      .send(body);
  });
}

/**
 * Console exports kept in the store (workflow/exports/export-jobs.ts), over real HTTP on the
 * embedded PGlite and on PostgreSQL: a finished export survives a new app instance (and, on
 * PGlite, reopening the store) with its status and file; a job left running by a dead process
 * reads as failed and loses its partial file; only the owner sees a job; expired files are
 * removed. Two console processes sharing one store: console-export-processes.test.ts.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createWebServer } from '../web/index.js';
import { openStore, type Store } from '../workflow/index.js';
import type { Actor } from '../workflow/users/index.js';
import {
  expireExportJobs,
  exportChunkBytes,
  failExportJob,
  finishExportJob,
  interruptedExportMessage,
  readStoredExportFile,
  recordExportLogId,
  removeStoredExportFiles,
  startExportJob,
  storeExportFile,
} from '../workflow/exports/index.js';
import { exists, seed, signIn, waitFinished, type JobAnswer, type Options } from './helpers/export-jobs.js';
import { testDatabaseUrl, uniqueName } from './helpers/services.js';

describe.each(['PGlite', 'PostgreSQL'] as const)('console export jobs on %s', (kind) => {
  let store: Store;
  let reopen: () => Promise<Store>;
  let cleanup: () => Promise<void>;
  let exportDir: string;
  let actors: Record<'egov' | 'office', Actor>;
  const apps: FastifyInstance[] = [];

  const serve = async (options: Options = {}) => {
    const app = await createWebServer({ store, logger: silentLogger, exports: { exportDir }, loginRateLimit: { max: 1000, timeWindowMs: 60_000 }, ...options });
    await app.ready();
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    exportDir = await mkdtemp(path.join(tmpdir(), 'minsheng-export-jobs-'));
    if (kind === 'PGlite') {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'minsheng-test-'));
      reopen = () => openStore({ dataDir });
      cleanup = () => rm(dataDir, { recursive: true, force: true });
    } else {
      const schema = uniqueName('t');
      reopen = () => openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 5 });
      cleanup = async () => {
        const s = await reopen();
        await s.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await s.close();
      };
    }
    store = await reopen();
    actors = await seed(store.db);
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  afterAll(async () => {
    await store?.close();
    await cleanup?.();
    if (exportDir) await rm(exportDir, { recursive: true, force: true });
  });

  it('keeps a finished export, status and file, for a new app instance on the same store', async () => {
    const first = await signIn(await serve(), 'egov');
    const started = await first.post('/api/exports', { format: 'csv', masked: true, filter: {} });
    expect(started.statusCode).toBe(200);
    const { id, total } = started.json() as { id: string; total: number };
    expect(total).toBe(3);
    expect(await waitFinished(first, id)).toMatchObject({ status: 'done', rows: 3, total: 3, error: null });
    await apps.pop()!.close();
    // A restart: the embedded store is closed and opened again; PostgreSQL gets a new connection pool.
    await store.close();
    store = await reopen();

    const again = await signIn(await serve(), 'egov');
    const status = await again.get(`/api/exports/${id}`);
    expect(status.json()).toMatchObject({ id, status: 'done', rows: 3, total: 3 });
    const file = await again.get(`/api/exports/${id}/file`);
    expect(file.statusCode).toBe(200);
    // Served from the store: the folder keeps nothing of a finished export.
    expect(await readdir(exportDir)).toEqual([]);
    expect(Number(file.headers['content-length'])).toBe(Buffer.byteLength(file.body));
    expect(file.headers['content-disposition']).toContain((status.json() as JobAnswer).fileName);
    // Named by the time on staff's clocks (Beijing), not UTC: 20261128-1728 for 09:28 UTC.
    const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    const named = /^minsheng-export-(\d{8}-\d{4})\d{2}-[0-9a-f]{6}\.csv$/.exec((status.json() as JobAnswer).fileName);
    expect([beijing(Date.now()), beijing(Date.now() - 60_000)]).toContain(named?.[1]);
    const lines = file.body.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('138****5678');

    // Another member of staff, even of an office that may export everything, does not see it.
    const other = await signIn(apps[0]!, 'office');
    expect((await other.get(`/api/exports/${id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/exports/${id}/file`)).statusCode).toBe(404);
    expect(((await other.get('/api/exports')).json() as { jobs: unknown[] }).jobs).toHaveLength(0);
    expect(((await again.get('/api/exports')).json() as { jobs: { id: string }[] }).jobs.map((j) => j.id)).toContain(id);
  });

  it('names two exports of the same minute apart, each downloaded under its own name, and still serves a file named the old way', async () => {
    const client = await signIn(await serve(), 'egov');
    const ids: string[] = [];
    for (const format of ['csv', 'csv', 'json'] as const) {
      const started = await client.post('/api/exports', { format, masked: false, filter: {} });
      expect(started.statusCode).toBe(200);
      const { id } = started.json() as { id: string };
      // One at a time: a person runs at most two at once.
      expect(await waitFinished(client, id)).toMatchObject({ status: 'done' });
      ids.push(id);
    }
    const names: string[] = [];
    for (const id of ids) {
      const name = ((await client.get(`/api/exports/${id}`)).json() as JobAnswer).fileName;
      // To the second, and a suffix for two in the same second.
      expect(name).toMatch(/^minsheng-export-\d{8}-\d{6}-[0-9a-f]{6}\.(csv|json)$/);
      const file = await client.get(`/api/exports/${id}/file`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-disposition']).toBe(`attachment; filename="${name}"`);
      names.push(name);
    }
    expect(new Set(names).size).toBe(3);
    // An export finished before the change keeps its name (to the minute) and downloads as before.
    await store.db.exportJob.update({ where: { id: ids[0]! }, data: { fileName: 'minsheng-export-20261128-1728.csv' } });
    const old = await client.get(`/api/exports/${ids[0]}/file`);
    expect(old.statusCode).toBe(200);
    expect(old.headers['content-disposition']).toBe('attachment; filename="minsheng-export-20261128-1728.csv"');
    expect(old.body.trim().split('\r\n').length).toBeGreaterThan(1);
    // The streamed export is named the same way.
    const streamed = await client.get('/api/exports/stream?format=csv');
    expect(streamed.headers['content-disposition']).toMatch(/^attachment; filename="minsheng-export-\d{8}-\d{6}-[0-9a-f]{6}\.csv"$/);
  });

  it('reports a job left running by a dead process as failed and removes its partial file', async () => {
    const client = await signIn(await serve(), 'office');
    // What a process killed three minutes ago leaves behind: a running job with an old heartbeat and half a file.
    const dead = await startExportJob(store.db, { actor: actors.office, format: 'csv', filter: {}, masked: false, total: 3, fileName: 'x.csv', dir: exportDir, now: new Date(Date.now() - 3 * 60_000) });
    const log = await store.db.exportLog.create({ data: { actor: 'office', role: 'gov_office', via: 'console', format: 'csv', filters: {}, masked: false } });
    await recordExportLogId(store.db, dead.id, log.id);
    await writeFile(dead.filePath, '\uFEFF台账编号,留言编号\r\nYT-1,');
    // And one whose process is alive (heartbeat just now).
    const alive = await startExportJob(store.db, { actor: actors.office, format: 'json', filter: {}, masked: false, total: 3, fileName: 'y.json', dir: exportDir });

    const failed = (await client.get(`/api/exports/${dead.id}`)).json() as JobAnswer;
    expect(failed).toMatchObject({ status: 'failed', error: interruptedExportMessage });
    expect(await exists(dead.filePath)).toBe(false);
    // The export's record says so too, instead of 进行中 for ever.
    expect(await store.db.exportLog.findUniqueOrThrow({ where: { id: log.id } })).toMatchObject({ status: 'failed', error: interruptedExportMessage });
    const download = await client.get(`/api/exports/${dead.id}/file`);
    expect(download.statusCode).toBe(409);
    expect(download.body).toContain(interruptedExportMessage);
    expect(((await client.get(`/api/exports/${alive.id}`)).json() as JobAnswer).status).toBe('running');
    await store.db.exportJob.delete({ where: { id: alive.id } });
  });

  it('stores a file of several pieces whole, and fails a download whose pieces were removed meanwhile', async () => {
    const client = await signIn(await serve(), 'egov');
    const { id } = (await client.post('/api/exports', { format: 'json', masked: false, filter: {} })).json() as { id: string };
    expect((await waitFinished(client, id)).status).toBe('done');
    // Three 1 MiB pieces and a tail, each byte telling its position: stored and read back in order.
    const big = path.join(exportDir, 'big.bin');
    const bytes = Buffer.alloc(3 * exportChunkBytes + 12_345);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 7 + (i >> 20)) & 0xff;
    await writeFile(big, bytes);
    const job = await startExportJob(store.db, { actor: actors.egov, format: 'json', filter: {}, masked: false, total: 0, fileName: 'big.json', dir: exportDir });
    const stored = await storeExportFile(store.db, job.id, big, (tx, fileSize) => finishExportJob(tx, job.id, { rows: 0, total: 0, logId: 'none', fileSize }));
    expect(stored).toBe(true);
    expect(await store.db.exportFileChunk.count({ where: { jobId: job.id } })).toBe(4);
    const read = [];
    for await (const piece of readStoredExportFile(store.db, job.id, bytes.length)) read.push(piece as Buffer);
    expect(Buffer.concat(read).equals(bytes)).toBe(true);
    // A job no longer running (declared dead meanwhile) keeps nothing.
    const dead = await startExportJob(store.db, { actor: actors.egov, format: 'json', filter: {}, masked: false, total: 0, fileName: 'dead.json', dir: exportDir });
    await failExportJob(store.db, dead.id, interruptedExportMessage);
    expect(await storeExportFile(store.db, dead.id, big, (tx, fileSize) => finishExportJob(tx, dead.id, { rows: 0, total: 0, logId: 'none', fileSize }))).toBe(false);
    expect(await store.db.exportFileChunk.count({ where: { jobId: dead.id } })).toBe(0);
    // Pieces removed while a download reads them: the download fails rather than ending short.
    const reading = readStoredExportFile(store.db, job.id, bytes.length)[Symbol.asyncIterator]();
    expect((await reading.next()).done).toBe(false);
    await removeStoredExportFiles(store.db, [job.id]);
    await expect(
      (async () => {
        while (!(await reading.next()).done);
      })(),
    ).rejects.toThrow('已被清理');
    await rm(big);
    await store.db.exportJob.deleteMany({ where: { id: { in: [job.id, dead.id] } } });
  });

  it('clears its folder, at start, of files that no running export owns', async () => {
    // What a process killed on this machine leaves: the file of a job since reported failed, and
    // one whose job was forgotten; beside them a running export's file and a file not ours.
    const failed = await startExportJob(store.db, { actor: actors.office, format: 'csv', filter: {}, masked: false, total: 3, fileName: 'a.csv', dir: exportDir });
    await failExportJob(store.db, failed.id, interruptedExportMessage);
    const alive = await startExportJob(store.db, { actor: actors.office, format: 'xlsx', filter: {}, masked: false, total: 3, fileName: 'b.xlsx', dir: exportDir });
    const orphan = path.join(exportDir, '0b7e4b8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b.json');
    for (const file of [failed.filePath, alive.filePath, orphan, path.join(exportDir, 'notes.txt')]) await writeFile(file, 'x');
    await serve();
    expect((await readdir(exportDir)).sort()).toEqual([path.basename(alive.filePath), 'notes.txt'].sort());
    await rm(path.join(exportDir, 'notes.txt'));
    await rm(alive.filePath);
    await store.db.exportJob.deleteMany({ where: { id: { in: [failed.id, alive.id] } } });
  });

  it('removes the file of an expired export and reports it expired, then forgets the job', async () => {
    const client = await signIn(await serve({ exports: { exportDir } }), 'egov');
    const { id } = (await client.post('/api/exports', { format: 'json', masked: false, filter: {} })).json() as { id: string };
    expect((await waitFinished(client, id)).status).toBe('done');
    expect(JSON.parse((await client.get(`/api/exports/${id}/file`)).body)).toHaveLength(3);
    expect(await store.db.exportFileChunk.count({ where: { jobId: id } })).toBe(1);
    // Its keep time runs out (moved in the store rather than waited for: a loaded machine must not decide the test).
    await store.db.exportJob.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const answer = (await client.get(`/api/exports/${id}`)).json() as JobAnswer;
    expect(answer).toMatchObject({ status: 'expired', error: '导出文件已过期，请重新导出' });
    expect(await store.db.exportFileChunk.count({ where: { jobId: id } })).toBe(0);
    const download = await client.get(`/api/exports/${id}/file`);
    expect(download.statusCode).toBe(404);
    expect(download.body).toContain('已过期');
    // The sweep every process runs removes expired files nobody asked about, and long after
    // expiry forgets the job (ExportLog keeps the record).
    const { id: second } = (await client.post('/api/exports', { format: 'csv', masked: false, filter: {} })).json() as { id: string };
    expect((await waitFinished(client, second)).status).toBe('done');
    expect(await store.db.exportFileChunk.count({ where: { jobId: second } })).toBe(1);
    // Ten minutes on (the default keep time), every finished file of this store is past it: this
    // one and those of the tests before it.
    const swept = await expireExportJobs(store.db, { now: new Date(Date.now() + 11 * 60_000) });
    expect(swept).toMatchObject({ failed: 0, forgotten: 0 });
    expect(swept.removed).toBeGreaterThanOrEqual(1);
    expect(await store.db.exportFileChunk.count({ where: { jobId: second } })).toBe(0);
    const logId = (await store.db.exportJob.findUniqueOrThrow({ where: { id } })).logId!;
    expect((await expireExportJobs(store.db, { now: new Date(Date.now() + 2 * 86_400_000) })).forgotten).toBeGreaterThanOrEqual(2);
    expect(await store.db.exportJob.count()).toBe(0);
    expect((await client.get(`/api/exports/${id}`)).statusCode).toBe(404);
    expect(await store.db.exportLog.count({ where: { id: logId } })).toBe(1);
  });

  it('refuses a filter naming a state or category that does not exist, rather than exporting nothing', async () => {
    // QA: the console API took state=nonsense and category=垃圾 and answered with an empty file.
    const client = await signIn(await serve({ exports: { exportDir } }), 'egov');
    const badState = await client.post('/api/exports', { format: 'csv', masked: false, filter: { state: 'nonsense' } });
    expect(badState.statusCode).toBe(400);
    expect((badState.json() as { error: { message: string } }).error.message).toMatch(/^参数 筛选条件的办理状态 无效：应为以下之一：awaiting_review、/);
    const badCategory = await client.get(`/api/exports/stream?format=json&category=${encodeURIComponent('垃圾')}`);
    expect(badCategory.statusCode).toBe(400);
    expect(await store.db.exportJob.count({ where: { userId: actors.egov.userId, filter: { equals: { state: 'nonsense' } } } })).toBe(0);
    const good = await client.post('/api/exports', { format: 'csv', masked: false, filter: { state: 'awaiting_review', category: '投诉' } });
    expect(good.statusCode).toBe(200);
    expect((await waitFinished(client, (good.json() as { id: string }).id)).status).toBe('done');
  });
});

/**
 * Console exports with two console processes on one PostgreSQL store, each with its own export
 * folder (as on two machines, nothing shared but the store): the limit of two running exports per
 * person holds across them, and an export written by one is downloaded through the other; a
 * process that shuts down marks its exports interrupted; a killed process's export is reported
 * failed once its heartbeat is stale, and its file removed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createWebServer } from '../web/index.js';
import { openStore, type Store } from '../workflow/index.js';
import { interruptedExportMessage } from '../workflow/exports/index.js';
import { exists, password, seed, signIn, waitFinished, type JobAnswer } from './helpers/export-jobs.js';
import { testDatabaseUrl, uniqueName } from './helpers/services.js';

describe('console export jobs across two console processes on PostgreSQL', () => {
  const schema = uniqueName('t');
  let stores: Store[] = [];
  let exportDir: string;
  let holder: pg.Client;
  const apps: FastifyInstance[] = [];

  /** A console process: its own connection pool, web server and export folder, on the shared schema. */
  const startProcess = async () => {
    const store = await openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 5 });
    stores.push(store);
    const ownDir = await mkdtemp(path.join(exportDir, 'process-'));
    const app = await createWebServer({ store, logger: silentLogger, exports: { exportDir: ownDir }, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    await app.ready();
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    exportDir = await mkdtemp(path.join(tmpdir(), 'minsheng-export-jobs-'));
    const first = await openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 2 });
    await seed(first.db);
    await first.close();
    holder = new pg.Client({ connectionString: testDatabaseUrl, options: `-c search_path=${schema}` });
    await holder.connect();
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await holder?.query('ROLLBACK').catch(() => undefined);
    await holder?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await holder?.end();
    for (const s of stores) await s.close().catch(() => undefined);
    stores = [];
    if (exportDir) await rm(exportDir, { recursive: true, force: true });
  });

  /**
   * Holds exports running: each one writes its ExportLog row before its first page, and this
   * transaction keeps that table locked against writes until `release`.
   */
  const holdExports = async () => {
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE "ExportLog" IN EXCLUSIVE MODE');
    return () => holder.query('COMMIT');
  };

  it('shares the limit of two running exports per person, and lets the exports finish', async () => {
    const a = await signIn(await startProcess(), 'egov');
    const b = await signIn(await startProcess(), 'egov');
    const bOffice = await signIn(apps[1]!, 'office');
    const release = await holdExports();
    let ids: string[];
    try {
      const one = await a.post('/api/exports', { format: 'csv', masked: false, filter: {} });
      const two = await b.post('/api/exports', { format: 'json', masked: false, filter: {} });
      expect([one.statusCode, two.statusCode]).toEqual([200, 200]);
      ids = [one, two].map((r) => (r.json() as { id: string }).id);
      for (const client of [a, b]) {
        const refused = await client.post('/api/exports', { format: 'xlsx', masked: false, filter: {} });
        expect(refused.statusCode).toBe(429);
        expect(refused.body).toContain('已有 2 个导出正在进行');
      }
      // Progress of a job started through one process is read through the other.
      expect(((await b.get(`/api/exports/${ids[0]}`)).json() as JobAnswer).status).toBe('running');
      // The limit is per person: another member of staff may start one.
      const other = await bOffice.post('/api/exports', { format: 'csv', masked: false, filter: {} });
      expect(other.statusCode).toBe(200);
      ids.push((other.json() as { id: string }).id);
    } finally {
      await release();
    }
    expect((await waitFinished(b, ids[0]!)).status).toBe('done');
    expect((await waitFinished(a, ids[1]!)).status).toBe('done');
    expect((await waitFinished(bOffice, ids[2]!)).status).toBe('done');
    // Written by process b into its own folder, served by process a from the store.
    const download = await a.get(`/api/exports/${ids[1]}/file`);
    expect(download.statusCode).toBe(200);
    expect(JSON.parse(download.body)).toHaveLength(3);
    expect((await readdir(exportDir, { recursive: true })).filter((f) => f.includes('.'))).toEqual([]);
    expect((await a.post('/api/exports', { format: 'csv', masked: false, filter: {} })).statusCode).toBe(200);
  });

  it('marks the exports of a process that shuts down as interrupted, with no file left', async () => {
    const app = await startProcess();
    const client = await signIn(app, 'office');
    const reader = await signIn(await startProcess(), 'office');
    const release = await holdExports();
    try {
      // Stuck in a query when the process stops: it cannot stop at a page, so close records it.
      const { id } = (await client.post('/api/exports', { format: 'xlsx', masked: false, filter: {} })).json() as { id: string };
      expect(((await reader.get(`/api/exports/${id}`)).json() as JobAnswer).status).toBe('running');
      await app.close();
      expect((await reader.get(`/api/exports/${id}`)).json()).toMatchObject({ status: 'failed', error: interruptedExportMessage });
      expect((await readdir(exportDir, { recursive: true })).filter((f) => f.endsWith('.xlsx'))).toEqual([]);
    } finally {
      await release();
    }
  });
  it('reports the export of a killed process failed once its heartbeat is stale, and removes its file', async () => {
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./helpers/console-process.ts', import.meta.url))], {
      env: { ...process.env, TEST_SCHEMA: schema, TEST_EXPORT_DIR: exportDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => void (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (output += d.toString()));
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    try {
      const deadline = Date.now() + 150_000; // starting a process under tsx takes long on a loaded machine
      while (!/listening (\S+)/.test(output) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const base = /listening (\S+)/.exec(output)?.[1];
      expect(base, output).toBeDefined();
      const login = await fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'office', password }) });
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const release = await holdExports();
      let id: string;
      try {
        const started = await fetch(`${base}/api/exports`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ format: 'csv', filter: {} }) });
        expect(started.status).toBe(200);
        id = ((await started.json()) as { id: string }).id;
        // The file is opened as the export starts; wait until it is there, then kill the process.
        const opened = Date.now() + 10_000;
        while (!(await exists(path.join(exportDir, `${id}.csv`))) && Date.now() < opened) await new Promise((r) => setTimeout(r, 50));
        expect(await exists(path.join(exportDir, `${id}.csv`))).toBe(true);
        child.kill('SIGKILL');
        expect(await exited).toBe('SIGKILL');
      } finally {
        await release();
      }
      // Another console process, where two seconds without a heartbeat mean a dead writer.
      const store = await openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 2 });
      stores.push(store);
      const app = await createWebServer({ store, logger: silentLogger, exports: { exportDir, jobPolicy: { staleMs: 2_000 } } });
      apps.push(app);
      const reader = await signIn(app, 'office');
      const { updatedAt } = await store.db.exportJob.findUniqueOrThrow({ where: { id } });
      await new Promise((r) => setTimeout(r, Math.max(0, updatedAt.getTime() + 2_500 - Date.now())));
      expect((await reader.get(`/api/exports/${id}`)).json()).toMatchObject({ status: 'failed', error: interruptedExportMessage });
      expect(await exists(path.join(exportDir, `${id}.csv`))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 200_000);
});

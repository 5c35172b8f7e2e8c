/**
 * Console exports kept in the store (workflow/exports/export-jobs.ts), over real HTTP on the
 * embedded PGlite and on PostgreSQL: a finished export survives a new app instance (and, on
 * PGlite, reopening the store) with its status and file; a job left running by a dead process
 * reads as failed and loses its partial file; two console processes share the limit of two
 * running exports per person; only the owner sees a job; expired files are removed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createWebServer } from '../web/index.js';
import { ensureSource, openStore, recordMessage, registerMessage, type Db, type Store } from '../workflow/index.js';
import { expireExportJobs, interruptedExportMessage, recordExportLogId, startExportJob } from '../workflow/exports/index.js';
import { createUser, type Actor } from '../workflow/users/index.js';
import { testDatabaseUrl, uniqueName } from './helpers/services.js';

const password = 'export-jobs-pass-2026';

/** Two accounts of the same office role and three classified messages. */
async function seed(db: Db): Promise<Record<'egov' | 'office', Actor>> {
  const actors: Record<string, Actor> = {};
  for (const a of [
    { username: 'egov', displayName: '电子政务中心 王敏', role: 'egov_centre' as const },
    { username: 'office', displayName: '区政府办 李强', role: 'gov_office' as const },
  ]) {
    const u = await createUser(db, { ...a, password });
    actors[a.username] = { userId: u.id, username: u.username, role: u.role };
  }
  await ensureSource(db, { id: 'src-district', name: '印台区区长信箱', channel: 'district_mailbox' });
  for (const [i, title] of ['路灯不亮', '咨询医保', '小区噪音'].entries()) {
    const recorded = await recordMessage(db, {
      sourceId: 'src-district',
      channel: 'district_mailbox',
      siteId: `m-${i}-${randomBytes(3).toString('hex')}`,
      title,
      content: `${title}，请联系13812345678。`,
      author: '张建国',
      postedAt: new Date(Date.now() - (10 - i) * 60_000).toISOString(),
      fetchedAt: new Date().toISOString(),
    });
    await registerMessage(db, {
      messageId: recorded.messageId,
      classification: {
        category: '投诉',
        confidence: 0.9,
        probabilities: { 咨询: 0.025, 建议: 0.025, 投诉: 0.9, 求助: 0.025, 其他: 0.025 },
        explanation: [],
        outOfScope: { flagged: false, reasons: [] },
        complexity: { value: 'simple', confidence: 0.7, evidence: [] },
        urgency: { value: 'normal', confidence: 0.9, evidence: [] },
        unit: { value: null, confidence: 0.6, evidence: [] },
        modelVersion: 'test-1',
      } as never,
    });
  }
  return actors as Record<'egov' | 'office', Actor>;
}

type Options = Omit<Parameters<typeof createWebServer>[0], 'store' | 'logger'>;

/** A signed-in client of one app instance: cookies and CSRF token, through fastify's inject. */
async function signIn(app: FastifyInstance, username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/session/login', payload: { username, password } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie, 'x-csrf-token': csrf } }),
  };
}
type Client = Awaited<ReturnType<typeof signIn>>;

interface JobAnswer {
  id: string;
  status: string;
  rows: number;
  total: number;
  error: string | null;
  fileName: string;
}

async function waitFinished(client: Client, id: string): Promise<JobAnswer> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await client.get(`/api/exports/${id}`);
    expect(res.statusCode).toBe(200);
    const job = res.json() as JobAnswer;
    if (job.status !== 'running' || Date.now() > deadline) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const exists = (file: string) => stat(file).then(
  () => true,
  () => false,
);

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
    expect(file.headers['content-disposition']).toContain((status.json() as JobAnswer).fileName);
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

  it('removes the file of an expired export and reports it expired, then forgets the job', async () => {
    const client = await signIn(await serve({ exports: { exportDir } }), 'egov');
    const { id } = (await client.post('/api/exports', { format: 'json', masked: false, filter: {} })).json() as { id: string };
    expect((await waitFinished(client, id)).status).toBe('done');
    const file = path.join(exportDir, `${id}.json`);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveLength(3);
    // Its keep time runs out (moved in the store rather than waited for: a loaded machine must not decide the test).
    await store.db.exportJob.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const answer = (await client.get(`/api/exports/${id}`)).json() as JobAnswer;
    expect(answer).toMatchObject({ status: 'expired', error: '导出文件已过期，请重新导出' });
    expect(await exists(file)).toBe(false);
    const download = await client.get(`/api/exports/${id}/file`);
    expect(download.statusCode).toBe(404);
    expect(download.body).toContain('已过期');
    // The sweep every process runs removes expired files nobody asked about, and long after
    // expiry forgets the job (ExportLog keeps the record).
    const { id: second } = (await client.post('/api/exports', { format: 'csv', masked: false, filter: {} })).json() as { id: string };
    expect((await waitFinished(client, second)).status).toBe('done');
    const secondFile = path.join(exportDir, `${second}.csv`);
    expect(await exists(secondFile)).toBe(true);
    // Ten minutes on (the default keep time), every finished file of this store is past it: this
    // one and those of the tests before it.
    const swept = await expireExportJobs(store.db, { now: new Date(Date.now() + 11 * 60_000) });
    expect(swept).toMatchObject({ failed: 0, forgotten: 0 });
    expect(swept.removed).toBeGreaterThanOrEqual(1);
    expect(await exists(secondFile)).toBe(false);
    const logId = (await store.db.exportJob.findUniqueOrThrow({ where: { id } })).logId!;
    expect((await expireExportJobs(store.db, { now: new Date(Date.now() + 2 * 86_400_000) })).forgotten).toBeGreaterThanOrEqual(2);
    expect(await store.db.exportJob.count()).toBe(0);
    expect((await client.get(`/api/exports/${id}`)).statusCode).toBe(404);
    expect(await store.db.exportLog.count({ where: { id: logId } })).toBe(1);
  });
});

describe('console export jobs across two console processes on PostgreSQL', () => {
  const schema = uniqueName('t');
  let stores: Store[] = [];
  let exportDir: string;
  let holder: pg.Client;
  const apps: FastifyInstance[] = [];

  /** A console process: its own connection pool and web server on the shared schema and folder. */
  const startProcess = async () => {
    const store = await openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 5 });
    stores.push(store);
    const app = await createWebServer({ store, logger: silentLogger, exports: { exportDir }, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
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
    const download = await a.get(`/api/exports/${ids[1]}/file`);
    expect(download.statusCode).toBe(200);
    expect(JSON.parse(download.body)).toHaveLength(3);
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
      expect(await exists(path.join(exportDir, `${id}.xlsx`))).toBe(false);
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

/**
 * 重新判断 as a background run of the main job (pipeline/stages/recheck-scope-runs.ts), through the
 * console's API on a real HTTP server over PostgreSQL: the POST answers 202 at once with the run;
 * its GET shows the letters judged moving, then the result; a second run of the source meanwhile is
 * refused (409) naming who started the first and when; the 非本区留言 page opened meanwhile shows
 * the run and follows it to its end; `minsheng sources recheck-scope` (a real process, going
 * through the API as it does while the main job holds the embedded store) prints the progress on
 * stderr and then the same summary; stopping the process stops a run between two letters, and the
 * command says so (exit code 1).
 *
 * A run is held midway by a row lock another connection takes on one of its letters: its bring-in
 * waits for it. The bring-in is a Prisma transaction (5 s limit), so each hold is released as soon
 * as what it shows has been checked.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLocalToken, writeRunFile } from '../cli/app/run-file.js';
import { silentLogger } from '../core/index.js';
import { loadSourceFile, type SourceDefinition } from '../crawlers/index.js';
import { prepareMessage, RecheckScopeRuns } from '../pipeline/index.js';
import { createWebServer } from '../web/index.js';
import { recordExcludedMessage, type Store } from '../workflow/index.js';
import { createUser } from '../workflow/users/index.js';
import { chromiumArgs, password, signInToConsole } from './console-fixture.js';
import { examplesDir } from './crawlers/helpers.js';
import type { RouteAnswer } from './helpers/workflow-routes-server.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';
import { repoDir, waitFor } from './pipeline-helpers.js';

const sourceId = 'example-gbk-city';
const base = `/api/console/sources/${sourceId}/recheck-scope`;
/** The example's file, whose gazetteer lists 陈炉镇: every letter below is about 印台区 under it. */
const sourceFile = path.join(examplesDir, 'gbk-html.yaml');
const localToken = newLocalToken();
let store: Store & { schema: string };
let source: SourceDefinition;
let runs: RecheckScopeRuns;
let app: FastifyInstance;
let url: string;
let holder: pg.Client;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  store = await openTestPostgresStore();
  source = (await loadSourceFile(sourceFile, { vars: { base: 'http://127.0.0.1:9' } }))[0]!;
  await store.db.source.create({ data: { id: sourceId, name: source.name, channel: 'city_mailbox', definition: {} } });
  await store.db.unit.create({ data: { id: 'u-water', name: '区水务局', keywords: ['供水'] } });
  await createUser(store.db, { username: 'admin', displayName: '王管理', role: 'admin', password });
  await createUser(store.db, { username: 'egov', displayName: 'egov', role: 'egov_centre', password });
  await createUser(store.db, { username: 'water', displayName: 'water', role: 'unit', unitId: 'u-water', password });
  // Ten letters a batch: a run of 60 moves in six steps.
  runs = new RecheckScopeRuns({ store, sources: [source], batch: 10 });
  app = await createWebServer({ store, logger: silentLogger, localToken, recheckRuns: runs, sourceIds: [sourceId], loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  holder = new pg.Client({ connectionString: testDatabaseUrl, options: `-c search_path=${store.schema}` });
  await holder.connect();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-recheck-runs-'));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await holder?.query('ROLLBACK').catch(() => undefined);
  await holder?.end();
  await runs?.stop();
  await app?.close();
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `n` letters about 陈炉镇 the old gazetteer left out as 属地不明. */
async function addLetters(prefix: string, n: number): Promise<void> {
  const fetchedAt = new Date().toISOString();
  for (let i = 0; i < n; i++) {
    const crawled = prepareMessage({ sourceId, channel: 'city_mailbox', siteId: `${prefix}${i}`, title: `陈炉镇${prefix}村${i}组道路坑洼`, content: `陈炉镇立地坡村${i}组的路面坑洼，雨天积水，请修一修。`, author: `村民${i}`, postedAt: undefined, siteStatus: '待回复', fetchedAt });
    await recordExcludedMessage(store.db, crawled, '未提及印台区的地名或单位', 'no_place');
  }
}

/**
 * Locks the letter a run reaches `index`-th (it reads them in id order): its bring-in waits until
 * `release`. `reached` tells whether a run is waiting for it now (its lock request is in pg_locks).
 */
async function holdLetter(index: number): Promise<{ release: () => Promise<void>; reached: () => Promise<boolean> }> {
  const pending = await store.db.excludedMessage.findMany({ where: { sourceId, messageId: null }, orderBy: { id: 'asc' }, select: { id: true } });
  await holder.query('BEGIN');
  await holder.query('SELECT 1 FROM "ExcludedMessage" WHERE id = $1 FOR UPDATE', [pending[index]!.id]);
  const [{ xid }] = (await holder.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')).rows as [{ xid: string }];
  return {
    release: async () => void (await holder.query('ROLLBACK')),
    reached: async () => (await holder.query("SELECT 1 FROM pg_locks WHERE locktype = 'transactionid' AND transactionid::text = $1 AND NOT granted", [xid])).rowCount! > 0,
  };
}

/** A member of staff signed in over HTTP: GET and POST with the session's cookies and CSRF token. */
async function signIn(username: string) {
  const login = await fetch(`${url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const call = async (method: 'GET' | 'POST', route: string, body?: unknown) => {
    const res = await fetch(`${url}${route}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as RouteAnswer };
  };
  return { get: (route: string) => call('GET', route), post: (route: string, body: unknown = {}) => call('POST', route, body) };
}

/** `minsheng sources recheck-scope` as a process of its own, on a data folder whose run file names this test's server as the main job. */
async function recheckCommand() {
  const dataDir = path.join(dir, randomUUID());
  await writeRunFile(dataDir, { pid: process.pid, url, token: localToken, startedAt: new Date().toISOString() });
  const env: NodeJS.ProcessEnv = { ...process.env, MINSHENG_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'MINSHENG_SOURCES']) delete env[name];
  const child = spawn(process.execPath, [path.join(repoDir, 'bin/minsheng.js'), 'sources', 'recheck-scope', '--sources', sourceFile, '--var', 'base=http://127.0.0.1:9', '--source', sourceId], { cwd: repoDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { out: '', err: '' };
  child.stdout.on('data', (b: Buffer) => void (output.out += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (output.err += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { output, exited };
}

describe('重新判断 in the background of the main job', () => {
  it('answers at once, shows the letters judged moving and then the result, and refuses a second run meanwhile', async () => {
    await addLetters('a', 60);
    const [admin, egov, water] = [await signIn('admin'), await signIn('egov'), await signIn('water')];
    const seen: number[] = [];
    const hold = await holdLetter(24);
    let runPath: string;
    try {
      const started = await admin.post(base);
      expect(started.status).toBe(202);
      expect(started.json).toMatchObject({ sourceId, state: 'running', dryRun: false, startedBy: '王管理（admin）', result: null, error: null });
      runPath = `${base}/${started.json.id as string}`;
      await waitFor(
        'the run at its 25th letter',
        async () => {
          seen.push((await egov.get(runPath)).json.done as number);
          return hold.reached();
        },
        10_000,
        20,
      );
      // Held at the 25th letter: the two batches before it are counted.
      const held = (await egov.get(runPath)).json;
      seen.push(held.done as number);
      expect(held).toMatchObject({ state: 'running', done: 20, total: 60, result: null });

      const second = await admin.post(base);
      expect(second.status).toBe(409);
      expect(second.json.error.message).toMatch(/^来源「示例：GBK 编码的市长信箱（只收涉及印台区的留言）」的排除留言正在重新判断（王管理（admin）于 \d{4}-\d\d-\d\d \d\d:\d\d 开始，已判断 20\/60 条），同一来源不能同时再判断一次；请等它结束后查看结果$/);
      // Whoever sees the page finds the source's run under way; only admins start one; units see nothing.
      expect((await egov.get(base)).json.run).toMatchObject({ id: started.json.id, state: 'running', done: 20 });
      expect((await egov.post(base)).status).toBe(403);
      expect((await water.get(base)).status).toBe(403);
      expect((await water.get(runPath)).status).toBe(403);
    } finally {
      await hold.release();
    }
    const end = await waitFor('the run’s end', async () => {
      const run = (await egov.get(runPath)).json;
      seen.push(run.done as number);
      return run.state !== 'running' && run;
    });
    expect(end).toMatchObject({ state: 'done', done: 60, total: 60, error: null, result: { checked: 60, takenMeanwhile: 0, reasonChanged: 0, unchanged: 0, stopped: false } });
    expect(end.result.broughtIn).toHaveLength(60);
    expect(end.finishedAt).toEqual(expect.any(String));
    // Never backwards.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await store.db.excludedMessage.count({ where: { sourceId, messageId: null } })).toBe(0);
    expect(await store.db.message.count({ where: { sourceId } })).toBe(60);

    // A run after the end is started, and finds nothing left.
    const again = await admin.post(base);
    expect(again.status).toBe(202);
    const after = await waitFor('the second run’s end', async () => {
      const run = (await admin.get(`${base}/${again.json.id as string}`)).json;
      return run.state !== 'running' && run;
    });
    expect(after).toMatchObject({ state: 'done', total: 0, result: { checked: 0, broughtIn: [] } });
    // A run this process does not know (another process's, or from before a restart) is said to be so.
    const unknown = await egov.get(`${base}/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toContain('本进程没有这次重新判断的记录');
  }, 60_000);

  it('prints the progress of `minsheng sources recheck-scope` through the main job, then the same summary', async () => {
    await addLetters('b', 60);
    const hold = await holdLetter(24);
    const command = await recheckCommand();
    try {
      await waitFor('the run at its 25th letter', () => hold.reached(), 60_000, 20);
      await waitFor('the command’s progress line', async () => command.output.err.includes('example-gbk-city：已判断 20/60 条……\n'), 10_000, 20);
    } finally {
      await hold.release();
    }
    expect(await command.exited).toBe(0);
    const { out, err } = command.output;
    expect(err).toMatch(/^内置数据库正由民声主程序（pid \d+）使用，经其接口重新判断，使用主程序载入的来源文件……\n/);
    for (const [, done] of err.matchAll(/已判断 (\d+)\/60 条/g)) expect(Number(done)).toBeLessThan(60);
    expect(out).toContain('来源 example-gbk-city（示例：GBK 编码的市长信箱（只收涉及印台区的留言））：重新判断排除的留言 60 条\n  已转入受理 60 条（按地名表现在涉及印台区）\n  仍排除 0 条，其中排除原因已更新 0 条\n');
    expect(out).toMatch(/\n {4}b\d+ {2}陈炉镇b村\d+组道路坑洼 {2}提及陈炉镇\n/);
    expect(out).toContain('    ……另有 10 条（--json 列出全部）\n');
    expect(await store.db.excludedMessage.count({ where: { sourceId, messageId: null } })).toBe(0);
  }, 90_000);

  it('shows a run under way to whoever opens the page meanwhile, and follows it to its end', async () => {
    await addLetters('c', 60);
    const admin = await signIn('admin');
    const { context, page } = await signInToConsole(browser, url, 'egov');
    try {
      await page.goto(`${url}/#/sources/excluded?sourceId=${sourceId}`);
      // The last run's outcome (the command's, above) is shown.
      await page.waitForFunction(() => document.querySelector('#recheck-result')?.textContent?.startsWith('上次重新判断（本机命令行，'));
      expect(await page.textContent('#recheck-result')).toContain('重新判断 60 条：转入受理 60 条');
      const hold = await holdLetter(24);
      try {
        await admin.post(base);
        await waitFor('the run at its 25th letter', () => hold.reached(), 10_000, 20);
        // Away and back: the page shows the run and its progress.
        await page.goto(`${url}/#/sources`);
        await page.goto(`${url}/#/sources/excluded?sourceId=${sourceId}`);
        await page.waitForFunction(() => document.querySelector('#recheck-result')?.textContent === '正在重新判断（王管理（admin）开始）：已判断 20 / 60 条');
        expect(await page.locator('#recheck-progress').evaluate((p) => [(p as HTMLProgressElement).value, (p as HTMLProgressElement).max, (p as HTMLProgressElement).hidden])).toEqual([20, 60, false]);
        // 电子政务中心 follows it; only admins have the button.
        expect(await page.locator('#recheck-scope').count()).toBe(0);
      } finally {
        await hold.release();
      }
      await page.locator('#recheck-done').waitFor();
      expect(await page.textContent('#recheck-done')).toBe('重新判断 60 条：转入受理 60 条，仍排除 0 条（原因更新 0 条）');
      await page.waitForFunction(() => document.querySelector('#excluded-count')?.textContent === '共 0 条');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('stops a run between two letters when the process stops; the command says so and the scope is not noted as judged', async () => {
    await addLetters('d', 60);
    await store.db.source.update({ where: { id: sourceId }, data: { scopeHash: 'judged-before' } });
    const admin = await signIn('admin');
    const hold = await holdLetter(24);
    const command = await recheckCommand();
    let stopping: Promise<void> | undefined;
    try {
      await waitFor('the run at its 25th letter', () => hold.reached(), 60_000, 20);
      await waitFor('the command’s progress line', async () => command.output.err.includes('已判断 20/60 条'), 10_000, 20);
      // What the main job's close does on SIGTERM, while the run waits for its 25th letter.
      stopping = runs.stop();
    } finally {
      await hold.release();
    }
    await stopping;
    expect(await command.exited).toBe(1);
    expect(command.output.out).toContain('重新判断排除的留言 25 条\n  已转入受理 25 条');
    expect(command.output.out).toContain('  已中断：其余留言未判断，再次运行即可继续\n');
    expect((await admin.get(base)).json.run).toMatchObject({ state: 'stopped', done: 25, total: 60, result: { checked: 25, stopped: true } });
    expect(await store.db.excludedMessage.count({ where: { sourceId, messageId: null } })).toBe(35);
    expect((await store.db.source.findUniqueOrThrow({ where: { id: sourceId } })).scopeHash).toBe('judged-before');
    // Nothing starts while the process stops.
    const refused = await admin.post(base);
    expect(refused.status).toBe(503);
    expect(refused.json.error.message).toBe('民声主程序正在停止，不能开始重新判断');
  }, 90_000);
});

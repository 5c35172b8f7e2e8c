/**
 * The production processes with the source file an operator starts from: a copy of the shipped
 * crawlers/sources/yintai.yaml (QA of the production mode, 2026-11-30). Its district mailbox is on
 * the demo mailbox's port through `{{demoPort}}`, and its three other channels are `enabled: false`
 * (selectors not yet checked against the real sites). `npm start`, `minsheng worker` and
 * `minsheng scheduler` stopped on 占位符 {{demoPort}} 没有给值, and once past that, every source was
 * scheduled and crawled, the disabled ones included: requests to the real city mailbox and
 * 人民网 from a test installation. Also: a REDIS_URL naming another server's port says so.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { silentLogger } from '../core/index.js';
import { loadConfiguredSourceFile } from '../crawlers/index.js';
import { allJobs, crawlSourceJob, crawlStage, InProcessQueue, syncSchedules } from '../pipeline/index.js';
import { BullmqQueue, checkRedis } from '../pipeline/redis.js';
import { startSite, type RunningSite } from '../sites/index.js';
import type { Store } from '../workflow/index.js';
import { closedPort, deleteQueuePrefix, openTestPostgresStore, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';
import { sourceFileFor, spawnWorker } from './pipeline-helpers.js';

function cli(env: Record<string, string>) {
  let out = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };
  return { run: (args: string[]) => main(args, { env: { LOG_LEVEL: 'silent', ...env }, io }), output: () => out };
}

/** A copy of the shipped yintai.yaml whose disabled channels point at a closed local port, never the real sites. */
function yintaiCopy(dir: string, closed: number): string {
  const file = path.join(dir, 'sources.yaml');
  const text = readFileSync('crawlers/sources/yintai.yaml', 'utf8').replace(/https?:\/\/(?!127\.0\.0\.1)[a-z0-9.-]+/gi, `http://127.0.0.1:${closed}`);
  writeFileSync(file, text);
  return file;
}

describe('the shipped yintai.yaml in production', () => {
  let dir: string;
  let file: string;
  let demoPort: number;
  let closed: number;
  const prefixes: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'prod-sources-'));
    closed = await closedPort();
    demoPort = await closedPort();
    file = yintaiCopy(dir, closed);
  });
  afterAll(async () => {
    for (const prefix of prefixes) await deleteQueuePrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads with {{demoPort}} = MINSHENG_DEMO_PORT, as `minsheng crawl` reads it', async () => {
    const sources = await loadConfiguredSourceFile(file, { demoPort });
    expect(sources.find((s) => s.id === 'yintai-district-mailbox')?.startUrls).toEqual([`http://127.0.0.1:${demoPort}/list_1.html`]);
    expect(sources.filter((s) => !s.enabled).map((s) => s.id)).toEqual(['tongchuan-city-mailbox', 'yintai-forwarded', 'people-leader-board']);
  });

  it('`minsheng scheduler --once` schedules the enabled source only, and removes the schedule of one switched off', async () => {
    const prefix = uniqueName('msyintai');
    prefixes.push(prefix);
    const queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs });
    try {
      // Left by a run before the source was switched off (or by an earlier release, which scheduled it).
      await queue.schedule('crawl_people-leader-board', crawlSourceJob, { sourceId: 'people-leader-board' }, 3_600_000);
      const run = cli({ REDIS_URL: testRedisUrl, MINSHENG_QUEUE_PREFIX: prefix, MINSHENG_SOURCES: file, MINSHENG_DEMO_PORT: String(demoPort) });
      expect(await run.run(['scheduler', '--once'])).toBe(0);
      expect(run.output()).toContain('已设置采集计划 1 个，移除 1 个：crawl_people-leader-board');
      expect((await queue.schedules()).map((s) => s.key).sort()).toEqual(['crawl_yintai-district-mailbox', 'scan-deadlines', 'sweep-unfinished']);
    } finally {
      await queue.close();
    }
  });

  it('`minsheng worker` starts on it, with one source to crawl', { timeout: 120_000 }, async () => {
    const store = await openTestPostgresStore();
    const prefix = uniqueName('msyintaiw');
    prefixes.push(prefix);
    const worker = await spawnWorker({
      DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`,
      REDIS_URL: testRedisUrl,
      MINSHENG_QUEUE_PREFIX: prefix,
      MINSHENG_SOURCES: file,
      MINSHENG_DEMO_PORT: String(demoPort),
      MINSHENG_DEADLINE_SCAN_EVERY: '0',
    });
    try {
      expect(worker.output()).toContain('采集来源 1 个');
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
      await store.close();
    }
  });

  it('`minsheng demo-site` serves the mailbox on MINSHENG_DEMO_PORT, where the copy crawls it', { timeout: 60_000 }, async () => {
    // Before, it listened on 3100 whatever MINSHENG_DEMO_PORT said, and the workers' crawls of
    // {{demoPort}} found nothing there (连接被拒绝).
    const child = spawn(process.execPath, ['bin/minsheng.js', 'demo-site', '--interval', '60'], {
      env: { ...process.env, MINSHENG_DEMO_PORT: String(demoPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      for (let i = 0; i < 200 && !output.includes('按 Ctrl+C 停止') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain(`演示区长信箱已启动：http://127.0.0.1:${demoPort}/`);
      const [mailbox] = await loadConfiguredSourceFile(file, { demoPort });
      expect((await fetch(mailbox!.startUrls[0]!)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('a disabled source', () => {
  let site: RunningSite;
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    site = await startSite({ shape: 'paged-html', pageSize: 5 });
    store = await openTestPostgresStore();
  });
  afterAll(async () => {
    await cleanup?.();
    await store.close();
    await site.close();
  });

  it('is neither scheduled nor fetched, on the in-process queue of `npm start` too', async () => {
    const written = await sourceFileFor(site, { id: 'switched-off', every: '1h' });
    cleanup = written.cleanup;
    const sources = written.sources.map((s) => ({ ...s, enabled: false }));
    const queue = new InProcessQueue();
    queue.handle(crawlSourceJob, crawlStage({ store, sources, config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }));
    await queue.start();
    try {
      const synced = await syncSchedules({ queue, sources, sweepEveryMs: 0, deadlineScanEveryMs: 0, logger: silentLogger });
      expect(synced.crawls).toEqual([]);
      expect(await queue.schedules()).toEqual([]);
      // A crawl queued before it was switched off is dropped, not run and not failed.
      await queue.enqueue(crawlSourceJob, { sourceId: 'switched-off' });
      await queue.idle(10_000);
      expect(await queue.failed()).toEqual([]);
      expect(site.requests()).toEqual([]);
    } finally {
      await queue.close();
    }
  });
});

describe('REDIS_URL naming a port where another server listens', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // Answers as a web server does, and keeps the connection open (a console's port, a proxy's).
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.write('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is told as such, not as ioredis\'s "Please report this"', async () => {
    const { port } = server.address() as AddressInfo;
    const failure = await checkRedis(`redis://127.0.0.1:${port}`).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(new RegExp(`^无法连接 Redis（127\\.0\\.0\\.1:${port}）：该端口上的服务不是 Redis（回答的不是 Redis 协议）：请核对 REDIS_URL 中的端口（`));
  });
});

/**
 * Production plumbing around the workers: the crawl schedules as BullMQ job schedulers (`minsheng
 * scheduler`), the CLI's clear errors without Redis/PostgreSQL, the admin-only queue dashboard and
 * the metrics route.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { BadInputError, ForbiddenError, silentLogger, type Logger } from '../core/index.js';
import { allJobs, crawlSourceJob, crawlStage, createPipeline, InProcessQueue, recordMessageJob, scanDeadlinesJob, startScheduler, sweepUnfinishedJob, syncSchedules } from '../pipeline/index.js';
import { BullmqQueue, waitForRedis, checkRedis } from '../pipeline/redis.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import { queueDashboard, queueMetrics } from '../web/api/queue-dashboard.js';
import { closedPort, deleteQueuePrefix, openTestPostgresStore, testRedisUrl, uniqueName } from './helpers/services.js';
import { sourceFileFor, waitFor } from './pipeline-helpers.js';

function cli(env: Record<string, string>) {
  let out = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };
  return { run: (args: string[]) => main(args, { env: { LOG_LEVEL: 'silent', ...env }, io }), output: () => out };
}

describe('crawl schedules as BullMQ job schedulers', () => {
  let site: RunningSite;
  let queue: BullmqQueue;
  const prefix = uniqueName('mssched');

  beforeAll(async () => {
    site = await startSite({ shape: 'paged-html', pageSize: 5 });
    queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs });
  });
  afterAll(async () => {
    await queue.close();
    await deleteQueuePrefix(prefix);
    await site.close();
  });

  it('adds one per source, keeps an unchanged one as it is, and removes those of sources no longer in the file', async () => {
    const a = await sourceFileFor(site, { id: 'mailbox-a', every: '10m' });
    const b = await sourceFileFor(site, { id: 'mailbox-b', every: '1h' });
    try {
      const first = await syncSchedules({ queue, sources: [...a.sources, ...b.sources], sweepEveryMs: 60_000, deadlineScanEveryMs: 900_000 });
      expect(first.removed).toEqual([]);
      const schedules = await queue.schedules();
      expect(schedules.map((s) => [s.key, s.job, s.everyMs]).sort()).toEqual([
        ['crawl_mailbox-a', 'crawl-source', 600_000],
        ['crawl_mailbox-b', 'crawl-source', 3_600_000],
        ['scan-deadlines', 'scan-deadlines', 900_000],
        ['sweep-unfinished', 'sweep-unfinished', 60_000],
      ]);
      expect(schedules.find((s) => s.key === 'crawl_mailbox-a')?.payload).toEqual({ sourceId: 'mailbox-a' });

      // Re-syncing an unchanged file does not push the next runs back.
      const next = Object.fromEntries(schedules.map((s) => [s.key, s.nextAt]));
      await new Promise((r) => setTimeout(r, 20));
      await syncSchedules({ queue, sources: [...a.sources, ...b.sources], sweepEveryMs: 60_000, deadlineScanEveryMs: 900_000 });
      expect(Object.fromEntries((await queue.schedules()).map((s) => [s.key, s.nextAt]))).toEqual(next);

      // The CLI with only mailbox-a in the file: mailbox-b's schedule goes; the deadline scan is turned off.
      const run = cli({ REDIS_URL: testRedisUrl, MINSHENG_QUEUE_PREFIX: prefix, MINSHENG_SOURCES: a.file });
      expect(await run.run(['scheduler', '--once', '--deadline-scan-every', '0'])).toBe(0);
      expect(run.output()).toContain('已设置采集计划 1 个，移除 2 个');
      expect((await queue.schedules()).map((s) => s.key).sort()).toEqual(['crawl_mailbox-a', 'sweep-unfinished']);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });

  it('runs on the in-process queue too, first run at once', async () => {
    const a = await sourceFileFor(site, { id: 'mailbox-c', every: '1h' });
    const local = new InProcessQueue();
    const seen: string[] = [];
    local.handle(allJobs.find((j) => j.name === 'crawl-source')!, async (p) => void seen.push((p as { sourceId: string }).sourceId));
    await local.start();
    try {
      await syncSchedules({ queue: local, sources: a.sources, sweepEveryMs: 0, deadlineScanEveryMs: 0 });
      await local.idle(5000);
      expect(seen).toEqual(['mailbox-c']);
      expect((await local.schedules()).map((s) => s.key)).toEqual(['crawl_mailbox-c']);
      await syncSchedules({ queue: local, sources: [], sweepEveryMs: 0, deadlineScanEveryMs: 0 });
      expect(await local.schedules()).toEqual([]);
    } finally {
      await local.close();
      await a.cleanup();
    }
  });
});

describe('a source file changed while processes run (docs/production.md §4)', () => {
  let site: RunningSite;
  // Each test its own queues: a schedule one test makes (file-a's first run, waiting) must not be
  // taken by another test's worker on another file, failing after its retries (seen under CI load).
  const prefixes: string[] = [];
  const queues: BullmqQueue[] = [];
  const newPrefix = () => {
    prefixes.push(uniqueName('msfile'));
    return prefixes.at(-1)!;
  };
  const newQueue = (prefix: string, concurrency = 1) => {
    const q = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs, concurrency, lockDurationMs: 5000 });
    queues.push(q);
    return q;
  };

  beforeAll(async () => {
    site = await startSite({ shape: 'paged-html', pageSize: 5, messages: sampleMessages(6, 3) });
  });
  afterAll(async () => {
    for (const q of queues) await q.close();
    for (const prefix of prefixes) await deleteQueuePrefix(prefix);
    await site.close();
  });

  it("the running scheduler's periodic check restores its own schedules but does not undo a newer file's, and says what it put back", async () => {
    const prefix = newPrefix();
    const a = await sourceFileFor(site, { id: 'file-a', every: '1h' });
    const b = await sourceFileFor(site, { id: 'file-b', every: '1h' });
    const queue = newQueue(prefix);
    const { logger, lines } = capturingLogger();
    const running = await startScheduler({ queue, sources: a.sources, sweepEveryMs: 0, deadlineScanEveryMs: 0, resyncEveryMs: 100, logger });
    try {
      // `minsheng scheduler --once` with the newer file (a and b): b stays scheduled.
      await syncSchedules({ queue, sources: [...a.sources, ...b.sources], sweepEveryMs: 0, deadlineScanEveryMs: 0 });
      await new Promise((r) => setTimeout(r, 500));
      expect((await queue.schedules()).map((s) => s.key).sort()).toEqual(['crawl_file-a', 'crawl_file-b']);
      // A schedule of its own file lost with Redis's data comes back.
      expect(lines().filter((l) => l.level >= 40)).toEqual([]);
      await queue.unschedule('crawl_file-a');
      await waitFor('crawl_file-a restored', async () => (await queue.schedules()).some((s) => s.key === 'crawl_file-a'), 5000);
      expect((await queue.schedules()).map((s) => s.key).sort()).toEqual(['crawl_file-a', 'crawl_file-b']);
      // Said once, as a warning: before, a Redis that lost its data (and its failed list) left no trace in the log.
      await new Promise((r) => setTimeout(r, 300));
      const warnings = lines().filter((l) => l.level === 40).map((l) => l.msg);
      expect(warnings).toEqual([expect.stringContaining('Redis 中缺少计划任务，已补回 1 个：crawl_file-a')]);
      expect(warnings[0]).toContain('AOF');
    } finally {
      running.stop();
      await a.cleanup();
      await b.cleanup();
    }
  });

  it("a worker on an older file hands a scheduled source's crawl back for a worker that knows it, and drops a removed source's", async () => {
    const store = await openTestPostgresStore();
    const prefix = newPrefix();
    const a = await sourceFileFor(site, { id: 'old-a', every: '1h' });
    const b = await sourceFileFor(site, { id: 'new-b', every: '1h' });
    const config = { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' };
    try {
      const producer = newQueue(prefix);
      await producer.schedule('crawl_new-b', crawlSourceJob, { sourceId: 'new-b' }, 3_600_000);
      // The worker still on the old file (only old-a) takes new-b's crawl first.
      const old = newQueue(prefix);
      old.handle(crawlSourceJob, crawlStage({ store, sources: a.sources, config, queue: old }));
      await old.start();
      await producer.enqueue(crawlSourceJob, { sourceId: 'new-b' }, { jobId: 'crawl:new-b:1' });
      const crawlQueue = producer.bullQueues().find((q) => q.name === 'crawl-source')!;
      const job = await waitFor('the old worker tried it', async () => {
        const j = await crawlQueue.getJob('crawl_new-b_1');
        return j && j.attemptsMade >= 1 ? j : undefined;
      }, 20_000);
      expect(await job.getState()).toBe('delayed');
      expect(job.failedReason).toMatch(/本进程的来源文件中没有来源 new-b.*请用新文件重启 npm start、计划进程和每个工作进程/);
      await old.close();

      // A worker restarted with the new file takes the retry and crawls it.
      const updated = newQueue(prefix);
      updated.handle(crawlSourceJob, crawlStage({ store, sources: [...a.sources, ...b.sources], config, queue: updated }));
      await updated.start();
      await waitFor('new-b crawled', async () => (await crawlQueue.getJob('crawl_new-b_1'))?.finishedOn, 30_000);
      expect(await crawlQueue.getJob('crawl_new-b_1').then((j) => j?.getState())).toBe('completed');
      expect(await store.db.message.count({ where: { sourceId: 'new-b' } })).toBe(site.messages().length);

      // A source no longer in any file and no longer scheduled: its leftover job is dropped, not failed.
      await producer.enqueue(crawlSourceJob, { sourceId: 'removed-c' }, { jobId: 'crawl:removed-c:1' });
      await waitFor('removed-c handled', async () => (await crawlQueue.getJob('crawl_removed-c_1'))?.finishedOn, 20_000);
      expect(await crawlQueue.getJob('crawl_removed-c_1').then((j) => j?.getState())).toBe('completed');
      expect(await producer.failed()).toEqual([]);
    } finally {
      await a.cleanup();
      await b.cleanup();
      await store.close();
    }
  });
});

describe('the periodic jobs', () => {
  it('run the sweep and the deadline scan as jobs without failing', async () => {
    const store = await openTestPostgresStore();
    const queue = new InProcessQueue();
    try {
      createPipeline({ store, queue, classifier: { classify: () => { throw new Error('not used'); } }, logger: silentLogger });
      await queue.start();
      await queue.enqueue(scanDeadlinesJob, {});
      await queue.enqueue(sweepUnfinishedJob, { olderThanMs: 0 });
      await queue.idle(30_000);
      expect(await queue.failed()).toEqual([]);
      expect((await queue.metrics()).filter((m) => m.completed === 1).map((m) => m.name).sort()).toEqual(['scan-deadlines', 'sweep-unfinished']);
    } finally {
      await queue.close();
      await store.close();
    }
  });
});

describe('production commands without their services', () => {
  it('say in Chinese which setting is missing', async () => {
    const worker = cli({});
    expect(await worker.run(['worker'])).toBe(1);
    expect(worker.output()).toMatch(/工作进程需要 Redis 和 PostgreSQL.*REDIS_URL.*DATABASE_URL/);
    const halfway = cli({ REDIS_URL: testRedisUrl });
    expect(await halfway.run(['worker', '--concurrency', '2'])).toBe(1);
    expect(halfway.output()).toContain('DATABASE_URL');
    expect(halfway.output()).not.toContain('REDIS_URL（');
    const jobs = cli({});
    expect(await jobs.run(['jobs', 'failed'])).toBe(1);
    expect(jobs.output()).toContain('查看失败任务需要 Redis');
    expect(jobs.output()).toContain('REDIS_URL');
    const retry = cli({});
    expect(await retry.run(['jobs', 'retry', '--all'])).toBe(1);
    expect(retry.output()).toContain('重试失败任务需要 Redis');
    const scheduler = cli({ REDIS_URL: testRedisUrl });
    expect(await scheduler.run(['scheduler', '--once'])).toBe(1);
    expect(scheduler.output()).toContain('MINSHENG_SOURCES');
    const badConcurrency = cli({});
    expect(await badConcurrency.run(['worker', '--concurrency', 'zero'])).toBe(2);
    expect(badConcurrency.output()).toContain('--concurrency 应为 1 到 64 的整数');
  });
});

/** A logger that keeps its lines (JSON), for counting what a component logs. */
function capturingLogger(): { logger: Logger; lines: () => { level: number; msg: string }[] } {
  const raw: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void raw.push(line) });
  return { logger, lines: () => raw.map((l) => JSON.parse(l) as { level: number; msg: string }) };
}

describe('production commands with a Redis they cannot use', () => {
  it('stop within seconds with a Chinese error, never 没有失败任务', { timeout: 60_000 }, async () => {
    const port = await closedPort();
    for (const args of [['jobs', 'failed'], ['jobs', 'retry', '--all']]) {
      const run = cli({ REDIS_URL: `redis://127.0.0.1:${port}/7` });
      const started = Date.now();
      expect(await run.run(args)).toBe(1);
      expect(Date.now() - started).toBeLessThan(10_000);
      // What it means in Chinese first, the driver's words after (QA 2026-11-30: English only).
      expect(run.output()).toContain(`错误：无法连接 Redis（127.0.0.1:${port}）：连接被拒绝：Redis 没有启动，或 REDIS_URL 中的主机、端口不对（connect ECONNREFUSED`);
    }
    const sourcesFile = path.join(mkdtempSync(path.join(tmpdir(), 'sched-sources-')), 'sources.yaml');
    writeFileSync(sourcesFile, readFileSync('crawlers/sources/demo.yaml', 'utf8').replaceAll('{{base}}', 'http://127.0.0.1:9'));
    const scheduler = cli({ REDIS_URL: `redis://127.0.0.1:${port}/7`, MINSHENG_SOURCES: sourcesFile });
    const started = Date.now();
    expect(await scheduler.run(['scheduler', '--once'])).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(scheduler.output()).toContain(`错误：无法连接 Redis（127.0.0.1:${port}）`);
    // A DB index Redis refuses: ioredis would carry on with database 0 and find nothing there.
    const badIndex = cli({ REDIS_URL: `${testRedisUrl}/99` });
    expect(await badIndex.run(['jobs', 'failed'])).toBe(1);
    expect(badIndex.output()).toContain('REDIS_URL 无效');
    expect(badIndex.output()).toContain('DB index is out of range');
    expect(badIndex.output()).not.toContain('没有失败任务');
    const http = cli({ REDIS_URL: 'http://127.0.0.1:6379' });
    expect(await http.run(['jobs', 'failed'])).toBe(1);
    expect(http.output()).toContain('配置项 REDIS_URL 无效：应为 redis://主机:端口/库号');
    const mysql = cli({ DATABASE_URL: 'mysql://x@y/z', REDIS_URL: testRedisUrl });
    expect(await mysql.run(['worker'])).toBe(1);
    expect(mysql.output()).toContain('配置项 DATABASE_URL 无效：应为 postgresql://用户@主机:端口/数据库');
  });

  it('wait at start-up with one line per half minute, and stop at once on a setting Redis refuses', { timeout: 30_000 }, async () => {
    const port = await closedPort();
    const { logger, lines } = capturingLogger();
    const controller = new AbortController();
    const waiting = waitForRedis(`redis://127.0.0.1:${port}/7`, { logger, retryEveryMs: 100, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 1500));
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    expect(lines().map((l) => l.msg)).toEqual([`无法连接 Redis（127.0.0.1:${port}）：连接被拒绝：Redis 没有启动，或 REDIS_URL 中的主机、端口不对（connect ECONNREFUSED 127.0.0.1:${port}）；每 0.1 秒重试一次，连上后继续启动`]);
    // A host name that does not resolve is named as such.
    await expect(checkRedis('redis://minsheng-redis.invalid:6379/7')).rejects.toThrow('无法连接 Redis（minsheng-redis.invalid:6379）：找不到主机 minsheng-redis.invalid：请核对 REDIS_URL 中的主机名');
    await expect(waitForRedis(`${testRedisUrl}/99`, { logger })).rejects.toThrow(/REDIS_URL 无效.*DB index is out of range/);
    await expect(waitForRedis(`${testRedisUrl}/7`, { logger })).resolves.toBeUndefined();
  });

  it('log a Redis outage once per half minute, not every reconnection attempt of every worker', { timeout: 30_000 }, async () => {
    const port = await closedPort();
    const { logger, lines } = capturingLogger();
    const queue = new BullmqQueue({ redisUrl: `redis://127.0.0.1:${port}/7`, prefix: uniqueName('msdown'), logger, definitions: allJobs });
    for (const job of allJobs) queue.handle(job, async () => undefined);
    void queue.start().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 5000));
    const warnings = lines().filter((l) => l.level === 40);
    // One line per kind of report (connection, worker), however many workers and attempts.
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThanOrEqual(3);
    // A queue that never reached Redis does not finish closing: do not wait for it.
    void queue.close().catch(() => undefined);
  });
});

describe('failed jobs in the CLI', () => {
  const prefix = uniqueName('msfailed');
  let queue: BullmqQueue;
  afterAll(async () => {
    await queue.close();
    await deleteQueuePrefix(prefix);
  });

  it('lists them in Beijing time and retries any id it lists, a scheduled run\'s too; an unknown id exits 1', { timeout: 60_000 }, async () => {
    queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs });
    queue.handle(crawlSourceJob, async (p) => {
      throw new BadInputError(`来源文件中没有来源 ${p.sourceId}`);
    });
    await queue.start();
    await queue.schedule('crawl_gone', crawlSourceJob, { sourceId: 'gone' }, 3_600_000);
    await waitFor('the scheduled run to fail', async () => (await queue.failed()).length === 1, 20_000, 100);
    const [failed] = await queue.failed();
    expect(failed!.id).toContain(':');

    const env = { REDIS_URL: testRedisUrl, MINSHENG_QUEUE_PREFIX: prefix };
    const list = cli(env);
    expect(await list.run(['jobs', 'failed'])).toBe(0);
    const beijing = new Date(failed!.failedAt).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
    expect(list.output()).toContain(`${failed!.id}\tcrawl-source\t${beijing}\t`);
    expect(list.output()).not.toContain(failed!.failedAt);

    const retry = cli(env);
    expect(await retry.run(['jobs', 'retry', '--id', failed!.id])).toBe(0);
    expect(retry.output()).toContain('已重新排队 1 个任务');
    await waitFor('the retried run to fail again', async () => (await queue.failed()).some((f) => f.attempts === 1 && f.failedAt > failed!.failedAt), 20_000, 100);

    const unknown = cli(env);
    expect(await unknown.run(['jobs', 'retry', '--id', 'nonexistent-id'])).toBe(1);
    expect(unknown.output()).toContain('已重新排队 0 个任务');
    // The error names the id it could not find (QA 2026-11-30: it said only how many).
    expect(unknown.output()).toContain('错误：1 个编号不在失败列表中：nonexistent-id（编号见 minsheng jobs failed）');
  });
});

describe('queue dashboard and metrics', () => {
  const prefix = uniqueName('msdash');
  let queue: BullmqQueue;
  beforeAll(async () => {
    queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs });
    await queue.enqueue(recordMessageJob, { message: { sourceId: 's', channel: 'district_mailbox', siteId: '1', title: 't', content: 'c', fetchedAt: 'now' } });
  });
  afterAll(async () => {
    await queue.close();
    await deleteQueuePrefix(prefix);
  });

  it('serves bull-board only past the admin hook, and the metrics as JSON and Prometheus text', async () => {
    const app = Fastify();
    const adminOnly = async (req: { headers: Record<string, unknown> }) => {
      if (req.headers['x-role'] !== 'admin') throw new ForbiddenError('需要管理员权限');
    };
    await app.register(queueDashboard, { queue, preHandler: adminOnly });
    await app.register(queueMetrics, { queue });
    try {
      const refused = await app.inject({ url: '/admin/queues' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toEqual({ error: { code: 'FORBIDDEN', message: '需要管理员权限' } });
      expect((await app.inject({ url: '/admin/queues/api/queues' })).statusCode).toBe(403);
      const page = await app.inject({ url: '/admin/queues', headers: { 'x-role': 'admin' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<html');
      const api = await app.inject({ url: '/admin/queues/api/queues', headers: { 'x-role': 'admin' } });
      expect(api.statusCode).toBe(200);
      expect(api.body).toContain('record-message');

      const json = (await app.inject({ url: '/api/metrics' })).json() as { queue: string; stages: { name: string; waiting: number }[]; totals: { waiting: number } };
      expect(json.queue).toBe('bullmq');
      expect(json.stages.find((s) => s.name === 'record-message')?.waiting).toBe(1);
      expect(json.totals.waiting).toBe(1);
      const text = (await app.inject({ url: '/api/metrics?format=prometheus' })).body;
      expect(text).toContain('minsheng_jobs_waiting{stage="record-message"} 1');
      expect(text).toContain('# TYPE minsheng_job_latency_p95_ms gauge');
    } finally {
      await app.close();
    }
  });

  it('answers 404 in Chinese for the dashboard on the in-process queue, still behind the hook', async () => {
    const app = Fastify();
    const local = new InProcessQueue();
    let checked = 0;
    await app.register(queueDashboard, { queue: local, preHandler: async () => void checked++ });
    try {
      const res = await app.inject({ url: '/admin/queues' });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('内置队列没有队列面板');
      expect(checked).toBe(1);
    } finally {
      await app.close();
      await local.close();
    }
  });
});

/**
 * Production plumbing around the workers: the crawl schedules as BullMQ job schedulers (`minsheng
 * scheduler`), the CLI's clear errors without Redis/PostgreSQL, the admin-only queue dashboard and
 * the metrics route.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { ForbiddenError, silentLogger } from '../core/index.js';
import { allJobs, BullmqQueue, createPipeline, InProcessQueue, recordMessageJob, scanDeadlinesJob, sweepUnfinishedJob, syncSchedules } from '../pipeline/index.js';
import { startSite, type RunningSite } from '../sites/index.js';
import { queueDashboard, queueMetrics } from '../web/api/queue-dashboard.js';
import { deleteQueuePrefix, openTestPostgresStore, testRedisUrl, uniqueName } from './helpers/services.js';
import { sourceFileFor } from './pipeline-helpers.js';

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
    expect(jobs.output()).toContain('REDIS_URL');
    const scheduler = cli({ REDIS_URL: testRedisUrl });
    expect(await scheduler.run(['scheduler', '--once'])).toBe(1);
    expect(scheduler.output()).toContain('MINSHENG_SOURCES');
    const badConcurrency = cli({});
    expect(await badConcurrency.run(['worker', '--concurrency', 'zero'])).toBe(2);
    expect(badConcurrency.output()).toContain('--concurrency 应为 1 到 64 的整数');
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

/**
 * Redis losing its data under a running production installation, with real processes: the main
 * job (`minsheng start`), `minsheng scheduler` and two `minsheng worker`s on one PostgreSQL schema and a private
 * redis-server without persistence (the shared Redis on 6379 is never touched). A batch of letters
 * is in flight (the crawl still running, their classification jobs queued) when Redis is flushed
 * (FLUSHALL); later Redis is killed and started again empty. Afterwards: every letter is one
 * message with its one case; each process said once per loss, in Chinese, that the queue's data
 * was lost (before, the workers said nothing and only the main job's scheduler noticed, through a
 * missing schedule, while the queued jobs waited minutes for its sweep); /api/health says when; no
 * process prints BullMQ's English (Missing key/lock for job …) about the jobs it was running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allJobs } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import type { Store } from '../workflow/index.js';
import { openTestPostgresStore, testDatabaseUrl, uniqueName } from './helpers/services.js';
import { expectExactlyOnce, repoDir, sourceFileFor, spawnWorker, startOwnRedis, waitFor, type OwnRedis, type WorkerProcess } from './pipeline-helpers.js';

const sourceId = 'redis-loss-test';
const lossLine = 'Redis 中的队列数据已丢失';
const count = (text: string, part: string) => text.split(part).length - 1;

/** `minsheng <command>` as a child process; resolves with what `ready` finds in its output. */
async function spawnCommand(command: string, env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; output(): string; url: string }> {
  let output = '';
  const child = spawn(process.execPath, [path.join(repoDir, 'bin/minsheng.js'), command], { cwd: repoDir, env: { ...process.env, ...env, LOG_LEVEL: 'info', LOG_FORMAT: 'json' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => void (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (output += d.toString()));
  const url = await waitFor(`minsheng ${command} to start`, async () => (child.exitCode !== null ? Promise.reject(new Error(`minsheng ${command} exited: ${output}`)) : ready.exec(output)?.[1]), 90_000, 100);
  return { child, output: () => output, url };
}

describe('Redis loses its data under the main job, the scheduler and two workers', () => {
  let redis: OwnRedis;
  let store: Store & { schema: string };
  let site: RunningSite;
  let sourceFile: Awaited<ReturnType<typeof sourceFileFor>>;
  let producer: BullmqQueue;
  let main: Awaited<ReturnType<typeof spawnCommand>> | undefined;
  let scheduler: Awaited<ReturnType<typeof spawnCommand>> | undefined;
  const workers: WorkerProcess[] = [];
  const prefix = uniqueName('msloss');

  beforeAll(async () => {
    redis = await startOwnRedis();
    store = await openTestPostgresStore();
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(30, 77), pageSize: 5 });
    sourceFile = await sourceFileFor(site, { id: sourceId, every: '1h' });
    producer = new BullmqQueue({ redisUrl: redis.url, prefix, definitions: allJobs });
  });
  afterAll(async () => {
    for (const p of [main?.child, scheduler?.child, ...workers.map((w) => w.child)]) if (p && p.exitCode === null) p.kill('SIGKILL');
    await producer?.close();
    await store?.close();
    await redis?.stop();
    await site?.close();
    await sourceFile?.cleanup();
  });

  it('loses nothing, doubles nothing, and every process says so once per loss', { timeout: 300_000 }, async () => {
    const env = {
      DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`,
      REDIS_URL: redis.url,
      MINSHENG_QUEUE_PREFIX: prefix,
      MINSHENG_SOURCES: sourceFile.file,
      MINSHENG_WORKER_CONCURRENCY: '2',
      MINSHENG_DEADLINE_SCAN_EVERY: '0',
      PORT: '0',
    };
    // Classification held back, so the letters the crawl records wait in Redis as queued jobs.
    const classify = producer.bullQueues().find((q) => q.name === 'classify-message')!;
    await classify.pause();
    site.setFault({ kind: 'slow', delayMs: 300 });
    workers.push(await spawnWorker(env), await spawnWorker(env));
    main = await spawnCommand('start', env, /控制台：(http:\/\/[\d.:]+)/);
    // Beside `npm start` only for this test (an installation runs it where no `npm start` runs).
    scheduler = await spawnCommand('scheduler', env, /(计划进程已启动)/);
    await waitFor('letters recorded and queued', async () => (await store.db.message.count()) >= 8 && (await classify.getWaitingCount()) >= 8, 90_000, 200);
    expect(await store.db.message.count({ where: { caseId: { not: null } } })).toBe(0);

    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
    site.setFault(null);

    const outputs = () => [main!.output(), scheduler!.output(), ...workers.map((w) => w.output())];
    await waitFor('every process to notice the loss', async () => outputs().every((o) => count(o, lossLine) === 1), 40_000, 200);
    await waitFor('every letter registered', async () => (await store.db.message.count({ where: { caseId: { not: null } } })) === 30, 90_000, 250);
    const health = (await (await fetch(`${main.url}/api/health`)).json()) as { queueDataLostAt?: string };
    expect(health.queueDataLostAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    // Redis killed and started empty: a second loss, said once more by each process; the crawl's
    // schedule is back at once (the main job restores it when it notices).
    await redis.kill();
    await redis.start();
    await waitFor('every process to notice the second loss', async () => outputs().every((o) => count(o, lossLine) === 2), 60_000, 200);
    await waitFor('the crawl schedule restored', async () => (await producer.schedules()).some((s) => s.key === `crawl_${sourceId}`), 10_000, 200);
    await producer.idle(60_000);

    await expectExactlyOnce(store, { [sourceId]: site.messages().map((m) => m.id) });
    for (const o of outputs()) expect(count(o, lossLine)).toBe(2);
    // Jobs running at the moment of loss are said in Chinese (pipeline/queue/lost-job-lines.ts), not in BullMQ's English.
    for (const o of outputs()) expect(o).not.toMatch(/Missing (?:key|lock) for job|could not renew lock/);
  });
});

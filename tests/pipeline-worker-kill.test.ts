/**
 * Faults of a worker process (`minsheng worker`, a real child process):
 * - killed with SIGKILL in the middle of a crawl: the stalled-job check of another worker takes
 *   the job over once its lock lapses; afterwards every message is in the store once, every case once;
 * - stopped with SIGTERM in the middle of a crawl: it finishes (winds the crawl down, keeps what it
 *   recorded) and exits 0, leaving no job active; the next crawl picks up the rest, each once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createPipeline, crawlSourceJob, crawlStage } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import type { Store } from '../workflow/index.js';
import { deleteQueuePrefix, openTestPostgresStore, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';
import { expectExactlyOnce, sharedClassifier, sourceFileFor, spawnWorker, waitFor, type WorkerProcess } from './pipeline-helpers.js';

const lockMs = 3000;

describe.each([
  { signal: 'SIGKILL' as const, sourceId: 'kill-test' },
  { signal: 'SIGTERM' as const, sourceId: 'term-test' },
])('a worker process stopped with $signal mid-crawl', ({ signal, sourceId }) => {
  let store: Store & { schema: string };
  let site: RunningSite;
  let sourceFile: Awaited<ReturnType<typeof sourceFileFor>>;
  let worker: WorkerProcess | undefined;
  let producer: BullmqQueue;
  let survivor: BullmqQueue | undefined;
  const prefix = uniqueName('mskill');

  beforeAll(async () => {
    store = await openTestPostgresStore();
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(24, 41), pageSize: 6 });
    sourceFile = await sourceFileFor(site, { id: sourceId });
    producer = new BullmqQueue({ redisUrl: testRedisUrl, prefix });
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await survivor?.close();
    await producer.close();
    await store.close();
    await deleteQueuePrefix(prefix);
    await site.close();
    await sourceFile.cleanup();
  });

  it('loses nothing and doubles nothing', { timeout: 180_000 }, async () => {
    worker = await spawnWorker({
      DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`,
      REDIS_URL: testRedisUrl,
      MINSHENG_QUEUE_PREFIX: prefix,
      MINSHENG_SOURCES: sourceFile.file,
      MINSHENG_JOB_LOCK_MS: String(lockMs),
      MINSHENG_WORKER_CONCURRENCY: '2',
    });
    // A slow site keeps the crawl job running long enough to stop the worker in the middle of it.
    site.setFault({ kind: 'slow', delayMs: 250 });
    await producer.enqueue(crawlSourceJob, { sourceId }, { jobId: `crawl:${sourceId}:1` });
    await waitFor('some messages recorded', async () => (await store.db.message.count()) >= 4, 60_000);
    const before = await store.db.message.count();
    expect(before).toBeLessThan(24);
    const activeCrawls = (await producer.metrics()).find((s) => s.name === 'crawl-source')?.active;
    expect(activeCrawls).toBe(1);
    worker.child.kill(signal);
    const exit = await worker.exited;
    site.setFault(null);

    if (signal === 'SIGTERM') {
      // Graceful: exit 0, and no job left active (the crawl finished with what it had).
      expect(exit).toBe(0);
      expect(worker.output()).toContain('工作进程已停止');
      const counts = await producer.metrics();
      expect(counts.reduce((n, s) => n + s.active, 0)).toBe(0);
      expect(counts.find((s) => s.name === 'crawl-source')?.completed).toBe(1);
    } else {
      expect(exit).toBe('SIGKILL');
    }

    // Another worker carries on: the killed worker's jobs come back through the stalled check
    // (after the lock lapses); for the SIGTERM case a next scheduled crawl picks up the rest.
    survivor = new BullmqQueue({ redisUrl: testRedisUrl, prefix, concurrency: 2, lockDurationMs: lockMs });
    const pipeline = createPipeline({
      store,
      queue: survivor,
      classifier: await sharedClassifier(),
      logger: silentLogger,
      crawl: crawlStage({ store, sources: sourceFile.sources, config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }),
    });
    await pipeline.start({ concurrency: 2 });
    if (signal === 'SIGTERM') await producer.enqueue(crawlSourceJob, { sourceId }, { jobId: `crawl:${sourceId}:2` });
    await waitFor('every message registered', async () => (await store.db.message.count({ where: { caseId: { not: null } } })) === 24, 60_000, 200);
    await survivor.idle(60_000);

    await expectExactlyOnce(store, { [sourceId]: site.messages().map((m) => m.id) });
    expect(await survivor.failed()).toEqual([]);
  });
});

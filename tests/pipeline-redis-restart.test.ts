/**
 * Fault: Redis restarted in the middle of the flow — a private redis-server without persistence,
 * killed and started again empty (the shared Redis on 6379 is never touched) while a crawl runs and
 * classification jobs wait. The crawler reconnects and goes on; the jobs lost with Redis's data
 * come back through the scheduler's sweep. After it: every message once, every case once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createPipeline, crawlSourceJob, crawlStage, startScheduler, type RunningScheduler } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import type { Store } from '../workflow/index.js';
import { openTestPostgresStore } from './helpers/services.js';
import { expectExactlyOnce, sharedClassifier, sourceFileFor, startOwnRedis, waitFor, type OwnRedis } from './pipeline-helpers.js';

const sourceId = 'redis-restart-test';

describe('Redis restarted mid-flow', () => {
  let redis: OwnRedis;
  let store: Store & { schema: string };
  let site: RunningSite;
  let sourceFile: Awaited<ReturnType<typeof sourceFileFor>>;
  let queue: BullmqQueue | undefined;
  let crawler: BullmqQueue | undefined;
  let scheduler: RunningScheduler | undefined;

  beforeAll(async () => {
    redis = await startOwnRedis();
    store = await openTestPostgresStore();
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(30, 51), pageSize: 6 });
    sourceFile = await sourceFileFor(site, { id: sourceId });
  });
  afterAll(async () => {
    scheduler?.stop();
    await queue?.close();
    await crawler?.close();
    // Each may be missing when the set-up failed part-way: its error is the one to read.
    await store?.close();
    await redis?.stop();
    await site?.close();
    await sourceFile?.cleanup();
  });

  it('loses nothing and doubles nothing', { timeout: 180_000 }, async () => {
    // The crawler runs first, alone: the classification jobs of what it records pile up in Redis.
    crawler = new BullmqQueue({ redisUrl: redis.url, prefix: 'msredis', concurrency: 1, lockDurationMs: 3000 });
    crawler.handle(crawlSourceJob, crawlStage({ store, sources: sourceFile.sources, config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }));
    await crawler.start();
    site.setFault({ kind: 'slow', delayMs: 150 });
    await crawler.enqueue(crawlSourceJob, { sourceId }, { jobId: `crawl:${sourceId}:1` });
    await waitFor('some messages recorded', async () => (await store.db.message.count()) >= 6, 60_000);
    expect(await store.db.message.count()).toBeLessThan(30);

    // Redis dies with those jobs and comes back empty; the crawl goes on and queues the rest.
    await redis.kill();
    await new Promise((r) => setTimeout(r, 1500));
    await redis.start();
    site.setFault(null);

    queue = new BullmqQueue({ redisUrl: redis.url, prefix: 'msredis', concurrency: 2, lockDurationMs: 3000 });
    const pipeline = createPipeline({ store, queue, classifier: await sharedClassifier(), logger: silentLogger });
    await pipeline.start({ concurrency: 2, recover: false });
    // The sweep every second, for every unregistered message; the schedules re-checked every second.
    scheduler = await startScheduler({ queue, sources: [], sweepEveryMs: 1000, sweepOlderThanMs: 0, deadlineScanEveryMs: 0, resyncEveryMs: 1000 });

    await waitFor('every message registered', async () => (await store.db.message.count({ where: { caseId: { not: null } } })) === 30, 90_000, 250);
    // The sweep's schedule was re-created in the new, empty Redis.
    expect((await queue.schedules()).map((s) => s.key)).toContain('sweep-unfinished');
    scheduler.stop();
    await queue.idle(30_000);
    await crawler.idle(30_000);

    await expectExactlyOnce(store, { [sourceId]: site.messages().map((m) => m.id) });
    expect(await queue.failed()).toEqual([]);
  });
});

/**
 * Fault: PostgreSQL unreachable for a while in the middle of a crawl — a TCP proxy between the
 * worker and 127.0.0.1:5432 cuts every connection and refuses new ones for three seconds (the
 * shared server keeps running). Jobs fail and are retried with backoff; the crawl leaves what it
 * could not record out of its saved state and runs again. After it: every message once, every case once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { z } from 'zod';
import { createPipeline, crawlSourceJob, crawlStage, type JobDefinition } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import { openStore, type Store } from '../workflow/index.js';
import { deleteQueuePrefix, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';
import { expectExactlyOnce, sharedClassifier, sourceFileFor, startTcpProxy, waitFor, type TcpProxy } from './pipeline-helpers.js';

const sourceId = 'pg-outage-test';

describe('PostgreSQL unreachable for a while', () => {
  let proxy: TcpProxy;
  let store: Store;
  let site: RunningSite;
  let sourceFile: Awaited<ReturnType<typeof sourceFileFor>>;
  let queue: BullmqQueue | undefined;
  const schema = uniqueName('t');
  const prefix = uniqueName('mspg');

  beforeAll(async () => {
    const target = new URL(testDatabaseUrl);
    proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    target.port = String(proxy.port);
    store = await openStore({ databaseUrl: target.toString(), schema, poolSize: 5 });
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(30, 61), pageSize: 6 });
    sourceFile = await sourceFileFor(site, { id: sourceId });
  });
  afterAll(async () => {
    proxy.restore();
    await queue?.close();
    await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await store.close();
    await proxy.close();
    await deleteQueuePrefix(prefix);
    await site.close();
    await sourceFile.cleanup();
  });

  it('loses nothing and doubles nothing', { timeout: 180_000 }, async () => {
    queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, concurrency: 2 });
    const pipeline = createPipeline({
      store,
      queue,
      classifier: await sharedClassifier(),
      logger: silentLogger,
      crawl: crawlStage({ store, sources: sourceFile.sources, config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }),
    });
    await pipeline.start({ concurrency: 2 });
    site.setFault({ kind: 'slow', delayMs: 150 });
    await queue.enqueue(crawlSourceJob, { sourceId }, { jobId: `crawl:${sourceId}:1` });
    await waitFor('some messages recorded', async () => (await store.db.message.count()) >= 6, 60_000);

    proxy.cut();
    await new Promise((r) => setTimeout(r, 3000));
    // While it is down, work does fail (and is retried), rather than silently succeeding.
    const during = await queue.metrics();
    proxy.restore();
    site.setFault(null);
    expect(during.reduce((n, s) => n + s.delayed + s.active, 0)).toBeGreaterThan(0);

    await waitFor('every message registered', async () => (await store.db.message.count({ where: { caseId: { not: null } } })) === 30, 90_000, 250);
    await queue.idle(60_000);
    await expectExactlyOnce(store, { [sourceId]: site.messages().map((m) => m.id) });
    expect(await queue.failed()).toEqual([]);
  });

  it('gives a job that failed on it a short Chinese reason, not Prisma\'s dump', { timeout: 60_000 }, async () => {
    const probe: JobDefinition<Record<string, never>> = { name: 'probe-store', version: 1, schema: z.object({}).strict() as z.ZodType<Record<string, never>>, attempts: 1 };
    const probePrefix = uniqueName('mspgfail');
    const probeQueue = new BullmqQueue({ redisUrl: testRedisUrl, prefix: probePrefix, definitions: [probe] });
    probeQueue.handle(probe, async () => void (await store.db.message.count()));
    try {
      await probeQueue.start();
      proxy.cut();
      await probeQueue.enqueue(probe, {});
      const [failed] = await waitFor('the job to fail', async () => {
        const list = await probeQueue.failed();
        return list.length > 0 ? list : undefined;
      }, 30_000);
      expect(failed!.reason).toMatch(/^无法连接数据库/);
      expect(failed!.reason).not.toMatch(/Invalid|\n/);
    } finally {
      proxy.restore();
      await probeQueue.close();
      await deleteQueuePrefix(probePrefix);
    }
  });
});

/**
 * Fault: two workers (separate Redis connections and database pools, as on two machines) take
 * copies of the same message at once — the same crawl delivered twice, the same classification and
 * registration jobs duplicated. After it: each message once, each case once, nothing failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type CrawledMessage } from '../core/index.js';
import { classifyMessageJob, createPipeline, registerMessageJob, type Pipeline } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { sampleMessages } from '../sites/index.js';
import { ensureSource, openStore, recordMessage, type Store } from '../workflow/index.js';
import { deleteQueuePrefix, openTestPostgresStore, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';
import { expectExactlyOnce, sharedClassifier } from './pipeline-helpers.js';

const sourceId = 'concurrent-test';

describe('two workers taking copies of the same message', () => {
  let storeA: Store & { schema: string };
  let storeB: Store;
  const workers: { queue: BullmqQueue; pipeline: Pipeline }[] = [];
  const prefix = uniqueName('msconc');

  beforeAll(async () => {
    storeA = await openTestPostgresStore();
    storeB = await openStore({ databaseUrl: testDatabaseUrl, schema: storeA.schema, poolSize: 5 });
    await ensureSource(storeA.db, { id: sourceId, name: '并发测试', channel: 'district_mailbox' });
    const classifier = await sharedClassifier();
    for (const store of [storeA, storeB]) {
      const queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, concurrency: 4 });
      const pipeline = createPipeline({ store, queue, classifier, logger: silentLogger });
      workers.push({ queue, pipeline });
    }
  });
  afterAll(async () => {
    for (const w of workers) await w.queue.close();
    await storeB.close();
    await storeA.close();
    await deleteQueuePrefix(prefix);
  });

  it('records each message once and opens one case for it', async () => {
    const [a, b] = workers as [{ queue: BullmqQueue; pipeline: Pipeline }, { queue: BullmqQueue; pipeline: Pipeline }];
    const messages = sampleMessages(12, 31).map(
      (m): CrawledMessage => ({ sourceId, channel: 'district_mailbox', siteId: m.id, title: m.title, content: m.content, fetchedAt: '2026-11-28T01:00:00.000Z' }),
    );
    // Every message crawled three times (three fetch times: three distinct jobs), enqueued by both
    // sides before any worker starts, so the copies are taken at the same moment.
    const fetches = ['2026-11-28T01:00:00.000Z', '2026-11-28T01:00:00.001Z', '2026-11-28T01:00:00.002Z'];
    await Promise.all(messages.flatMap((m) => fetches.map((fetchedAt, i) => (i % 2 ? b : a).pipeline.submit({ ...m, fetchedAt }))));
    await Promise.all([a.pipeline.start({ recover: false }), b.pipeline.start({ recover: false })]);
    await a.queue.idle(60_000);

    // Now copies of later stages for one message: classification and registration jobs under
    // different ids (as a lost-and-recovered job would be), on both workers at once.
    const copy: CrawledMessage = { sourceId, channel: 'district_mailbox', siteId: 'late-2', title: '另一封信', content: '菜市场附近夜间噪音扰民，请协调处理。', fetchedAt: fetches[0]! };
    const recorded = await recordMessage(storeA.db, copy);
    const classification = (await sharedClassifier()).classify(copy) as unknown as Record<string, unknown>;
    await Promise.all([
      ...[1, 2, 3].map((i) => (i % 2 ? a : b).queue.enqueue(classifyMessageJob, { messageId: recorded.messageId }, { jobId: `classify:${recorded.messageId}:copy${i}` })),
      ...[1, 2, 3, 4].map((i) => (i % 2 ? a : b).queue.enqueue(registerMessageJob, { messageId: recorded.messageId, classification }, { jobId: `register:${recorded.messageId}:copy${i}` })),
    ]);
    await a.queue.idle(30_000);

    await expectExactlyOnce(storeA, { [sourceId]: [...messages.map((m) => m.siteId), 'late-2'] });
    expect(await a.queue.failed()).toEqual([]);
    const done = await a.queue.metrics();
    expect(done.find((s) => s.name === 'record-message')?.completed).toBe(messages.length * fetches.length);
    expect(done.find((s) => s.name === 'register-message')?.completed).toBeGreaterThanOrEqual(messages.length + 4);
    // Each case counts its messages once, however many copies of each were delivered.
    for (const c of await storeA.db.case.findMany({ select: { id: true, reporterCount: true } })) {
      expect(c.reporterCount).toBe(await storeA.db.message.count({ where: { caseId: c.id } }));
    }
  });
});

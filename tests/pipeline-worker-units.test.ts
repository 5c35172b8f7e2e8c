/**
 * A new installation whose workers run before any `npm start` (docs/production.md: workers on
 * other machines, `minsheng scheduler` keeping the schedules): on PostgreSQL + BullMQ, the cases a
 * `minsheng worker` registers carry the suggested handling unit, because the worker loads the
 * unit directory into the store as the main job does (it used to leave the store without units,
 * so every case it registered had none).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, silentLogger, type CrawledMessage } from '../core/index.js';
import { startWorker, type RunningWorker } from '../pipeline/redis.js';
import { ensureSource, syncUnits, type Store } from '../workflow/index.js';
import { loadUnitDirectory } from '../classifier/index.js';
import { deleteQueuePrefix, openTestPostgresStore, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';
import { sharedClassifier, waitFor } from './pipeline-helpers.js';

const sourceId = 'units-test';

describe('a worker on a database no main job has opened yet', () => {
  let store: Store & { schema: string };
  let worker: RunningWorker | undefined;
  const prefix = uniqueName('msunits');

  beforeAll(async () => {
    store = await openTestPostgresStore();
  });

  afterAll(async () => {
    await worker?.close();
    await store?.close();
    await deleteQueuePrefix(prefix);
  });

  it('loads the unit directory, so the cases it registers have their suggested unit', async () => {
    expect(await store.db.unit.count()).toBe(0);
    const config = loadConfig({ DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, REDIS_URL: testRedisUrl, MINSHENG_QUEUE_PREFIX: prefix });
    worker = await startWorker({ config, logger: silentLogger, classifier: await sharedClassifier(), concurrency: 2 });
    expect(await store.db.unit.count()).toBe(loadUnitDirectory().length);

    await ensureSource(store.db, { id: sourceId, name: '单位测试', channel: 'district_mailbox' });
    const message: CrawledMessage = {
      sourceId,
      channel: 'district_mailbox',
      siteId: '1',
      title: '东风路路面坑洼多年无人修',
      content: '东风路从十字路口到学校门口一段路面坑坑洼洼，下雨天全是积水，车辆行人都不好走，希望交通部门尽快修一修。',
      fetchedAt: new Date().toISOString(),
    };
    await worker.pipeline.submit(message);
    const registered = await waitFor('the message to be registered', async () => (await store.db.message.findFirst({ where: { sourceId, caseId: { not: null } } })) ?? undefined, 60_000, 100);
    const suggested = (registered.classification as { unit?: { value?: string | null } } | null)?.unit?.value;
    expect(suggested).toBeTruthy();
    const kase = await store.db.case.findUniqueOrThrow({ where: { id: registered.caseId! }, include: { unit: true } });
    expect(kase.unit?.name).toBe(suggested);
  });

  it('loads it alongside another process loading it at the same moment', async () => {
    // Two processes starting together (a main job and a worker on a new database): neither fails.
    const units = loadUnitDirectory().map((u) => ({ ...u, name: `${u.name}（并发）` }));
    const added = await Promise.all([syncUnits(store.db, units), syncUnits(store.db, units), syncUnits(store.db, units)]);
    expect(added.reduce((a, b) => a + b, 0)).toBe(units.length);
    expect(await store.db.unit.count({ where: { name: { endsWith: '（并发）' } } })).toBe(units.length);
  });
});

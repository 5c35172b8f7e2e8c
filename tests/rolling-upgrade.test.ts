/**
 * An upgrade on PostgreSQL while an old process still runs (docs/production.md, Upgrading): the
 * new release's first process migrates the database, and an old `minsheng worker` or `npm start`
 * left running would go on writing rows the new code reads differently. Each running process
 * checks the store's migrations now and then and stops when it holds one its code lacks; a
 * migration dated 2999 stands for the newer release. Real PostgreSQL and Redis.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMainJob } from '../cli/app/main-job.js';
import { loadConfig, silentLogger } from '../core/index.js';
import { startWorker } from '../pipeline/redis.js';
import { startSite, sampleMessages, type RunningSite } from '../sites/index.js';
import type { Store } from '../workflow/index.js';
import { deleteQueuePrefix, openTestPostgresStore, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';
import { writeSiteSourceFile } from './helpers/source-files.js';
import { sharedClassifier } from './pipeline-helpers.js';

const future = '29991231000000_from_a_newer_release';

/** A newer release's first process migrating the database. */
async function migrateToNewerRelease(store: Store): Promise<void> {
  await store.sql.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
    [randomUUID(), 'f'.repeat(64), future],
  );
}
async function forgetNewerRelease(store: Store): Promise<void> {
  await store.sql.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, [future]);
}

/** Resolves with the message `onStoreUpgraded` receives; rejects after `ms`. */
function upgradeNotice(ms = 15_000): { onStoreUpgraded: (message: string) => void; received: Promise<string> } {
  let done: (message: string) => void = () => undefined;
  const received = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the process did not notice the newer migration')), ms);
    done = (message) => {
      clearTimeout(timer);
      resolve(message);
    };
  });
  return { onStoreUpgraded: (message) => done(message), received };
}

describe('an old process running while a newer release migrates the database', () => {
  let store: Store & { schema: string };
  let site: RunningSite;
  let sources: { file: string; cleanup: () => Promise<void> };
  const prefix = uniqueName('msrolling');
  let env: Record<string, string>;

  beforeAll(async () => {
    store = await openTestPostgresStore();
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(2, 9), pageSize: 10 });
    sources = await writeSiteSourceFile([site], { id: 'rolling-site' });
    env = { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, REDIS_URL: testRedisUrl, MINSHENG_QUEUE_PREFIX: prefix, MINSHENG_SOURCES: sources.file, PORT: '0', LOG_LEVEL: 'silent' };
  });

  afterAll(async () => {
    await deleteQueuePrefix(prefix);
    await sources?.cleanup();
    await site?.close();
    await store?.close();
  });

  it('a worker is told to stop, with the migrations it lacks', async () => {
    const notice = upgradeNotice();
    const worker = await startWorker({ config: loadConfig(env), logger: silentLogger, classifier: await sharedClassifier(), concurrency: 1, recover: false, onStoreUpgraded: notice.onStoreUpgraded, storeVersionCheckMs: 100 });
    try {
      await migrateToNewerRelease(store);
      expect(await notice.received).toMatch(new RegExp(`较新版本的民声.*${future}`));
    } finally {
      await worker.close();
      await forgetNewerRelease(store);
    }
  });

  it('a console process (npm start) is told to stop too', async () => {
    const notice = upgradeNotice();
    const job = await startMainJob(loadConfig(env), silentLogger, { onStoreUpgraded: notice.onStoreUpgraded, storeVersionCheckMs: 100 });
    try {
      await migrateToNewerRelease(store);
      expect(await notice.received).toMatch(new RegExp(`较新版本的民声.*${future}`));
    } finally {
      await job.close();
      await forgetNewerRelease(store);
    }
  });
});

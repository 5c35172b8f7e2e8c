/**
 * Real services for integration tests: PostgreSQL and Redis on this machine (started before every
 * session and before CI), each test on its own schema or queue prefix, cleaned up after.
 * TEST_DATABASE_URL and TEST_REDIS_URL override the defaults.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { openStore, type Store } from '../../workflow/index.js';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** A PostgreSQL store on a fresh schema; `close` drops the schema. */
export async function openTestPostgresStore(): Promise<Store & { schema: string }> {
  const schema = uniqueName('t');
  const store = await openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 5 });
  return {
    ...store,
    kind: store.kind,
    db: store.db,
    sql: store.sql,
    schema,
    withExclusiveLock: store.withExclusiveLock,
    async close() {
      await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await store.close();
    },
  };
}

/** An embedded PGlite store in a temporary folder; `close` removes the folder. */
export async function openTestPgliteStore(): Promise<Store & { dataDir: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'minsheng-test-'));
  const store = await openStore({ dataDir });
  return {
    ...store,
    kind: store.kind,
    db: store.db,
    sql: store.sql,
    dataDir,
    withExclusiveLock: store.withExclusiveLock,
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Removes every Redis key of a BullMQ prefix. */
export async function deleteQueuePrefix(prefix: string, redisUrl: string = testRedisUrl): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A port on 127.0.0.1 where nothing listens (bound, then closed): a service that is down. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

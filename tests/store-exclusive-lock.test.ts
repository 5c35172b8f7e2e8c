/**
 * The store's exclusive lock on PostgreSQL (one crawl per source at a time, across processes) is
 * the store's own: a second process on the same schema is kept out, an installation in another
 * schema of the same database is not. Found when two test files, each with its own schema, skipped
 * each other's crawls of a source with the same id (the advisory lock was keyed by name alone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../workflow/index.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';

describe('withExclusiveLock on PostgreSQL', () => {
  let a: Store & { schema: string };
  let b: Store & { schema: string };
  let aAgain: Store;

  beforeAll(async () => {
    a = await openTestPostgresStore();
    b = await openTestPostgresStore();
    aAgain = await openStore({ databaseUrl: testDatabaseUrl, schema: a.schema, poolSize: 2, migrate: false });
  });
  afterAll(async () => {
    await aAgain.close();
    await a.close();
    await b.close();
  });

  it('keeps out another process of the same schema, not a store of another schema', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const holder = a.withExclusiveLock('crawl:same-id', async () => {
      entered();
      await held;
      return 'a';
    });
    await inside;
    try {
      expect(await aAgain.withExclusiveLock('crawl:same-id', async () => 'a again')).toBeUndefined();
      expect(await b.withExclusiveLock('crawl:same-id', async () => 'b')).toBe('b');
      expect(await a.withExclusiveLock('crawl:other-id', async () => 'other')).toBe('other');
    } finally {
      release();
    }
    expect(await holder).toBe('a');
    expect(await aAgain.withExclusiveLock('crawl:same-id', async () => 'a again')).toBe('a again');
  });
});

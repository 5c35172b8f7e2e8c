/**
 * The embedded store's PostgreSQL keeps a page cache of 32MB (shared_buffers), not PostgreSQL's
 * 128MB: PGlite touches the whole cache at start, so the default cost the main job about 100 MB of
 * resident memory for pages the operating system's file cache holds anyway
 * (bench/main-job-memory.ts: memory and the ledger's queries at both sizes). Flushing is untouched.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../workflow/index.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function setting(name: string, options: { durable?: boolean } = {}): Promise<string | undefined> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-store-memory-'));
  dirs.push(dir);
  const store = await openStore({ dataDir: dir, ...options });
  stores.push(store);
  const [row] = await store.sql.query<Record<string, string>>(`SHOW ${name}`);
  return row?.[name];
}

describe('the embedded store’s memory', () => {
  it('runs with 32MB of shared buffers, fsync still on', async () => {
    expect(await setting('shared_buffers')).toBe('32MB');
    expect(await setting('fsync')).toBe('on');
  });

  it('has the same buffers when the benchmark turns flushing off', async () => {
    expect(await setting('shared_buffers', { durable: false })).toBe('32MB');
  });
});

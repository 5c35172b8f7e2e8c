/**
 * The embedded store flushes each commit to the disk (workflow/store/durable-pglite.ts): PGlite's
 * PostgreSQL runs with fsync on, and a committed registration has called fsync(2) on the store's
 * files before it returns. Before, PGlite ran with fsync off and its file layer never called
 * fsync, so a power cut could lose the last seconds of cases. (A power cut itself cannot be
 * staged here; what is checked is that the flush PostgreSQL's durability rests on happens.)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureSource, openStore, recordMessage, registerMessage, type Store } from '../workflow/index.js';
import { plainSuggestion } from './helpers/ledger-suggestion.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function openTempStore(durable?: boolean): Promise<{ store: Store; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-durable-'));
  dirs.push(dir);
  const store = await openStore({ dataDir: dir, ...(durable === undefined ? {} : { durable }) });
  stores.push(store);
  return { store, dir };
}

/** Records and registers one letter; answers the real paths fsync(2) was called on meanwhile. */
async function registerOneLetter(store: Store): Promise<string[]> {
  await ensureSource(store.db, { id: 'src-durable', name: '印台区区长信箱', channel: 'district_mailbox' });
  const fsync = vi.spyOn(fs, 'fsyncSync');
  const { messageId } = await recordMessage(store.db, {
    sourceId: 'src-durable',
    channel: 'district_mailbox',
    siteId: randomBytes(4).toString('hex'),
    title: '王家河小区路灯不亮',
    content: '王家河小区3号楼前路灯一个月不亮，请有关部门尽快维修。',
    fetchedAt: new Date().toISOString(),
  });
  await registerMessage(store.db, { messageId, classification: plainSuggestion });
  const fds = fsync.mock.calls.map(([fd]) => fd as number);
  fsync.mockRestore();
  return fds.map((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return `(fd ${fd} closed)`;
    }
  });
}

describe('the embedded store flushes commits to the disk', () => {
  it('runs PostgreSQL with fsync on and the WAL flushed by fsync', async () => {
    const { store } = await openTempStore();
    const [fsync] = await store.sql.query<{ fsync: string }>('SHOW fsync');
    const [method] = await store.sql.query<{ wal_sync_method: string }>('SHOW wal_sync_method');
    expect(fsync?.fsync).toBe('on');
    expect(method?.wal_sync_method).toBe('fsync');
  });

  it('calls fsync on the store’s write-ahead log before a registration returns', async () => {
    const { store, dir } = await openTempStore();
    const paths = await registerOneLetter(store);
    // Each commit (the message, then its case) flushes the WAL segment inside the store folder.
    expect(paths.filter((p) => p.startsWith(path.join(dir, 'pglite', 'pg_wal'))).length).toBeGreaterThanOrEqual(2);
    const [row] = await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "Case"');
    expect(row?.n).toBe(1);
  });

  it('passes over a folder the system cannot flush, as PostgreSQL does, and still flushes the files', async () => {
    const { store } = await openTempStore();
    // As on a system that refuses to fsync a folder (Windows): EPERM for every folder.
    const realFsync = fs.fsyncSync;
    let folders = 0;
    let files = 0;
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => {
      if (fs.fstatSync(fd).isDirectory()) {
        folders += 1;
        throw Object.assign(new Error('EPERM: operation not permitted, fsync'), { code: 'EPERM' });
      }
      files += 1;
      realFsync(fd);
    });
    // A checkpoint flushes the data files and their folders.
    await store.sql.exec('CHECKPOINT');
    expect(folders).toBeGreaterThan(0);
    expect(files).toBeGreaterThan(0);
    const [row] = await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "Case"');
    expect(row?.n).toBe(0);
  });

  it('is what the benchmark’s comparison turns off (no fsync at all without it)', async () => {
    const { store } = await openTempStore(false);
    expect(await registerOneLetter(store)).toEqual([]);
    const [fsync] = await store.sql.query<{ fsync: string }>('SHOW fsync');
    expect(fsync?.fsync).toBe('off');
  });
});

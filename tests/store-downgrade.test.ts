/**
 * A store a newer minsheng migrated is refused by older code, clearly and before anything
 * changes: the older Prisma client and use cases would write rows the newer code reads differently
 * (an old process left running during an upgrade, a downgrade, a newer backup restored). "Newer"
 * is a store holding a migration this code does not have: the current migrations minus the last
 * stand for an older release, and a migration dated 2999 for a release after this one. Real
 * PostgreSQL and PGlite stores.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, openStore, readMigrations, restoreEmbeddedStore, takeBackup, type SqlRunner } from '../workflow/index.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';

const future = '29991231000000_from_a_newer_release';

async function recordFutureMigration(sql: SqlRunner): Promise<void> {
  await sql.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
    [randomUUID(), 'f'.repeat(64), future],
  );
}

const appliedNames = async (sql: SqlRunner) =>
  (await sql.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name')).map((r) => r.migration_name);

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-downgrade-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('older code on a store a newer minsheng migrated', () => {
  it('is refused by the migrator, naming the migrations it lacks, and changes nothing', async () => {
    const store = await openTestPostgresStore();
    try {
      const migrations = await readMigrations();
      const before = await appliedNames(store.sql);
      const older = migrations.slice(0, -1);
      const last = migrations.at(-1)!.name;
      await expect(applyMigrations(store.sql, older)).rejects.toThrow(new RegExp(`较新版本的民声.*${last}.*升级前的备份恢复`));
      expect(await appliedNames(store.sql)).toEqual(before);
    } finally {
      await store.close();
    }
  });

  it('stops a process starting on PostgreSQL', async () => {
    const store = await openTestPostgresStore();
    try {
      await recordFutureMigration(store.sql);
      await expect(openStore({ databaseUrl: testDatabaseUrl, schema: store.schema, poolSize: 1 })).rejects.toThrow(new RegExp(`较新版本的民声.*${future}`));
    } finally {
      await store.close();
    }
  });

  it('stops a process starting on the embedded store, which opens again once the newer code is back', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const store = await openStore({ dataDir });
    await store.db.unit.create({ data: { id: 'u-kept', name: '保留单位' } });
    await recordFutureMigration(store.sql);
    await store.close();
    await expect(openStore({ dataDir })).rejects.toThrow(new RegExp(`较新版本的民声.*${future}`));
    // Nothing was written: the store still holds the newer release's record and the row.
    const reopened = await openStore({ dataDir, migrate: false });
    try {
      expect(await appliedNames(reopened.sql)).toContain(future);
      expect(await reopened.db.unit.findUnique({ where: { id: 'u-kept' } })).toMatchObject({ name: '保留单位' });
    } finally {
      await reopened.close();
    }
  });

  it('does not restore a newer release\'s backup: the live store stays in place', async () => {
    const newerDir = path.join(await tempDir(), 'newer');
    const newer = await openStore({ dataDir: newerDir });
    await recordFutureMigration(newer.sql);
    const backup = await takeBackup(newer, path.join(newerDir, 'backups'));
    await newer.close();

    const dataDir = path.join(await tempDir(), 'data');
    const live = await openStore({ dataDir });
    await live.db.unit.create({ data: { id: 'u-live', name: '现用单位' } });
    await live.close();

    await expect(restoreEmbeddedStore(backup.file, dataDir)).rejects.toThrow(new RegExp(`较新版本的民声.*${future}.*不能恢复`));
    expect((await readdir(dataDir)).filter((name) => name.startsWith('pglite.'))).toEqual([]);
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(true);
    const store = await openStore({ dataDir });
    try {
      expect(await store.db.unit.findUnique({ where: { id: 'u-live' } })).toMatchObject({ name: '现用单位' });
    } finally {
      await store.close();
    }
  });
});

/**
 * The project's migrator: applies prisma/migrations/<timestamp>_<name>/migration.sql in order,
 * each in its own transaction, and records it in Prisma's own `_prisma_migrations` table (same
 * columns, SHA-256 checksum of the file), so that `prisma migrate deploy` would accept the
 * database where Prisma's engine is available. Used for PGlite and PostgreSQL alike, because
 * Prisma 7's migrate engine cannot be downloaded on these machines (docs/stack.md).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../core/index.js';
import type { SqlRunner } from './sql-runner.js';

export const migrationsDir = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
    migrations.push({ name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

const createTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/**
 * The message that refuses a store migrated by a newer minsheng: this code's Prisma client and
 * use cases know only its own migrations, so running it there would write rows the newer code
 * reads differently (a recount the newer rule undoes, a column it leaves empty). `newer` lists
 * the applied migrations this code does not have.
 */
export function newerStoreMessage(newer: string[]): string {
  return `数据库已由较新版本的民声升级（本版本没有的数据库迁移：${newer.join('、')}），本版本不能使用它：请运行新版本；确需退回旧版本时，请先停止所有民声进程，再从升级前的备份恢复`;
}

/** The applied migrations (by name) that `migrations` lacks: a newer minsheng applied them. */
export function migrationsNewerThan(appliedNames: Iterable<string>, migrations: Migration[]): string[] {
  const known = new Set(migrations.map((m) => m.name));
  return [...appliedNames].filter((name) => !known.has(name)).sort();
}

/**
 * Applies the migrations not yet applied; returns their names. Refuses to run when an applied
 * migration's file has changed since (its checksum differs): that store needs a human. Refuses,
 * before changing anything, a store that holds migrations this code does not have: a newer
 * minsheng migrated it (a downgrade, or an old process started during an upgrade).
 * The caller holds whatever lock keeps two processes from migrating at once.
 * `onUpgrade` is told the pending migrations' names before the first runs, when the store already
 * holds some (an upgrade, not a new store): a migration may rewrite every row (the ledger search's
 * folding reads each message once), which takes minutes on a large store, and the administrator
 * watching the start should know why it waits.
 */
export async function applyMigrations(runner: SqlRunner, migrations?: Migration[], onUpgrade?: (pending: string[]) => void): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  await runner.exec(createTable);
  const applied = await runner.query<{ migration_name: string; checksum: string }>(
    'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const appliedByName = new Map(applied.map((row) => [row.migration_name, row.checksum]));
  const newer = migrationsNewerThan(appliedByName.keys(), all);
  if (newer.length > 0) throw new AppError('CONFIG', newerStoreMessage(newer));
  const pending = all.filter((m) => !appliedByName.has(m.name)).map((m) => m.name);
  if (pending.length > 0 && appliedByName.size > 0) onUpgrade?.(pending);
  const done: string[] = [];
  for (const migration of all) {
    const checksum = appliedByName.get(migration.name);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new AppError('CONFIG', `数据库迁移 ${migration.name} 已执行，但文件内容已被修改，请人工核查`);
      }
      continue;
    }
    await runner.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
         VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
    });
    done.push(migration.name);
  }
  return done;
}

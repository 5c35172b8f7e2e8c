/**
 * A long-running process (console, worker) checks now and then that no newer minsheng has migrated
 * its store since it started: during an upgrade on PostgreSQL a new release's first process
 * migrates the database while old consoles or workers may still run, and an old process would go
 * on writing rows the new code reads differently. `applyMigrations` refuses such a store at start;
 * this catches the processes already running. The check is one read of `_prisma_migrations`.
 *
 * Contract: `onNewer` is called at most once, with the message naming the migrations this code
 * lacks; the caller stops the process. A failed read (the database down for a while) is not a
 * verdict: the next check tries again.
 */
import type { Logger } from '../../core/index.js';
import { migrationsNewerThan, newerStoreMessage, readMigrations, type Migration } from './migrate.js';
import type { SqlRunner } from './sql-runner.js';

export interface StoreVersionWatchOptions {
  sql: SqlRunner;
  onNewer: (message: string) => void;
  /** @default 60000 */
  everyMs?: number;
  logger?: Logger;
}

/**
 * Reads the applied migrations once; answers the newer ones' message, or null when there are none.
 * `known`: this code's migrations (they do not change while it runs); read from disk when not given.
 */
export async function checkStoreVersion(sql: SqlRunner, known?: Migration[]): Promise<string | null> {
  const applied = await sql.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
  const newer = migrationsNewerThan(
    applied.map((r) => r.migration_name),
    known ?? (await readMigrations()),
  );
  return newer.length > 0 ? newerStoreMessage(newer) : null;
}

export function watchStoreVersion(options: StoreVersionWatchOptions): { stop(): void } {
  let stopped = false;
  let running = false;
  // This code's migrations, read from disk at the first check only.
  let known: Promise<Migration[]> | undefined;
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = true;
    known ??= readMigrations();
    known
      .then((migrations) => checkStoreVersion(options.sql, migrations))
      .then((message) => {
        if (message && !stopped) {
          stopped = true;
          clearInterval(timer);
          options.onNewer(message);
        }
      })
      .catch((error: unknown) => {
        known = undefined; // a failed read of the folder is tried again too
        options.logger?.debug({ err: error }, '检查数据库版本失败，稍后重试');
      })
      .finally(() => {
        running = false;
      });
  }, options.everyMs ?? 60_000);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/**
 * Opens the store: PostgreSQL when a database URL is given, else the embedded PGlite in the data
 * folder. Same schema, same migrations, applied before the store is handed out. Only workflow/
 * holds the Prisma client (house style). The PostgreSQL driver (pg, @prisma/adapter-pg) is
 * imported only when a database URL is given (open-postgres.ts): the embedded default never loads
 * it (.dependency-cruiser.cjs, tests/cli-startup-modules.test.ts).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../prisma/generated/client.js';
import { type Logger, silentLogger } from '../../core/index.js';
import { openEmbeddedClient } from './durable-pglite.js';
import { closeLedgerNumberGap } from './ledger-sequence.js';
import { applyMigrations } from './migrate.js';
import { pgliteRunner } from './sql-runner.js';
import { upgradeNotice, type Store, type StoreOptions } from './store-types.js';

export type { Db, Store, StoreOptions } from './store-types.js';

function inProcessLocks(): Store['withExclusiveLock'] {
  const held = new Set<string>();
  return async (name, fn) => {
    if (held.has(name)) return undefined;
    held.add(name);
    try {
      return await fn();
    } finally {
      held.delete(name);
    }
  };
}

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  if (!options.databaseUrl) return openPglite(options, logger);
  const { openPostgres } = await import('./open-postgres.js');
  return openPostgres(options.databaseUrl, options, logger);
}

async function openPglite(options: StoreOptions, logger: Logger): Promise<Store> {
  const dir = path.resolve(options.dataDir ?? './data', 'pglite');
  await mkdir(dir, { recursive: true }); // PGlite does not create parent folders
  const client = openEmbeddedClient(dir, { durable: options.durable ?? true, ...(options.sharedBuffers ? { sharedBuffers: options.sharedBuffers } : {}) });
  await client.waitReady;
  const sql = pgliteRunner(client);
  if (options.migrate !== false) {
    const applied = await applyMigrations(sql, undefined, upgradeNotice(logger, `内置数据库 ${dir}`));
    if (applied.length > 0) logger.info({ applied }, `已执行数据库迁移 ${applied.length} 项（内置数据库 ${dir}）`);
    // After a crash the 台账编号 sequence has run ahead of the last case (ledger-sequence.ts).
    const skipped = await closeLedgerNumberGap(sql);
    if (skipped > 0) logger.debug({ skipped }, '台账编号序列已接续到最后一个案件的编号');
  }
  const db = new PrismaClient({ adapter: new PrismaPGlite(client) });
  return {
    kind: 'pglite',
    db,
    sql,
    withExclusiveLock: inProcessLocks(),
    async dumpDataDir() {
      // Written-back pages make the copy smaller to recover from; the dump itself runs between statements.
      await client.exec('CHECKPOINT');
      return client.dumpDataDir('gzip');
    },
    async close() {
      await db.$disconnect();
      await client.close();
    },
  };
}

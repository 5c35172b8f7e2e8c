/**
 * The store's shape, shared by both kinds (open-store.ts opens the embedded one, open-postgres.ts
 * PostgreSQL): a file of its own so that open-postgres.ts, loaded on use, imports no cycle.
 */
import type { Logger } from '../../core/index.js';
import type { PrismaClient } from '../../prisma/generated/client.js';
import type { SqlRunner } from './sql-runner.js';

export type Db = InstanceType<typeof PrismaClient>;

export interface StoreOptions {
  /** PostgreSQL connection string; unset means the embedded PGlite store. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded store (its `pglite` sub-folder holds the database). @default ./data */
  dataDir?: string;
  /** PostgreSQL schema to use (created when missing): lets tests and installations share a database. @default public */
  schema?: string | undefined;
  /** Apply pending migrations on open. @default true */
  migrate?: boolean;
  /** Largest PostgreSQL pool. @default 10 */
  poolSize?: number;
  logger?: Logger;
  /**
   * Embedded store only: flush each commit to the disk (durable-pglite.ts). Only the benchmark
   * turns it off, to measure what flushing costs. @default true
   */
  durable?: boolean;
  /**
   * Embedded store only: PostgreSQL's shared_buffers (durable-pglite.ts). Only the benchmark sets
   * it, to compare with PostgreSQL's default. @default embeddedSharedBuffers (32MB)
   */
  sharedBuffers?: string;
}

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Raw SQL on the same database (migrations, schema checks). */
  readonly sql: SqlRunner;
  /**
   * Runs `fn` only if no other process (or task) of this store holds the named lock; returns
   * undefined when it is taken. PostgreSQL: a session advisory lock on a dedicated connection,
   * keyed by the schema and the name (another schema of the database is another store);
   * PGlite: in-process.
   */
  withExclusiveLock<T>(name: string, fn: () => Promise<T>): Promise<T | undefined>;
  /**
   * The embedded store's whole data folder as a gzipped tar (backup.ts), taken between two
   * statements, so it is what a power cut at that moment would leave: PostgreSQL's own crash
   * recovery makes it consistent when it is opened (a transaction in flight is rolled back).
   * Absent on PostgreSQL, whose backups are pg_dump's job.
   */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

/** The line an upgrade writes before its migrations run (applyMigrations' onUpgrade). */
export const upgradeNotice = (logger: Logger, store: string) => (pending: string[]) =>
  logger.info({ pending }, `正在升级数据库（${store}）：执行 ${pending.length} 项迁移，数据多时可能需要几分钟，请勿中断`);

/** The store: opening PGlite or PostgreSQL with migrations applied. */
export { openStore, type Store, type StoreOptions, type Db } from './open-store.js';
export { applyMigrations, migrationsNewerThan, readMigrations, migrationsDir, type Migration } from './migrate.js';
export { checkStoreVersion, watchStoreVersion, type StoreVersionWatchOptions } from './store-version-watch.js';
export type { SqlRunner } from './sql-runner.js';
export {
  backupFileName,
  dumpEmbeddedStore,
  listBackups,
  postgresBackupAdvice,
  pruneBackups,
  restoreEmbeddedStore,
  takeBackup,
  writeFileAtomically,
  type BackupFile,
  type RestoreResult,
} from './backup.js';

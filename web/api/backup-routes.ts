/**
 * 数据备份 (admin only): the embedded store's backups (workflow/store/backup.ts) on the console, so
 * an office without a database administrator sees that the daily backup runs, can take one before
 * a risky step, and can download one to keep on another machine or drive. A backup holds every
 * message and the password hashes, so every route is the administrator's alone. On PostgreSQL,
 * or a process not told where backups go, the list says so (pg_dump is the tool there).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { NotFoundError, type Logger } from '../../core/index.js';
import { listBackups, postgresBackupAdvice, pruneBackups, takeBackup, type BackupFile, type Store } from '../../workflow/index.js';
import { requireRole } from '../../workflow/users/index.js';
import { actorOf } from './request-input.js';

export interface BackupRoutesOptions {
  store: Store;
  logger: Logger;
  /** Where this process keeps the embedded store's backups, and how many the daily backup keeps (0: daily backup off). */
  backups?: { dir: string; keep: number };
}

const backupName = /^minsheng-backup-\d{8}-\d{6}\.tar\.gz$/;
const view = (b: BackupFile) => ({ name: path.basename(b.file), takenAt: b.takenAt, bytes: b.bytes });

export async function backupRoutes(app: FastifyInstance, options: BackupRoutesOptions): Promise<void> {
  const { store, backups } = options;
  const embedded = store.kind === 'pglite' && backups !== undefined;

  app.get('/api/console/backups', async (request) => {
    requireRole(actorOf(request), ['admin']);
    if (!embedded) return { embedded: false, advice: postgresBackupAdvice() };
    return { embedded: true, dir: backups.dir, keep: backups.keep, backups: (await listBackups(backups.dir)).map(view) };
  });

  // A backup now (before a risky step); the daily one's setting of how many to keep applies to it too.
  app.post('/api/console/backups', async (request) => {
    requireRole(actorOf(request), ['admin']);
    if (!embedded) throw new NotFoundError(postgresBackupAdvice());
    const backup = await takeBackup(store, backups.dir);
    if (backups.keep > 0) await pruneBackups(backups.dir, backups.keep);
    options.logger.info(`管理员 ${actorOf(request).username} 在控制台备份了内置数据库：${backup.file}`);
    return view(backup);
  });

  app.get('/api/console/backups/:name', async (request, reply) => {
    requireRole(actorOf(request), ['admin']);
    const { name } = request.params as { name: string };
    // Only a backup of the folder, by its exact name: never a path the request makes up.
    const found = embedded && backupName.test(name) ? (await listBackups(backups.dir)).find((b) => path.basename(b.file) === name) : undefined;
    if (!found) throw new NotFoundError(`没有这个备份：${name}`);
    return reply
      .type('application/gzip')
      .header('content-length', found.bytes)
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(createReadStream(found.file));
  });
}

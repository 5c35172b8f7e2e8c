/**
 * The main job's daily backup of the embedded store (workflow/store/backup.ts). An office PC is
 * often off at night, so there is no fixed hour: a backup is due when the backup folder holds none
 * taken on today's date (Beijing time). The first check runs a few minutes after start-up (the
 * start is not slowed, and the crawlers get going first), then every hour. After each backup only
 * the newest `keep` are kept. A failed backup is logged and tried again at the next check; it never
 * stops the main job.
 */
import { beijingClock, type Logger } from '../../core/index.js';
import { listBackups, pruneBackups, takeBackup, type BackupFile, type Store } from '../../workflow/index.js';
import { megabytes } from '../terminal-text.js';

export interface DailyBackupOptions {
  store: Store;
  dir: string;
  /** Backups kept; 0 turns the daily backup off. */
  keep: number;
  logger: Logger;
  /** @default 5 minutes */
  firstCheckAfterMs?: number;
  /** @default 1 hour */
  checkEveryMs?: number;
  /** The clock (tests). */
  now?: () => Date;
}

export interface DailyBackups {
  /** Runs one check now: takes a backup if today has none; answers it, or undefined. */
  check(): Promise<BackupFile | undefined>;
  /** Stops the timer and waits for a backup under way. */
  stop(): Promise<void>;
}

export function startDailyBackups(options: DailyBackupOptions): DailyBackups {
  const { store, dir, keep, logger } = options;
  const now = options.now ?? (() => new Date());
  let running: Promise<BackupFile | undefined> | undefined;
  const check = (): Promise<BackupFile | undefined> =>
    (running ??= (async () => {
      try {
        const today = beijingClock(now().getTime()).slice(0, 10);
        const [latest] = await listBackups(dir);
        if (latest && latest.takenAt.slice(0, 10) >= today) return undefined;
        const started = Date.now();
        const backup = await takeBackup(store, dir, now());
        const removed = await pruneBackups(dir, keep);
        logger.info(`已自动备份内置数据库：${backup.file}（${megabytes(backup.bytes)} MB，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）${removed.length ? `；按保留 ${keep} 份的设置删除了较早的备份 ${removed.length} 份` : ''}`);
        return backup;
      } catch (error) {
        logger.warn({ err: error }, `自动备份内置数据库失败，一小时后重试：${(error as Error).message}`);
        return undefined;
      } finally {
        running = undefined;
      }
    })());
  if (keep <= 0) {
    logger.warn('每日自动备份已关闭（MINSHENG_BACKUP_KEEP=0）：请用 minsheng backup 自行备份');
    return { check: async () => undefined, stop: async () => undefined };
  }
  let timer: NodeJS.Timeout | undefined = setTimeout(function tick() {
    void check().finally(() => {
      if (timer) timer = setTimeout(tick, options.checkEveryMs ?? 3_600_000).unref();
    });
  }, options.firstCheckAfterMs ?? 300_000);
  timer.unref();
  return {
    check,
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

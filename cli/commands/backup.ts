/**
 * `minsheng backup [--output FILE]` and `minsheng restore --input FILE`: the embedded store's backups
 * (workflow/store/backup.ts). A backup is taken through the running main job when it holds the
 * store (it is the only process that may read it), else by opening the store. A restore needs the
 * store free (the main job stopped): it puts the backup in place and keeps the replaced folder.
 * With PostgreSQL both refuse with the advice to use pg_dump / pg_restore.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ConfigError } from '../../core/index.js';
import { checkInputFile, checkOutputFile } from '../arguments.js';
import { lockEmbeddedStore } from '../app/store-lock.js';
import type { CliContext, RegisterCommand } from '../program.js';
import { megabytes } from '../terminal-text.js';
import { fetchMainJob, runningMainJob, withStore } from '../with-store.js';

async function dumpStore(ctx: CliContext): Promise<Blob> {
  const running = await runningMainJob(ctx);
  if (running) {
    ctx.io.stderr(`内置数据库正由民声进程（pid ${running.pid}）使用，经其接口备份…\n`);
    return (await fetchMainJob(running, '/api/cli/backup', { method: 'POST', body: {} })).blob();
  }
  return withStore(ctx, async (store) => (await await import('../../workflow/index.js')).dumpEmbeddedStore(store), 'minsheng backup');
}

export const registerBackupCommand: RegisterCommand = (program, ctx) => {
  program
    .command('backup')
    .description('备份内置数据库（案件、留言、采集状态、账号、日历等全部数据）为一个 .tar.gz 文件；主程序运行时经其接口备份。主程序每天也会自动备份一次（MINSHENG_BACKUP_DIR，保留 MINSHENG_BACKUP_KEEP 份）')
    .option('--output <file>', '备份文件（默认写入备份目录，文件名含北京时间）')
    .option('--list', '列出备份目录中已有的备份，不做备份')
    .action(async (opts: { output?: string; list?: boolean }) => {
      const { backupFileName, listBackups, postgresBackupAdvice, writeFileAtomically } = await import('../../workflow/index.js');
      const config = ctx.config();
      if (config.databaseUrl) throw new ConfigError(postgresBackupAdvice(config.databaseUrl));
      if (opts.list) {
        const backups = await listBackups(config.backupDir);
        if (backups.length === 0) ctx.io.stdout(`备份目录 ${config.backupDir} 中还没有备份\n`);
        for (const b of backups) ctx.io.stdout(`${b.takenAt}\t${megabytes(b.bytes)} MB\t${b.file}\n`);
        return;
      }
      if (!opts.output) await mkdir(config.backupDir, { recursive: true });
      const file = await checkOutputFile('--output', opts.output ?? path.join(config.backupDir, backupFileName(new Date())));
      const started = Date.now();
      const bytes = await writeFileAtomically(file, await dumpStore(ctx));
      ctx.io.stdout(`已备份内置数据库：${file}（${megabytes(bytes)} MB，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）\n`);
      ctx.io.stdout('备份文件含留言内容和账号信息，请妥善保管；建议定期复制到另一台机器或移动硬盘。\n');
    });

  program
    .command('restore')
    .description('用 minsheng backup 生成的备份文件恢复内置数据库。须先停止主程序；原数据库不删除，改名保留在数据目录中')
    .requiredOption('--input <file>', '备份文件（.tar.gz）')
    .action(async (opts: { input: string }) => {
      const { postgresBackupAdvice, restoreEmbeddedStore } = await import('../../workflow/index.js');
      const config = ctx.config();
      if (config.databaseUrl) throw new ConfigError(postgresBackupAdvice(config.databaseUrl));
      const file = await checkInputFile('--input', opts.input);
      const running = await runningMainJob(ctx);
      if (running) {
        throw new AppError(
          'CONFLICT',
          `内置数据库（${config.dataDir}）正由民声主程序使用（pid ${running.pid}，${running.url}），不能在运行中恢复。请先停止主程序（在运行 npm start 或 minsheng start 的终端按 Ctrl-C），再运行本命令。`,
        );
      }
      const unlock = await lockEmbeddedStore(config.dataDir, 'minsheng restore');
      try {
        ctx.io.stderr(`正在检查并恢复备份 ${file}…\n`);
        const result = await restoreEmbeddedStore(file, config.dataDir);
        ctx.io.stdout(`已恢复内置数据库（${config.dataDir}）：案件 ${result.cases} 件，留言 ${result.messages} 条\n`);
        if (result.keptAs) ctx.io.stdout(`原数据库已改名保留：${result.keptAs}（确认恢复无误后可删除）\n`);
        ctx.io.stdout('启动主程序（npm start 或 minsheng start）即可继续使用。\n');
      } finally {
        await unlock();
      }
    });
};

/**
 * `minsheng archive catalogue --volume 2026-投诉 --out DIR`: writes an archive volume's 卷内目录
 * (HTML to print and XLSX) into DIR. When a running main job holds the embedded store, it renders
 * the catalogue and this command writes the files it answers with; otherwise the command reads the
 * store itself (as the supervision office, which files the volumes). Either way the catalogue is
 * recorded in the export log (导出记录), as 命令行.
 */
import type { Command } from 'commander';
import type { ArchiveCatalogue } from '../../workflow/catalogue/index.js';
import { checkOutputDir } from '../arguments.js';
import { osUser } from '../os-user.js';
import type { CliContext, RegisterCommand } from '../program.js';
import { printable } from '../terminal-text.js';
import { askMainJob, runningMainJob, withStore } from '../with-store.js';

async function produceCatalogue(ctx: CliContext, volume: string): Promise<{ catalogue: ArchiveCatalogue; html: string; xlsx: Buffer }> {
  const running = await runningMainJob(ctx);
  if (running) {
    ctx.io.stderr(`内置数据库正由民声主程序（pid ${running.pid}）使用，经其接口生成……\n`);
    const answer = await askMainJob<{ catalogue: ArchiveCatalogue; html: string; xlsxBase64: string }>(running, '/api/cli/archive-catalogue', { method: 'POST', body: { volume } });
    return { catalogue: answer.catalogue, html: answer.html, xlsx: Buffer.from(answer.xlsxBase64, 'base64') };
  }
  // Logged as `cli:<account>`, as `minsheng export` is.
  const actor = { userId: 'cli', username: `cli:${osUser()}`, role: 'supervision' } as const;
  return withStore(ctx, async (store) => (await import('../../workflow/catalogue/index.js')).renderArchiveCatalogue(store.db, { volume, actor, via: 'cli', files: 'html+xlsx' }), 'minsheng archive catalogue');
}

function registerCatalogueCommand(archive: Command, ctx: CliContext): void {
  archive
    .command('catalogue')
    .description('生成归档卷的卷内目录（A4 横向打印的 HTML 与 XLSX）：件号、台账编号、标题、留言人（已脱敏）、渠道、收到日期、承办单位、办结日期、回访结果、归档日期、备注')
    .requiredOption('--volume <年份-类别>', '归档卷，如 2026-投诉、2026-不予受理')
    .requiredOption('--out <dir>', '输出目录（不存在则创建）')
    .action(async (opts: { volume: string; out: string }) => {
      const { parseVolume, writeCatalogueFiles } = await import('../../workflow/catalogue/index.js');
      const volume = parseVolume(opts.volume);
      const outDir = await checkOutputDir('--out', opts.out);
      const out = await produceCatalogue(ctx, volume);
      const files = await writeCatalogueFiles(outDir, volume, out);
      ctx.io.stdout(`已生成卷内目录《${printable(`${out.catalogue.year}年 ${out.catalogue.category}类 网民留言卷内目录`)}》（${out.catalogue.entries.length} 件）：${files.html}、${files.xlsx}\n`);
    });
}

export const registerArchiveCommand: RegisterCommand = (program, ctx) => {
  const archive = program.command('archive').description('归档卷（第四条㈩ 按类别立卷归档）：卷内目录');
  registerCatalogueCommand(archive, ctx);
};

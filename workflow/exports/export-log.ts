/**
 * ExportLog rows other than a streamed export's (run-export.ts writes those): a volume's 卷内目录
 * (workflow/catalogue) is a file with citizens' (masked) data leaving the system too, so it is
 * recorded in the same log, shown on the console's 数据导出 page (导出记录) and the admin's 安全审计.
 * Such a row names what was produced in `format` (catalogue-html …) and the volume in `filters`.
 */
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';

/** What a 卷内目录 produced: the console's print page or workbook, or both (the command line writes both). */
export type CatalogueFiles = 'html' | 'xlsx' | 'html+xlsx';

const catalogueFormats: Record<CatalogueFiles, string> = { html: 'catalogue-html', xlsx: 'catalogue-xlsx', 'html+xlsx': 'catalogue' };

/** An ExportLog `format` in staff's words: CSV, XLSX, JSON, 卷内目录（HTML） …; an unknown one upper-cased. */
export function exportLogFormatName(format: string): string {
  const names: Record<string, string> = {
    [catalogueFormats.html]: '卷内目录（HTML）',
    [catalogueFormats.xlsx]: '卷内目录（XLSX）',
    [catalogueFormats['html+xlsx']]: '卷内目录（HTML 和 XLSX）',
  };
  return names[format] ?? format.toUpperCase();
}

/** Whether an ExportLog row is a 卷内目录 (its rows count cases: 件). */
export const isCatalogueFormat = (format: string): boolean => Object.values(catalogueFormats).includes(format);

/**
 * Records a generated 卷内目录: who, from where, which volume, how many cases, when (now). The
 * catalogue always masks the 留言人 and the personal data in titles, so the row says masked.
 */
export async function logCatalogueExport(db: Db, input: { actor: Actor; via: 'console' | 'cli'; volume: string; files: CatalogueFiles; cases: number }): Promise<void> {
  const now = new Date();
  await db.exportLog.create({
    data: {
      actor: input.actor.username,
      role: input.actor.role,
      via: input.via,
      format: catalogueFormats[input.files],
      filters: { 内容: '卷内目录', 归档卷: input.volume },
      masked: true,
      rows: input.cases,
      status: 'done',
      startedAt: now,
      finishedAt: now,
    },
  });
}

/**
 * 卷内目录 as a workbook (exceljs), set up to print as the HTML does: A4 landscape, fitted to the
 * page's width, the header row repeated on every page, page numbers in the footer.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { withWorkbookTextShown } from '../bulletin/shown-workbook.js';
import { catalogueColumns, catalogueTitle, type ArchiveCatalogue } from './compute-archive-catalogue.js';

/** exceljs, loaded on the first workbook (it is slow to load; see write-bulletin-xlsx.ts). */
const loadExcelJs = () => createRequire(import.meta.url)('exceljs') as typeof ExcelJS;

/** The row of the column headers (below the title and the volume's line). */
export const catalogueHeaderRow = 3;

export function buildCatalogueWorkbook(c: ArchiveCatalogue): ExcelJS.Workbook {
  const wb = new (loadExcelJs().Workbook)();
  wb.creator = '民声 · 区政府督查室';
  wb.created = new Date();
  const ws = wb.addWorksheet('卷内目录', {
    views: [{ state: 'frozen', ySplit: catalogueHeaderRow }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages tall as it takes
      printTitlesRow: `${catalogueHeaderRow}:${catalogueHeaderRow}`,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  });
  const last = String.fromCharCode(64 + catalogueColumns.length);
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A1').value = `《${catalogueTitle(c)}》`;
  ws.getCell('A1').font = { bold: true, size: 16 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells(`A2:${last}2`);
  ws.getCell('A2').value = `归档卷：${c.volume}\u3000件数：${c.entries.length} 件\u3000区政府督查室\u3000生成日期：${c.generatedOn}`;
  const header = ws.getRow(catalogueHeaderRow);
  header.values = catalogueColumns.map((col) => col.header);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle' };
  catalogueColumns.forEach((col, i) => {
    ws.getColumn(i + 1).width = col.width;
  });
  const thin: Partial<ExcelJS.Border> = { style: 'thin' };
  for (const e of c.entries) {
    const row = ws.addRow(catalogueColumns.map((col) => e[col.key]));
    row.alignment = { vertical: 'top', wrapText: true };
  }
  for (let r = catalogueHeaderRow; r <= catalogueHeaderRow + c.entries.length; r++) {
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
      cell.border = { top: thin, left: thin, bottom: thin, right: thin };
    });
  }
  return withWorkbookTextShown(wb);
}

/** The .xlsx file of a catalogue as bytes. */
export async function catalogueXlsxBuffer(c: ArchiveCatalogue): Promise<Buffer> {
  return Buffer.from(await buildCatalogueWorkbook(c).xlsx.writeBuffer());
}

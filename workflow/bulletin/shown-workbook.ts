/**
 * A workbook's text as staff may be shown it (the bulletin's and the archive catalogue's): unit
 * names typed by staff, titles and writers' names are stored as they came, and a row stored before
 * intake dropped bidi controls may still hold one that reorders a cell in Excel or WPS. Every text
 * cell is passed through core's withBidiShown once the workbook is built, the one place for both
 * workbooks, so no cell is forgotten; the store keeps the text as it is.
 */
import type ExcelJS from 'exceljs';
import { withBidiShown } from '../../core/index.js';

/** Shows the bidi controls of every text cell of `wb` as U+FFFD (merged cells through their first cell); returns `wb`. */
export function withWorkbookTextShown(wb: ExcelJS.Workbook): ExcelJS.Workbook {
  wb.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        if (cell.master === cell && typeof cell.value === 'string') cell.value = withBidiShown(cell.value);
      });
    });
  });
  return wb;
}

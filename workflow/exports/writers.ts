/**
 * Writers of a batch to a byte stream, one row at a time, honouring back-pressure:
 * CSV (UTF-8 with BOM so Excel reads the Chinese, CRLF lines, RFC 4180 quoting), XLSX (exceljs
 * streaming writer: rows are committed as they come, never held in memory) and JSON (one array,
 * one object per line). Times are Beijing time: wall-clock text in CSV, date cells showing the
 * wall clock in XLSX (so they sort and filter as dates), ISO with +08:00 in JSON. An XLSX cell
 * holds at most Excel's 32,767 characters (a longer message is cut and says so; CSV and JSON keep
 * it whole). Text cells that a spreadsheet would take for a formula (starting with = + - @, tab or
 * CR, or the full-width ＝ ＋ － ＠ that Excel and WPS in Chinese locales may read as their ASCII
 * forms) are prefixed with an apostrophe in CSV: message text is untrusted. Numbers are never
 * prefixed (a negative number stays a number). XLSX needs no prefix: every text is written as a
 * typed string cell, which no spreadsheet evaluates on opening (writers.test.ts checks the XML).
 * Bidi controls a stored text may still hold (a row kept from before intake dropped them: an RLO
 * reorders a title in Excel or an editor) are shown as U+FFFD in CSV and XLSX cells, and written
 * as their escape (\u202e) in JSON, the same data for a program; the store keeps them
 * (core/visible-text.ts withBidiShown).
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { jsonWithBidiEscaped, withBidiShown } from '../../core/index.js';
import { chinaWallClock, chinaWallClockDate } from './china-time.js';
import type { AnyExportRow } from './export-case-rows.js';
import { exportColumns, type ExportColumn } from './export-rows.js';
import type { ExportFormat } from './formats.js';

/** exceljs, loaded on the first XLSX export: it takes about half a second to load, which every command would pay at start. */
const loadExcelJs = () => createRequire(import.meta.url)('exceljs') as typeof ExcelJS;

export { exportFormats, type ExportFormat } from './formats.js';

export const exportContentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

type Columns = readonly ExportColumn<AnyExportRow>[];
const cell = (row: AnyExportRow, key: string) => (row as unknown as Record<string, string | number | null>)[key] ?? null;

export interface BatchWriter {
  write(rows: readonly AnyExportRow[]): Promise<void>;
  /** Finishes the file; the stream is ended. */
  end(): Promise<void>;
}

async function put(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function finish(out: Writable): Promise<void> {
  const done = once(out, 'finish');
  out.end();
  await done;
}

/** The first characters of text a spreadsheet may take for a formula: ASCII and full-width = + - @, tab, CR. */
const formulaStart = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u;

/** One CSV field: formula-looking text is defused, then quoted when needed. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const shown = withBidiShown(value);
  const safe = formulaStart.test(shown) ? `'${shown}` : shown;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvWriter(out: Writable, columns: Columns): BatchWriter {
  let started = false;
  return {
    async write(rows) {
      let chunk = '';
      if (!started) {
        chunk += '\uFEFF' + columns.map((c) => csvField(c.header)).join(',') + '\r\n';
        started = true;
      }
      for (const row of rows) chunk += columns.map((c) => csvField(c.time ? chinaWallClock(String(cell(row, c.key) ?? '')) : cell(row, c.key))).join(',') + '\r\n';
      await put(out, chunk);
    },
    async end() {
      if (!started) await put(out, '\uFEFF' + columns.map((c) => csvField(c.header)).join(',') + '\r\n');
      await finish(out);
    },
  };
}

function jsonWriter(out: Writable, stamp: Readonly<Record<string, string>> | undefined): BatchWriter {
  let count = 0;
  return {
    async write(rows) {
      let chunk = count === 0 ? '[\n' : '';
      for (const row of rows) chunk += (count++ === 0 ? '' : ',\n') + jsonWithBidiEscaped(JSON.stringify(stamp ? { ...row, ...stamp } : row));
      if (chunk) await put(out, chunk);
    },
    async end() {
      await put(out, count === 0 ? '[]\n' : '\n]\n');
      await finish(out);
    },
  };
}


/** Excel's limit on the text of one cell; longer text makes Excel call the file damaged and cut it on "repair". */
export const excelCellLimit = 32_767;
const clippedNote = '……（全文超出 Excel 单元格上限，请在案件页或 JSON 导出中查看全文）';

/** Text that fits in one Excel cell, bidi controls shown: cut before the limit (never inside a surrogate pair) and said to be cut. */
export function fitExcelCell(stored: string): string {
  const text = withBidiShown(stored);
  if (text.length <= excelCellLimit) return text;
  let end = excelCellLimit - clippedNote.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + clippedNote;
}

function xlsxWriter(out: Writable, columns: Columns): BatchWriter {
  const timeColumns = columns.filter((c) => c.time);
  const done = once(out, 'finish');
  // Awaited by end(); an export stopped before it (failed, interrupted) must not leave it unhandled.
  done.catch(() => undefined);
  const workbook = new (loadExcelJs().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'minsheng';
  const sheet = workbook.addWorksheet('留言', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.time ? { style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : {}) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    async write(rows) {
      for (const row of rows) {
        const cells: Record<string, unknown> = { ...row };
        for (const [key, value] of Object.entries(cells)) if (typeof value === 'string') cells[key] = fitExcelCell(value);
        for (const c of timeColumns) cells[c.key] = chinaWallClockDate(String(cell(row, c.key) ?? '')) ?? cell(row, c.key);
        sheet.addRow(cells).commit();
      }
      // Let the zip stream drain between pages.
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async end() {
      sheet.commit();
      await workbook.commit();
      await done;
    },
  };
}

/**
 * A writer of `format` onto `out` (which it ends), CSV and XLSX with `columns` (the export's,
 * exportColumnsFor: per case or per message, the basis column marked; JSON writes every key, and
 * `jsonStamp`'s keys on every row: the export's own facts a JSON file has no header to carry,
 * exportJsonStamp).
 */
export function createBatchWriter(format: ExportFormat, out: Writable, columns: Columns = exportColumns as Columns, jsonStamp?: Readonly<Record<string, string>>): BatchWriter {
  if (format === 'csv') return csvWriter(out, columns);
  if (format === 'json') return jsonWriter(out, jsonStamp);
  return xlsxWriter(out, columns);
}

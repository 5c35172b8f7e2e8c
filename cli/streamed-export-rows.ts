/**
 * Rows of an export counted as its bytes arrive from a running main job (`GET /api/exports/stream`),
 * so `minsheng export` shows progress there as it does on the store directly. The count follows the
 * writers' formats (workflow/exports/writers.ts): CSV records end with a line break outside quotes
 * (a field's own line breaks are inside quotes), the first record being the header; JSON holds one
 * row a line between `[` and `]`, each opening its line with `{` (JSON.stringify never writes a
 * raw line break). An XLSX is a zip
 * whose rows cannot be read until it is whole: only its size is counted (null rows).
 */
import type { ExportFormat } from '../workflow/exports/index.js';

export interface StreamedExportRows {
  /** Reads the next piece of the file; returns the rows complete so far (null for XLSX). */
  push(chunk: Uint8Array): number | null;
  readonly bytes: number;
}

const quote = 0x22;
const lineFeed = 0x0a;
const openBrace = 0x7b;

export function countStreamedExportRows(format: ExportFormat): StreamedExportRows {
  let bytes = 0;
  let rows = 0;
  let inQuotes = false;
  let lineBreaks = 0;
  let afterLineFeed = false;
  return {
    get bytes() {
      return bytes;
    },
    push(chunk) {
      bytes += chunk.length;
      if (format === 'xlsx') return null;
      for (const b of chunk) {
        if (format === 'csv') {
          // "" inside a quoted field toggles twice: still inside.
          if (b === quote) inQuotes = !inQuotes;
          else if (b === lineFeed && !inQuotes) lineBreaks++;
        } else {
          // JSON: a row is an object opening a line (`[\n{…},\n{…}\n]\n`).
          if (b === openBrace && afterLineFeed) rows++;
          afterLineFeed = b === lineFeed;
        }
      }
      // CSV: the header's line break is not a row.
      return format === 'csv' ? Math.max(lineBreaks - 1, 0) : rows;
    },
  };
}

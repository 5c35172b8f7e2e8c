import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createBatchWriter, type ExportFormat } from '../workflow/exports/index.js';
import type { AnyExportRow } from '../workflow/exports/export-case-rows.js';
import { countStreamedExportRows } from './streamed-export-rows.js';

/** What a real writer sends for `rows`, in pieces of `size` bytes. */
async function writtenPieces(format: ExportFormat, rows: Record<string, unknown>[], size: number): Promise<Buffer[]> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  const writer = createBatchWriter(format, out);
  await writer.write(rows as unknown as AnyExportRow[]);
  await writer.end();
  const whole = Buffer.concat(parts);
  const pieces: Buffer[] = [];
  for (let i = 0; i < whole.length; i += size) pieces.push(whole.subarray(i, i + size));
  return pieces;
}

// Citizen text with what could confuse a count: line breaks, quotes, commas, braces at a line's start.
const rows = [
  { ledgerNo: 'YT-2026-000001', title: '路灯不亮', content: '第一行\r\n第二行，"引号"\n{不是新行}' },
  { ledgerNo: 'YT-2026-000002', title: '"=HYPERLINK(""x"")"', content: '\n{"a":1}\n,\n' },
  { ledgerNo: 'YT-2026-000003', title: '咨询', content: '' },
];

describe('rows of an export counted as it streams from the main job', () => {
  for (const format of ['csv', 'json'] as const) {
    for (const size of [1, 7, 4096]) {
      it(`${format}, in pieces of ${size} bytes: every row once, none of a field's line breaks`, async () => {
        const counter = countStreamedExportRows(format);
        const seen: number[] = [];
        for (const piece of await writtenPieces(format, rows, size)) seen.push(counter.push(piece)!);
        expect(seen.at(-1)).toBe(3);
        expect(Math.max(...seen)).toBe(3);
        expect(seen).toEqual([...seen].sort((a, b) => a - b));
      });
    }
    it(`${format} of no rows counts 0`, async () => {
      const counter = countStreamedExportRows(format);
      let last = -1;
      for (const piece of await writtenPieces(format, [], 3)) last = counter.push(piece)!;
      expect(last).toBe(0);
    });
  }

  it('xlsx: only the bytes', async () => {
    const counter = countStreamedExportRows('xlsx');
    let total = 0;
    for (const piece of await writtenPieces('xlsx', rows, 1000)) {
      expect(counter.push(piece)).toBeNull();
      total += piece.length;
    }
    expect(counter.bytes).toBe(total);
    expect(total).toBeGreaterThan(1000);
  });
});

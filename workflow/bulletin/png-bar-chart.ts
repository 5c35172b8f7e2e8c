/**
 * A grouped horizontal bar chart as a PNG, with no drawing library: one band per row (a unit),
 * one bar per series. It carries no text (no fonts here): the workbook places it beside the table
 * rows it draws, with a legend in the header. Encoded by hand: RGBA scanlines, zlib, CRC-32.
 */
import { deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes RGBA pixels (width * height * 4 bytes) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface BarChartPngOptions {
  /** Height of one row's band, in pixels (Excel's default row is 20). @default 20 */
  rowHeight?: number;
  /** @default 360 */
  width?: number;
}

/** Draws `rows` (one array of series values each) as grouped horizontal bars in `colors`. */
export function barChartPng(rows: readonly (readonly number[])[], colors: readonly Rgb[], options: BarChartPngOptions = {}): Buffer {
  const rowHeight = options.rowHeight ?? 20;
  const width = options.width ?? 360;
  const height = Math.max(1, rows.length) * rowHeight;
  const px = new Uint8Array(width * height * 4).fill(255);
  const fill = (x0: number, y0: number, w: number, h: number, [r, g, b]: Rgb) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y0 + h); y++) {
      for (let x = Math.max(0, x0); x < Math.min(width, x0 + w); x++) {
        const i = (y * width + x) * 4;
        px[i] = r;
        px[i + 1] = g;
        px[i + 2] = b;
        px[i + 3] = 255;
      }
    }
  };
  const left = 4;
  const plot = width - left - 8;
  const max = Math.max(1, ...rows.flat());
  for (let q = 0; q <= 4; q++) fill(left + Math.round((plot * q) / 4), 0, 1, height, [225, 225, 225]);
  const series = Math.max(1, colors.length);
  const barHeight = Math.max(1, Math.floor((rowHeight - 4) / series));
  rows.forEach((values, r) => {
    values.forEach((v, s) => {
      const w = Math.round((Math.max(0, v) / max) * plot);
      fill(left, r * rowHeight + 2 + s * barHeight, w, barHeight - (barHeight > 2 ? 1 : 0), colors[s] ?? [128, 128, 128]);
    });
    fill(0, (r + 1) * rowHeight - 1, width, 1, [240, 240, 240]);
  });
  fill(left, 0, 1, height, [120, 120, 120]);
  return encodePng(width, height, px);
}

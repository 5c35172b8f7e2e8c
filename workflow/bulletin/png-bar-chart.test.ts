import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { barChartPng } from './png-bar-chart.js';

describe('barChartPng', () => {
  it('writes a valid PNG with one band per row and bars in the series colours', () => {
    const png = barChartPng([[4, 2], [1, 0]], [[255, 0, 0], [0, 0, 255]], { rowHeight: 20, width: 100 });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(100);
    expect(png.readUInt32BE(20)).toBe(40);
    const idatLength = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect(raw.length).toBe((100 * 4 + 1) * 40);
    const pixel = (x: number, y: number) => [...raw.subarray(y * 401 + 1 + x * 4, y * 401 + 1 + x * 4 + 3)];
    expect(pixel(50, 4)).toEqual([255, 0, 0]); // the longest bar (4 of 4) crosses the middle
    expect(pixel(50, 12)).toEqual([255, 255, 255]); // the second series is half as long
    expect(pixel(20, 12)).toEqual([0, 0, 255]);
  });
});

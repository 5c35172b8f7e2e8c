import { describe, expect, it } from 'vitest';
import { parseLabel } from './labels.js';
import { computeReport } from './metrics.js';

describe('labels', () => {
  it('parses merged labels and site aliases, rejects unknown ones', () => {
    expect(parseLabel('投诉|求助|建议')).toEqual(['建议', '投诉', '求助']);
    expect(parseLabel('举报')).toEqual(['投诉']);
    expect(() => parseLabel('闲聊')).toThrow(/未知的类别标签/);
  });
});

describe('computeReport', () => {
  it('counts a merged label as right for any member and computes per-class figures', () => {
    const r = computeReport([
      { allowed: ['投诉', '求助'], predicted: '求助', confidence: 0.9 },
      { allowed: ['投诉', '求助'], predicted: '咨询', confidence: 0.6 },
      { allowed: ['咨询'], predicted: '咨询', confidence: 0.8 },
      { allowed: ['咨询'], predicted: '投诉', confidence: 0.55 },
    ]);
    expect(r.accuracy).toBe(0.5);
    expect(r.confusion['求助']['求助']).toBe(1);
    expect(r.confusion['投诉']['咨询']).toBe(1);
    expect(r.perClass['咨询'].precision).toBe(0.5);
    expect(r.perClass['咨询'].recall).toBe(0.5);
    expect(r.confident).toEqual({ rows: 1, accuracy: 1 });
    // Bins: 0.9 right, 0.8 right, 0.6 wrong, 0.55 wrong.
    expect(r.ece).toBeCloseTo((0.1 + 0.2 + 0.6 + 0.55) / 4, 6);
  });
});

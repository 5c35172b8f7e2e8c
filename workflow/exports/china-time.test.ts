import { describe, expect, it } from 'vitest';
import { chinaIsoTime, chinaWallClock, chinaWallClockDate } from './china-time.js';

describe('Beijing time in exports', () => {
  it('writes a UTC instant as ISO with +08:00', () => {
    expect(chinaIsoTime(new Date('2026-11-28T09:28:09.000Z'))).toBe('2026-11-28T17:28:09+08:00');
    expect(chinaIsoTime(new Date('2026-11-28T16:30:00.456Z'))).toBe('2026-11-29T00:30:00+08:00');
  });
  it('shows the wall clock of any ISO time, crossing midnight and the year', () => {
    expect(chinaWallClock('2026-11-28T09:28:09.000Z')).toBe('2026-11-28 17:28:09');
    expect(chinaWallClock('2026-11-28T17:28:09+08:00')).toBe('2026-11-28 17:28:09');
    expect(chinaWallClock('2026-12-31T20:00:00Z')).toBe('2027-01-01 04:00:00');
    // No daylight saving: summer is UTC+8 too.
    expect(chinaWallClock('2026-07-01T00:00:00Z')).toBe('2026-07-01 08:00:00');
  });
  it('leaves empty or unreadable text alone', () => {
    expect(chinaWallClock('')).toBe('');
    expect(chinaWallClock('不详')).toBe('不详');
    expect(chinaWallClockDate('')).toBeNull();
  });
});

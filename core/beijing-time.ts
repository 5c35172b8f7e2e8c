/**
 * Beijing time (Asia/Shanghai: UTC+8 all year, China keeps no daylight saving), the time staff
 * read: log lines, exports, refusals that name when something was done. Pure.
 */

/** `yyyy-mm-dd HH:MM:ss` in Beijing time; a time that is no number comes back as its text. */
export function beijingClock(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return String(epochMs);
  return new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

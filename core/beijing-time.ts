/**
 * Beijing time (Asia/Shanghai: UTC+8 all year, China keeps no daylight saving), the time staff
 * read: log lines, exports, refusals that name when something was done. Pure.
 */

/** `yyyy-mm-dd HH:MM:ss` in Beijing time; a time that is no number comes back as its text. */
export function beijingClock(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return String(epochMs);
  return new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** `yyyy-mm-dd HH:MM` in Beijing time, as printed documents give a step's time. */
export function beijingMinute(at: Date): string {
  return beijingClock(at.getTime()).slice(0, 16);
}

/**
 * The refusal of a period whose start is after its end, in one wording for every page and route
 * (QA: 通报统计 said 起始日期, 建议准确率 开始日期); the console's own check says the same
 * (web/console/js/form-checks.js reversedPeriod).
 */
export function reversedPeriodMessage(from: string, to: string): string {
  return `开始日期 ${from} 晚于结束日期 ${to}`;
}

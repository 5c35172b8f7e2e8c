/**
 * Times in exports are Beijing time (Asia/Shanghai: UTC+8 all year, no daylight saving), the
 * time staff read. JSON keeps an unambiguous ISO string with its offset; CSV and XLSX show the
 * wall clock. Pure.
 */
import { beijingClock } from '../../core/index.js';

const offsetMs = 8 * 3_600_000;

/** `2026-11-28T09:28:09.000Z` -> `2026-11-28T17:28:09+08:00`. */
export function chinaIsoTime(at: Date): string {
  return `${new Date(at.getTime() + offsetMs).toISOString().slice(0, 19)}+08:00`;
}

/** An ISO time (any offset) -> `2026-11-28 17:28:09`, Beijing time; text that is no time stays as it is. */
export function chinaWallClock(iso: string): string {
  const ms = Date.parse(iso);
  return iso && Number.isFinite(ms) ? beijingClock(ms) : iso;
}

/**
 * An ISO time -> a Date whose UTC fields are the Beijing wall clock: what a spreadsheet cell
 * (which has no time zone) must hold to show Beijing time. Null for '' or an unreadable time.
 */
export function chinaWallClockDate(iso: string): Date | null {
  const ms = Date.parse(iso);
  return iso && Number.isFinite(ms) ? new Date(ms + offsetMs) : null;
}

/**
 * Admin-loaded calendar days: a year's statutory holidays and make-up workdays (调休) from a JSON
 * file, for years chinese-days does not know yet. Loading replaces that year's loaded days and, in
 * the same transaction, recounts the due dates in hand that the year's days change
 * (recompute-due-dates.ts).
 *
 * File format: { "year": 2027, "holidays": ["2027-01-01", ...] | {"2027-01-01": "元旦", ...},
 *                "workdays": [...] | {...} }
 */
import { z } from 'zod';
import { BadInputError, closestKey } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { appendEvent } from '../events/append-event.js';
import { requireRole, type Actor } from '../users/actor.js';
import { transactionOptions } from '../cases/case-transaction.js';
import { recomputeDueDates, type DueDateRecount } from './recompute-due-dates.js';
import { createWorkCalendar, parseIsoDate, type LoadedDay, type WorkCalendar } from './work-calendar.js';

const dayList = z.union([z.array(z.string()), z.record(z.string(), z.string())]);
/**
 * Strict: loading replaces the year, so a mistyped key (`holiday`, `workday`) must not read as a
 * year without holidays and wipe the one loaded before.
 */
export const calendarFileSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  holidays: dayList.default([]),
  workdays: dayList.default([]),
});
const calendarKeys = ['year', 'holidays', 'workdays'] as const;
const calendarExample = '{"year":2027,"holidays":{"2027-01-01":"元旦",…},"workdays":{"2027-02-20":"春节调休",…}}';
export type CalendarFile = z.input<typeof calendarFileSchema>;

function entries(list: z.infer<typeof dayList>): [string, string | null][] {
  return Array.isArray(list) ? list.map((d) => [d, null]) : Object.entries(list);
}

/** Parses and checks a calendar file's content (every date within the year, none both holiday and workday). */
export function parseCalendarFile(raw: unknown): { year: number; days: LoadedDay[] } {
  const parsed = calendarFileSchema.safeParse(raw);
  if (!parsed.success) {
    const unknown = parsed.error.issues.find((i) => i.code === 'unrecognized_keys');
    if (unknown) {
      const named = unknown.keys.map((k) => {
        const meant = closestKey(k, calendarKeys);
        return meant ? `${k}（是否应为 ${meant}？）` : k;
      });
      throw new BadInputError(`日历文件格式错误：有未知字段 ${named.join('、')}，未导入任何日期；应为 ${calendarExample}`);
    }
    throw new BadInputError(`日历文件格式错误：${parsed.error.issues[0]?.message ?? ''}`);
  }
  const { year } = parsed.data;
  const days: LoadedDay[] = [];
  const seen = new Set<string>();
  for (const [kind, list] of [['holiday', parsed.data.holidays], ['workday', parsed.data.workdays]] as const) {
    for (const [date, name] of entries(list)) {
      parseIsoDate(date);
      if (!date.startsWith(`${year}-`)) throw new BadInputError(`日期 ${date} 不属于 ${year} 年`);
      if (seen.has(date)) throw new BadInputError(`日期 ${date} 重复或同时列为节假日和调休工作日`);
      seen.add(date);
      days.push({ date, kind, name });
    }
  }
  // Every year has official holidays (元旦 at least); a file without any is a mistake, and loading it would erase the year's.
  if (!days.some((d) => d.kind === 'holiday')) {
    throw new BadInputError(`日历文件中没有 ${year} 年的节假日（holidays 为空），未导入；已导入的 ${year} 年数据保持不变。应为 ${calendarExample}`);
  }
  return { year, days };
}

export interface CalendarLoadResult extends DueDateRecount {
  year: number;
  holidays: number;
  workdays: number;
}

/**
 * Replaces the loaded days of the file's year (admin only) and recounts the due dates in hand it
 * changes. Returns how many days were loaded, how many assignments were checked, which changed
 * and which could not be replayed (left as they were).
 */
export async function loadCalendarYear(db: Db, input: { file: unknown; actor: Actor }): Promise<CalendarLoadResult> {
  requireRole(input.actor, ['admin']);
  const { year, days } = parseCalendarFile(input.file);
  const recount = await db.$transaction(async (tx) => {
    const before = await getWorkCalendar(tx);
    await tx.calendarDay.deleteMany({ where: { date: { startsWith: `${year}-` } } });
    await tx.calendarDay.createMany({
      data: days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? null, loadedBy: input.actor.username })),
    });
    const after = await getWorkCalendar(tx);
    const result = await recomputeDueDates(tx, { year, before, after, actor: input.actor });
    await appendEvent(tx, {
      type: 'calendar_loaded',
      actor: input.actor.username,
      role: input.actor.role,
      data: { year, days: days.length, checked: result.checked, changed: result.changed.length, unreplayed: result.unreplayed.length },
    });
    return result;
  }, transactionOptions);
  return { year, holidays: days.filter((d) => d.kind === 'holiday').length, workdays: days.filter((d) => d.kind === 'workday').length, ...recount };
}

/** The days admins loaded, all years. */
export async function listCalendarDays(db: Pick<Db, 'calendarDay'>): Promise<LoadedDay[]> {
  const rows = await db.calendarDay.findMany({ orderBy: { date: 'asc' } });
  return rows.map((r) => ({ date: r.date, kind: r.kind === 'workday' ? 'workday' : 'holiday', name: r.name }));
}

/** The calendar in force: the library's data plus the days admins loaded. */
export async function getWorkCalendar(db: Pick<Db, 'calendarDay'>): Promise<WorkCalendar> {
  return createWorkCalendar(await listCalendarDays(db));
}

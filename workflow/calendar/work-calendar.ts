/**
 * China's official working-day calendar, as pure functions.
 *
 * Sources, in order of precedence:
 * 1. days an admin loaded (CalendarDay rows): a statutory holiday or a make-up workday (调休);
 * 2. chinese-days' data for the years it knows (2004..2026 in 1.5.7);
 * 3. for other years: Monday to Friday are workdays, and 1 January is always a holiday.
 *
 * Dates are calendar dates in China (YYYY-MM-DD strings); no time zone arithmetic happens here.
 */
import chineseDays from 'chinese-days';
import { BadInputError } from '../../core/index.js';

export type CalendarDayKind = 'holiday' | 'workday';

/** A day an admin loaded for a year the library does not know yet (or to correct it). */
export interface LoadedDay {
  date: string;
  kind: CalendarDayKind;
  name?: string | null | undefined;
}

export interface WorkCalendar {
  /** True when the date is a working day. */
  isWorkday(date: string): boolean;
  /** The working day `n` working days after `date` (n >= 1), not counting `date` itself. */
  addWorkingDays(date: string, n: number): string;
  /** Working days strictly after `from` up to and including `to` (0 when `to` <= `from`). */
  workingDaysBetween(from: string, to: string): number;
  /** Where the answer for a date comes from: loaded, library or rule. */
  sourceOf(date: string): 'loaded' | 'library' | 'rule';
  /** True when the year's official holiday schedule is known: chinese-days has it, or an admin loaded days of that year. */
  knowsYear(year: number): boolean;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a YYYY-MM-DD string that names a real date; throws BadInputError otherwise. */
export function parseIsoDate(date: string): Date {
  const m = isoDate.exec(date);
  if (!m) throw new BadInputError(`日期格式应为 YYYY-MM-DD：${date}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.toISOString().slice(0, 10) !== date) throw new BadInputError(`日期不存在：${date}`);
  return d;
}

/** The next calendar day of a YYYY-MM-DD date. */
export function nextDate(date: string): string {
  const d = parseIsoDate(date);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The calendar date in China (UTC+8, no daylight saving) of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const libraryYears = new Map<number, boolean>();

/** True when chinese-days has holiday data for the year (it silently treats other years as plain weeks). */
export function libraryKnowsYear(year: number): boolean {
  let known = libraryYears.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    libraryYears.set(year, known);
  }
  return known;
}

/** Builds a calendar from the admin-loaded days (may be empty). */
export function createWorkCalendar(loaded: readonly LoadedDay[] = []): WorkCalendar {
  const overrides = new Map<string, CalendarDayKind>();
  const loadedYears = new Set<number>();
  for (const day of loaded) {
    loadedYears.add(parseIsoDate(day.date).getUTCFullYear());
    overrides.set(day.date, day.kind);
  }
  const sourceOf = (date: string): 'loaded' | 'library' | 'rule' => {
    if (overrides.has(date)) return 'loaded';
    return libraryKnowsYear(parseIsoDate(date).getUTCFullYear()) ? 'library' : 'rule';
  };
  const isWorkday = (date: string): boolean => {
    const d = parseIsoDate(date);
    const override = overrides.get(date);
    if (override) return override === 'workday';
    if (libraryKnowsYear(d.getUTCFullYear())) return chineseDays.isWorkday(date);
    if (date.endsWith('-01-01')) return false; // 元旦 is a statutory holiday every year
    const weekday = d.getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };
  const addWorkingDays = (date: string, n: number): string => {
    if (!Number.isInteger(n) || n < 1 || n > 366) throw new BadInputError(`工作日数应为 1 到 366 的整数：${n}`);
    let current = date;
    let counted = 0;
    for (let guard = 0; guard < 3660; guard++) {
      current = nextDate(current);
      if (isWorkday(current)) counted++;
      if (counted === n) return current;
    }
    throw new BadInputError(`无法在十年内找到第 ${n} 个工作日，请检查日历数据`);
  };
  const workingDaysBetween = (from: string, to: string): number => {
    let count = 0;
    let current = from;
    while (current < to) {
      current = nextDate(current);
      if (isWorkday(current)) count++;
    }
    return count;
  };
  const knowsYear = (year: number): boolean => loadedYears.has(year) || libraryKnowsYear(year);
  return { isWorkday, addWorkingDays, workingDaysBetween, sourceOf, knowsYear };
}

/**
 * The years from `from` to `to` (YYYY-MM-DD, both included) whose official holiday schedule the
 * calendar does not know: their days are counted as plain weeks (only 元旦 off), which staff
 * should be warned of.
 */
export function unscheduledYears(calendar: WorkCalendar, from: string, to: string): number[] {
  const years: number[] = [];
  for (let y = parseIsoDate(from).getUTCFullYear(); y <= parseIsoDate(to).getUTCFullYear(); y++) if (!calendar.knowsYear(y)) years.push(y);
  return years;
}

/**
 * From this month (November) the next year's schedule is asked for: the State Council usually
 * publishes it in November, and a case handed over in December may fall due in January.
 */
const nextYearNoticeFromMonth = 11;

/**
 * What the offices' board tells staff of a holiday schedule the calendar does not know: the year of
 * `today` (China date), or, from November, the next year; null when both are known. Until it is
 * loaded (load-calendar-days.ts), due dates in that year count plain weeks and may be wrong.
 */
export function missingScheduleNotice(calendar: WorkCalendar, today: string): string | null {
  const d = parseIsoDate(today);
  const year = d.getUTCFullYear();
  if (!calendar.knowsYear(year)) {
    return `${year} 年的法定节假日安排尚未载入：办理时限按常规周末计算（只有元旦放假），可能不准。请系统管理员在「节假日」页载入国务院办公厅公布的安排。`;
  }
  if (d.getUTCMonth() + 1 >= nextYearNoticeFromMonth && !calendar.knowsYear(year + 1)) {
    return `${year + 1} 年的法定节假日安排尚未载入：时限落在 ${year + 1} 年的案件将按常规周末计算（只有元旦放假），可能不准。国务院办公厅公布安排后，请系统管理员在「节假日」页载入。`;
  }
  return null;
}

/**
 * 第四条㈤ due date: `days` working days counted from the working day after assignment, i.e. the
 * `days`-th working day after the day of assignment.
 */
export function dueDateFor(calendar: WorkCalendar, assignedDate: string, days: number): string {
  return calendar.addWorkingDays(assignedDate, days);
}

/**
 * How a forwarded item's due date is kept within the upper level's 办理时限 (第三条㈠3):
 * `day-before` (the rule since the 专报 margin): the working day before the upper deadline, so 督查室
 * has a day to 审核 the unit's report and send the 专报 (第四条㈦㈧) before the upper level's date;
 * `deadline` (assignments made before): the upper deadline itself. Events record the rule they
 * used, so a recount replays each assignment as it was counted (recompute-due-dates.ts).
 */
export type UpperDeadlineRule = 'day-before' | 'deadline';

/** The previous calendar day of a YYYY-MM-DD date. */
function previousDate(date: string): string {
  const d = parseIsoDate(date);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The latest due date the upper deadline allows a unit assigned on `assignedDate` (the day of 交办,
 * or the day a later copy brought the deadline). `reviewDay`: the working day before the upper
 * deadline is the cap, leaving that deadline's day to 审核 and the 专报. When that working day is
 * before `assignedDate` there is no such day: the cap is the upper deadline itself (or
 * `assignedDate` when the deadline is already past) and `reviewDay` is false, which staff are
 * warned of (upperDeadlineWarning).
 */
export function upperDeadlineCap(calendar: WorkCalendar, assignedDate: string, upperDeadline: string, rule: UpperDeadlineRule = 'day-before'): { cap: string; reviewDay: boolean } {
  if (rule === 'day-before') {
    let day = previousDate(upperDeadline);
    while (day >= assignedDate && !calendar.isWorkday(day)) day = previousDate(day);
    if (day >= assignedDate) return { cap: day, reviewDay: true };
  }
  return { cap: upperDeadline < assignedDate ? assignedDate : upperDeadline, reviewDay: false };
}

/**
 * An item forwarded by the province or city (第三条㈠3) comes with the upper level's own 办理时限,
 * which may be shorter than the unit's working days, or a fixed date: the unit's due date is the
 * counted one or the upper deadline's cap (upperDeadlineCap: the working day before it, when that
 * is not before the day of assignment), whichever is earlier, and never before the day of
 * assignment (a deadline already past makes the work due that day). Shared by 交办, a deadline
 * arriving after it, and the recount after a year's schedule is loaded.
 */
export function withinUpperDeadline(
  calendar: WorkCalendar,
  counted: string,
  assignedDate: string,
  upperDeadline: string | null | undefined,
  rule: UpperDeadlineRule = 'day-before',
): string {
  if (!upperDeadline) return counted;
  const { cap } = upperDeadlineCap(calendar, assignedDate, upperDeadline, rule);
  return cap < counted ? cap : counted;
}

/**
 * Staff's warning when a unit's due date leaves no working day before the upper deadline for
 * 审核 and the 专报 (the deadline is today, tomorrow with no working day between, or past); null
 * otherwise. Shown on the case and written into the event that set the date.
 */
export function upperDeadlineWarning(dueDate: string, upperDeadline: string | null | undefined): string | null {
  if (!upperDeadline || dueDate < upperDeadline) return null;
  return upperDeadline < dueDate
    ? `承办单位办理时限 ${dueDate} 晚于上级办理时限 ${upperDeadline}（交办时上级办理时限已过，或已批准延期）；请督查室收到办理情况后立即审核并报送专报，必要时先向上级说明进展`
    : `上级办理时限 ${upperDeadline} 前已没有工作日留给督查室审核和报送专报，承办单位办理时限即为上级办理时限；请督查室当日审核并报送专报`;
}

/**
 * 第五条㈣ extension: the granted working days counted on from the due date in force, or from the
 * day it is granted (`grantedOn`, a China date) when that due date has already passed though the
 * unit asked in time (督查室 answered after it): counted on from a past date, the extension would
 * leave the case overdue the day it is granted. `grantedOn` is '' for a request made after the due
 * date (decide-extension.ts), whose lateness stands, and for events recorded before it was kept.
 * Shared by decideExtension and the recount after a year's schedule is loaded, so both count alike.
 */
export function extendedDueDate(calendar: WorkCalendar, dueDate: string, grantedDays: number, grantedOn: string): string {
  return calendar.addWorkingDays(grantedOn > dueDate ? grantedOn : dueDate, grantedDays);
}

/**
 * Work sent back to be redone (审核退回, 审批退回, 退回修改答复): the assignment's working days
 * counted from the day it was sent back, or the due date in force when that is later. Shared by
 * reopenForRedo and the recount after a year's schedule is loaded.
 */
export function redoDueDate(calendar: WorkCalendar, sentBackDate: string, workingDays: number, dueDate: string): string {
  const redo = dueDateFor(calendar, sentBackDate, workingDays);
  return redo > dueDate ? redo : dueDate;
}

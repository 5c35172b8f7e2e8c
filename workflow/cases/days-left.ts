/**
 * Working days left before a due date, or (negative) how many working days it is past, on the
 * official calendar: what the ledger, the case page and the supervision board show
 * (剩 N 个工作日, 今天到期, 逾期 N 个工作日). A date past is at least 1 working day late, even when
 * the days since are a holiday.
 */
import type { WorkCalendar } from '../calendar/work-calendar.js';

/** Working days from `today` to `dueDate` (0: due today), negative when past. */
export function workingDaysTo(calendar: WorkCalendar, today: string, dueDate: string): number {
  return dueDate < today ? -Math.max(1, calendar.workingDaysBetween(dueDate, today)) : calendar.workingDaysBetween(today, dueDate);
}

/** A case in hand's `workingDaysTo` its due date; null when it is not with a unit (not assigned) or has no due date. */
export function workingDaysLeft(calendar: WorkCalendar, today: string, c: { state: string; dueDate: string | null }): number | null {
  if (c.state !== 'assigned' || c.dueDate === null) return null;
  return workingDaysTo(calendar, today, c.dueDate);
}

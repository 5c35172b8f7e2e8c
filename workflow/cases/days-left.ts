/**
 * A case in hand's working days left before its due date, or (negative) how many working days it
 * is late, on the official calendar: what the ledger, the case page and the board show
 * (剩 N 个工作日, 今天到期, 逾期 N 个工作日). Null when the case is not with a unit (not assigned) or
 * has no due date. A case past its due date is at least 1 working day late, even when the days
 * since are a holiday.
 */
import type { WorkCalendar } from '../calendar/work-calendar.js';

export function workingDaysLeft(calendar: WorkCalendar, today: string, c: { state: string; dueDate: string | null }): number | null {
  if (c.state !== 'assigned' || c.dueDate === null) return null;
  return c.dueDate < today ? -Math.max(1, calendar.workingDaysBetween(c.dueDate, today)) : calendar.workingDaysBetween(today, c.dueDate);
}

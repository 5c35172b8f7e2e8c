/**
 * Working days left before a due date, or (negative) how many working days it is past, on the
 * official calendar: what the ledger, the case page and the supervision board show
 * (剩 N 个工作日, 今天到期, 逾期 N 个工作日). A date past is at least 1 working day late, even when
 * the days since are a holiday.
 */
import { chinaDate, type WorkCalendar } from '../calendar/work-calendar.js';

/** Working days from `today` to `dueDate` (0: due today), negative when past. */
export function workingDaysTo(calendar: WorkCalendar, today: string, dueDate: string): number {
  return dueDate < today ? -Math.max(1, calendar.workingDaysBetween(dueDate, today)) : calendar.workingDaysBetween(today, dueDate);
}

/** A case in hand's `workingDaysTo` its due date; null when it is not with a unit (not assigned) or has no due date. */
export function workingDaysLeft(calendar: WorkCalendar, today: string, c: { state: string; dueDate: string | null }): number | null {
  if (c.state !== 'assigned' || c.dueDate === null) return null;
  return workingDaysTo(calendar, today, c.dueDate);
}

/**
 * 逾期报送: the working days the unit's first report on the 交办 in force came after its due date,
 * counted as `workingDaysTo` counts lateness (at least 1); null when it came on time or there is
 * none. The same judgement as submit-report.ts's `onTime` and the bulletin's 超期, so a case that
 * has left the unit's hands keeps the mark the ledger gave it while it was late. A send-back clears
 * `firstReportedAt` (redo-deadline.ts), and the work redone is judged afresh.
 */
export function workingDaysReportedLate(calendar: WorkCalendar, lead: { firstReportedAt: Date | null; dueDate: string } | null | undefined): number | null {
  if (!lead?.firstReportedAt) return null;
  const reportedOn = chinaDate(lead.firstReportedAt);
  return reportedOn > lead.dueDate ? -workingDaysTo(calendar, reportedOn, lead.dueDate) : null;
}

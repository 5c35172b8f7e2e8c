/**
 * A report sent back to its unit (审核退回, 审批退回, 退回修改答复) must be done again, so the unit's
 * active assignment counts as not yet reported once more: the deadline scan, the supervision list
 * and the bulletin track it like any open assignment until the unit reports anew. Its due date
 * becomes its working days (2 or 3) counted from the day it was sent back, or stays as it was when
 * that is later: the measures give a unit that time for the work, and a report sent back is work
 * not done. The first report stays (HandlingReport and the event log) and the send-back counts
 * against the unit in the bulletin (退回重办); a bulletin of a period that ended before the
 * send-back reads the report, not this row (bulletin/assignments-as-of.ts). Call inside the step's transaction; the step's event records `redoFrom`
 * (the China date counted from) with the new due date, so the count can be replayed when a year's
 * holiday schedule is loaded later (workflow/calendar/recompute-due-dates.ts).
 */
import { AppError } from '../../core/index.js';
import { getWorkCalendar } from '../calendar/load-calendar-days.js';
import { chinaDate, redoDueDate } from '../calendar/work-calendar.js';
import type { Tx } from './case-transaction.js';

export async function reopenForRedo(tx: Tx, caseId: string, now: Date): Promise<{ assignmentId: string; dueDate: string; redoFrom: string }> {
  const assignment = await tx.assignment.findFirst({ where: { caseId, status: 'active', role: 'lead' } });
  if (!assignment) throw new AppError('CONFLICT', '案件没有有效的交办记录');
  const redoFrom = chinaDate(now);
  const dueDate = redoDueDate(await getWorkCalendar(tx), redoFrom, assignment.workingDays, assignment.dueDate);
  await tx.assignment.update({ where: { id: assignment.id }, data: { firstReportedAt: null, dueDate } });
  return { assignmentId: assignment.id, dueDate, redoFrom };
}

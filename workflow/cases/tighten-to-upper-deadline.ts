/**
 * A 转办单's 上级办理时限 that arrives after 交办 (第三条㈠3): a 转办单 entered by hand without a
 * deadline is handed over, and the 转办 page's copy, crawled later, brings the upper level's date.
 * The unit's due date is tightened to it as 交办 would have done (withinUpperDeadline, counted from
 * the day it arrived: the working day before the deadline when there is one from that day, else the
 * deadline with a warning), on the lead assignment and the assisting ones, and the case's event log
 * records it as 办理时限调整 (due_date_tightened: old and new date, the deadline and why). Nothing
 * changes once the unit has reported on the assignment (a report sent back to be redone included):
 * the work is done or being redone on the due date it was given. A later or equal deadline changes
 * nothing. Runs in the registration's transaction, on the locked case row.
 */
import { getWorkCalendar } from '../calendar/load-calendar-days.js';
import { withinUpperDeadline, chinaDate, upperDeadlineWarning } from '../calendar/work-calendar.js';
import { appendEvent } from '../events/append-event.js';
import { lockCase, type Tx } from './case-transaction.js';
import { forwardingFacts } from './forwarding-facts.js';

export interface TightenedDueDate {
  previousDueDate: string;
  dueDate: string;
  upperDeadline: string;
}

export async function tightenToUpperDeadline(tx: Tx, input: { caseId: string; actor: string; now: Date }): Promise<TightenedDueDate | null> {
  const c = await lockCase(tx, input.caseId);
  if (c.state !== 'assigned' || c.archivedAt) return null;
  const facts = await forwardingFacts(tx, c);
  if (!facts?.upperDeadline) return null;
  const lead = await tx.assignment.findFirst({ where: { caseId: c.id, status: 'active', role: 'lead' }, orderBy: { assignedAt: 'desc' } });
  if (!lead) return null;
  const reported = lead.firstReportedAt !== null || (await tx.handlingReport.count({ where: { assignmentId: lead.id } })) > 0;
  if (reported) return null;
  const today = chinaDate(input.now);
  const dueDate = withinUpperDeadline(await getWorkCalendar(tx), lead.dueDate, today, facts.upperDeadline);
  if (dueDate >= lead.dueDate) return null;
  await tx.assignment.updateMany({ where: { caseId: c.id, status: 'active', dueDate: { gt: dueDate } }, data: { dueDate } });
  await tx.case.update({ where: { id: c.id }, data: { dueDate } });
  const unit = await tx.unit.findUnique({ where: { id: lead.unitId }, select: { name: true } });
  const past = facts.upperDeadline < today;
  const warning = upperDeadlineWarning(dueDate, facts.upperDeadline);
  const outcome = past
    ? '已过，办理时限改为收到当日'
    : dueDate < facts.upperDeadline
      ? `办理时限改为其前一个工作日 ${dueDate}，留出审核和报送专报的时间`
      : '其前已没有工作日，办理时限改为上级办理时限';
  await appendEvent(tx, {
    caseId: c.id,
    type: 'due_date_tightened',
    actor: input.actor,
    role: 'system',
    at: input.now,
    data: {
      assignmentId: lead.id,
      unit: unit?.name ?? lead.unitId,
      previousDueDate: lead.dueDate,
      dueDate,
      upperDeadline: facts.upperDeadline,
      upperDeadlineArrivedOn: today,
      upperDeadlineRule: 'day-before',
      reason: `交办后收到${facts.forwardNo ? `转办单（转办编号 ${facts.forwardNo}）` : '转办单'}的上级办理时限 ${facts.upperDeadline}，${outcome}；承办单位尚未报送办理情况`,
      ...(warning ? { upperDeadlineWarning: warning } : {}),
    },
  });
  return { previousDueDate: lead.dueDate, dueDate, upperDeadline: facts.upperDeadline };
}

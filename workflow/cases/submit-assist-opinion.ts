/**
 * 协办意见: an assisting unit (协办单位) gives the lead unit (主办单位) and 督查室 its input on a case
 * handed to both (第四条㈣ 交办相关承办单位), by the same due date as the lead. Internal: never
 * published, never part of the reply; the lead unit reads it while writing its report.
 *
 * Not a step of the procedure (the case stays 已交办办理中): the assist assignment is done and counts
 * on time when its China date is on or before the due date (as a lead's report does). Once the lead
 * unit has reported or returned the case, the assist assignment is closed and nothing more is taken.
 * The event row records who and when, not the text: the event log is read by every office, the
 * opinion only by the lead unit and 督查室.
 */
import { AppError, ForbiddenError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { appendEvent } from '../events/append-event.js';
import type { Actor } from '../users/actor.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { assertMutable, lockCase, requireText, transactionOptions, type Tx } from './case-transaction.js';

/** The event type of a 协办意见 (console: 提交协办意见). */
export const assistOpinionEvent = 'submit_assist_opinion';

export interface SubmitAssistOpinionInput {
  caseId: string;
  text: string;
  actor: Actor;
  now?: Date | undefined;
}

export async function submitAssistOpinion(db: Db, input: SubmitAssistOpinionInput): Promise<{ opinionId: string; onTime: boolean }> {
  const text = requireText(input.text, '协办意见', 5000);
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const c = await lockCase(tx, input.caseId);
    // Same refusal as a unit acting on a case not its own (case-transaction.ts assertUnitOwns).
    const notOurs = new ForbiddenError('此案件未交办本单位协办，无权提交协办意见');
    if (input.actor.role !== 'unit' || !input.actor.unitId) throw notOurs;
    const assignments = await tx.assignment.findMany({ where: { caseId: c.id, unitId: input.actor.unitId, role: 'assist' }, orderBy: { assignedAt: 'desc' } });
    const latest = assignments[0];
    if (!latest || latest.status === 'returned') throw notOurs;
    assertMutable(c);
    if (latest.status !== 'active') {
      const given = await tx.assistOpinion.findUnique({ where: { assignmentId: latest.id } });
      throw new AppError('CONFLICT', given ? '本单位已提交协办意见' : '主办单位已报送办理情况，协办已结束，不能再提交协办意见');
    }
    if (c.state !== 'assigned') throw new AppError('CONFLICT', '案件已不在办理中，不能提交协办意见');
    const opinion = await tx.assistOpinion.create({
      data: { caseId: c.id, assignmentId: latest.id, unitId: latest.unitId, text, submittedBy: input.actor.username, submittedAt: now },
    });
    await tx.assignment.update({ where: { id: latest.id }, data: { status: 'done', firstReportedAt: now } });
    const onTime = chinaDate(now) <= latest.dueDate;
    const unit = (await tx.unit.findUnique({ where: { id: latest.unitId }, select: { name: true } }))?.name ?? latest.unitId;
    await appendEvent(tx, {
      caseId: c.id,
      type: assistOpinionEvent,
      actor: input.actor.username,
      role: input.actor.role,
      data: { from: c.state, to: c.state, assignmentId: latest.id, opinionId: opinion.id, unitId: latest.unitId, unit, dueDate: latest.dueDate, onTime },
      at: now,
    });
    return { opinionId: opinion.id, onTime };
  }, transactionOptions);
}

/**
 * Closes the 协办 assignments still awaiting an opinion when the lead unit reports (done, with no
 * input) or every one not yet closed when it returns the case (returned: that 交办 is undone and a
 * new proposal names the assisting units again). Call inside the step's transaction.
 */
export async function closeAssistAssignments(
  tx: Tx,
  input: { caseId: string; why: 'lead_reported' | 'lead_returned'; actor: Actor; now: Date },
): Promise<number> {
  if (input.why === 'lead_reported') {
    return (await tx.assignment.updateMany({ where: { caseId: input.caseId, role: 'assist', status: 'active' }, data: { status: 'done' } })).count;
  }
  return (
    await tx.assignment.updateMany({
      where: { caseId: input.caseId, role: 'assist', status: { in: ['active', 'done'] } },
      data: { status: 'returned', returnedAt: input.now, returnedBy: input.actor.username, returnReason: '主办单位已退回交办' },
    })
  ).count;
}

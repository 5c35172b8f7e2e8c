/**
 * 第五条㈣: a unit that cannot finish in time reports its progress to the supervision office and
 * asks for more working days. The request is recorded; the case stays with the unit.
 */
import { AppError, BadInputError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep, type Tx } from './case-transaction.js';
import { shownAssignment } from './shown-assignment.js';

export interface RequestExtensionInput {
  caseId: string;
  progress: string;
  reason: string;
  /** Extra working days asked for (1..30). */
  days: number;
  /**
   * The assignment the unit's page showed and its due date as shown: a case re-assigned meanwhile,
   * or whose due date moved (an extension granted), is refused (409): the request asks for days
   * beyond a due date its author never saw. @default unchecked
   */
  assignmentId?: string | undefined;
  dueDate?: string | undefined;
  actor: Actor;
  now?: Date | undefined;
}

export async function requestExtension(db: Db, input: RequestExtensionInput): Promise<{ requestId: string }> {
  const progress = requireText(input.progress, '办理进展');
  const reason = requireText(input.reason, '延期理由', 2000);
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 30) throw new BadInputError('延期天数应为 1 到 30 个工作日');
  const shown = input.assignmentId ? shownAssignment(input.assignmentId, input.dueDate) : undefined;
  return runCaseStep(db, { caseId: input.caseId, action: 'request_extension', actor: input.actor, now: input.now, shown }, async ({ tx, case: c, now }) => {
    const assignment = await tx.assignment.findFirst({ where: { caseId: c.id, status: 'active', role: 'lead' } });
    if (!assignment) throw new AppError('CONFLICT', '案件没有有效的交办记录');
    if (await tx.extensionRequest.count({ where: { caseId: c.id, decision: 'pending' } })) throw new AppError('CONFLICT', '已有待答复的延期申请');
    const request = await tx.extensionRequest.create({
      data: { caseId: c.id, assignmentId: assignment.id, unitId: assignment.unitId, progress, reason, requestedDays: input.days, requestedBy: input.actor.username, requestedAt: now },
    });
    return { event: { requestId: request.id, days: input.days, progress, reason, dueDate: assignment.dueDate }, result: { requestId: request.id } };
  });
}

/**
 * A unit that reports (报送办理情况) or returns the case (退回交办) no longer needs the time it asked
 * for: its pending request is closed as withdrawn (`withdrawn`, with the reason as the answer).
 * Left pending, it kept 延期待答复 on the board, could be granted later onto a send-back's new due
 * date, and (after a return) could never be answered while it refused the next unit's own request.
 * Call inside the step's transaction; returns the request's id, or null when none was pending.
 */
export async function withdrawPendingExtension(tx: Tx, input: { assignmentId: string; reason: string; now: Date }): Promise<string | null> {
  const pending = await tx.extensionRequest.findFirst({ where: { assignmentId: input.assignmentId, decision: 'pending' } });
  if (!pending) return null;
  await tx.extensionRequest.update({ where: { id: pending.id }, data: { decision: 'withdrawn', answer: input.reason, decidedAt: input.now } });
  return pending.id;
}

/**
 * The supervision office answers an extension request: approved (the due date moves by the granted
 * working days, counted from the current due date) or rejected. The answer is recorded.
 */
import { AppError, BadInputError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { getWorkCalendar } from '../calendar/load-calendar-days.js';
import { extendedDueDate } from '../calendar/work-calendar.js';
import { requireText, runCaseStep } from './case-transaction.js';

export interface DecideExtensionInput {
  caseId: string;
  approve: boolean;
  /** Working days granted. @default the days asked for */
  days?: number | undefined;
  answer: string;
  actor: Actor;
  now?: Date | undefined;
}

export async function decideExtension(db: Db, input: DecideExtensionInput): Promise<{ requestId: string; dueDate: string }> {
  const answer = requireText(input.answer, '延期答复', 2000);
  if (input.days !== undefined && (!Number.isInteger(input.days) || input.days < 1 || input.days > 30)) throw new BadInputError('延期天数应为 1 到 30 个工作日');
  return runCaseStep(db, { caseId: input.caseId, action: 'decide_extension', actor: input.actor, now: input.now }, async ({ tx, case: c, now }) => {
    const request = await tx.extensionRequest.findFirst({ where: { caseId: c.id, decision: 'pending' }, orderBy: { requestedAt: 'desc' } });
    if (!request) throw new AppError('CONFLICT', '没有待答复的延期申请');
    const assignment = await tx.assignment.findUnique({ where: { id: request.assignmentId } });
    if (!assignment || assignment.status !== 'active') throw new AppError('CONFLICT', '延期申请对应的交办已结束');
    let dueDate = assignment.dueDate;
    const granted = input.approve ? (input.days ?? request.requestedDays) : null;
    if (granted !== null) {
      dueDate = extendedDueDate(await getWorkCalendar(tx), assignment.dueDate, granted);
      await tx.assignment.update({ where: { id: assignment.id }, data: { dueDate } });
    }
    await tx.extensionRequest.update({
      where: { id: request.id },
      data: { decision: input.approve ? 'approved' : 'rejected', grantedDays: granted, newDueDate: granted !== null ? dueDate : null, answer, decidedBy: input.actor.username, decidedAt: now },
    });
    return {
      data: { dueDate },
      event: { requestId: request.id, approve: input.approve, grantedDays: granted, previousDueDate: assignment.dueDate, dueDate, answer },
      result: { requestId: request.id, dueDate },
    };
  });
}

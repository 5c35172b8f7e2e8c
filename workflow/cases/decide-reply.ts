/**
 * 审核 (第四条㈦): a district leader approves the reviewed reply, or sends it back to the unit.
 * `reportId` is the reply the leader read: when another one is now awaiting approval (the reply
 * was sent back, redone and reviewed again meanwhile), the decision is refused (409) rather than
 * approving text its author never saw.
 */
import { AppError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep } from './case-transaction.js';
import { reopenForRedo } from './redo-deadline.js';

export async function decideReply(
  db: Db,
  input: { caseId: string; approve: boolean; note?: string | undefined; reportId?: string | undefined; actor: Actor; now?: Date | undefined },
): Promise<{ reportId: string }> {
  const note = input.approve ? (input.note?.trim() ?? '') : requireText(input.note, '退回意见', 2000);
  const action = input.approve ? 'approve_reply' : 'send_back_reply';
  return runCaseStep(db, { caseId: input.caseId, action, actor: input.actor, now: input.now }, async ({ tx, case: c, now }) => {
    const report = await tx.handlingReport.findFirst({ where: { caseId: c.id, status: 'accepted' }, orderBy: { submittedAt: 'desc' } });
    if (!report) throw new AppError('CONFLICT', '没有待审批的答复');
    if (input.reportId && report.id !== input.reportId) {
      throw new AppError('CONFLICT', `案件 ${c.ledgerNo} 待审批的答复已更新，与您看到的不同；请刷新后再审批`, { details: { seen: input.reportId, pending: report.id } });
    }
    await tx.handlingReport.update({
      where: { id: report.id },
      data: { status: input.approve ? 'approved' : 'sent_back', approvedBy: input.actor.username, approvedAt: now, approvalNote: note || null },
    });
    const redo = input.approve ? null : await reopenForRedo(tx, c.id, now);
    return {
      ...(redo ? { data: { dueDate: redo.dueDate } } : {}),
      event: { reportId: report.id, note: note || null, ...(redo ? { newDueDate: redo.dueDate, redoFrom: redo.redoFrom } : {}) },
      result: { reportId: report.id },
    };
  });
}

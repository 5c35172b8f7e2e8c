/**
 * 审核 (第四条㈦): the supervision office reviews the unit's report, or sends it back to the unit.
 * Accepting, it settles the reply that goes online once the leader approves (`reviewText`: the
 * unit's text when it adds none) and may add its supervision report (督查报告) for the leader as
 * `note`, which only staff see. The two are kept apart because the reply is published verbatim.
 */
import { AppError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { checkReply, replyAudience } from '../review/check-reply.js';
import { requireText, runCaseStep } from './case-transaction.js';
import { reopenForRedo } from './redo-deadline.js';
import { shownReport } from './shown-report.js';

export interface ReviewReportInput {
  caseId: string;
  accept: boolean;
  note?: string | undefined;
  /** The reply to publish, as the office settles it (edited if needed); published verbatim once approved. */
  reviewText?: string | undefined;
  /**
   * The report the reviewer read: when it is no longer the one awaiting review (the unit reported
   * again, or a colleague reviewed it), the review is refused (409). @default unchecked
   */
  reportId?: string | undefined;
  actor: Actor;
  now?: Date | undefined;
}

export async function reviewReport(db: Db, input: ReviewReportInput): Promise<{ reportId: string }> {
  const note = input.accept ? (input.note?.trim() ?? '') : requireText(input.note, '退回意见', 2000);
  const action = input.accept ? 'accept_report' : 'reject_report';
  const shown = input.reportId ? shownReport(input.reportId, 'submitted') : undefined;
  return runCaseStep(db, { caseId: input.caseId, action, actor: input.actor, now: input.now, shown }, async ({ tx, case: c, now }) => {
    const report = await tx.handlingReport.findFirst({ where: { caseId: c.id, status: 'submitted' }, orderBy: { submittedAt: 'desc' } });
    if (!report) throw new AppError('CONFLICT', '没有待审核的办理情况');
    const reviewText = input.accept ? (input.reviewText?.trim() || report.text) : null;
    // An edited reply is what the leader approves and the centre publishes: its findings replace the
    // unit's, so the case page shows the checks of the text it shows (the unit's stay in its event).
    const edited = reviewText !== null && reviewText !== report.text;
    const message = edited ? await tx.message.findUnique({ where: { id: c.primaryMessageId }, select: { title: true, content: true } }) : null;
    const findings = edited ? checkReply(reviewText, message ?? undefined, { audience: replyAudience(c.channel) }) : undefined;
    await tx.handlingReport.update({
      where: { id: report.id },
      data: { status: input.accept ? 'accepted' : 'rejected', reviewText, reviewedBy: input.actor.username, reviewedAt: now, reviewNote: note || null, ...(findings ? { findings: findings as object } : {}) },
    });
    // Sent back: the unit does it again, with a deadline again.
    const redo = input.accept ? null : await reopenForRedo(tx, c.id, now);
    return {
      ...(redo ? { data: { dueDate: redo.dueDate } } : {}),
      event: { reportId: report.id, note: note || null, edited, ...(findings ? { findings: findings.findings.length, coverage: findings.coverage } : {}), ...(redo ? { newDueDate: redo.dueDate, redoFrom: redo.redoFrom } : {}) },
      result: { reportId: report.id },
    };
  });
}

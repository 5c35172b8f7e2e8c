/**
 * 回复 (第四条㈧, 第五条㈤): at publication the e-government centre may find the approved reply unfit
 * to go online (another person's phone number, a wording the checks missed) and send it back to
 * the unit for revision, with its reason. The case returns to the unit (`assigned`); the unit
 * reports again and the new report passes review and approval as before. The reason is kept in
 * the event log.
 */
import { AppError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep } from './case-transaction.js';
import { reopenForRedo } from './redo-deadline.js';
import { shownReport } from './shown-report.js';

export async function returnReplyForRevision(
  db: Db,
  /** reportId: the approved reply the page showed; another one approved now is refused (409). @default unchecked */
  input: { caseId: string; note: string; reportId?: string | undefined; actor: Actor; now?: Date | undefined },
): Promise<{ reportId: string }> {
  const note = requireText(input.note, '退回修改的理由', 2000);
  const shown = input.reportId ? shownReport(input.reportId, 'approved') : undefined;
  return runCaseStep(db, { caseId: input.caseId, action: 'return_for_revision', actor: input.actor, now: input.now, shown }, async ({ tx, case: c, now }) => {
    const report = await tx.handlingReport.findFirst({ where: { caseId: c.id, status: 'approved' }, orderBy: { submittedAt: 'desc' } });
    if (!report) throw new AppError('CONFLICT', '没有经领导审批待发布的答复');
    await tx.handlingReport.update({ where: { id: report.id }, data: { status: 'returned_for_revision' } });
    const redo = await reopenForRedo(tx, c.id, now);
    return { data: { dueDate: redo.dueDate }, event: { reportId: report.id, note, newDueDate: redo.dueDate, redoFrom: redo.redoFrom }, result: { reportId: report.id } };
  });
}

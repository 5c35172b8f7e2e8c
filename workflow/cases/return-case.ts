/**
 * 退回: the unit returns a case it was wrongly assigned, with its reason; it goes back to the office.
 * The assisting units' assignments (协办) close with it: a new proposal names them again.
 */
import { AppError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep } from './case-transaction.js';
import { withdrawPendingExtension } from './request-extension.js';
import { shownAssignment } from './shown-assignment.js';
import { closeAssistAssignments } from './submit-assist-opinion.js';

/** assignmentId: the assignment the unit's page showed; another one active now is refused (409). @default unchecked */
export async function returnCase(
  db: Db,
  input: { caseId: string; reason: string; assignmentId?: string | undefined; actor: Actor; now?: Date | undefined },
): Promise<{ assignmentId: string }> {
  const reason = requireText(input.reason, '退回理由', 2000);
  const shown = input.assignmentId ? shownAssignment(input.assignmentId) : undefined;
  return runCaseStep(db, { caseId: input.caseId, action: 'return_case', actor: input.actor, now: input.now, shown }, async ({ tx, case: c, now }) => {
    const assignment = await tx.assignment.findFirst({ where: { caseId: c.id, status: 'active', role: 'lead' } });
    if (!assignment) throw new AppError('CONFLICT', '案件没有有效的交办记录');
    // Any report on it, even one sent back to be redone, means the unit took the case on.
    if (assignment.firstReportedAt || (await tx.handlingReport.count({ where: { assignmentId: assignment.id } })) > 0) {
      throw new AppError('CONFLICT', '已报送过办理情况的案件不能退回');
    }
    await tx.assignment.update({
      where: { id: assignment.id },
      data: { status: 'returned', returnedAt: now, returnedBy: input.actor.username, returnReason: reason },
    });
    const withdrawnExtension = await withdrawPendingExtension(tx, { assignmentId: assignment.id, reason: '承办单位已退回交办，延期申请自动撤回', now });
    const closedAssists = await closeAssistAssignments(tx, { caseId: c.id, why: 'lead_returned', actor: input.actor, now });
    return {
      data: { dueDate: null },
      event: { assignmentId: assignment.id, unitId: assignment.unitId, reason, ...(withdrawnExtension ? { withdrawnExtension } : {}), ...(closedAssists ? { closedAssists } : {}) },
      result: { assignmentId: assignment.id },
    };
  });
}

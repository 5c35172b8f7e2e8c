/**
 * The page-shown check of a unit's steps (报送办理情况, 退回交办, 申请延期): the assignment the page
 * showed must still be the case's active one, and for an extension request its due date the one the
 * page showed. See stale-page.ts.
 */
import type { CaseRow, Tx } from './case-transaction.js';
import { byWhom, stalePage } from './stale-page.js';

/** A check for runCaseStep's `shown`: `assignmentId` the assignment the page showed, `dueDate` (optional) its due date as shown. */
export function shownAssignment(assignmentId: string, dueDate?: string) {
  return async ({ tx, case: c }: { tx: Tx; case: CaseRow }): Promise<void> => {
    const [seen, active] = await Promise.all([
      tx.assignment.findFirst({ where: { id: assignmentId, caseId: c.id } }),
      tx.assignment.findFirst({ where: { caseId: c.id, status: 'active', role: 'lead' }, orderBy: { assignedAt: 'desc' } }),
    ]);
    const details = { seen: assignmentId, active: active?.id ?? null };
    if (!seen) throw stalePage(c, '没有您看到的这次交办', details);
    if (active?.id !== seen.id) {
      if (seen.status === 'returned') throw stalePage(c, `您看到的交办${await byWhom(tx, seen.returnedBy, seen.returnedAt)}退回`, details);
      if (active) {
        const unit = (await tx.unit.findUnique({ where: { id: active.unitId }, select: { name: true } }))?.name ?? active.unitId;
        const why = active.reason === 'reopened' ? '（回访不满意，重新交办）' : '';
        throw stalePage(c, `${await byWhom(tx, active.assignedBy, active.assignedAt)}重新交办给${unit}${why}，办理时限 ${active.dueDate}`, details);
      }
      throw stalePage(c, '您看到的交办已结束', details);
    }
    if (dueDate !== undefined && seen.dueDate !== dueDate) {
      const granted = await tx.extensionRequest.findFirst({ where: { assignmentId: seen.id, decision: 'approved' }, orderBy: { decidedAt: 'desc' } });
      const why = granted?.newDueDate === seen.dueDate ? `（${await byWhom(tx, granted.decidedBy, granted.decidedAt)}批准延期 ${granted.grantedDays} 个工作日）` : '';
      throw stalePage(c, `办理时限已由 ${dueDate} 变更为 ${seen.dueDate}${why}`, { ...details, seenDueDate: dueDate, dueDate: seen.dueDate });
    }
  };
}

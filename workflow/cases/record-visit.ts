/**
 * 回访 (第五条㈥): a follow-up visit to a replied message records the citizen's satisfaction.
 * Dissatisfied: the case is re-opened to the unit that handled it, with a new due date.
 * Satisfied, basically satisfied or unreachable: the case is closed (办结), ready to archive.
 * A case closed because the citizen was unreachable may be visited again until it is archived
 * (the citizen reached later): the answer is recorded, and a dissatisfied one re-opens the case.
 * A case closed on the citizen's own answer is not visited again.
 */
import { AppError, BadInputError, InvalidTransitionError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { runCaseStep } from './case-transaction.js';
import { createAssignment, type AssignmentResult } from './assign-case.js';
import { shownReport } from './shown-report.js';
import { satisfactions, visitMethods, type Satisfaction, type VisitMethod } from './visit-names.js';

export { satisfactions, satisfactionNames, visitMethods, visitMethodNames, type Satisfaction, type VisitMethod } from './visit-names.js';

export interface RecordVisitInput {
  caseId: string;
  satisfaction: Satisfaction;
  method: VisitMethod;
  note?: string | undefined;
  /**
   * The published reply the page showed (the one the citizen was asked about): when the case was
   * re-opened, handled and replied again meanwhile, or a colleague recorded the visit, the visit is
   * refused (409) rather than recorded against a reply its author never saw. @default unchecked
   */
  reportId?: string | undefined;
  actor: Actor;
  now?: Date | undefined;
}

export async function recordVisit(db: Db, input: RecordVisitInput): Promise<{ visitId: string; reopened: AssignmentResult | null }> {
  if (!(satisfactions as readonly string[]).includes(input.satisfaction)) throw new BadInputError('满意度应为 满意、基本满意、不满意 或 无法联系');
  if (!(visitMethods as readonly string[]).includes(input.method)) throw new BadInputError('回访方式无效');
  const dissatisfied = input.satisfaction === 'dissatisfied';
  const note = input.note?.trim() || null;
  if (dissatisfied && !note) throw new BadInputError('不满意的回访请填写群众意见');
  const shown = input.reportId ? shownReport(input.reportId, 'published') : undefined;
  return runCaseStep(db, { caseId: input.caseId, action: dissatisfied ? 'visit_dissatisfied' : 'visit_satisfied', actor: input.actor, now: input.now, shown }, async ({ tx, case: c, now }) => {
    if (c.state === 'closed') {
      const previous = await tx.visit.findFirst({ where: { caseId: c.id }, orderBy: [{ visitedAt: 'desc' }, { id: 'desc' }], select: { satisfaction: true } });
      if (previous?.satisfaction !== 'unreachable') throw new InvalidTransitionError(`案件 ${c.ledgerNo} 已回访办结（群众已答复），不能再次回访；只有上次回访无法联系的案件可再次回访`);
    }
    const last = await tx.assignment.findFirst({ where: { caseId: c.id, role: 'lead' }, orderBy: { assignedAt: 'desc' } });
    const visit = await tx.visit.create({
      data: { caseId: c.id, unitId: last?.unitId ?? null, satisfaction: input.satisfaction, method: input.method, note, visitedBy: input.actor.username, visitedAt: now },
    });
    let reopened: AssignmentResult | null = null;
    if (dissatisfied) {
      if (!last) throw new AppError('CONFLICT', '案件没有交办记录，无法重新交办');
      reopened = await createAssignment(tx, { caseId: c.id, unitId: last.unitId, complexity: c.complexity, actor: input.actor, now, reason: 'reopened' });
    }
    return {
      data: reopened ? { unitId: reopened.unitId, assignedAt: now, dueDate: reopened.dueDate } : {},
      event: { visitId: visit.id, satisfaction: input.satisfaction, method: input.method, note, reopened },
      result: { visitId: visit.id, reopened },
    };
  });
}

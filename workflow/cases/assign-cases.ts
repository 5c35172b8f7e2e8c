/**
 * 批量交办 (第四条㈣): the government office hands several cases the leader agreed to (领导已同意待交办)
 * to their units at once, from the ledger's 待我办理, instead of opening each case after a leader's
 * 批量同意. Each item names the agreed proposal the ledger showed (`proposalId`) and is one 交办 as
 * the single step makes it (assignCase: its own transaction, due date on the work calendar, the
 * proposal's 协办单位), so one changed meanwhile (the agreement withdrawn, another proposal agreed,
 * handed over by a colleague) is refused with its reason while the others stand. A role that never
 * assigns is refused as a whole (403), as 批量拟办 and 批量同意 are; an unreachable store stops the
 * batch (the rest can be sent again: the ones done are no longer awaiting 交办).
 */
import { AppError, BadInputError, UnavailableError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { assignCase } from './assign-case.js';
import { assertRoleTakes } from './state-machine.js';

/** At most a page of the ledger, as 批量拟办 and 批量同意. */
export const maxBatchAssignments = 100;

/** One case's outcome in a batch of 交办. */
export interface BatchAssignmentOutcome {
  caseId: string;
  /** The case's 台账编号 (empty for a case that does not exist). */
  ledgerNo: string;
  ok: boolean;
  /** The lead unit (its name) and the due date, once handed over. */
  unit?: string;
  dueDate?: string;
  /** 上级办理时限 left no working day for 审核 and the 专报 (assignCase's warning). */
  warning?: string;
  /** Why it was refused, in Chinese (the single step's message). */
  message?: string;
}

export async function assignCases(
  db: Db,
  input: { items: { caseId: string; proposalId: string }[]; actor: Actor; now?: Date | undefined },
): Promise<{ assigned: number; outcomes: BatchAssignmentOutcome[] }> {
  assertRoleTakes('assign', input.actor);
  if (input.items.length === 0) throw new BadInputError('请选择要交办的案件');
  if (input.items.length > maxBatchAssignments) throw new BadInputError(`一次最多交办 ${maxBatchAssignments} 件（所选 ${input.items.length} 件），请分批提交`);
  if (new Set(input.items.map((i) => i.caseId)).size !== input.items.length) throw new BadInputError('所选案件中有重复的案件');
  const cases = await db.case.findMany({ where: { id: { in: input.items.map((i) => i.caseId) } }, select: { id: true, ledgerNo: true } });
  const ledgerNoOf = new Map(cases.map((c) => [c.id, c.ledgerNo]));
  const outcomes: BatchAssignmentOutcome[] = [];
  for (const item of input.items) {
    const ledgerNo = ledgerNoOf.get(item.caseId) ?? '';
    try {
      const result = await assignCase(db, { caseId: item.caseId, proposalId: item.proposalId, actor: input.actor, now: input.now });
      const unit = (await db.unit.findUnique({ where: { id: result.unitId }, select: { name: true } }))?.name ?? result.unitId;
      outcomes.push({ caseId: item.caseId, ledgerNo, ok: true, unit, dueDate: result.dueDate, ...(result.upperDeadlineWarning ? { warning: result.upperDeadlineWarning } : {}) });
    } catch (error) {
      if (!(error instanceof AppError) || error instanceof UnavailableError) throw error;
      outcomes.push({ caseId: item.caseId, ledgerNo, ok: false, message: ledgerNo && !error.message.includes(ledgerNo) ? `${ledgerNo}：${error.message}` : error.message });
    }
  }
  return { assigned: outcomes.filter((o) => o.ok).length, outcomes };
}

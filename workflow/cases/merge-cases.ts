/**
 * De-duplication correction: a missed copy. Staff merge a case into the case it duplicates; its
 * messages move over and the target's reporters are recounted from all its messages (a writer of
 * both cases counts once: count-reporters.ts), the merged case keeps its ledger number in state `merged`,
 * and both cases' event logs say so. Only before the case is handed to a unit (awaiting review,
 * registered): later it has a life of its own. Neither side may be 不予受理: a message must not
 * enter or leave a closed decision unseen (staff reopen the case first, or decide on each alone).
 * Nor may the target be answered (已回复, 已回访办结): a letter after the reply is the citizen asking
 * again, which registration opens as a case of its own (intake/register-message.ts); merged into
 * the answered case it would have no step left and nobody would see it.
 * The merged letters go on counting in a hot issue (moveHotIssueLetter): the target's, or, when the
 * target is in none, the one the merged case was in, which the target then joins. A hot issue counts
 * the writers of its standing cases' messages (count-reporters.ts), so without this a merge into a
 * case of no group took the writers out of every group, and one into a group seen long ago (or only
 * once) counted them where the board, which lists groups by their letters and latest day, did not look.
 */
import { AppError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { appendEvent } from '../events/append-event.js';
import type { Actor } from '../users/actor.js';
import { assertMutable, lockCase, requireText, runCaseStep } from './case-transaction.js';
import { countReporters } from './count-reporters.js';
import { moveHotIssueLetter } from './move-hot-issue-letter.js';
import { recordCorrection } from './register-case.js';
import { stateNames, type CaseState } from './state-machine.js';

export interface MergeCasesInput {
  /** The case that is a copy. */
  caseId: string;
  /** The case it copies. */
  intoCaseId: string;
  note: string;
  actor: Actor;
  now?: Date;
  /** The state the staff member saw (the review queue: awaiting_review); see StepInput.expectedState. */
  expectedState?: CaseState | undefined;
}

export async function mergeCases(db: Db, input: MergeCasesInput): Promise<{ intoCaseId: string; reporterCount: number; moved: number }> {
  const note = requireText(input.note, '合并理由', 500);
  if (input.caseId === input.intoCaseId) throw new AppError('BAD_INPUT', '不能把案件并入它自己');
  return runCaseStep(db, { caseId: input.caseId, action: 'merge_into', actor: input.actor, now: input.now, expectedState: input.expectedState }, async ({ tx, case: from, now }) => {
    const into = await lockCase(tx, input.intoCaseId);
    assertMutable(into);
    if (into.state === 'merged') throw new AppError('CONFLICT', `案件 ${into.ledgerNo} 本身已并入其他案件，请并入其最终案件`);
    if (into.state === 'replied' || into.state === 'closed') {
      const shown = stateNames[into.state];
      throw new AppError('CONFLICT', `案件 ${into.ledgerNo} 已答复（${shown}），答复后再来的同一问题留言是群众再次反映，应作为新案件登记办理，不能并入；可在拟办意见中注明与 ${into.ledgerNo} 为同一问题`);
    }
    if (into.state === 'not_accepted') {
      throw new AppError('CONFLICT', `案件 ${into.ledgerNo} 已决定不予受理，不能把其他案件并入；请单独审核本案（同样不予受理的，单独作出决定），或先将 ${into.ledgerNo} 重新受理再并入`);
    }
    const moved = await tx.message.findMany({ where: { caseId: from.id }, select: { id: true } });
    await tx.message.updateMany({ where: { caseId: from.id }, data: { caseId: into.id } });
    await tx.message.update({ where: { id: from.primaryMessageId }, data: { duplicateOfId: into.primaryMessageId, similarity: null } });
    const { reporterCount, messageCount } = await countReporters(tx, into.id);
    const hotIssueKey = into.hotIssueKey ?? from.hotIssueKey;
    await tx.case.update({ where: { id: into.id }, data: { reporterCount, hotIssueKey } });
    const letter = await tx.message.findUniqueOrThrow({ where: { id: from.primaryMessageId }, select: { postedAt: true, firstSeenAt: true } });
    // Its own letter, and those of cases merged into it before, each a letter of its group.
    const mergedBefore = await tx.case.count({ where: { state: 'merged', primaryMessageId: { in: moved.map((m) => m.id) }, id: { not: from.id } } });
    await moveHotIssueLetter(tx, { from: from.hotIssueKey, to: hotIssueKey, letters: 1 + mergedBefore, seenAt: letter.postedAt ?? letter.firstSeenAt });
    await tx.case.update({ where: { id: from.id }, data: { reporterCount: 0 } });
    await appendEvent(tx, {
      caseId: into.id,
      type: 'merged_from',
      actor: input.actor.username,
      role: input.actor.role,
      data: {
        fromCaseId: from.id,
        fromLedgerNo: from.ledgerNo,
        messages: moved.map((m) => m.id),
        reporterCount,
        messageCount,
        note,
        // The target joined the merged case's hot issue (it was in none); a split undoing the merge leaves it again.
        ...(into.hotIssueKey === null && hotIssueKey !== null ? { joinedHotIssueKey: hotIssueKey } : {}),
      },
    });
    await recordCorrection(tx, { messageId: from.primaryMessageId, caseId: from.id, field: 'duplicateOf', suggested: null, corrected: into.primaryMessageId, actor: input.actor, at: now });
    // The merged case keeps no reporters of its own; what it was is in its event log.
    return { data: { reporterCount: 0 }, event: { intoCaseId: into.id, intoLedgerNo: into.ledgerNo, moved: moved.length, note }, result: { intoCaseId: into.id, reporterCount, moved: moved.length } };
  });
}

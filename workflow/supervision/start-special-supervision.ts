/**
 * 专项督查 started by hand: the supervision office takes the lead on a case itself (the automatic
 * path is scanDeadlines). Once per case.
 */
import { AppError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep } from '../cases/case-transaction.js';

export async function startSpecialSupervision(db: Db, input: { caseId: string; note: string; actor: Actor; now?: Date | undefined }): Promise<{ recordId: string }> {
  const note = requireText(input.note, '专项督查事由', 2000);
  return runCaseStep(db, { caseId: input.caseId, action: 'escalate', actor: input.actor, now: input.now }, async ({ tx, case: c, now }) => {
    if (c.escalated) throw new AppError('CONFLICT', `案件 ${c.ledgerNo} 已在专项督查中`);
    const reasons = [c.leaderMarked && 'leader_marked', c.highImpact && 'high_impact'].filter(Boolean);
    const record = await tx.supervisionRecord.create({ data: { caseId: c.id, kind: 'special', note, actor: input.actor.username, at: now } });
    return {
      data: { escalated: true, escalatedAt: now, escalationReasons: { reasons, trigger: 'manual', note } },
      event: { recordId: record.id, trigger: 'manual', note },
      result: { recordId: record.id },
    };
  });
}

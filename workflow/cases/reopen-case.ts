/** Re-opens a case decided 不予受理: it goes back to classification review. */
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep } from './case-transaction.js';

export async function reopenCase(db: Db, input: { caseId: string; note: string; actor: Actor; now?: Date | undefined }): Promise<{ caseId: string }> {
  const note = requireText(input.note, '重新受理的理由', 2000);
  return runCaseStep(db, { caseId: input.caseId, action: 'reopen', actor: input.actor, now: input.now }, async ({ case: c }) => ({
    data: { outOfScope: false },
    event: { note, previousReasons: c.outOfScopeReasons ?? null },
    result: { caseId: c.id },
  }));
}

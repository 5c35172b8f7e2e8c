/**
 * Re-opens a case decided 不予受理: it goes back to classification review. The reversal is written
 * to the Correction table too (for a message, the latest row of a field is the staff's verdict).
 */
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep } from './case-transaction.js';
import { recordCorrection } from './register-case.js';

export async function reopenCase(db: Db, input: { caseId: string; note: string; actor: Actor; now?: Date | undefined }): Promise<{ caseId: string }> {
  const note = requireText(input.note, '重新受理的理由', 2000);
  return runCaseStep(db, { caseId: input.caseId, action: 'reopen', actor: input.actor, now: input.now }, async ({ tx, case: c, now }) => {
    await recordCorrection(tx, { messageId: c.primaryMessageId, caseId: c.id, field: 'outOfScope', suggested: 'true', corrected: 'false', actor: input.actor, at: now });
    return {
      data: { outOfScope: false },
      event: { note, previousReasons: c.outOfScopeReasons ?? null },
      result: { caseId: c.id },
    };
  });
}

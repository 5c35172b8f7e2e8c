/**
 * 不予受理 (第三条㈡): staff decide a message is out of scope, with one or more reason codes and a
 * note. The decision is reviewable and can be re-opened (reopen-case.ts).
 */
import { BadInputError, outOfScopeReasons, type OutOfScopeReason } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep } from './case-transaction.js';
import type { CaseState } from './state-machine.js';
import { recordCorrection } from './register-case.js';
import { shownSuggestion } from './stale-page.js';

export interface DecideNotAcceptedInput {
  caseId: string;
  reasons: OutOfScopeReason[];
  note: string;
  actor: Actor;
  now?: Date | undefined;
  /** The state the decider saw (the review queue: awaiting_review); see StepInput.expectedState. */
  expectedState?: CaseState | undefined;
  /** The suggestion the page showed (see RegisterCaseInput.suggestionKey). @default unchecked */
  suggestionKey?: string | undefined;
}

export async function decideNotAccepted(db: Db, input: DecideNotAcceptedInput): Promise<{ caseId: string }> {
  if (input.reasons.length === 0) throw new BadInputError('请选择不予受理的理由');
  for (const r of input.reasons) {
    if (!(outOfScopeReasons as readonly string[]).includes(r)) throw new BadInputError(`不予受理理由无效：${r}`);
  }
  const note = requireText(input.note, '不予受理说明', 2000);
  const shown = input.suggestionKey ? shownSuggestion(input.suggestionKey) : undefined;
  return runCaseStep(db, { caseId: input.caseId, action: 'decide_not_accepted', actor: input.actor, now: input.now, expectedState: input.expectedState, shown }, async ({ tx, case: c, now }) => {
    const suggested = Array.isArray(c.outOfScopeReasons)
      ? (c.outOfScopeReasons as { code?: string }[]).map((r) => r.code).filter(Boolean).sort().join(',')
      : '';
    if (!c.outOfScope) {
      await recordCorrection(tx, { messageId: c.primaryMessageId, caseId: c.id, field: 'outOfScope', suggested: 'false', corrected: 'true', actor: input.actor, at: now });
    }
    const decided = [...new Set(input.reasons)].sort();
    await recordCorrection(tx, { messageId: c.primaryMessageId, caseId: c.id, field: 'outOfScopeReasons', suggested: suggested || null, corrected: decided.join(','), actor: input.actor, at: now });
    return {
      data: {
        outOfScope: true,
        outOfScopeReasons: decided.map((code) => ({ code, decidedBy: input.actor.username, note })),
      },
      event: { reasons: decided, note },
      result: { caseId: c.id },
    };
  });
}

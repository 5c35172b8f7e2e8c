/**
 * 分类 → 登记 (第四条㈡㈢): staff confirm or correct the classifier's category (and complexity,
 * urgency) and the case enters the ledger. Every correction of a suggestion is written to the
 * Correction table, as training data. Registering a case the classifier flagged 疑似不予受理 overrides
 * the flag: like 不予受理, 重新受理 and 更正类别, that decision needs a note saying why (说明).
 */
import { BadInputError, categories, complexities, urgencies, type Category, type Complexity, type Urgency } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep, type Tx } from './case-transaction.js';
import { shownSuggestion } from './stale-page.js';

export interface RegisterCaseInput {
  caseId: string;
  /** The category staff settle on (the suggestion when unchanged). */
  category: Category;
  complexity?: Complexity | undefined;
  urgency?: Urgency | undefined;
  /**
   * 说明. Required when the case is flagged 疑似不予受理 (Case.outOfScope: the classifier's flag,
   * not yet decided): registering it overrides the flag, and the reason is what a reviewer (and the
   * out-of-scope model's training) needs. @default none
   */
  note?: string | undefined;
  /**
   * The suggestion the page showed (stale-page.ts suggestionKey): a suggestion changed since (a
   * new model, a colleague's decision) is refused (409), so no correction is recorded against a
   * suggestion the staff member never saw. The category chosen may differ from it (a correction).
   * @default unchecked
   */
  suggestionKey?: string | undefined;
  actor: Actor;
  now?: Date | undefined;
}

/** Writes one Correction row when staff changed a suggested value. */
export async function recordCorrection(
  tx: Tx,
  input: { messageId: string; caseId: string; field: string; suggested: string | null; corrected: string; actor: Actor; at: Date },
): Promise<boolean> {
  if (input.suggested === input.corrected) return false;
  await tx.correction.create({
    data: { messageId: input.messageId, caseId: input.caseId, field: input.field, suggested: input.suggested, corrected: input.corrected, actor: input.actor.username, at: input.at },
  });
  return true;
}

/** What the refusal asks for when a flagged case is registered without a note (请填写…). */
export const overrideNoteName = '说明（分类器提示疑似不予受理，登记须写明受理理由）';

export async function registerCase(db: Db, input: RegisterCaseInput): Promise<{ caseId: string; corrected: string[] }> {
  if (!(categories as readonly string[]).includes(input.category)) throw new BadInputError(`类别应为：${categories.join('、')}`);
  if (input.complexity && !(complexities as readonly string[]).includes(input.complexity)) throw new BadInputError('复杂程度应为 simple 或 complex');
  if (input.urgency && !(urgencies as readonly string[]).includes(input.urgency)) throw new BadInputError('紧急程度应为 normal 或 urgent');
  const shown = input.suggestionKey ? shownSuggestion(input.suggestionKey) : undefined;
  return runCaseStep(db, { caseId: input.caseId, action: 'register', actor: input.actor, now: input.now, shown }, async ({ tx, case: c, now }) => {
    // Checked on the locked case: the flag as it stands now, not as a page showed it.
    const note = c.outOfScope ? requireText(input.note, overrideNoteName, 2000) : input.note?.trim() || null;
    const corrected: string[] = [];
    const base = { messageId: c.primaryMessageId, caseId: c.id, actor: input.actor, at: now };
    if (await recordCorrection(tx, { ...base, field: 'category', suggested: c.category, corrected: input.category })) corrected.push('category');
    if (input.complexity && (await recordCorrection(tx, { ...base, field: 'complexity', suggested: c.complexity, corrected: input.complexity }))) corrected.push('complexity');
    if (input.urgency && (await recordCorrection(tx, { ...base, field: 'urgency', suggested: c.urgency, corrected: input.urgency }))) corrected.push('urgency');
    // The classifier flagged it out of scope, staff accept it: that is a correction too.
    if (c.outOfScope && (await recordCorrection(tx, { ...base, field: 'outOfScope', suggested: 'true', corrected: 'false' }))) corrected.push('outOfScope');
    return {
      data: {
        category: input.category,
        categoryConfirmed: true,
        outOfScope: false,
        ...(input.complexity ? { complexity: input.complexity } : {}),
        ...(input.urgency ? { urgency: input.urgency } : {}),
      },
      event: { category: input.category, suggested: c.category, corrected, note },
      result: { caseId: c.id, corrected },
    };
  });
}

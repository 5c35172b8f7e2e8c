/**
 * 更正类别 (第四条㈡: 按咨询、建议、投诉、求助、其他等五个类别进行整理分类): the category of a case
 * registered wrong is corrected, with the reason, until the case is archived (归档 files it by
 * category). The ledger, bulletins computed from now on, exports and the training data read the
 * corrected category; the event log keeps the previous one. Deadlines do not change: they follow
 * complexity, not category.
 */
import { BadInputError, categories } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep, type CaseRow, type Tx } from './case-transaction.js';
import { byWhom, latestEvent, stalePage } from './stale-page.js';

export interface CorrectCategoryInput {
  caseId: string;
  category: string;
  /** Why (shown in the event log): required. */
  note: string;
  /**
   * The category the page showed: a colleague's correction since is refused (409, 请刷新后再操作)
   * rather than overwritten unseen. @default unchecked
   */
  shownCategory?: string | undefined;
  actor: Actor;
  now?: Date | undefined;
}

export async function correctCategory(db: Db, input: CorrectCategoryInput): Promise<{ caseId: string; category: string; previousCategory: string }> {
  if (!(categories as readonly string[]).includes(input.category)) throw new BadInputError(`类别应为：${categories.join('、')}`);
  const note = requireText(input.note, '更正理由', 2000);
  const shown = input.shownCategory === undefined ? undefined : shownCategoryCheck(input.shownCategory);
  return runCaseStep(db, { caseId: input.caseId, action: 'correct_category', actor: input.actor, now: input.now, shown }, async ({ case: c }) => {
    // Checked on the locked row: a colleague may have corrected it meanwhile.
    if (c.category === input.category) throw new BadInputError(`类别已是「${c.category}」，无需更正`);
    return {
      data: { category: input.category, categoryConfirmed: true },
      event: { category: input.category, previousCategory: c.category, note },
      result: { caseId: c.id, category: input.category, previousCategory: c.category },
    };
  });
}

/** The page-shown check of 更正类别: the case's category is still the one the page showed. */
function shownCategoryCheck(shownCategory: string) {
  return async ({ tx, case: c }: { tx: Tx; case: CaseRow }): Promise<void> => {
    if (c.category === shownCategory) return;
    const last = await latestEvent(tx, c.id, ['correct_category', 'register']);
    throw stalePage(c, `类别${await byWhom(tx, last?.actor, last?.at)}改为「${c.category}」，与您看到的「${shownCategory}」不同`, { shownCategory, category: c.category });
  };
}

/**
 * 归档 (第四条㈩): the supervision office files a finished case by category (按类别立卷) in the
 * volume <year>-<category>. From then on the case and its records cannot change: the use cases
 * refuse, and database triggers refuse too.
 */
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { runCaseStep, type StepInput } from './case-transaction.js';
import { movedOn } from './stale-page.js';

/** The states a case is archived from: 已回访办结 and 不予受理. */
export const archivableStates = ['closed', 'not_accepted'] as const;
export type ArchivableState = (typeof archivableStates)[number];

/**
 * Where 归档 files a case archived at `now`: a 不予受理 decision under 不予受理, any other case under
 * its category (as corrected, if it was), in the volume of the China year of archiving.
 */
export function archiveFiling(c: { state: string; category: string }, now: Date): { archiveCategory: string; archiveVolume: string } {
  const archiveCategory = c.state === 'not_accepted' ? '不予受理' : c.category;
  return { archiveCategory, archiveVolume: `${chinaDate(now).slice(0, 4)}-${archiveCategory}` };
}

export interface ArchiveCaseInput {
  caseId: string;
  actor: Actor;
  now?: Date | undefined;
  /**
   * The state the list showed (批量归档): a case that left it since (re-opened after 不予受理, visited
   * again and found dissatisfied) is refused (409) naming the step, who and when, rather than filed
   * on what its archivist never saw. @default unchecked, as the case page's single 归档
   */
  expectedState?: ArchivableState | undefined;
}

export async function archiveCase(db: Db, input: ArchiveCaseInput): Promise<{ archiveCategory: string; archiveVolume: string }> {
  const expected = input.expectedState;
  const shown: StepInput['shown'] = expected
    ? async ({ tx, case: c }) => {
        if (c.state !== expected) throw await movedOn(tx, c, 'archive');
      }
    : undefined;
  return runCaseStep(db, { caseId: input.caseId, action: 'archive', actor: input.actor, now: input.now, shown }, async ({ case: c, now }) => {
    const filing = archiveFiling(c, now);
    return {
      data: { archivedAt: now, ...filing },
      event: filing,
      result: filing,
    };
  });
}

/**
 * 归档 (第四条㈩): the supervision office files a finished case by category (按类别立卷) in the
 * volume <year>-<category>. From then on the case and its records cannot change: the use cases
 * refuse, and database triggers refuse too.
 */
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { runCaseStep } from './case-transaction.js';

export async function archiveCase(db: Db, input: { caseId: string; actor: Actor; now?: Date | undefined }): Promise<{ archiveCategory: string; archiveVolume: string }> {
  return runCaseStep(db, { caseId: input.caseId, action: 'archive', actor: input.actor, now: input.now }, async ({ case: c, now }) => {
    const archiveCategory = c.state === 'not_accepted' ? '不予受理' : c.category;
    const archiveVolume = `${chinaDate(now).slice(0, 4)}-${archiveCategory}`;
    return {
      data: { archivedAt: now, archiveCategory, archiveVolume },
      event: { archiveCategory, archiveVolume },
      result: { archiveCategory, archiveVolume },
    };
  });
}

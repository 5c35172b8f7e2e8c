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

/** The step that puts a case in each archivable state (the last one counts: a closed case may be visited again). */
export const settlingSteps: Record<ArchivableState, string> = { closed: 'visit_satisfied', not_accepted: 'decide_not_accepted' };

/**
 * Where 归档 files a case: a 不予受理 decision under 不予受理, any other case under its category (as
 * corrected, if it was), in the volume of the China year the case was settled (办结: its last
 * 回访, or the 不予受理 decision), not the year of archiving. Archives file a matter in the year it
 * was concluded (归档文件整理规则 DA/T 22: 跨年度办理的事项在办结年度归档), and a year's cases are
 * mostly archived in the next year's first weeks: a December case archived in January belongs to
 * the December's volume. `settledAt` null (a case whose log has no settling step): the year of `now`.
 */
export function archiveFiling(c: { state: string; category: string }, settledAt: Date | null, now: Date): { archiveCategory: string; archiveVolume: string } {
  const archiveCategory = c.state === 'not_accepted' ? '不予受理' : c.category;
  return { archiveCategory, archiveVolume: `${chinaDate(settledAt ?? now).slice(0, 4)}-${archiveCategory}` };
}

/** When each case entered its archivable state (settlingSteps), for the cases that have such a step in their log. */
export async function settledTimes(db: Pick<Db, 'event'>, cases: readonly { id: string; state: string }[]): Promise<Map<string, Date>> {
  const settledAt = new Map<string, Date>();
  for (const state of archivableStates) {
    const ids = cases.filter((c) => c.state === state).map((c) => c.id);
    for (let i = 0; i < ids.length; i += idsPerQuery) {
      const settled = await db.event.groupBy({
        by: ['caseId'],
        where: { caseId: { in: ids.slice(i, i + idsPerQuery) }, type: settlingSteps[state] },
        _max: { at: true },
      });
      for (const s of settled) if (s.caseId && s._max.at) settledAt.set(s.caseId, s._max.at);
    }
  }
  return settledAt;
}

/** Ids per query for the settling times (PostgreSQL takes at most 32,767 parameters). */
const idsPerQuery = 1000;

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
  return runCaseStep(db, { caseId: input.caseId, action: 'archive', actor: input.actor, now: input.now, shown }, async ({ tx, case: c, now }) => {
    const filing = archiveFiling(c, (await settledTimes(tx, [c])).get(c.id) ?? null, now);
    return {
      data: { archivedAt: now, ...filing },
      event: filing,
      result: filing,
    };
  });
}

/**
 * The cases awaiting 归档 as the command line selects them (`minsheng cases archive`): those in one
 * of the states a case is archived from, of a category, settled (已回访办结 or decided 不予受理)
 * before a China date, each with the volume 归档 would file it in today. Read without locks: each
 * is then archived naming the state read here, so one changed since is refused, not filed unseen.
 */
import { BadInputError } from '../../core/index.js';
import { parseIsoDate } from '../calendar/work-calendar.js';
import { requireRole, type Actor } from '../users/actor.js';
import type { Db } from '../store/index.js';
import { archiveFiling, type ArchivableState } from './archive-case.js';

export interface ArchivableCaseFilter {
  state: ArchivableState;
  /** Only cases of this category (已回访办结 only: a 不予受理 case is filed under 不予受理). @default every category */
  category?: string | undefined;
  /**
   * Only cases settled before this China date (YYYY-MM-DD): closed by their last 回访, or decided
   * 不予受理, on an earlier day. Leaves the recent ones, which a visit may still reach (无法联系), to
   * a later run. @default any day
   */
  before?: string | undefined;
}

export interface ArchivableCase {
  caseId: string;
  ledgerNo: string;
  title: string;
  state: ArchivableState;
  category: string;
  /** When the case entered its state (its last 回访, or the 不予受理 decision); null when the log has no such step. */
  settledAt: string | null;
  /** Where 归档 would file it now (archive-case.ts archiveFiling). */
  archiveCategory: string;
  archiveVolume: string;
}

/** The step that puts a case in each archivable state (the last one counts: a closed case may be visited again). */
const settlingSteps: Record<ArchivableState, string> = { closed: 'visit_satisfied', not_accepted: 'decide_not_accepted' };

/** Ids per query for the settling times (PostgreSQL takes at most 32,767 parameters). */
const idsPerQuery = 1000;

/** The matching cases, oldest 台账编号 first; see the module comment. Offices that archive or oversee it, and the administrator. */
export async function listArchivableCases(db: Db, input: { actor: Actor; filter: ArchivableCaseFilter; now?: Date | undefined }): Promise<ArchivableCase[]> {
  requireRole(input.actor, ['supervision', 'admin']);
  const { state, category, before } = input.filter;
  if (state === 'not_accepted' && category) throw new BadInputError('不予受理的案件归入「年份-不予受理」卷，不按类别筛选；请去掉类别条件');
  if (before) parseIsoDate(before);
  const now = input.now ?? new Date();
  const rows = await db.case.findMany({
    where: { state, archivedAt: null, ...(category ? { category } : {}) },
    orderBy: { ledgerNo: 'asc' },
    select: { id: true, ledgerNo: true, title: true, state: true, category: true },
  });
  const settledAt = new Map<string, Date>();
  for (let i = 0; i < rows.length; i += idsPerQuery) {
    const settled = await db.event.groupBy({
      by: ['caseId'],
      where: { caseId: { in: rows.slice(i, i + idsPerQuery).map((r) => r.id) }, type: settlingSteps[state] },
      _max: { at: true },
    });
    for (const s of settled) if (s.caseId && s._max.at) settledAt.set(s.caseId, s._max.at);
  }
  const cutoff = before ? new Date(`${before}T00:00:00+08:00`) : undefined;
  return rows
    .filter((r) => !cutoff || (settledAt.get(r.id) ?? cutoff) < cutoff)
    .map((r) => ({
      caseId: r.id,
      ledgerNo: r.ledgerNo,
      title: r.title,
      state,
      category: r.category,
      settledAt: settledAt.get(r.id)?.toISOString() ?? null,
      ...archiveFiling(r, now),
    }));
}

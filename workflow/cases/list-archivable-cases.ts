/**
 * The cases awaiting 归档 as the command line selects them (`minsheng cases archive`): those in one
 * of the states a case is archived from, of a category, settled (已回访办结 or decided 不予受理)
 * before a China date, each with the volume 归档 would file it in (the year it was settled). Read without locks: each
 * is then archived naming the state read here, so one changed since is refused, not filed unseen.
 */
import { BadInputError } from '../../core/index.js';
import { chinaDate, parseIsoDate } from '../calendar/work-calendar.js';
import { requireRole, type Actor } from '../users/actor.js';
import type { Db } from '../store/index.js';
import { archiveFiling, settledTimes, type ArchivableState } from './archive-case.js';
import { unreachedWhere } from './list-cases.js';

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
  /** The China date of settledAt (as the ledger's settledOn): the day whose year names the volume. */
  settledOn: string | null;
  /** 已回访办结 on 无法联系 (its last visit, as the ledger's `unreached`): the citizen was never reached. */
  unreached: boolean;
  /** Where 归档 would file it (archive-case.ts archiveFiling: the volume of the year it was settled). */
  archiveCategory: string;
  archiveVolume: string;
}

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
  const settledAt = await settledTimes(db, rows);
  const closedIds = state === 'closed' ? rows.map((r) => r.id) : [];
  const unreached = new Set<string>();
  for (let i = 0; i < closedIds.length; i += 1000) {
    const page = await db.case.findMany({ where: { id: { in: closedIds.slice(i, i + 1000) }, ...unreachedWhere }, select: { id: true } });
    for (const c of page) unreached.add(c.id);
  }
  const cutoff = before ? new Date(`${before}T00:00:00+08:00`) : undefined;
  return rows
    .filter((r) => !cutoff || (settledAt.get(r.id) ?? cutoff) < cutoff)
    .map((r) => {
      const settled = settledAt.get(r.id) ?? null;
      return {
        caseId: r.id,
        ledgerNo: r.ledgerNo,
        title: r.title,
        state,
        category: r.category,
        settledAt: settled?.toISOString() ?? null,
        settledOn: settled ? chinaDate(settled) : null,
        unreached: unreached.has(r.id),
        ...archiveFiling(r, settled, now),
      };
    });
}

/**
 * 上级办理时限临近 (第三条㈠3): an item forwarded by the province or city that has not been handed to
 * a unit yet (已登记, 已拟办待领导审批, 领导已同意待交办, or returned and awaiting a new 拟办) while the
 * upper level's 办理时限 is tomorrow, today or already past: 督查室 and 区政府办 see it on the 督查看板
 * before 交办, since after 交办 the unit's due date is kept within the deadline but the days before
 * it count against the district all the same. Other roles get an empty list.
 */
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { stateNames, type CaseState } from '../cases/state-machine.js';
import { forwardingFacts } from '../cases/forwarding-facts.js';

export interface UpperDeadlineNearRow {
  caseId: string;
  ledgerNo: string;
  title: string;
  state: string;
  stateName: string;
  forwardNo: string | null;
  originLevel: 'province' | 'city' | null;
  /** YYYY-MM-DD */
  upperDeadline: string;
  /** The deadline against today (China date): past, today or tomorrow. */
  when: 'past' | 'today' | 'tomorrow';
}

/** The states before 交办 (returned: handed back by the unit, awaiting a new 拟办). */
export const beforeAssignmentStates: readonly CaseState[] = ['registered', 'proposed', 'approved', 'returned'];

export async function listUpperDeadlinesNear(db: Db, input: { actor: Actor; now?: Date | undefined }): Promise<UpperDeadlineNearRow[]> {
  if (input.actor.role !== 'supervision' && input.actor.role !== 'gov_office') return [];
  const now = input.now ?? new Date();
  const today = chinaDate(now);
  const tomorrow = chinaDate(new Date(now.getTime() + 24 * 3600 * 1000));
  const cases = await db.case.findMany({
    where: { state: { in: [...beforeAssignmentStates] }, archivedAt: null, messages: { some: { channel: 'forwarded' } } },
    select: { id: true, ledgerNo: true, title: true, state: true, primaryMessageId: true },
    orderBy: { createdAt: 'asc' },
  });
  const rows: UpperDeadlineNearRow[] = [];
  for (const c of cases) {
    const facts = await forwardingFacts(db, c);
    const deadline = facts?.upperDeadline;
    if (!deadline || deadline > tomorrow) continue;
    rows.push({
      caseId: c.id,
      ledgerNo: c.ledgerNo,
      title: c.title,
      state: c.state,
      stateName: stateNames[c.state as CaseState] ?? c.state,
      forwardNo: facts.forwardNo,
      originLevel: facts.originLevel,
      upperDeadline: deadline,
      when: deadline < today ? 'past' : deadline === today ? 'today' : 'tomorrow',
    });
  }
  return rows.sort((a, b) => a.upperDeadline.localeCompare(b.upperDeadline) || a.ledgerNo.localeCompare(b.ledgerNo));
}

/**
 * 定期督查 (第四条㈥): the list of every case in hand with its deadline status, marks, alerts,
 * pending extension and last supervision record. Units see only their own cases; on a case a unit
 * only assists (协办) it gets no supervision record and no extension request, which are the lead
 * unit's business and hidden from it on the case page too (cases/get-case.ts).
 */
import type { Db } from '../store/index.js';
import { requireRole, type Actor } from '../users/actor.js';
import { casesVisibleTo } from '../users/cases-visible-to.js';
import { getWorkCalendar } from '../calendar/load-calendar-days.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { workingDaysTo } from '../cases/days-left.js';

export type DeadlineStatus = 'overdue' | 'due_soon' | 'on_track' | 'reported' | 'not_assigned';

export interface SupervisionRow {
  caseId: string;
  ledgerNo: string;
  title: string;
  state: string;
  category: string;
  unitId: string | null;
  unit: string | null;
  dueDate: string | null;
  /**
   * Working days left until the due date; negative when overdue: the working days since the due
   * date, today included, at least 1 (a weekend right after it is 1 late). Working days, as the
   * deadline itself is counted: a unit due before a week's holiday is not 9 days late on the first
   * day back.
   */
  daysLeft: number | null;
  status: DeadlineStatus;
  escalated: boolean;
  leaderMarked: boolean;
  highImpact: boolean;
  reporterCount: number;
  alerts: number;
  pendingExtension: boolean;
  lastSupervision: { kind: string; note: string; at: string } | null;
}

const inHand = ['registered', 'proposed', 'approved', 'assigned', 'returned', 'reported', 'reviewed', 'reply_approved'];

export async function listSupervision(db: Db, input: { actor: Actor; now?: Date | undefined; dueSoonWorkingDays?: number | undefined }): Promise<SupervisionRow[]> {
  requireRole(input.actor, ['supervision', 'leader', 'gov_office', 'egov_centre', 'admin', 'unit']);
  const today = chinaDate(input.now ?? new Date());
  const calendar = await getWorkCalendar(db);
  const cases = await db.case.findMany({
    where: { AND: [{ state: { in: inHand }, archivedAt: null }, casesVisibleTo(input.actor)] },
    include: {
      unit: { select: { name: true } },
      assignments: { where: { status: 'active', role: 'lead' }, take: 1 },
      _count: { select: { alerts: true, extensions: { where: { decision: 'pending' } } } },
      supervisions: { orderBy: { at: 'desc' }, take: 1 },
    },
    orderBy: [{ dueDate: 'asc' }, { createdAt: 'asc' }],
  });
  return cases.map((c) => {
    const active = c.assignments[0];
    let status: DeadlineStatus = 'not_assigned';
    let daysLeft: number | null = null;
    if (active) {
      if (active.firstReportedAt || c.state !== 'assigned') status = 'reported';
      else {
        daysLeft = workingDaysTo(calendar, today, active.dueDate);
        status = daysLeft < 0 ? 'overdue' : daysLeft <= (input.dueSoonWorkingDays ?? 1) ? 'due_soon' : 'on_track';
      }
    }
    // 协办: the case is the lead's (casesVisibleTo: a unit leads the cases whose unit it is).
    const assisting = input.actor.role === 'unit' && c.unitId !== input.actor.unitId;
    const last = assisting ? undefined : c.supervisions[0];
    return {
      caseId: c.id,
      ledgerNo: c.ledgerNo,
      title: c.title,
      state: c.state,
      category: c.category,
      unitId: active?.unitId ?? null,
      unit: active ? (c.unit?.name ?? null) : null,
      dueDate: active?.dueDate ?? null,
      daysLeft,
      status,
      escalated: c.escalated,
      leaderMarked: c.leaderMarked,
      highImpact: c.highImpact,
      reporterCount: c.reporterCount,
      alerts: c._count.alerts,
      pendingExtension: !assisting && c._count.extensions > 0,
      lastSupervision: last ? { kind: last.kind, note: last.note, at: last.at.toISOString() } : null,
    };
  });
}

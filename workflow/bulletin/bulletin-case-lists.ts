/**
 * The lists behind 《印台政务通报》's 通报批评 figures (compute-bulletin.ts counts them): each 交办
 * counted 超期, each 群众不满意 visit and each 退回重办, named by 台账编号 and title, so the 督查室 can
 * cite and chase them. Reads only the cases' names and the work calendar.
 */
import type { Db } from '../store/index.js';
import { workingDaysTo } from '../cases/days-left.js';

/**
 * One 交办 counted 超期 (the 附 list of the bulletin): which case, whose, due when, and how late. The
 * 督查室 cites these when it criticises a unit and phones it; a unit sees its own.
 */
export interface BulletinOverdueCase {
  caseId: string;
  ledgerNo: string;
  title: string;
  unitId: string;
  unit: string;
  /** The due date in force when the report came, or at the end of the period when none had. */
  dueDate: string;
  /** China date of the report that came late; null when none had come by the end of the period (`asOf`). */
  reportedOn: string | null;
  /** Working days past `dueDate` at `reportedOn`, or at `asOf` when unreported (at least 1), as the ledger counts 逾期. */
  workingDaysLate: number;
  /** 上期转入: assigned before the period. */
  carriedOver: boolean;
}

/**
 * A 群众不满意 visit or a 退回重办 the 通报批评 counts against a unit: which case, when, and the staff's
 * note (the visit's record, or why the report was sent back).
 */
export interface BulletinCriticisedCase {
  caseId: string;
  ledgerNo: string;
  title: string;
  unitId: string;
  unit: string;
  /** 群众不满意 (a follow-up visit) or 退回重办 (a report sent back by 督查室, a leader or the centre). */
  reason: '群众不满意' | '退回重办';
  /** China date of the visit or the send-back. */
  on: string;
  /** Who sent it back and why (督查室审核退回：…), or the visit's record; null when no note was given. */
  note: string | null;
}

/** Who sent a report back, as the 通报批评 list names it (the events of assignments-as-of.ts sendBackEvents). */
export const sendBackNames: Record<string, string> = { reject_report: '督查室审核退回', send_back_reply: '领导审批退回', return_for_revision: '电子政务中心退回修改' };

/**
 * The lists behind the 超期, 不满意 and 退回重办 figures: each case's 台账编号 and title (as now; the
 * ledger's), an overdue one's lateness on the work calendar; unit by unit in the rows' order.
 */
export async function describeCases(
  db: Db,
  late: Omit<BulletinOverdueCase, 'ledgerNo' | 'title' | 'unit' | 'workingDaysLate'>[],
  criticised: Omit<BulletinCriticisedCase, 'ledgerNo' | 'title' | 'unit'>[],
  units: readonly { unitId: string; unit: string }[],
  asOf: string,
): Promise<{ overdueCases: BulletinOverdueCase[]; criticisedCases: BulletinCriticisedCase[] }> {
  if (late.length === 0 && criticised.length === 0) return { overdueCases: [], criticisedCases: [] };
  // Loaded here, not at the top: the calendar's loader brings the store's transaction options (the
  // Prisma client), which `minsheng --help` must not load (cli/commands/bulletin.ts imports this folder).
  const { getWorkCalendar } = await import('../calendar/load-calendar-days.js');
  const [calendar, cases] = await Promise.all([
    getWorkCalendar(db),
    db.case.findMany({ where: { id: { in: [...new Set([...late, ...criticised].map((l) => l.caseId))] } }, select: { id: true, ledgerNo: true, title: true } }),
  ]);
  const caseOf = new Map(cases.map((c) => [c.id, c]));
  const order = new Map(units.map((u, i) => [u.unitId, i]));
  const named = <T extends { caseId: string; unitId: string }>(l: T) => ({
    ...l,
    ledgerNo: caseOf.get(l.caseId)?.ledgerNo ?? '',
    title: caseOf.get(l.caseId)?.title ?? '',
    unit: units[order.get(l.unitId) ?? -1]?.unit ?? l.unitId,
  });
  const byUnit = (x: { unitId: string }, y: { unitId: string }) => (order.get(x.unitId) ?? 0) - (order.get(y.unitId) ?? 0);
  const overdueCases = late
    .map((l) => ({ ...named(l), workingDaysLate: -workingDaysTo(calendar, l.reportedOn ?? asOf, l.dueDate) }))
    .sort((x, y) => byUnit(x, y) || x.dueDate.localeCompare(y.dueDate) || x.ledgerNo.localeCompare(y.ledgerNo));
  // A stable sort: within a unit and a day, the order they happened in.
  const criticisedCases = criticised.map(named).sort((x, y) => byUnit(x, y) || x.on.localeCompare(y.on));
  return { overdueCases, criticisedCases };
}

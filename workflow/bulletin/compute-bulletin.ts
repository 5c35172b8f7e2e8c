/**
 * 《印台政务通报》 figures (第四条㈨, 第五条㈥) for a period: per unit, the cases received (assigned
 * in the period) and carried over (assigned before it and still undone when it began), returned,
 * reported on time, overdue, review send-backs and the follow-up visits' satisfaction, plus the
 * praise and criticism lists. Pure read; dates are China dates.
 *
 * Each assignment is judged as things stood at the end of the period (or today, when earlier),
 * from its history (assignments-as-of.ts), never from the row as it is now: a report, a return, a
 * send-back, an extension granted or a due date recounted later does not count, so a past
 * period's bulletin reads the same whenever it is generated (what it read when generated at the
 * period's end), and work carried over into the next period is judged there. Without the
 * carry-over, work assigned near a period's end and left undone (or reported late) after it fell
 * between two bulletins and was never counted late; work still late at the end of several periods
 * is counted late in each, since it is still undone. A report sent back (退回重办) is work not
 * done: from the send-back the assignment is owed again with the send-back's due date, so the
 * period of the send-back counts it as carried over (when assigned earlier) and judges the redone
 * work, while the period of the report keeps it as reported.
 *
 * These figures are the lead unit's (主办): an assisting unit's assignment (协办) counts apart, as
 * 协办件数 (assist assignments made in the period) and 按时提交协办意见 (of those, the ones whose
 * 协办意见 came on or before the due date, by the period's end), so a unit asked to help is neither
 * praised nor criticised for a case another unit answers.
 *
 * The case totals are read as of the same instant (cases-as-of.ts): a case received in the period
 * counts with the state and category it had at the end, so one registered, refused, merged or
 * re-categorised afterwards leaves the period's 待审核, 不予受理 and 分类 figures as they were.
 */
import { BadInputError, reversedPeriodMessage } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { chinaDate, parseIsoDate } from '../calendar/work-calendar.js';
import { describeCases, sendBackNames, type BulletinCriticisedCase, type BulletinOverdueCase } from './bulletin-case-lists.js';
import { assignmentsAsOf, sendBackEvents } from './assignments-as-of.js';
import { casesAsOf } from './cases-as-of.js';

export interface UnitBulletinRow {
  unitId: string;
  unit: string;
  received: number;
  /**
   * 上期转入: assigned before the period, not returned when it began, and owed during it: not yet
   * reported when it began, or reported and sent back to be redone (退回重办) in the period.
   */
  carriedOver: number;
  returned: number;
  reported: number;
  onTime: number;
  overdue: number;
  pending: number;
  /** Reports the supervision office or a leader sent back (敷衍应付、不严格把关), or the centre returned at publication. */
  sentBack: number;
  /**
   * onTime / (onTime + overdue): of the assignments whose outcome is known (reported, or past due
   * unreported), the share reported on time; null when none is. Assignments still running and not
   * yet due (`pending`) do not count either way: a unit is not marked down for work not yet due.
   */
  onTimeRate: number | null;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  unreachable: number;
  /** (satisfied + basically) / (those + dissatisfied); null without visits. */
  satisfactionRate: number | null;
  /** 协办件数: assignments as an assisting unit made in the period. */
  assistReceived: number;
  /** 按时提交协办意见: of those, the ones whose 协办意见 came by the due date (and by the period's end). */
  assistOnTime: number;
}

export interface BulletinEntry {
  unitId: string;
  unit: string;
  reasons: string[];
}

export interface BulletinData {
  from: string;
  to: string;
  /** The China date the overdue figures are counted at. */
  asOf: string;
  /**
   * `cases`: messages received in the period (one per case, copies merged); `awaitingReview`: those
   * staff have not yet registered or refused (their category is the classifier's suggestion).
   */
  totals: Omit<UnitBulletinRow, 'unitId' | 'unit'> & { cases: number; awaitingReview: number; notAccepted: number };
  byCategory: Record<string, number>;
  units: UnitBulletinRow[];
  praise: BulletinEntry[];
  criticism: BulletinEntry[];
  /** Every 超期 of the units' rows, unit by unit in the rows' order, earliest due first. */
  overdueCases: BulletinOverdueCase[];
  /** Every 群众不满意 and 退回重办 of the units' rows, unit by unit in the rows' order, in time order. */
  criticisedCases: BulletinCriticisedCase[];
}

/** A unit's row before anything is counted: all zero, no rates. */
export function emptyUnitRow(unitId: string, unit: string): UnitBulletinRow {
  return {
    unitId,
    unit,
    received: 0, carriedOver: 0, returned: 0, reported: 0, onTime: 0, overdue: 0, pending: 0, sentBack: 0, onTimeRate: null,
    satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, unreachable: 0, satisfactionRate: null,
    assistReceived: 0, assistOnTime: 0,
  };
}

const startOf = (date: string) => new Date(`${date}T00:00:00+08:00`);
const endOf = (date: string) => new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000);
const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 1000 : null);

/**
 * The visits a period counts: an 无法联系 attempt that a later visit of the same case in the period
 * superseded is left out. Only an unreachable case is visited again (record-visit.ts), and the later
 * visit asks about the same reply, so counting both made one case and one reply 回访 2 件. A period
 * that ends before the citizen is reached still counts the attempt, as it stood then.
 */
function answeredVisits<V extends { caseId: string; satisfaction: string }>(visitsInOrder: V[]): V[] {
  const last = new Map(visitsInOrder.map((v) => [v.caseId, v]));
  return visitsInOrder.filter((v) => v.satisfaction !== 'unreachable' || last.get(v.caseId) === v);
}

export async function computeBulletin(db: Db, input: { from: string; to: string; now?: Date | undefined }): Promise<BulletinData> {
  parseIsoDate(input.from);
  parseIsoDate(input.to);
  if (input.from > input.to) throw new BadInputError(reversedPeriodMessage(input.from, input.to));
  const today = chinaDate(input.now ?? new Date());
  const asOf = today < input.to ? today : input.to;
  const period = { gte: startOf(input.from), lt: endOf(input.to) };
  const end = endOf(asOf);

  const [units, assignments, carried, sendBacks, visits, received, assists] = await Promise.all([
    db.unit.findMany({ orderBy: { name: 'asc' } }),
    db.assignment.findMany({ where: { assignedAt: period, role: 'lead' } }),
    // Candidates: a row whose current first report is before the period was reported then and not
    // sent back since (a send-back clears it, a later report sets it later), so it is left out; the
    // others are judged from their history below.
    db.assignment.findMany({
      where: {
        role: 'lead',
        assignedAt: { lt: period.gte },
        OR: [{ firstReportedAt: null }, { firstReportedAt: { gte: period.gte } }],
        NOT: { status: 'returned', returnedAt: { lt: period.gte } },
      },
    }),
    // Send-backs made in the period (by the office, the leader or the centre), whenever the report
    // was submitted: the events record when, and a later send-back of the same report counts again.
    db.event.findMany({ where: { type: { in: sendBackEvents }, at: period }, select: { caseId: true, type: true, at: true, data: true }, orderBy: { id: 'asc' } }),
    db.visit.findMany({ where: { visitedAt: period }, select: { caseId: true, unitId: true, satisfaction: true, visitedAt: true, note: true }, orderBy: { visitedAt: 'asc' } }),
    // Every case received in the period up to the end it is read at, merged ones too: whether it was merged by then is read below.
    db.case.findMany({ where: { createdAt: { gte: period.gte, lt: end } }, select: { id: true, category: true, state: true, archiveCategory: true } }),
    db.assignment.findMany({ where: { assignedAt: period, role: 'assist' } }),
  ]);
  const asOfEnd = await assignmentsAsOf(db, [...assignments, ...carried, ...assists], end);
  // A merged case's messages are counted in the case it joined: it is not a message received.
  const casesAtEnd = await casesAsOf(db, received, end);
  const cases = received.map((c) => ({ ...c, ...casesAtEnd.get(c.id)! })).filter((c) => c.state !== 'merged');
  const stood = (a: { id: string }) => asOfEnd.get(a.id)!;

  const rows = new Map<string, UnitBulletinRow>();
  const row = (unitId: string): UnitBulletinRow => {
    let r = rows.get(unitId);
    if (!r) {
      r = emptyUnitRow(unitId, units.find((u) => u.id === unitId)?.name ?? unitId);
      rows.set(unitId, r);
    }
    return r;
  };
  const late: Omit<BulletinOverdueCase, 'ledgerNo' | 'title' | 'unit' | 'workingDaysLate'>[] = [];
  const judge = (a: (typeof assignments)[number], r: UnitBulletinRow, carriedOver: boolean) => {
    const s = stood(a);
    if (s.returned) r.returned++;
    else if (s.reportedAt && s.dueDateAtReport) {
      r.reported++;
      if (chinaDate(s.reportedAt) <= s.dueDateAtReport) r.onTime++;
      else {
        r.overdue++;
        late.push({ caseId: a.caseId, unitId: a.unitId, dueDate: s.dueDateAtReport, reportedOn: chinaDate(s.reportedAt), carriedOver });
      }
    } else if (asOf > s.dueDate) {
      r.overdue++;
      late.push({ caseId: a.caseId, unitId: a.unitId, dueDate: s.dueDate, reportedOn: null, carriedOver });
    } else r.pending++;
  };
  for (const a of assignments) {
    const r = row(a.unitId);
    r.received++;
    judge(a, r, false);
  }
  for (const a of carried) {
    // Owed during the period: not reported by its end, or that report (of the work owed at the end) came in it.
    const reportedAt = stood(a).reportedAt;
    if (reportedAt && reportedAt < period.gte) continue;
    const r = row(a.unitId);
    r.carriedOver++;
    judge(a, r, true);
  }
  for (const a of assists) {
    const r = row(a.unitId);
    r.assistReceived++;
    const s = stood(a);
    if (s.reportedAt && s.dueDateAtReport && chinaDate(s.reportedAt) <= s.dueDateAtReport) r.assistOnTime++;
  }
  const sentBackIds = sendBacks.map((e) => (e.data as { reportId?: unknown } | null)?.reportId).filter((id): id is string => typeof id === 'string');
  const unitOfReport = new Map(
    (sentBackIds.length ? await db.handlingReport.findMany({ where: { id: { in: sentBackIds } }, select: { id: true, unitId: true } }) : []).map((r) => [r.id, r.unitId]),
  );
  const criticised: Omit<BulletinCriticisedCase, 'ledgerNo' | 'title' | 'unit'>[] = [];
  for (const e of sendBacks) {
    const data = (e.data ?? {}) as { reportId?: unknown; note?: unknown };
    const unitId = typeof data.reportId === 'string' ? unitOfReport.get(data.reportId) : undefined;
    if (!unitId) continue;
    row(unitId).sentBack++;
    const note = typeof data.note === 'string' && data.note.trim() ? `：${data.note.trim()}` : '';
    if (e.caseId) criticised.push({ caseId: e.caseId, unitId, reason: '退回重办', on: chinaDate(e.at), note: `${sendBackNames[e.type] ?? e.type}${note}` });
  }
  for (const v of answeredVisits(visits)) {
    if (!v.unitId) continue;
    const r = row(v.unitId);
    if (v.satisfaction === 'satisfied') r.satisfied++;
    else if (v.satisfaction === 'basically_satisfied') r.basicallySatisfied++;
    else if (v.satisfaction === 'dissatisfied') {
      r.dissatisfied++;
      criticised.push({ caseId: v.caseId, unitId: v.unitId, reason: '群众不满意', on: chinaDate(v.visitedAt), note: v.note?.trim() || null });
    } else r.unreachable++;
  }
  for (const r of rows.values()) {
    r.onTimeRate = rate(r.onTime, r.onTime + r.overdue);
    r.satisfactionRate = rate(r.satisfied + r.basicallySatisfied, r.satisfied + r.basicallySatisfied + r.dissatisfied);
  }
  const list = [...rows.values()].sort((a, b) => b.received + b.carriedOver - (a.received + a.carriedOver) || a.unit.localeCompare(b.unit, 'zh'));

  const praise: BulletinEntry[] = [];
  const criticism: BulletinEntry[] = [];
  for (const r of list) {
    const bad: string[] = [];
    if (r.overdue > 0) bad.push(`超期 ${r.overdue} 件`);
    if (r.dissatisfied > 0) bad.push(`群众不满意 ${r.dissatisfied} 件`);
    if (r.sentBack > 0) bad.push(`办理报告被退回重办 ${r.sentBack} 次`);
    if (bad.length > 0) criticism.push({ unitId: r.unitId, unit: r.unit, reasons: bad });
    // Praise: something handled, all of it on time (nothing overdue, above), satisfied; work not yet due does not stand in the way.
    else if (r.onTime > 0 && (r.satisfactionRate === null || r.satisfactionRate >= 0.9)) {
      const good = [`按时办结 ${r.onTime} 件`];
      if (r.satisfactionRate !== null) good.push(`群众满意率 ${Math.round(r.satisfactionRate * 100)}%`);
      praise.push({ unitId: r.unitId, unit: r.unit, reasons: good });
    }
  }

  const sum = (k: keyof UnitBulletinRow) => list.reduce((s, r) => s + (typeof r[k] === 'number' ? (r[k] as number) : 0), 0);
  const totals = {
    cases: cases.length,
    awaitingReview: cases.filter((c) => c.state === 'awaiting_review').length,
    notAccepted: cases.filter((c) => c.state === 'not_accepted' || (c.state === 'archived' && c.archiveCategory === '不予受理')).length,
    received: sum('received'), carriedOver: sum('carriedOver'), returned: sum('returned'), reported: sum('reported'), onTime: sum('onTime'), overdue: sum('overdue'),
    pending: sum('pending'), sentBack: sum('sentBack'), satisfied: sum('satisfied'), basicallySatisfied: sum('basicallySatisfied'),
    dissatisfied: sum('dissatisfied'), unreachable: sum('unreachable'), assistReceived: sum('assistReceived'), assistOnTime: sum('assistOnTime'),
    onTimeRate: null as number | null, satisfactionRate: null as number | null,
  };
  totals.onTimeRate = rate(totals.onTime, totals.onTime + totals.overdue);
  totals.satisfactionRate = rate(totals.satisfied + totals.basicallySatisfied, totals.satisfied + totals.basicallySatisfied + totals.dissatisfied);
  const byCategory: Record<string, number> = {};
  for (const c of cases) byCategory[c.category] = (byCategory[c.category] ?? 0) + 1;
  const { overdueCases, criticisedCases } = await describeCases(db, late, criticised, list, asOf);
  return { from: input.from, to: input.to, asOf, totals, byCategory, units: list, praise, criticism, overdueCases, criticisedCases };
}

/**
 * 本单位退回的案件: a handling unit's own record of the cases it returned (退回交办), newest first:
 * what, when, why, by whom, and what became of each return. From its return a case is no longer the
 * unit's (users/cases-visible-to.ts), so this is the only place it reads about it, and it reads
 * only facts of the return's fate, never the case's later content: the 台账编号 and title (which it
 * saw and which never change), its own assignment's return, the unit and time of the next 交办
 * (another unit's name, nothing of that unit's handling, reply or notes), or the closing step's
 * kind and time (不予受理, 归档, 并入) with no note or reason. Proposals that followed (拟办 opinions,
 * the leader's decisions) are not named either: until the next 交办 the return is 待重新交办.
 *
 * One row per return: a case handed back to the unit and returned again has two. A row links to the
 * case only while the unit may open it (handed back, or assisting now).
 */
import type { Db } from '../store/index.js';
import { requireRole, type Actor } from '../users/actor.js';
import { accountNames } from '../users/actor-name.js';
import { casesVisibleTo } from '../users/cases-visible-to.js';
import { parseIsoDate } from '../calendar/work-calendar.js';
import { BadInputError, reversedPeriodMessage } from '../../core/index.js';
import type { CaseState } from './state-machine.js';

export interface ReturnedCaseFilter {
  /** Returned on or after this China date (YYYY-MM-DD). @default no start */
  from?: string | undefined;
  /** Returned on or before this China date. @default no end */
  to?: string | undefined;
  /** Only returns still 待重新交办 (no 交办 since, not closed). @default false */
  awaiting?: boolean | undefined;
  /** At most 200. @default 50 */
  limit?: number | undefined;
  offset?: number | undefined;
}

/** What became of a return, as far as the returning unit may know. */
export type ReturnOutcome = 'awaiting' | 'reassigned' | 'given_back' | 'not_accepted' | 'archived' | 'merged';

export const returnOutcomeNames: Record<ReturnOutcome, string> = {
  awaiting: '待重新交办',
  reassigned: '已改交',
  given_back: '已重新交办本单位',
  not_accepted: '不予受理',
  // Only a 不予受理 case is archived without another 交办 (state-machine.ts: 归档 from 已回访办结 or 不予受理).
  archived: '不予受理，已归档',
  merged: '已并入其他案件',
};

export interface ReturnedCaseRow {
  /** The returned assignment: one row per return. */
  assignmentId: string;
  ledgerNo: string;
  title: string;
  returnedAt: string;
  reason: string;
  /** The account that returned it (username) and as staff read it (刘伟（roads）). */
  returnedBy: string;
  returnedByName: string;
  outcome: ReturnOutcome;
  /** 待重新交办, 已改交区水务局, 已重新交办本单位, 不予受理 … */
  outcomeName: string;
  /** The unit the next 交办 went to (reassigned); null otherwise. */
  outcomeUnit: string | null;
  /** When the next 交办 or the closing step was made; null while 待重新交办. */
  outcomeAt: string | null;
  /** The case, while this unit may open it now (handed back to it); null otherwise. */
  caseId: string | null;
}

export interface ReturnedCaseList {
  items: ReturnedCaseRow[];
  /** Returns matching the filter. */
  total: number;
  /** Of the returns in the period (the awaiting filter aside), those still 待重新交办. */
  awaiting: number;
}

/** States a case waits in for its next 交办 (the office's 拟办, the leader's decision, or review again after 重新受理). */
const waitingStates: readonly CaseState[] = ['returned', 'registered', 'proposed', 'approved', 'awaiting_review'];
/** The closing step (event type) behind each closed outcome, and the state it leaves the case in. */
const closingSteps = { not_accepted: 'decide_not_accepted', archived: 'archive', merged: 'merge_into' } as const;
const isClosed = (state: string): state is keyof typeof closingSteps => Object.hasOwn(closingSteps, state);

interface ReturnedAssignment {
  id: string;
  caseId: string;
  returnedAt: Date | null;
}
interface LeadAssignment {
  id: string;
  caseId: string;
  unitId: string;
  assignedAt: Date;
}

/** The first lead assignment made on the case after `returned` was returned: the next 交办. */
function nextAssignment(returned: ReturnedAssignment, leads: readonly LeadAssignment[]): LeadAssignment | undefined {
  const at = returned.returnedAt?.getTime() ?? 0;
  return leads
    .filter((a) => a.caseId === returned.caseId && a.id !== returned.id && a.assignedAt.getTime() >= at)
    .sort((a, b) => a.assignedAt.getTime() - b.assignedAt.getTime())[0];
}

async function leadAssignmentsOf(db: Db, caseIds: readonly string[]): Promise<LeadAssignment[]> {
  if (caseIds.length === 0) return [];
  return db.assignment.findMany({ where: { caseId: { in: [...new Set(caseIds)] }, role: 'lead' }, select: { id: true, caseId: true, unitId: true, assignedAt: true } });
}

/** The unit's returns, newest first; see the module comment. Handling units only, each its own. */
export async function listReturnedCases(db: Db, input: { actor: Actor; filter?: ReturnedCaseFilter | undefined }): Promise<ReturnedCaseList> {
  requireRole(input.actor, ['unit']);
  const unitId = input.actor.unitId ?? '-';
  const { from, to, awaiting: onlyAwaiting, limit = 50, offset = 0 } = input.filter ?? {};
  if (from) parseIsoDate(from);
  if (to) parseIsoDate(to);
  if (from && to && from > to) throw new BadInputError(reversedPeriodMessage(from, to));
  const returnedAt = {
    not: null,
    ...(from ? { gte: new Date(`${from}T00:00:00+08:00`) } : {}),
    ...(to ? { lt: new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000) } : {}),
  };
  const mine = { unitId, role: 'lead', status: 'returned', returnedAt };

  // The returns still awaiting a 交办: their case waits for one and none was made since. Few at any
  // time (the cases between 退回 and the next 交办), so found in full and counted here.
  const waiting = await db.assignment.findMany({ where: { ...mine, case: { state: { in: [...waitingStates] } } }, select: { id: true, caseId: true, returnedAt: true } });
  const waitingLeads = await leadAssignmentsOf(db, waiting.map((w) => w.caseId));
  const awaitingIds = waiting.filter((w) => !nextAssignment(w, waitingLeads)).map((w) => w.id);

  const where = onlyAwaiting ? { ...mine, id: { in: awaitingIds } } : mine;
  const [total, page] = await Promise.all([
    db.assignment.count({ where }),
    db.assignment.findMany({
      where,
      orderBy: [{ returnedAt: 'desc' }, { id: 'desc' }],
      take: Math.min(Math.max(limit, 1), 200),
      skip: Math.max(offset, 0),
      select: { id: true, caseId: true, returnedAt: true, returnedBy: true, returnReason: true, case: { select: { ledgerNo: true, title: true, state: true } } },
    }),
  ]);
  const caseIds = [...new Set(page.map((r) => r.caseId))];
  const leads = await leadAssignmentsOf(db, caseIds);
  const rows = page.map((r) => ({ ...r, next: nextAssignment(r, leads) }));
  // Closed without another 交办: 不予受理 (then perhaps 归档) or 并入; when, from the closing step.
  const closed = rows.filter((r) => !r.next && isClosed(r.case.state));
  const [units, names, closings, visible] = await Promise.all([
    db.unit.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => (r.next ? [r.next.unitId] : [])))] } }, select: { id: true, name: true } }),
    accountNames(db, rows.flatMap((r) => (r.returnedBy ? [r.returnedBy] : []))),
    closed.length
      ? db.event.groupBy({ by: ['caseId', 'type'], where: { caseId: { in: closed.map((r) => r.caseId) }, type: { in: Object.values(closingSteps) } }, _max: { at: true } })
      : Promise.resolve([]),
    db.case.findMany({ where: { AND: [{ id: { in: caseIds } }, casesVisibleTo(input.actor)] }, select: { id: true } }),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const closedAt = new Map(closings.map((c) => [`${c.caseId} ${c.type}`, c._max.at]));
  const open = new Set(visible.map((c) => c.id));

  const items = rows.map((r): ReturnedCaseRow => {
    const { next } = r;
    const state = r.case.state;
    let outcome: ReturnOutcome = 'awaiting';
    let outcomeAt: Date | null | undefined = null;
    let outcomeUnit: string | null = null;
    if (next) {
      outcome = next.unitId === unitId ? 'given_back' : 'reassigned';
      outcomeAt = next.assignedAt;
      if (outcome === 'reassigned') outcomeUnit = unitName.get(next.unitId) ?? next.unitId;
    } else if (isClosed(state)) {
      outcome = state;
      outcomeAt = closedAt.get(`${r.caseId} ${closingSteps[state]}`);
    }
    return {
      assignmentId: r.id,
      ledgerNo: r.case.ledgerNo,
      title: r.case.title,
      returnedAt: r.returnedAt?.toISOString() ?? '',
      reason: r.returnReason ?? '',
      returnedBy: r.returnedBy ?? '',
      returnedByName: r.returnedBy ? (names[r.returnedBy] ?? r.returnedBy) : '',
      outcome,
      outcomeName: outcomeUnit ? `${returnOutcomeNames[outcome]}${outcomeUnit}` : returnOutcomeNames[outcome],
      outcomeUnit,
      outcomeAt: outcomeAt?.toISOString() ?? null,
      caseId: open.has(r.caseId) ? r.caseId : null,
    };
  });
  return { items, total, awaiting: onlyAwaiting ? total : awaitingIds.length };
}

/**
 * A year's holiday schedule loaded (or replaced) changes the working days of that year, so the
 * due dates counted across it while it was unknown (plain weeks) or different are recounted.
 * Called by loadCalendarYear inside its transaction, with the calendar in force before the load
 * and the one after.
 *
 * Which assignments: those still in hand (status active, case not archived and being handled:
 * assigned, reported, reviewed or awaiting publication, which covers work sent back to be redone
 * and the new assignment of a dissatisfied visit) whose counting may touch the year (assigned
 * before its last day, due on or after its first). A case replied, closed or archived, an
 * assignment returned or replaced (done), keeps its date: that work is over.
 *
 * How: the due date is replayed as it came about, from the event log in order, with the same rule
 * functions the use cases use (work-calendar.ts): the assignment's working days from its
 * assignment date (assign, or 回访不满意's new assignment), kept within the upper level's deadline
 * the assign event recorded (a forwarded item's 上级办理时限, by the rule the event names:
 * work-calendar.ts UpperDeadlineRule), each granted extension (decide_extension),
 * each send-back (reject_report, send_back_reply, return_for_revision: its working days from the
 * day sent back, or the date in force when later). The replay on the old calendar must give the
 * stored due date; when it does not (a history this code cannot read, or a calendar changed without a
 * recount), the date is left as it is and the assignment reported, never guessed.
 *
 * A changed assignment gets its new due date, the case too, and the case an event
 * `due_date_recomputed`; the assignment's originalDueDate stays what the unit was first given
 * (the case page shows it beside the date in force). Deadline alerts are keyed by due date, so
 * the scan alerts on the new date on its own; alerts recorded for the old date stay as history.
 */
import { Prisma } from '../../prisma/generated/client.js';
import { appendEvent } from '../events/append-event.js';
import type { Tx } from '../cases/case-transaction.js';
import type { Actor } from '../users/actor.js';
import { chinaDate, dueDateFor, extendedDueDate, redoDueDate, withinUpperDeadline, type UpperDeadlineRule, type WorkCalendar } from './work-calendar.js';

/** An assignment whose due date the new schedule moved. */
export interface RecomputedDueDate {
  caseId: string;
  ledgerNo: string;
  assignmentId: string;
  unit: string;
  previousDueDate: string;
  dueDate: string;
}

/** An assignment whose history could not be replayed: its due date was left as it was. */
export interface UnreplayedDueDate {
  caseId: string;
  ledgerNo: string;
  assignmentId: string;
  unit: string;
  dueDate: string;
  /** Why, in staff words. */
  reason: string;
}

export interface DueDateRecount {
  /** Assignments in hand whose counting may touch the year. */
  checked: number;
  changed: RecomputedDueDate[];
  unreplayed: UnreplayedDueDate[];
}

/** One step of an assignment's due-date history after the first count. */
export type DueDateStep =
  /** An extension granted, on the China date it was granted (`on`; '' for one recorded without it). */
  | { kind: 'extension'; grantedDays: number; on: string }
  | { kind: 'redo'; from: string }
  /** A 上级办理时限 that came after 交办 (cases/tighten-to-upper-deadline.ts), kept from the day it came. */
  | { kind: 'upper'; upperDeadline: string; on: string; rule: UpperDeadlineRule };

export interface DueDateHistory {
  assignedDate: string;
  workingDays: number;
  /** The upper level's deadline the first count was kept within (交办 of a forwarded item, its event's `upperDeadline`). */
  upperDeadline?: string | null | undefined;
  /** How the first count was kept within it (its event's `upperDeadlineRule`; none recorded: `deadline`, the rule before). */
  upperDeadlineRule?: UpperDeadlineRule | undefined;
  steps: DueDateStep[];
}

/** The due date a history gives on a calendar. */
export function replayDueDate(calendar: WorkCalendar, history: DueDateHistory): string {
  let dueDate = withinUpperDeadline(calendar, dueDateFor(calendar, history.assignedDate, history.workingDays), history.assignedDate, history.upperDeadline, history.upperDeadlineRule ?? 'deadline');
  for (const step of history.steps) {
    dueDate =
      step.kind === 'extension'
        ? extendedDueDate(calendar, dueDate, step.grantedDays, step.on)
        : step.kind === 'upper'
          ? withinUpperDeadline(calendar, dueDate, step.on, step.upperDeadline, step.rule)
          : redoDueDate(calendar, step.from, history.workingDays, dueDate);
  }
  return dueDate;
}

/** States of a case whose active assignment is still in hand. */
const inHandStates = ['assigned', 'reported', 'reviewed', 'reply_approved'];
/**
 * States from which a step computes a due date (assign, extension, send-backs, dissatisfied visit):
 * locked for the recount, so a step running meanwhile either ends before it (and is recounted) or
 * starts after the load (and counts on the new calendar).
 */
const countingStates = ['approved', ...inHandStates, 'replied'];
const sendBackTypes = ['reject_report', 'send_back_reply', 'return_for_revision'];
const historyTypes = ['assign', 'visit_dissatisfied', 'decide_extension', 'due_date_tightened', ...sendBackTypes];

type EventRow = { id: bigint; caseId: string | null; type: string; data: Prisma.JsonValue; at: Date };

/** The rule an event recorded; events written before the rule was recorded used the upper deadline itself. */
const ruleOf = (v: unknown): UpperDeadlineRule => (v === 'day-before' ? 'day-before' : 'deadline');

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The ids of the assignments an event created: 交办's lead and its 协办 (same due date), a reopening's. */
function createdAssignments(e: EventRow): string[] {
  const data = record(e.data);
  const assists = e.type === 'assign' && Array.isArray(data.assists) ? data.assists.map((a) => record(a).assignmentId) : [];
  const lead = e.type === 'assign' ? data.assignmentId : e.type === 'visit_dissatisfied' ? record(data.reopened).assignmentId : undefined;
  return [lead, ...assists].filter((id): id is string => typeof id === 'string');
}

/**
 * The steps after the event that created the assignment: the extensions granted on its requests and
 * the send-backs (one active assignment per case, so every send-back after its creation is its own).
 * A string when the history cannot be read.
 */
function stepsOf(assignmentId: string, events: readonly EventRow[], requestIds: ReadonlySet<string>): DueDateStep[] | string {
  const start = events.findIndex((e) => createdAssignments(e).includes(assignmentId));
  if (start < 0) return '事件记录中找不到这次交办';
  const steps: DueDateStep[] = [];
  for (const e of events.slice(start + 1)) {
    const data = record(e.data);
    if (e.type === 'decide_extension' && typeof data.requestId === 'string' && requestIds.has(data.requestId)) {
      if (data.grantedDays === null || data.grantedDays === undefined) continue; // rejected
      if (typeof data.grantedDays !== 'number') return '延期答复记录中的批准天数无法读取';
      // No `grantedOn` (''): a request made after its due date, or an event written before the day was kept, counts on from the due date.
      steps.push({ kind: 'extension', grantedDays: data.grantedDays, on: typeof data.grantedOn === 'string' ? data.grantedOn : '' });
    } else if (e.type === 'due_date_tightened' && typeof data.upperDeadline === 'string' && typeof data.upperDeadlineArrivedOn === 'string') {
      steps.push({ kind: 'upper', upperDeadline: data.upperDeadline, on: data.upperDeadlineArrivedOn, rule: ruleOf(data.upperDeadlineRule) });
    } else if (sendBackTypes.includes(e.type) && typeof data.newDueDate === 'string') {
      // Events written before `redoFrom` was recorded: the step ran at the event's time.
      steps.push({ kind: 'redo', from: typeof data.redoFrom === 'string' ? data.redoFrom : chinaDate(e.at) });
    }
  }
  return steps;
}

/** Recounts the due dates the loaded year may change; see the module comment. */
export async function recomputeDueDates(tx: Tx, input: { year: number; before: WorkCalendar; after: WorkCalendar; actor: Actor }): Promise<DueDateRecount> {
  const { year, before, after, actor } = input;
  await tx.$queryRaw`SELECT "id" FROM "Case" WHERE "archivedAt" IS NULL AND "state" IN (${Prisma.join(countingStates)}) ORDER BY "id" FOR UPDATE`;
  const assignments = await tx.assignment.findMany({
    where: { status: 'active', assignedDate: { lt: `${year}-12-31` }, dueDate: { gte: `${year}-01-01` }, case: { archivedAt: null, state: { in: inHandStates } } },
    include: { case: { select: { ledgerNo: true } } },
    orderBy: [{ dueDate: 'asc' }, { assignedAt: 'asc' }],
  });
  const out: DueDateRecount = { checked: assignments.length, changed: [], unreplayed: [] };
  if (assignments.length === 0) return out;
  const caseIds = [...new Set(assignments.map((a) => a.caseId))];
  const events: EventRow[] = await tx.event.findMany({
    where: { caseId: { in: caseIds }, type: { in: historyTypes } },
    select: { id: true, caseId: true, type: true, data: true, at: true },
    orderBy: { id: 'asc' },
  });
  const requests = await tx.extensionRequest.findMany({ where: { assignmentId: { in: assignments.map((a) => a.id) } }, select: { id: true, assignmentId: true } });
  const units = new Map((await tx.unit.findMany({ where: { id: { in: [...new Set(assignments.map((a) => a.unitId))] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));

  for (const a of assignments) {
    const base = { caseId: a.caseId, ledgerNo: a.case.ledgerNo, assignmentId: a.id, unit: units.get(a.unitId) ?? a.unitId };
    const skip = (reason: string) => out.unreplayed.push({ ...base, dueDate: a.dueDate, reason });
    const steps = stepsOf(a.id, events.filter((e) => e.caseId === a.caseId), new Set(requests.filter((r) => r.assignmentId === a.id).map((r) => r.id)));
    if (typeof steps === 'string') {
      skip(steps);
      continue;
    }
    const created = events.find((e) => e.caseId === a.caseId && e.type === 'assign' && createdAssignments(e).includes(a.id));
    const upperDeadline = created ? record(created.data).upperDeadline : undefined;
    const history: DueDateHistory = {
      assignedDate: a.assignedDate,
      workingDays: a.workingDays,
      upperDeadline: typeof upperDeadline === 'string' ? upperDeadline : null,
      upperDeadlineRule: ruleOf(created ? record(created.data).upperDeadlineRule : undefined),
      steps,
    };
    let oldDue: string;
    let newDue: string;
    try {
      oldDue = replayDueDate(before, history);
      newDue = replayDueDate(after, history);
    } catch (error) {
      skip(`重算出错：${(error as Error).message}`);
      continue;
    }
    if (oldDue !== a.dueDate) {
      skip(`按办理经过和载入前的日历重算得 ${oldDue}，与现有时限 ${a.dueDate} 不符（可能是按更早的日历算出的）`);
      continue;
    }
    if (newDue === a.dueDate) continue;
    await tx.assignment.update({ where: { id: a.id }, data: { dueDate: newDue } });
    await tx.case.update({ where: { id: a.caseId }, data: { dueDate: newDue } });
    await appendEvent(tx, {
      caseId: a.caseId,
      type: 'due_date_recomputed',
      actor: actor.username,
      role: actor.role,
      data: { assignmentId: a.id, unit: base.unit, calendarYear: year, previousDueDate: a.dueDate, dueDate: newDue },
    });
    out.changed.push({ ...base, previousDueDate: a.dueDate, dueDate: newDue });
  }
  return out;
}

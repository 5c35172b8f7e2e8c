/**
 * Which cases an actor may see, as a Prisma condition: a handling unit only the cases in its hands
 * (the 交办 in force is to it: 主办) and those it assists (an assist assignment not closed by a
 * return: 协办); the offices everything. Every listing, export and board applies it, and the case
 * page (get-case.ts) and the unit's steps (case-transaction.ts assertUnitOwns) the same rule, so a
 * unit never reads another unit's cases.
 *
 * A unit that returned a case (退回交办) no longer sees it: from its return the case is the office's
 * again (拟办, the leader's decision, 交办 to another unit, that unit's handling and reply), none of
 * it the returning unit's business. Should the case come back to it (拟办 to it and 交办 again), it
 * is in its hands again and it sees the whole case. Its returns still count in its own row of the
 * bulletin (unit-bulletin.ts), which reads the history, not this rule, and it keeps the record of
 * what it returned and where each went (cases/list-returned-cases.ts: the return's facts only).
 */
import type { Prisma } from '../../prisma/generated/client.js';
import type { Actor } from './actor.js';

export function casesVisibleTo(actor: Actor): Prisma.CaseWhereInput {
  if (actor.role !== 'unit') return {};
  // A unit account without a unit sees nothing ('-' is no unit's id), never everything.
  const unitId = actor.unitId ?? '-';
  return { OR: [casesLedBy(unitId), { assignments: { some: assistingAssignment(unitId) } }] };
}

/** The cases a unit leads (主办): the case is its and the 交办 in force is to it. */
export function casesLedBy(unitId: string): Prisma.CaseWhereInput {
  return { unitId, assignments: { some: leadingAssignment(unitId) } };
}

/**
 * A unit's 主办 assignment in force: the latest 交办 (or the re-opening after a dissatisfied visit)
 * went to it and it has not returned it. A case has at most one: a new 交办 or re-opening closes the
 * previous one (done) and a return closes it (returned); it stays active through the report, the
 * reply, the visits and 归档, so the unit keeps seeing the case it handled.
 */
export function leadingAssignment(unitId: string): Prisma.AssignmentWhereInput {
  return { unitId, role: 'lead', status: 'active' };
}

/** leadingAssignment on assignments already read (the case page). */
export function leadsCase(assignments: readonly { unitId: string; role: string; status: string }[], unitId: string): boolean {
  return assignments.some((a) => a.unitId === unitId && a.role === 'lead' && a.status === 'active');
}

/**
 * A unit's 协办 assignment that still lets it see the case: awaiting its 协办意见 (active) or
 * finished (done). One closed by the lead unit's return (returned) belongs to a 交办 that was
 * undone; a new proposal names the assisting units again.
 */
export function assistingAssignment(unitId: string): Prisma.AssignmentWhereInput {
  return { unitId, role: 'assist', status: { in: ['active', 'done'] } };
}

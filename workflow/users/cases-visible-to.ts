/**
 * Which cases an actor may see, as a Prisma condition: a handling unit only the cases assigned to
 * it (its unit now, and an assignment to it on record: 主办) and those it assists (an assist
 * assignment not closed by a return: 协办); the offices everything. Every listing, export and board
 * applies it, so a unit never reads another unit's cases.
 */
import type { Prisma } from '../../prisma/generated/client.js';
import type { Actor } from './actor.js';

export function casesVisibleTo(actor: Actor): Prisma.CaseWhereInput {
  if (actor.role !== 'unit') return {};
  // A unit account without a unit sees nothing ('-' is no unit's id), never everything.
  const unitId = actor.unitId ?? '-';
  return { OR: [{ unitId, assignments: { some: { unitId, role: 'lead' } } }, { assignments: { some: assistingAssignment(unitId) } }] };
}

/**
 * A unit's 协办 assignment that still lets it see the case: awaiting its 协办意见 (active) or
 * finished (done). One closed by the lead unit's return (returned) belongs to a 交办 that was
 * undone; a new proposal names the assisting units again.
 */
export function assistingAssignment(unitId: string): Prisma.AssignmentWhereInput {
  return { unitId, role: 'assist', status: { in: ['active', 'done'] } };
}

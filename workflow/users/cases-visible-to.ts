/**
 * Which cases an actor may see, as a Prisma condition: a handling unit only the cases assigned to
 * it (its unit now, and an assignment to it on record); the offices everything. Every listing,
 * export and board applies it, so a unit never reads another unit's cases.
 */
import type { Prisma } from '../../prisma/generated/client.js';
import type { Actor } from './actor.js';

export function casesVisibleTo(actor: Actor): Prisma.CaseWhereInput {
  if (actor.role !== 'unit') return {};
  // A unit account without a unit sees nothing ('-' is no unit's id), never everything.
  const unitId = actor.unitId ?? '-';
  return { unitId, assignments: { some: { unitId } } };
}

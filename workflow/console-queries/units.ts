/** The active handling units, for the console's filters and forms. */
import type { Db } from '../store/index.js';

export async function listUnits(db: Db): Promise<{ id: string; name: string }[]> {
  return db.unit.findMany({ where: { active: true }, orderBy: { name: 'asc' }, select: { id: true, name: true } });
}

/**
 * The retired units (停用: taken out of the unit directory), for the console's filters only: their
 * cases stay in the ledger and must still be found by unit, and their accounts named.
 */
export async function listRetiredUnits(db: Db): Promise<{ id: string; name: string }[]> {
  return db.unit.findMany({ where: { active: false }, orderBy: { name: 'asc' }, select: { id: true, name: true } });
}

/** The active handling units, for the console's filters and forms. */
import type { Db } from '../store/index.js';

export async function listUnits(db: Db): Promise<{ id: string; name: string }[]> {
  return db.unit.findMany({ where: { active: true }, orderBy: { name: 'asc' }, select: { id: true, name: true } });
}

/**
 * The district's handling units (承办单位) in the store. On start the unit directory (the same
 * file the classifier suggests units from) is loaded: new units are added, known ones get the
 * directory's keywords; units are never deleted here (cases refer to them). Every process that
 * registers cases loads it (`npm start` and `minsheng worker`), and several may start at once:
 * a unit another process has just added is updated instead.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../store/index.js';

export interface UnitEntry {
  name: string;
  keywords: string[];
}

/** A stable id for a unit name (ASCII, so it reads well in URLs and logs). */
export function unitIdFor(name: string): string {
  return `u-${createHash('sha256').update(name).digest('hex').slice(0, 10)}`;
}

/** Adds or updates the units; returns how many this call added. */
export async function syncUnits(db: Db, units: UnitEntry[]): Promise<number> {
  let added = 0;
  for (const unit of units) {
    const existing = await db.unit.findUnique({ where: { name: unit.name } });
    if (!existing) {
      try {
        await db.unit.create({ data: { id: unitIdFor(unit.name), name: unit.name, keywords: unit.keywords } });
        added++;
        continue;
      } catch (error) {
        // Added by another process starting at the same moment: updated below like any known unit.
        if ((error as { code?: unknown }).code !== 'P2002') throw error;
      }
    }
    await db.unit.update({ where: { name: unit.name }, data: { keywords: unit.keywords } });
  }
  return added;
}

/**
 * The district's handling units (承办单位) in the store. On start the unit directory (the same
 * file the classifier suggests units from) is loaded: new units are added, known ones get the
 * directory's keywords; units are never deleted here (cases refer to them). Every process that
 * registers cases loads it (`npm start` and `minsheng worker`), and several may start at once:
 * a unit another process has just added is updated instead. The main job also makes the store's
 * active units the directory's (`retireUnitsNotIn`): a unit taken out of the directory, or renamed
 * in it, is retired (停用) instead of being offered for 拟办 and 交办 for ever beside its new name.
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

/** What `retireUnitsNotIn` changed: names retired (停用) and names active again. */
export interface UnitDirectoryChanges {
  retired: string[];
  restored: string[];
}

/**
 * Makes the store's active units exactly the directory's. A unit no longer in it (removed, merged,
 * or renamed: the new name is another unit) is retired: it is no longer offered for 拟办, 交办 or
 * 协办, nor suggested for new cases, and new accounts cannot be made for it; its cases in hand,
 * their history and its accounts stay as they are (a 拟办 to it awaiting the leader is refused with
 * 已停用, so the office proposes another unit). A retired unit that is back in the directory is
 * active again. Called by `npm start` only, as its schedules follow its source file: a worker
 * still on an older directory adds what it lacks but does not undo the main job's retirements.
 */
export async function retireUnitsNotIn(db: Db, units: UnitEntry[]): Promise<UnitDirectoryChanges> {
  const names = units.map((u) => u.name);
  // An empty directory is never a district's: refuse to retire every unit on a mistake.
  if (names.length === 0) return { retired: [], restored: [] };
  const retire = await db.unit.findMany({ where: { active: true, name: { notIn: names } }, select: { name: true }, orderBy: { name: 'asc' } });
  const restore = await db.unit.findMany({ where: { active: false, name: { in: names } }, select: { name: true }, orderBy: { name: 'asc' } });
  if (retire.length > 0) await db.unit.updateMany({ where: { name: { in: retire.map((u) => u.name) } }, data: { active: false } });
  if (restore.length > 0) await db.unit.updateMany({ where: { name: { in: restore.map((u) => u.name) } }, data: { active: true } });
  return { retired: retire.map((u) => u.name), restored: restore.map((u) => u.name) };
}

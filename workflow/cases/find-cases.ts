/**
 * Cases named as staff name them at the command line: by 台账编号 (YT-2026-000015, any case) or by
 * id, with what a batch step needs to show and check (state, the case's unit, complexity).
 */
import type { Db } from '../store/index.js';

export interface NamedCase {
  id: string;
  ledgerNo: string;
  state: string;
  /** The case's unit: the classifier's suggestion before 交办, the unit that returned it after 退回. */
  unitId: string | null;
  unit: string | null;
  complexity: string;
}

/** How many references one lookup through the main job's API takes (`minsheng cases propose` sends a longer list in parts). */
export const maxReferencesPerLookup = 1000;

/** Each reference with its case, or null when none has that 台账编号 or id; in the order given. */
export async function findCasesByReference(db: Db, references: readonly string[]): Promise<{ reference: string; case: NamedCase | null }[]> {
  const wanted = [...new Set(references.map((r) => r.trim()).filter(Boolean))];
  const rows = wanted.length
    ? await db.case.findMany({
        where: { OR: [{ ledgerNo: { in: wanted.map((r) => r.toUpperCase()) } }, { id: { in: wanted } }] },
        select: { id: true, ledgerNo: true, state: true, unitId: true, complexity: true, unit: { select: { name: true } } },
      })
    : [];
  const byRef = new Map<string, NamedCase>();
  for (const r of rows) {
    const named: NamedCase = { id: r.id, ledgerNo: r.ledgerNo, state: r.state, unitId: r.unitId, unit: r.unit?.name ?? null, complexity: r.complexity };
    byRef.set(r.ledgerNo, named);
    byRef.set(r.id, named);
  }
  return references.map((reference) => ({ reference, case: byRef.get(reference.trim().toUpperCase()) ?? byRef.get(reference.trim()) ?? null }));
}

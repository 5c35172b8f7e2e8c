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
  /**
   * 已登记 again because the leader sent its last 拟办 back: the unit that 拟办 named, so a batch by
   * suggestion does not put the refused proposal back before the leader unread (as the ledger's
   * proposalSentBack); null otherwise.
   */
  proposalSentBack: { unitId: string; unit: string } | null;
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
  const registered = rows.filter((r) => r.state === 'registered').map((r) => r.id);
  const proposals = registered.length
    ? await db.proposal.findMany({ where: { caseId: { in: registered } }, orderBy: [{ proposedAt: 'asc' }, { id: 'asc' }], select: { caseId: true, unitId: true, decision: true } })
    : [];
  const sentBack = new Map([...new Map(proposals.map((p) => [p.caseId, p])).values()].filter((p) => p.decision === 'rejected').map((p) => [p.caseId, p.unitId]));
  const unitNames = new Map(
    sentBack.size ? (await db.unit.findMany({ where: { id: { in: [...new Set(sentBack.values())] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]) : [],
  );
  const byRef = new Map<string, NamedCase>();
  for (const r of rows) {
    const refused = sentBack.get(r.id);
    const named: NamedCase = {
      id: r.id, ledgerNo: r.ledgerNo, state: r.state, unitId: r.unitId, unit: r.unit?.name ?? null, complexity: r.complexity,
      proposalSentBack: refused ? { unitId: refused, unit: unitNames.get(refused) ?? refused } : null,
    };
    byRef.set(r.ledgerNo, named);
    byRef.set(r.id, named);
  }
  return references.map((reference) => ({ reference, case: byRef.get(reference.trim().toUpperCase()) ?? byRef.get(reference.trim()) ?? null }));
}

/**
 * 拟办 back to a unit that returned the case (退回交办): a warning, not a refusal. The office may
 * insist after talking to the unit, but should not send a case straight back without noticing
 * that the unit already said it is not theirs. The console's 拟办 form shows it when that unit is
 * chosen, and `minsheng cases propose` prints it with the proposal; both use these words.
 */
import { chinaDate } from '../calendar/work-calendar.js';
import type { Tx } from './case-transaction.js';

/** One earlier 退回 by a unit, as the warning names it. */
export interface EarlierReturn {
  unitId: string;
  unit: string;
  reason: string;
  returnedAt: Date;
}

/** The warning's words: which unit returned the case, when (Beijing date) and why. */
export function returnWarningText(r: EarlierReturn): string {
  return `注意：${r.unit}曾于 ${chinaDate(r.returnedAt)} 退回本案件，退回理由：${r.reason}。如仍交由该单位，请先与其沟通`;
}

/** The latest 退回 of this case by each unit that returned it (as 主办), keyed by unit id. */
export async function earlierReturns(tx: Pick<Tx, 'assignment' | 'unit'>, caseId: string): Promise<Map<string, EarlierReturn>> {
  const returned = await tx.assignment.findMany({
    where: { caseId, role: 'lead', status: 'returned', returnedAt: { not: null } },
    orderBy: [{ returnedAt: 'asc' }, { id: 'asc' }],
    select: { unitId: true, returnedAt: true, returnReason: true },
  });
  if (returned.length === 0) return new Map();
  const names = new Map((await tx.unit.findMany({ where: { id: { in: [...new Set(returned.map((a) => a.unitId))] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  // Later returns replace earlier ones: the warning names the latest.
  return new Map(returned.map((a) => [a.unitId, { unitId: a.unitId, unit: names.get(a.unitId) ?? a.unitId, reason: a.returnReason ?? '', returnedAt: a.returnedAt! }]));
}

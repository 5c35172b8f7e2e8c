/**
 * 上级再次转办 (第三条㈠3, 第四条㈧): 转办 items the province or city sent again, under the same level
 * and 转办编号, after the district's answer was out (已回复, 已回访办结, 已归档). The upper level is
 * not satisfied with the 专报 or is pressing (催办); registration opened an asked-again case for it
 * (intake/register-message.ts) and recorded `forward_reissued` on the answered case. Listed on the
 * 督查看板 for 督查室, 区政府办 and the centre until the new case is answered, so someone acts on it;
 * a new case not accepted (不予受理) or merged away leaves the list. Other roles get an empty list.
 */
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { answeredCaseStates, stateNames, type CaseState } from '../cases/state-machine.js';

export interface ForwardReissuedRow {
  /** The case that takes the re-issued item. */
  caseId: string;
  ledgerNo: string;
  title: string;
  state: string;
  stateName: string;
  /** The answered case the upper level asked again about. */
  answeredCaseId: string;
  answeredLedgerNo: string;
  originLevel: 'province' | 'city' | null;
  forwardNo: string | null;
  /** YYYY-MM-DD (China date) the item came again. */
  reissuedOn: string;
}

/** The new case's states that leave the list: answered, or not a case of its own any more. */
const settledStates: CaseState[] = [...answeredCaseStates, 'merged', 'not_accepted'];

export async function listForwardsReissued(db: Db, input: { actor: Actor }): Promise<ForwardReissuedRow[]> {
  if (!['supervision', 'gov_office', 'egov_centre'].includes(input.actor.role)) return [];
  const events = await db.event.findMany({
    where: { type: 'forward_reissued' },
    select: { caseId: true, data: true },
    orderBy: { id: 'asc' },
  });
  // The latest re-issue of each new case (an item sent a third time joins the case already open).
  const latest = new Map<string, { answeredCaseId: string; data: Record<string, unknown> }>();
  for (const e of events) {
    const data = (e.data ?? {}) as Record<string, unknown>;
    if (e.caseId && typeof data.askedAgainCaseId === 'string') latest.set(data.askedAgainCaseId, { answeredCaseId: e.caseId, data });
  }
  if (latest.size === 0) return [];
  const [open, answered] = await Promise.all([
    db.case.findMany({ where: { id: { in: [...latest.keys()] }, state: { notIn: settledStates }, archivedAt: null }, select: { id: true, ledgerNo: true, title: true, state: true } }),
    db.case.findMany({ where: { id: { in: [...new Set([...latest.values()].map((v) => v.answeredCaseId))] } }, select: { id: true, ledgerNo: true } }),
  ]);
  const answeredLedgerNo = new Map(answered.map((c) => [c.id, c.ledgerNo]));
  const rows = open.map((c): ForwardReissuedRow => {
    const { answeredCaseId, data } = latest.get(c.id)!;
    return {
      caseId: c.id,
      ledgerNo: c.ledgerNo,
      title: c.title,
      state: c.state,
      stateName: stateNames[c.state as CaseState] ?? c.state,
      answeredCaseId,
      answeredLedgerNo: answeredLedgerNo.get(answeredCaseId) ?? '',
      originLevel: data.originLevel === 'province' || data.originLevel === 'city' ? data.originLevel : null,
      forwardNo: typeof data.forwardNo === 'string' ? data.forwardNo : null,
      reissuedOn: typeof data.reissuedOn === 'string' ? data.reissuedOn : '',
    };
  });
  return rows.sort((a, b) => a.reissuedOn.localeCompare(b.reissuedOn) || a.ledgerNo.localeCompare(b.ledgerNo));
}

/**
 * 待我办理: the cases waiting for the signed-in role's next step on the measures' path (第四条),
 * as a ledger filter. Oversight that can happen in many states (督办, marks, escalation, merges,
 * splits) and corrections are not a to-do; a unit's to-do is its cases in hand (it sees no others).
 *   电子政务管理中心: 待审核分类 (登记), 领导已审批待回复 whose online reply is still owed (发布回复:
 *     a message posted on a mailbox or web page, reply-owed.ts), 已回复 (回访)
 *   区政府办: 已登记 and 承办单位已退回 (拟办), 领导已同意待交办 (交办)
 *   区政府领导: 已拟办待领导审批, 督查室已审核待领导审批
 *   区政府督查室: 已报送办理情况待审核 (审核), a pending extension request (答复延期),
 *     领导已审批待回复 whose 专报 is still owed (a message forwarded by the province or city), 已回复 (回访: 第五条㈥ has 督查室
 *     定期集中回访复核), 已回访办结 and 不予受理 not yet archived (归档)
 *   承办单位: 已交办办理中 as 主办单位, and the cases whose 协办意见 it still owes as 协办单位
 * Registration is listed for the e-government centre only, though the supervision office may also
 * register: the review queue is the centre's daily work, and would bury the office's own to-do.
 * 回访 is listed for both roles that may record it (state-machine.ts): whichever visits first moves
 * the case on (已回访办结, or back to the unit), so it leaves both lists and neither hides the
 * other's work; a case closed on 无法联系, which either may visit again, is in neither.
 */
import type { Prisma } from '../../prisma/generated/client.js';
import type { ActorRole } from '../users/actor.js';
import { stillOwesWhere } from './reply-owed.js';

const todo: Partial<Record<ActorRole, Prisma.CaseWhereInput[]>> = {
  egov_centre: [{ state: 'awaiting_review' }, stillOwesWhere('egov_reply'), { state: 'replied' }],
  gov_office: [{ state: { in: ['registered', 'returned', 'approved'] } }],
  leader: [{ state: { in: ['proposed', 'reviewed'] } }],
  supervision: [
    { state: 'reported' },
    { state: 'assigned', extensions: { some: { decision: 'pending' } } },
    stillOwesWhere('upper_report'),
    { state: 'replied' },
    { state: { in: ['closed', 'not_accepted'] } },
  ],
  unit: [{ state: 'assigned' }],
};

/**
 * The where-clause of a role's to-do; a role with none (admin, system) matches nothing. A unit's
 * (given its `unitId`) is its cases in hand as lead and those awaiting its 协办意见; without it,
 * every case in hand (the caller limits it to the unit's own).
 */
export function todoWhere(role: ActorRole, unitId?: string | null): Prisma.CaseWhereInput {
  if (role === 'unit' && unitId !== undefined) {
    const own = unitId ?? '-';
    return { state: 'assigned', OR: [{ unitId: own }, { assignments: { some: { unitId: own, role: 'assist', status: 'active' } } }] };
  }
  const parts = todo[role];
  return parts && parts.length > 0 ? { OR: parts } : { id: { in: [] } };
}

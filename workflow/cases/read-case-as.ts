/**
 * One case, named as staff name it at the command line (台账编号 or id), as an account reads it on
 * the case page (getCase with that account's actor): `minsheng cases show --as`. A case that does
 * not exist is NOT_FOUND; a case the account may not see (a unit reading a case not in its hands:
 * getCase answers a unit "不存在" so as not to tell it other units' cases) is FORBIDDEN with a
 * message naming the account and the case, since whoever runs the command at the server may know
 * the case exists and needs to know why the account does not see it.
 */
import { ForbiddenError, NotFoundError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { findCasesByReference } from './find-cases.js';
import { getCase, type CaseDetail } from './get-case.js';

export async function readCaseAs(db: Db, input: { reference: string; actor: Actor; now?: Date | undefined }): Promise<CaseDetail> {
  const [found] = await findCasesByReference(db, [input.reference]);
  if (!found?.case) throw new NotFoundError(`案件不存在：${input.reference.trim()}`);
  try {
    return await getCase(db, { caseId: found.case.id, actor: input.actor, now: input.now });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const unit = input.actor.unitId ? (await db.unit.findUnique({ where: { id: input.actor.unitId }, select: { name: true } }))?.name : undefined;
    throw new ForbiddenError(`账号 ${input.actor.username}${unit ? `（${unit}）` : ''}看不到案件 ${found.case.ledgerNo}：单位账号只能查看交办给本单位（主办或协办）的案件`);
  }
}

/**
 * The supervision office answers an extension request: approved (the due date moves by the granted
 * working days, counted from the current due date, or from today when that date has passed since a
 * request made in time) or rejected. The answer is recorded; the event keeps the China date it was granted on (`grantedOn`),
 * so a calendar load replays the count (workflow/calendar/recompute-due-dates.ts).
 */
import { AppError, BadInputError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { getWorkCalendar } from '../calendar/load-calendar-days.js';
import { chinaDate, extendedDueDate } from '../calendar/work-calendar.js';
import { requireText, runCaseStep, type CaseRow, type Tx } from './case-transaction.js';
import { atMinute, byWhom, stalePage } from './stale-page.js';

export interface DecideExtensionInput {
  caseId: string;
  approve: boolean;
  /** Working days granted. @default the days asked for */
  days?: number | undefined;
  answer: string;
  /**
   * The request the supervision office read: when it is no longer the pending one (withdrawn by
   * the unit's report or return, answered by a colleague, replaced by a new request), the answer
   * is refused (409). @default unchecked
   */
  extensionId?: string | undefined;
  actor: Actor;
  now?: Date | undefined;
}

export async function decideExtension(db: Db, input: DecideExtensionInput): Promise<{ requestId: string; dueDate: string }> {
  const answer = requireText(input.answer, '延期答复', 2000);
  if (input.days !== undefined && (!Number.isInteger(input.days) || input.days < 1 || input.days > 30)) throw new BadInputError('延期天数应为 1 到 30 个工作日');
  const shown = input.extensionId ? shownExtension(input.extensionId) : undefined;
  return runCaseStep(db, { caseId: input.caseId, action: 'decide_extension', actor: input.actor, now: input.now, shown }, async ({ tx, case: c, now }) => {
    const request = await tx.extensionRequest.findFirst({ where: { caseId: c.id, decision: 'pending' }, orderBy: { requestedAt: 'desc' } });
    if (!request) throw new AppError('CONFLICT', '没有待答复的延期申请');
    const assignment = await tx.assignment.findUnique({ where: { id: request.assignmentId } });
    if (!assignment || assignment.status !== 'active') throw new AppError('CONFLICT', '延期申请对应的交办已结束');
    let dueDate = assignment.dueDate;
    const granted = input.approve ? (input.days ?? request.requestedDays) : null;
    // 第五条㈣: a unit is to contact 督查室 in time (及时), before its due date. Asked in time and
    // answered after that date, the days count on from the day granted (the office's delay is not the
    // unit's); asked once the due date had passed, from that due date, so the lateness stands.
    const grantedOn = chinaDate(request.requestedAt) <= assignment.dueDate ? chinaDate(now) : '';
    if (granted !== null) {
      dueDate = extendedDueDate(await getWorkCalendar(tx), assignment.dueDate, granted, grantedOn);
      await tx.assignment.update({ where: { id: assignment.id }, data: { dueDate } });
    }
    await tx.extensionRequest.update({
      where: { id: request.id },
      data: { decision: input.approve ? 'approved' : 'rejected', grantedDays: granted, newDueDate: granted !== null ? dueDate : null, answer, decidedBy: input.actor.username, decidedAt: now },
    });
    return {
      data: { dueDate },
      event: { requestId: request.id, approve: input.approve, grantedDays: granted, ...(granted !== null && grantedOn ? { grantedOn } : {}), previousDueDate: assignment.dueDate, dueDate, answer },
      result: { requestId: request.id, dueDate },
    };
  });
}

/** The page-shown check: the request the page showed is still the pending one (stale-page.ts). */
function shownExtension(extensionId: string) {
  return async ({ tx, case: c }: { tx: Tx; case: CaseRow }): Promise<void> => {
    const [seen, pending] = await Promise.all([
      tx.extensionRequest.findFirst({ where: { id: extensionId, caseId: c.id } }),
      tx.extensionRequest.findFirst({ where: { caseId: c.id, decision: 'pending' }, orderBy: { requestedAt: 'desc' } }),
    ]);
    if (seen && pending?.id === seen.id) return;
    const details = { seen: extensionId, pending: pending?.id ?? null };
    const fate = !seen
      ? '没有您看到的这份延期申请'
      : seen.decision === 'withdrawn'
        ? `您看到的延期申请已${seen.decidedAt ? `于 ${atMinute(seen.decidedAt)} ` : ''}撤回（${seen.answer ?? ''}）`
        : `您看到的延期申请${await byWhom(tx, seen.decidedBy, seen.decidedAt)}${seen.decision === 'approved' ? `批准延期 ${seen.grantedDays} 个工作日` : '不予批准'}`;
    const again = pending ? `，承办单位又申请延期 ${pending.requestedDays} 个工作日` : '';
    throw stalePage(c, `${fate}${again}`, details);
  };
}

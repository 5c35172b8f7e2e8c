/**
 * The one way a case changes: refuse a role that never takes the step; then, in a transaction, lock
 * the case row (SELECT ... FOR UPDATE), re-read it, check the unit's ownership, refuse archived
 * cases, find the step in the state machine, do the use case's work, write the new state and the
 * event row. Concurrent steps on one case serialise on the row lock, so the state each step checks
 * is the state it changes.
 */
import { AppError, ForbiddenError, InvalidTransitionError, NotFoundError } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';
import { appendEvent } from '../events/append-event.js';
import type { Actor } from '../users/actor.js';
import { actionNames, assertRoleTakes, findTransition, stateNames, transitions, type CaseAction, type CaseState, type TransitionRule } from './state-machine.js';
import { leadingAssignment } from '../users/cases-visible-to.js';
import { byWhom, movedOn, stalePage } from './stale-page.js';
import { repliesStillOwed } from './reply-owed.js';

export type Tx = Prisma.TransactionClient;
export type CaseRow = NonNullable<Awaited<ReturnType<Db['case']['findUnique']>>>;

export interface StepContext {
  tx: Tx;
  case: CaseRow;
  rule: TransitionRule;
  actor: Actor;
  now: Date;
}

export interface StepOutcome<T> {
  /** Extra fields of the case to write with the new state. */
  data?: Prisma.CaseUncheckedUpdateInput;
  /** Extra facts for the event row. */
  event?: Record<string, unknown>;
  result: T;
}

export interface StepInput {
  caseId: string;
  action: CaseAction;
  actor: Actor;
  /** The time of the step. @default now */
  now?: Date | undefined;
  /**
   * The state the staff member saw when deciding (the review queue shows only 待审核分类 cases).
   * When the case has moved on since (someone else acted first), the step is refused (409) even
   * if the new state allows it: a decision is not applied to a case its author never saw.
   * @default unchecked
   */
  expectedState?: CaseState | undefined;
  /**
   * The check of what the page showed (the report, assignment, request or suggestion it names):
   * throws a stale-page refusal (stale-page.ts) when that is no longer what the step acts on. When
   * given, a case that left every state the step starts from is refused the same way, naming the
   * step a colleague took meanwhile, who and when. Runs on the locked row, before the state machine.
   * @default unchecked
   */
  shown?: ((ctx: { tx: Tx; case: CaseRow }) => Promise<void>) | undefined;
}

export const transactionOptions = { timeout: 30_000, maxWait: 30_000 } as const;

/** Refuses any change to an archived case (归档 records are immutable). */
export function assertMutable(c: Pick<CaseRow, 'archivedAt' | 'ledgerNo'>): void {
  if (c.archivedAt) throw new AppError('IMMUTABLE', `案件 ${c.ledgerNo} 已归档，不能再更改`);
}

/**
 * A unit acts only on the cases in its hands (users/cases-visible-to.ts: the 交办 in force is to it;
 * not one it returned). The refusal names nothing of the case (neither its
 * 台账编号 nor whether it is archived): a unit must learn no more of another unit's case by acting
 * on it than by opening it, which answers 案件不存在.
 */
export async function assertUnitOwns(tx: Tx, c: CaseRow, actor: Actor): Promise<void> {
  if (actor.role !== 'unit') return;
  // Only the lead unit (主办) acts through the procedure's steps; an assisting unit (协办) only
  // gives its 协办意见 (submit-assist-opinion.ts).
  const unitId = actor.unitId ?? '-';
  const assigned = c.unitId === unitId && (await tx.assignment.count({ where: { caseId: c.id, ...leadingAssignment(unitId) } })) > 0;
  if (assigned) return;
  // A page left open while a colleague of the same unit returned the case: say so, naming only the
  // unit's own step (nothing of what the office did since), as the stale-page refusals do.
  const ownLast = await tx.assignment.findFirst({ where: { caseId: c.id, unitId, role: 'lead' }, orderBy: { assignedAt: 'desc' } });
  if (ownLast?.status === 'returned') {
    throw stalePage(c, `本单位${await byWhom(tx, ownLast.returnedBy, ownLast.returnedAt)}退回交办，此案件不再由本单位办理`, { returnedAssignmentId: ownLast.id });
  }
  throw new ForbiddenError('此案件未交办给本单位，无权查看或办理');
}

export async function lockCase(tx: Tx, caseId: string): Promise<CaseRow> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Case" WHERE "id" = ${caseId} FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError(`案件不存在：${caseId}`);
  const row = await tx.case.findUnique({ where: { id: caseId } });
  if (!row) throw new NotFoundError(`案件不存在：${caseId}`);
  return row;
}

/** Runs one step of the procedure on a case; see the module comment. */
export async function runCaseStep<T>(db: Db, input: StepInput, work: (ctx: StepContext) => Promise<StepOutcome<T>>): Promise<T> {
  const now = input.now ?? new Date();
  // The role first: a step its role never takes is refused before the case is read (state-machine.ts).
  assertRoleTakes(input.action, input.actor);
  return db.$transaction(async (tx) => {
    const current = await lockCase(tx, input.caseId);
    await assertUnitOwns(tx, current, input.actor);
    assertMutable(current);
    if (input.expectedState && current.state !== input.expectedState) {
      const shown = stateNames[current.state as CaseState] ?? current.state;
      throw new InvalidTransitionError(`案件 ${current.ledgerNo} 当前状态为「${shown}」，已不是「${stateNames[input.expectedState]}」（可能已有他人处理），不能${actionNames[input.action]}；请刷新后再看`, {
        details: { from: current.state, expected: input.expectedState, action: input.action },
      });
    }
    if (input.shown) {
      if (!transitions.some((t) => t.from === current.state && t.action === input.action)) throw await movedOn(tx, current, input.action);
      await input.shown({ tx, case: current });
    }
    // Which 回复 is still owed decides the 回复 steps (reply-owed.ts); no other state needs it.
    const facts = current.state === 'reply_approved' ? { channel: current.channel, owed: await repliesStillOwed(tx, current) } : current;
    const rule = findTransition(current.state, input.action, input.actor, facts);
    const outcome = await work({ tx, case: current, rule, actor: input.actor, now });
    await tx.case.update({ where: { id: current.id }, data: { ...outcome.data, state: rule.to } });
    await appendEvent(tx, {
      caseId: current.id,
      type: input.action,
      actor: input.actor.username,
      role: input.actor.role,
      data: { from: current.state, to: rule.to, ...outcome.event },
      at: now,
    });
    return outcome.result;
  }, transactionOptions);
}

/** Trims and checks a required staff-written text. */
export function requireText(value: string | undefined | null, what: string, max = 5000): string {
  const text = (value ?? '').trim();
  if (!text) throw new AppError('BAD_INPUT', `请填写${what}`);
  if (text.length > max) throw new AppError('BAD_INPUT', `${what}过长（最多 ${max} 字）`);
  return text;
}

/**
 * Training data for the out-of-scope (不予受理) screening from staff decisions: the messages of
 * every case decided 不予受理 (state not_accepted) with the decided reason codes are positives;
 * the messages of every case staff registered (registered and every later state) are negatives,
 * marked `overruled` when staff set aside a flag on the way (the Correction rows register-case.ts
 * and reopen-case.ts write: the latest outOfScope row of the case says false). The case's state
 * is its latest decision, so a case re-opened and then registered is a negative, and one re-opened
 * and waiting in review again is nothing. Cases awaiting review and merged cases are not examples.
 * `minsheng train --from-store` trains the out-of-scope model on these (classifier/train-out-of-scope.ts).
 */
import { outOfScopeReasons, type OutOfScopeReason } from '../../core/index.js';
import type { StaffOutOfScopeDecision } from '../../classifier/train-out-of-scope.js';
import type { Db } from '../store/index.js';

/** One message of a decided case, in the shape the out-of-scope trainer takes (classifier/train-out-of-scope.ts). */
export type OutOfScopeDecisionExample = StaffOutOfScopeDecision;

export interface OutOfScopeDecisions {
  examples: OutOfScopeDecisionExample[];
  /** Cases behind them: decided 不予受理, registered, and of those registered how many overruled a flag. */
  notAcceptedCases: number;
  registeredCases: number;
  overruledCases: number;
}

/** States that mean nothing has been decided yet, or that the case lives on in another. */
const undecided = ['awaiting_review', 'merged'];

const reasonCodes = (value: unknown): OutOfScopeReason[] =>
  Array.isArray(value)
    ? [...new Set((value as { code?: unknown }[]).map((r) => r?.code).filter((code): code is OutOfScopeReason => (outOfScopeReasons as readonly unknown[]).includes(code)))]
    : [];

export async function listOutOfScopeDecisions(db: Db, options: { limit?: number } = {}): Promise<OutOfScopeDecisions> {
  const cases = await db.case.findMany({
    where: { state: { notIn: undecided } },
    select: { id: true, state: true, outOfScopeReasons: true, messages: { select: { id: true, title: true, content: true }, orderBy: { firstSeenAt: 'asc' } } },
    orderBy: { createdAt: 'asc' },
    take: options.limit ?? 100_000,
  });
  // The latest outOfScope correction of each case: 'false' means staff set a flag aside.
  // (All of them: a few per flagged case, fewer rows than a list of every case id would be.)
  const corrections = await db.correction.findMany({
    where: { field: 'outOfScope' },
    select: { caseId: true, corrected: true },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  const latest = new Map<string, string>();
  for (const c of corrections) if (c.caseId) latest.set(c.caseId, c.corrected);
  const result: OutOfScopeDecisions = { examples: [], notAcceptedCases: 0, registeredCases: 0, overruledCases: 0 };
  for (const c of cases) {
    const outOfScope = c.state === 'not_accepted';
    const overruled = !outOfScope && latest.get(c.id) === 'false';
    if (outOfScope) result.notAcceptedCases++;
    else result.registeredCases++;
    if (overruled) result.overruledCases++;
    const reasons = outOfScope ? reasonCodes(c.outOfScopeReasons) : [];
    for (const m of c.messages) result.examples.push({ id: m.id, title: m.title, content: m.content, outOfScope, reasons, overruled });
  }
  return result;
}

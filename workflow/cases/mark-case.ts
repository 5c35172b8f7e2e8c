/**
 * Marks that lead to special supervision (第四条㈥): a leader's key instruction (领导重点批示) and
 * high impact (影响较大). Leaders may set both; the supervision office only high impact.
 */
import { BadInputError, ForbiddenError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep } from './case-transaction.js';

export interface MarkCaseInput {
  caseId: string;
  leaderMarked?: boolean | undefined;
  highImpact?: boolean | undefined;
  note: string;
  actor: Actor;
  now?: Date | undefined;
}

export async function markCase(db: Db, input: MarkCaseInput): Promise<{ caseId: string }> {
  if (input.leaderMarked === undefined && input.highImpact === undefined) throw new BadInputError('请指定要设置的标记');
  if (input.leaderMarked !== undefined && input.actor.role !== 'leader') throw new ForbiddenError('只有区政府领导可以作重点批示');
  const note = requireText(input.note, '批示或说明', 2000);
  return runCaseStep(db, { caseId: input.caseId, action: 'mark_key', actor: input.actor, now: input.now }, async ({ case: c }) => ({
    data: {
      ...(input.leaderMarked !== undefined ? { leaderMarked: input.leaderMarked } : {}),
      ...(input.highImpact !== undefined ? { highImpact: input.highImpact } : {}),
    },
    event: { leaderMarked: input.leaderMarked ?? null, highImpact: input.highImpact ?? null, note },
    result: { caseId: c.id },
  }));
}

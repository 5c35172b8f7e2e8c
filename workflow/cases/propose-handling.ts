/**
 * 分解, step 1 (第四条㈣): the government office proposes handling (拟办意见): which unit, and
 * whether the matter is simple (2 working days) or complex (3). A change of the suggested unit is
 * recorded as a correction (training data).
 */
import { BadInputError, NotFoundError, complexities, type Complexity } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep } from './case-transaction.js';
import { recordCorrection } from './register-case.js';

export interface ProposeHandlingInput {
  caseId: string;
  unitId: string;
  opinion: string;
  complexity?: Complexity | undefined;
  actor: Actor;
  now?: Date | undefined;
}

export async function proposeHandling(db: Db, input: ProposeHandlingInput): Promise<{ proposalId: string }> {
  const opinion = requireText(input.opinion, '拟办意见');
  if (input.complexity && !(complexities as readonly string[]).includes(input.complexity)) throw new BadInputError('复杂程度应为 simple 或 complex');
  return runCaseStep(db, { caseId: input.caseId, action: 'propose', actor: input.actor, now: input.now }, async ({ tx, case: c, now }) => {
    const unit = await tx.unit.findUnique({ where: { id: input.unitId } });
    if (!unit || !unit.active) throw new NotFoundError(`承办单位不存在或已停用：${input.unitId}`);
    const complexity = input.complexity ?? (c.complexity === 'complex' ? 'complex' : 'simple');
    // Only the first proposal compares with the classifier's suggestion; later ones follow a return.
    if ((await tx.proposal.count({ where: { caseId: c.id } })) === 0) {
      const suggestedUnit = c.unitId ? (await tx.unit.findUnique({ where: { id: c.unitId } }))?.name ?? null : null;
      await recordCorrection(tx, { messageId: c.primaryMessageId, caseId: c.id, field: 'unit', suggested: suggestedUnit, corrected: unit.name, actor: input.actor, at: now });
    }
    const proposal = await tx.proposal.create({
      data: { caseId: c.id, unitId: unit.id, opinion, complexity, proposedBy: input.actor.username, proposedAt: now },
    });
    return {
      data: { complexity },
      event: { proposalId: proposal.id, unitId: unit.id, unit: unit.name, complexity, opinion },
      result: { proposalId: proposal.id },
    };
  });
}

/**
 * 分解, step 1 (第四条㈣): the government office proposes handling (拟办意见): which unit, and
 * whether the matter is simple (2 working days) or complex (3). A change of the suggested unit is
 * recorded as a correction (training data).
 * The office may also name 协办单位 (第四条㈣ 交办相关承办单位): units that assist the lead unit and
 * give it their input (协办意见) by the same due date; the leader agrees to the whole proposal.
 */
import { AppError, BadInputError, NotFoundError, complexities, type Complexity } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep, type CaseRow, type Tx } from './case-transaction.js';
import { recordCorrection } from './register-case.js';
import { earlierReturns, returnWarningText } from './return-warning.js';
import type { CaseState } from './state-machine.js';

/** The most 协办单位 one proposal may name: more turns one case into a meeting. */
export const maxAssistUnits = 5;

export interface ProposeHandlingInput {
  caseId: string;
  unitId: string;
  opinion: string;
  complexity?: Complexity | undefined;
  /** 协办单位: 0-5 distinct active units, none of them the lead unit (`unitId`). @default none */
  assistUnitIds?: readonly string[] | undefined;
  actor: Actor;
  now?: Date | undefined;
  /**
   * The case's unit as the office's page showed it (Case.unitId: the classifier's suggestion on an
   * 已登记 case, the unit that returned it on a 承办单位已退回 one; null: none). When it differs
   * now, or a proposal already awaits the leader, the proposal is refused (409) rather than made
   * on a case its author never saw (批量拟办 sends it for every case). @default unchecked
   */
  shownUnitId?: string | null | undefined;
  /**
   * The state the page showed (已登记 or 承办单位已退回): a case that moved on since (proposed by a
   * colleague, or assigned and returned meanwhile) is refused (409). @default unchecked
   */
  expectedState?: CaseState | undefined;
}

/**
 * The proposal made; `warning` when the unit proposed returned this case before (退回交办): its
 * reason and date, for the office to see (a warning, not a refusal: it may insist after talking
 * to the unit).
 */
export interface ProposeHandlingResult {
  proposalId: string;
  warning?: string;
}

export async function proposeHandling(db: Db, input: ProposeHandlingInput): Promise<ProposeHandlingResult> {
  const opinion = requireText(input.opinion, '拟办意见');
  if (input.complexity && !(complexities as readonly string[]).includes(input.complexity)) throw new BadInputError('复杂程度应为 simple 或 complex');
  const assistUnitIds = [...(input.assistUnitIds ?? [])];
  if (assistUnitIds.length > maxAssistUnits) throw new BadInputError(`协办单位最多 ${maxAssistUnits} 个`);
  if (new Set(assistUnitIds).size !== assistUnitIds.length) throw new BadInputError('协办单位不能重复');
  if (assistUnitIds.includes(input.unitId)) throw new BadInputError('主办单位不能同时是协办单位');
  return runCaseStep(db, { caseId: input.caseId, action: 'propose', actor: input.actor, now: input.now, expectedState: input.expectedState }, async ({ tx, case: c, now }) => {
    if (input.shownUnitId !== undefined) await assertAsShown(tx, c, input.shownUnitId);
    const unit = await tx.unit.findUnique({ where: { id: input.unitId } });
    if (!unit || !unit.active) throw new NotFoundError(`承办单位不存在或已停用：${input.unitId}`);
    const assistUnits = assistUnitIds.length ? await tx.unit.findMany({ where: { id: { in: assistUnitIds } } }) : [];
    const assistNames = assistUnitIds.map((id) => {
      const u = assistUnits.find((x) => x.id === id);
      if (!u || !u.active) throw new NotFoundError(`协办单位不存在或已停用：${id}`);
      return u.name;
    });
    const complexity = input.complexity ?? (c.complexity === 'complex' ? 'complex' : 'simple');
    // Only the first proposal compares with the classifier's suggestion; later ones follow a return.
    if ((await tx.proposal.count({ where: { caseId: c.id } })) === 0) {
      const suggestedUnit = c.unitId ? (await tx.unit.findUnique({ where: { id: c.unitId } }))?.name ?? null : null;
      await recordCorrection(tx, { messageId: c.primaryMessageId, caseId: c.id, field: 'unit', suggested: suggestedUnit, corrected: unit.name, actor: input.actor, at: now });
    }
    const proposal = await tx.proposal.create({
      data: { caseId: c.id, unitId: unit.id, assistUnitIds, opinion, complexity, proposedBy: input.actor.username, proposedAt: now },
    });
    const returned = (await earlierReturns(tx, c.id)).get(unit.id);
    return {
      data: { complexity },
      event: { proposalId: proposal.id, unitId: unit.id, unit: unit.name, complexity, opinion, ...(assistUnitIds.length ? { assistUnitIds, assistUnits: assistNames } : {}) },
      result: { proposalId: proposal.id, ...(returned ? { warning: returnWarningText(returned) } : {}) },
    };
  });
}

/** The refusal of a proposal on a case that changed since the office's page showed it (see `shownUnitId`). */
async function assertAsShown(tx: Tx, c: CaseRow, shownUnitId: string | null): Promise<void> {
  const unitName = async (id: string | null) => (id ? ((await tx.unit.findUnique({ where: { id } }))?.name ?? id) : '无');
  const pending = await tx.proposal.findFirst({ where: { caseId: c.id, decision: 'pending' }, orderBy: { proposedAt: 'desc' } });
  if (pending) {
    throw new AppError('CONFLICT', `案件 ${c.ledgerNo} 已有待领导审批的拟办意见（${pending.proposedBy} 拟交办${await unitName(pending.unitId)}），未重复拟办；请刷新后再看`, {
      details: { pendingProposalId: pending.id },
    });
  }
  if ((c.unitId ?? null) !== shownUnitId) {
    throw new AppError('CONFLICT', `案件 ${c.ledgerNo} 的建议承办单位已变更（页面显示：${await unitName(shownUnitId)}，现为：${await unitName(c.unitId)}），未拟办；请刷新后核对再拟办`, {
      details: { shownUnitId, unitId: c.unitId },
    });
  }
}

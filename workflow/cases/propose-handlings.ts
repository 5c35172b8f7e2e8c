/**
 * 批量拟办 (第四条㈣): the government office proposes handling for several registered cases at once,
 * from the ledger, instead of opening each case of a busy morning. Each case is one 拟办 as the
 * single step makes it (proposeHandling: its own transaction, the unit correction recorded as
 * training data) and names the case's unit the page showed (`shownUnitId`), so a case that changed
 * meanwhile is refused with its reason while the others stand.
 */
import { AppError, BadInputError, InvalidTransitionError, UnavailableError, complexities, workingDaysFor, type Complexity } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { proposeHandling } from './propose-handling.js';
import { assertRoleTakes, stateNames, type CaseState } from './state-machine.js';

/** At most a page of the ledger, as 批量同意 (the API's limit for approveProposals). */
export const maxBatchProposals = 100;

export interface BatchProposalItem {
  caseId: string;
  unitId: string;
  /** @default the case's complexity (the classifier's suggestion or the registration's decision) */
  complexity?: Complexity | undefined;
  /**
   * The case's unit as the page showed it (null: none), checked on the locked case: a suggestion
   * changed since is refused. @default unchecked, as a single proposal
   */
  shownUnitId?: string | null | undefined;
  /** The state the page showed (已登记 or 承办单位已退回); one moved on since is refused. @default unchecked */
  expectedState?: CaseState | undefined;
  /** 协办单位 beside the lead (proposeHandling checks them: at most 5, distinct, active, not the lead). @default none */
  assistUnitIds?: string[] | undefined;
}

export interface ProposeHandlingsInput {
  items: BatchProposalItem[];
  /**
   * One opinion for every case. @default per case 拟请{单位}办理（{简单/复杂}，{2/3}个工作日）
   */
  opinion?: string | undefined;
  actor: Actor;
  now?: Date | undefined;
}

/** One case's outcome in a batch of proposals. */
export interface BatchProposalOutcome {
  caseId: string;
  /** The case's 台账编号 (empty for a case that does not exist). */
  ledgerNo: string;
  ok: boolean;
  proposalId?: string;
  /** The unit proposed (its name). */
  unit?: string;
  /** The complexity proposed (the item's, else the case's). */
  complexity?: Complexity;
  /** Why it was refused, in Chinese. */
  message?: string;
  /** Proposed to a unit that returned the case before: its reason and date (proposeHandling's warning). */
  warning?: string;
}

const complexityWords: Record<Complexity, string> = { simple: '简单', complex: '复杂' };

/** The default opinion of a proposal, as the office writes it: 拟请区水务局办理（简单，2个工作日）. */
export function defaultOpinion(unitName: string, complexity: Complexity): string {
  return `拟请${unitName}办理（${complexityWords[complexity]}，${workingDaysFor[complexity]}个工作日）`;
}


/**
 * Proposes each item in its own transaction (see the module comment). A role that may not propose
 * is refused as a whole (ForbiddenError), not item by item; so is a batch over
 * `maxBatchProposals` or naming a case twice. A store that is unreachable stops the batch (the
 * rest can be sent again: the ones done are no longer awaiting a proposal and are refused as such).
 */
export async function proposeHandlings(db: Db, input: ProposeHandlingsInput): Promise<{ proposed: number; outcomes: BatchProposalOutcome[] }> {
  assertRoleTakes('propose', input.actor);
  if (input.items.length === 0) throw new BadInputError('请选择要拟办的案件');
  if (input.items.length > maxBatchProposals) throw new BadInputError(`一次最多拟办 ${maxBatchProposals} 件（所选 ${input.items.length} 件），请分批提交`);
  const caseIds = input.items.map((i) => i.caseId);
  if (new Set(caseIds).size !== caseIds.length) throw new BadInputError('所选案件中有重复的案件');
  for (const item of input.items) {
    if (item.complexity && !(complexities as readonly string[]).includes(item.complexity)) throw new BadInputError('复杂程度应为 simple 或 complex');
  }
  const commonOpinion = input.opinion?.trim() || undefined;
  // Read once for the 台账编号 of each outcome and the default opinions; each step re-reads its case locked.
  const [cases, units] = await Promise.all([
    db.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, ledgerNo: true, complexity: true } }),
    db.unit.findMany({ where: { id: { in: [...new Set(input.items.map((i) => i.unitId))] } }, select: { id: true, name: true } }),
  ]);
  const caseOf = new Map(cases.map((c) => [c.id, c]));
  const unitName = new Map(units.map((u) => [u.id, u.name]));

  const outcomes: BatchProposalOutcome[] = [];
  for (const item of input.items) {
    const known = caseOf.get(item.caseId);
    const ledgerNo = known?.ledgerNo ?? '';
    // The complexity is fixed here so the default opinion and the proposal say the same.
    const complexity: Complexity = item.complexity ?? (known?.complexity === 'complex' ? 'complex' : 'simple');
    const unit = unitName.get(item.unitId) ?? item.unitId;
    try {
      const { proposalId, warning } = await proposeHandling(db, {
        caseId: item.caseId,
        unitId: item.unitId,
        complexity,
        opinion: commonOpinion ?? defaultOpinion(unit, complexity),
        actor: input.actor,
        now: input.now,
        ...(item.shownUnitId !== undefined ? { shownUnitId: item.shownUnitId } : {}),
        ...(item.expectedState ? { expectedState: item.expectedState } : {}),
        ...(item.assistUnitIds?.length ? { assistUnitIds: item.assistUnitIds } : {}),
      });
      outcomes.push({ caseId: item.caseId, ledgerNo, ok: true, proposalId, unit, complexity, ...(warning ? { warning } : {}) });
    } catch (error) {
      if (!(error instanceof AppError) || error instanceof UnavailableError) throw error;
      outcomes.push({ caseId: item.caseId, ledgerNo, ok: false, unit, message: await refusal(db, error, ledgerNo, item.caseId) });
    }
  }
  return { proposed: outcomes.filter((o) => o.ok).length, outcomes };
}

/**
 * A refusal in the office's words, naming the case. A case no longer awaiting a proposal most often
 * was proposed by a colleague meanwhile: the state machine's refusal then names who proposed which unit.
 */
async function refusal(db: Db, error: AppError, ledgerNo: string, caseId: string): Promise<string> {
  const named = ledgerNo && !error.message.includes(ledgerNo) ? `案件 ${ledgerNo}：${error.message}` : error.message;
  if (!(error instanceof InvalidTransitionError)) return named;
  const c = await db.case.findUnique({ where: { id: caseId }, select: { state: true } });
  const state = c ? (stateNames[c.state as CaseState] ?? c.state) : '';
  const latest = c && (c.state === 'proposed' || c.state === 'approved')
    ? await db.proposal.findFirst({ where: { caseId, decision: { in: ['pending', 'approved'] } }, orderBy: { proposedAt: 'desc' } })
    : null;
  if (latest) {
    const unit = (await db.unit.findUnique({ where: { id: latest.unitId } }))?.name ?? latest.unitId;
    return `案件 ${ledgerNo} 已由 ${latest.proposedBy} 拟办（拟交办${unit}），现为「${state}」，未重复拟办；请刷新后再看`;
  }
  return named;
}

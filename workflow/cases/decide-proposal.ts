/**
 * 分解, step 2 (第四条㈣): a district leader agrees to the proposal, or sends it back to the office.
 * `proposalId` is the proposal the leader read: when it is no longer the pending one (another
 * leader sent it back and the office proposed again, perhaps another unit), the decision is
 * refused (409) rather than applied to a proposal its author never saw.
 */
import { AppError, UnavailableError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { requireText, runCaseStep } from './case-transaction.js';
import { byWhom, stalePage } from './stale-page.js';
import { assertRoleTakes } from './state-machine.js';

export interface DecideProposalInput {
  caseId: string;
  approve: boolean;
  note?: string | undefined;
  /** The proposal shown to the leader. @default the pending one, unchecked */
  proposalId?: string | undefined;
  actor: Actor;
  now?: Date | undefined;
}

export async function decideProposal(db: Db, input: DecideProposalInput): Promise<{ proposalId: string }> {
  const note = input.approve ? (input.note?.trim() ?? '') : requireText(input.note, '退回理由', 2000);
  const action = input.approve ? 'approve_proposal' : 'reject_proposal';
  return runCaseStep(db, { caseId: input.caseId, action, actor: input.actor, now: input.now }, async ({ tx, case: c, now }) => {
    const proposal = await tx.proposal.findFirst({ where: { caseId: c.id, decision: 'pending' }, orderBy: { proposedAt: 'desc' } });
    if (!proposal) throw new AppError('CONFLICT', '没有待审批的拟办意见');
    if (input.proposalId && proposal.id !== input.proposalId) {
      const unit = (await tx.unit.findUnique({ where: { id: proposal.unitId } }))?.name ?? proposal.unitId;
      throw new AppError('CONFLICT', `案件 ${c.ledgerNo} 的拟办意见已更新（现拟交办：${unit}），与您看到的不同；请刷新后再审批`, {
        details: { seen: input.proposalId, pending: proposal.id },
      });
    }
    await tx.proposal.update({
      where: { id: proposal.id },
      data: { decision: input.approve ? 'approved' : 'rejected', decidedBy: input.actor.username, decidedAt: now, decisionNote: note || null },
    });
    return { event: { proposalId: proposal.id, note: note || null }, result: { proposalId: proposal.id } };
  });
}

/**
 * 撤回同意: a leader takes back an agreement given by mistake while the case still waits for 交办
 * (state approved): the approved proposal is pending again (its earlier decision stays in the event
 * log) and the case is 已拟办待领导审批, to be agreed or sent back. Refused once assigned.
 */
export async function withdrawApproval(
  db: Db,
  /** proposalId: the agreement the page showed; another one agreed now is refused (409). @default unchecked */
  input: { caseId: string; note: string; proposalId?: string | undefined; actor: Actor; now?: Date | undefined },
): Promise<{ proposalId: string }> {
  const note = requireText(input.note, '撤回理由', 2000);
  return runCaseStep(db, { caseId: input.caseId, action: 'withdraw_approval', actor: input.actor, now: input.now }, async ({ tx, case: c }) => {
    const proposal = await tx.proposal.findFirst({ where: { caseId: c.id, decision: 'approved' }, orderBy: { decidedAt: 'desc' } });
    if (!proposal) throw new AppError('CONFLICT', '没有已同意的拟办意见可撤回');
    if (input.proposalId && proposal.id !== input.proposalId) {
      const unit = (await tx.unit.findUnique({ where: { id: proposal.unitId } }))?.name ?? proposal.unitId;
      throw stalePage(c, `经领导同意的拟办意见已更新（现为交办：${unit}，${(await byWhom(tx, proposal.decidedBy, proposal.decidedAt)).replace(/^已/, '')}同意），与您看到的不同`, { seen: input.proposalId, approved: proposal.id });
    }
    await tx.proposal.update({ where: { id: proposal.id }, data: { decision: 'pending', decidedBy: null, decidedAt: null, decisionNote: null } });
    return {
      event: { proposalId: proposal.id, unit: (await tx.unit.findUnique({ where: { id: proposal.unitId } }))?.name ?? proposal.unitId, note },
      result: { proposalId: proposal.id },
    };
  });
}

/** One case's outcome in a batch of agreements. */
export interface BatchApprovalOutcome {
  caseId: string;
  ok: boolean;
  /** Why it was refused (the single step's message: changed meanwhile, no longer awaiting a decision …). */
  message?: string;
}

/**
 * 批量同意: a leader agrees to several proposals at once from the ledger's 待我办理, each named by the
 * proposal the list showed (`proposalId`, as a single decision is). Each is its own step and
 * transaction with the single step's checks (state, the proposal still the pending one; the role once, for the whole batch), so
 * one refused, changed meanwhile or decided by another leader, does not stop or undo the others;
 * its reason is returned. Only agreement: sending back needs a reason of its own for each case.
 * A store that is unreachable stops the batch (the rest can be sent again).
 */
export async function approveProposals(
  db: Db,
  input: { items: { caseId: string; proposalId: string }[]; actor: Actor; now?: Date | undefined },
): Promise<{ approved: number; outcomes: BatchApprovalOutcome[] }> {
  // A role that never approves is refused as a whole (403), as 批量拟办 and 批量归档 are, rather
  // than answered 200 with every case refused.
  assertRoleTakes('approve_proposal', input.actor);
  const outcomes: BatchApprovalOutcome[] = [];
  for (const item of input.items) {
    try {
      await decideProposal(db, { caseId: item.caseId, approve: true, proposalId: item.proposalId, actor: input.actor, now: input.now });
      outcomes.push({ caseId: item.caseId, ok: true });
    } catch (error) {
      if (!(error instanceof AppError) || error instanceof UnavailableError) throw error;
      outcomes.push({ caseId: item.caseId, ok: false, message: error.message });
    }
  }
  return { approved: outcomes.filter((o) => o.ok).length, outcomes };
}

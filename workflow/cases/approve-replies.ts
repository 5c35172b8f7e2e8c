/**
 * 批量审核 (第四条㈦): a district leader approves several replies the supervision office passed
 * (督查室已审核待领导审批) at once, after reading each one's text on the console's 批量审核 page.
 *
 * listRepliesAwaitingApproval gives the page each case's pending reply (the text that would go out:
 * the office's revised text, else the unit's) with its pre-publication findings, checked as
 * publication will check them (the case's first message, its audience). approveReplies then runs
 * the single step (decide-reply.ts) case by case, each naming the reply the page showed, so one
 * changed meanwhile or already decided is refused with its reason while the others go through.
 * A reply with a high-risk finding (a citizen's phone or ID number…) is not approved in a batch
 * unless its row acknowledges the findings: publication would stop on it anyway, and a leader
 * ticking a long list should not pass it unseen. Only approval: a send-back needs its own reason,
 * given on the case page. A role that never approves replies is refused as a whole (403), as
 * 批量同意 is; an unreachable store stops the batch (the rest can be sent again).
 */
import { AppError, UnavailableError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { checkReply, isBlocking, replyAudience, type ReviewFinding } from '../review/check-reply.js';
import { decideReply } from './decide-reply.js';
import type { BatchApprovalOutcome } from './decide-proposal.js';
import { assertRoleTakes } from './state-machine.js';

/** At most a page of replies, as 批量同意. */
export const maxBatchReplyApprovals = 100;

export interface ReplyAwaitingApproval {
  caseId: string;
  ledgerNo: string;
  title: string;
  unitName: string | null;
  /** The reply the leader reads and approves (send it back with the approval). */
  reportId: string;
  /** The text that would be published: the supervision office's revision, else the unit's report. */
  text: string;
  /** The unit's own report when 督查室 changed it at 审核 (the leader approves the changed text), else null. */
  submittedText: string | null;
  /** 督查室意见 given at 审核, if any. */
  reviewNote: string | null;
  /** Pre-publication findings on that text; `blocking` counts the high-risk ones. */
  findings: ReviewFinding[];
  blocking: number;
}

/** The replies awaiting the leader's approval, oldest case first (at most maxBatchReplyApprovals). */
export async function listRepliesAwaitingApproval(db: Db, input: { actor: Actor }): Promise<{ items: ReplyAwaitingApproval[]; total: number }> {
  assertRoleTakes('approve_reply', input.actor);
  const where = { state: 'reviewed', archivedAt: null };
  const [total, cases] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: maxBatchReplyApprovals,
      select: {
        id: true, ledgerNo: true, title: true, channel: true, primaryMessageId: true,
        unit: { select: { name: true } },
        reports: { where: { status: 'accepted' }, orderBy: { submittedAt: 'desc' }, take: 1, select: { id: true, text: true, reviewText: true, reviewNote: true } },
        messages: { select: { id: true, title: true, content: true } },
      },
    }),
  ]);
  const items = cases.flatMap((c): ReplyAwaitingApproval[] => {
    const report = c.reports[0];
    if (!report) return [];
    const text = report.reviewText ?? report.text;
    const message = c.messages.find((m) => m.id === c.primaryMessageId);
    const { findings } = checkReply(text, message, { audience: replyAudience(c.channel) });
    const submittedText = report.reviewText != null && report.reviewText !== report.text ? report.text : null;
    return [{ caseId: c.id, ledgerNo: c.ledgerNo, title: c.title, unitName: c.unit?.name ?? null, reportId: report.id, text, submittedText, reviewNote: report.reviewNote, findings, blocking: findings.filter(isBlocking).length }];
  });
  return { items, total };
}

/** Approves each reply named (see the module comment); each outcome says why a refused one was. */
export async function approveReplies(
  db: Db,
  input: { items: { caseId: string; reportId: string; acknowledgeFindings?: boolean | undefined }[]; note?: string | undefined; actor: Actor; now?: Date | undefined },
): Promise<{ approved: number; outcomes: BatchApprovalOutcome[] }> {
  assertRoleTakes('approve_reply', input.actor);
  const outcomes: BatchApprovalOutcome[] = [];
  for (const item of input.items) {
    try {
      if (!item.acknowledgeFindings) await refuseUnacknowledged(db, item);
      await decideReply(db, { caseId: item.caseId, approve: true, reportId: item.reportId, note: input.note, actor: input.actor, now: input.now });
      outcomes.push({ caseId: item.caseId, ok: true });
    } catch (error) {
      if (!(error instanceof AppError) || error instanceof UnavailableError) throw error;
      outcomes.push({ caseId: item.caseId, ok: false, message: error.message });
    }
  }
  return { approved: outcomes.filter((o) => o.ok).length, outcomes };
}

/** Throws (409) when the named reply has high-risk findings; a reply no longer pending is left to decideReply's own refusal. */
async function refuseUnacknowledged(db: Db, item: { caseId: string; reportId: string }): Promise<void> {
  const report = await db.handlingReport.findFirst({
    where: { id: item.reportId, caseId: item.caseId },
    select: { text: true, reviewText: true, case: { select: { ledgerNo: true, channel: true, primaryMessageId: true } } },
  });
  if (!report) return;
  const message = await db.message.findUnique({ where: { id: report.case.primaryMessageId }, select: { title: true, content: true } });
  const blocking = checkReply(report.reviewText ?? report.text, message ?? undefined, { audience: replyAudience(report.case.channel) }).findings.filter(isBlocking);
  if (blocking.length === 0) return;
  throw new AppError('CONFLICT', `案件 ${report.case.ledgerNo} 的答复有 ${blocking.length} 处高风险提示（${blocking.map((f) => f.message).join('；')}），未审批；请核对后勾选该行「已知悉检查提示」，或进入案件页审批`, { details: { findings: blocking } });
}

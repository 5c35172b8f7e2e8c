/**
 * 办理: the unit reports its handling (办理情况 / 答复意见) to the supervision office. The
 * pre-publication checks run now, so the office sees the findings when it reviews.
 *
 * A report the checks find unfit as it stands (a high-risk finding: a citizen's phone or ID number,
 * shirking, blaming the citizen; or one too short to say what was done, such as 「已处理。」) is
 * refused unless the unit acknowledges the findings: once sent, the unit cannot take it back, and
 * a clerk who pastes a reply and sends it at once never saw the findings listed while typing.
 */
import { AppError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { checkReply, isBlocking, replyAudience, type ReplyCheckResult, type ReviewFinding } from '../review/check-reply.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { requireText, runCaseStep } from './case-transaction.js';
import { withdrawPendingExtension } from './request-extension.js';
import { shownAssignment } from './shown-assignment.js';
import { closeAssistAssignments } from './submit-assist-opinion.js';

/**
 * How the console's form sends a held report as it stands (its tick box), as the refusal says it;
 * the command line says its own option instead (cli/commands/case-handling-steps.ts).
 */
export const acknowledgeOnConsole = '勾选「已知悉检查提示，仍然报送」';

export async function submitReport(
  db: Db,
  /** assignmentId: the assignment the unit's page showed; another one active now (re-assigned, returned) is refused (409). @default unchecked */
  input: { caseId: string; text: string; actor: Actor; now?: Date | undefined; acknowledgeFindings?: boolean | undefined; assignmentId?: string | undefined },
): Promise<{ reportId: string; check: ReplyCheckResult; onTime: boolean }> {
  const text = requireText(input.text, '办理情况', 20_000);
  const shown = input.assignmentId ? shownAssignment(input.assignmentId) : undefined;
  return runCaseStep(db, { caseId: input.caseId, action: 'submit_report', actor: input.actor, now: input.now, shown }, async ({ tx, case: c, now }) => {
    const assignment = await tx.assignment.findFirst({ where: { caseId: c.id, status: 'active', role: 'lead' } });
    if (!assignment) throw new AppError('CONFLICT', '案件没有有效的交办记录');
    const message = await tx.message.findUnique({ where: { id: c.primaryMessageId }, select: { title: true, content: true } });
    const check = checkReply(text, message ?? undefined, { audience: replyAudience(c.channel) });
    const held = check.findings.filter(needsAcknowledgement);
    if (held.length > 0 && !input.acknowledgeFindings) {
      throw new AppError('CONFLICT', `办理情况有 ${held.length} 处需要修改，请修改后再报送（确需按原文报送的，${acknowledgeOnConsole}）：${held.map((f) => f.message).join('；')}`, {
        details: { findings: check.findings },
      });
    }
    const report = await tx.handlingReport.create({
      data: { caseId: c.id, assignmentId: assignment.id, unitId: assignment.unitId, text, submittedBy: input.actor.username, submittedAt: now, findings: check as object },
    });
    const firstReportedAt = assignment.firstReportedAt ?? now;
    if (!assignment.firstReportedAt) await tx.assignment.update({ where: { id: assignment.id }, data: { firstReportedAt } });
    const onTime = chinaDate(firstReportedAt) <= assignment.dueDate;
    const withdrawnExtension = await withdrawPendingExtension(tx, { assignmentId: assignment.id, reason: '承办单位已报送办理情况，延期申请自动撤回', now });
    // 协办 ends with the lead's report: an assisting unit that gave no opinion by then gives none.
    const closedAssists = await closeAssistAssignments(tx, { caseId: c.id, why: 'lead_reported', actor: input.actor, now });
    return {
      event: { reportId: report.id, findings: check.findings.length, coverage: check.coverage, onTime, ...(withdrawnExtension ? { withdrawnExtension } : {}), ...(closedAssists ? { closedAssists } : {}) },
      result: { reportId: report.id, check, onTime },
    };
  });
}

/** Findings a unit must acknowledge before its report is sent: high-risk wording, or too short to say what was done. */
export function needsAcknowledgement(finding: ReviewFinding): boolean {
  return isBlocking(finding) || finding.rule === 'too_short';
}

/**
 * What a 交办 stands at, as staff read it beside the assignment (the case page's badge, `minsheng
 * cases show`): one rule served with each assignment by getCase, so the console and the command line
 * cannot word it differently. The case's current assignment stays `active` after the report and the
 * reply (it is the one a send-back or a dissatisfied visit reopens), so the case's state says
 * whether the unit has reported and whether it is over.
 */
import type { CaseState } from './state-machine.js';

/** States of a case whose unit has reported and awaits 审核, 审批 or the 回复 (not a send-back). */
const reportedStates: ReadonlySet<string> = new Set<CaseState>(['reported', 'reviewed', 'reply_approved']);

/** `opinionGiven`: an assist assignment's 协办意见 came (its 协办 ended with it, not closed by the lead's report without one). */
export function assignmentStatusName(a: { role: string; status: string }, caseState: string, opinionGiven = false): string {
  if (a.status === 'returned') return '已退回';
  if (a.role === 'assist') return a.status === 'active' ? '待提交协办意见' : opinionGiven ? '已提交协办意见' : '协办已结束';
  if (a.status === 'done' || caseState === 'closed' || caseState === 'archived') return '已办结';
  if (caseState === 'replied') return '已答复';
  if (reportedStates.has(caseState)) return '已报送';
  return '办理中';
}

/**
 * How staff name the event log's records that are not steps of the state machine (those are named
 * by actionNames): what the system or an intake did; below it, a report's status and an extension
 * request's decision. One table each for the console's case page (through /api/workflow/meta) and
 * `minsheng cases show`.
 */
export const eventNames: Readonly<Record<string, string>> = {
  case_created: '采集并生成台账',
  /** Not a type of its own: the case_created of a letter entered by hand (录入留言), which nobody crawled. */
  case_created_by_hand: '录入并生成台账',
  duplicate_linked: '合并重复留言',
  merged_from: '并入重复留言',
  deadline_alert: '期限预警',
  escalated: '转为专项督查',
  user_created: '创建账号',
  due_date_recomputed: '办理时限重新计算',
  brought_back: '非本区留言转入受理',
  unmerged: '撤销合并，恢复为独立案件',
  suggestion_updated: '按新模型更新分类建议',
  submit_assist_opinion: '提交协办意见',
  entered_by_hand: '手工录入留言',
  due_date_tightened: '办理时限调整',
  forward_reissued: '上级再次转办（本案已答复）',
};

/** A 办理情况 report's status as staff read it (the case page's badge, `minsheng cases show`). */
export const reportStatusNames: Readonly<Record<string, string>> = {
  submitted: '已报送待审核',
  accepted: '督查室已审核',
  rejected: '督查室退回',
  approved: '领导已审批',
  sent_back: '领导退回',
  returned_for_revision: '发布前退回修改',
  published: '已发布',
};

/** The badge of a reply that went only to the upper level as 《印台政务督查专报》: sent up, nothing published online. */
export const reportSentUpwardName = '已上报';

/** A report's status as staff read it: 已上报 for one published only as the 专报 (publishChannel upper_report). */
export function reportStatusName(r: { status: string; publishChannel?: string | null | undefined }): string {
  return r.status === 'published' && r.publishChannel === 'upper_report' ? reportSentUpwardName : (reportStatusNames[r.status] ?? r.status);
}

/** An extension request's decision as staff read it (pending: 督查室 has not answered; withdrawn otherwise). */
export const extensionDecisionNames: Readonly<Record<string, string>> = {
  pending: '待督查室答复',
  approved: '同意延期',
  rejected: '不同意延期',
  withdrawn: '已撤回',
};

/**
 * The name of a case's log record: the step's or the system's, and 录入并生成台账 for the creation
 * of a case from a letter entered by hand (its message has an entered_by_hand record), which
 * 采集并生成台账 would misname. One rule for the console's case page (case.js) and `cases show`.
 */
export function caseEventName(e: { type: string; messageId?: string | null }, events: readonly { type: string; messageId?: string | null }[], stepNames: Readonly<Record<string, string>>): string {
  if (e.type === 'case_created' && e.messageId && events.some((x) => x.type === 'entered_by_hand' && x.messageId === e.messageId)) return eventNames.case_created_by_hand!;
  return stepNames[e.type] ?? eventNames[e.type] ?? '系统记录';
}

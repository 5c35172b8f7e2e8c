/**
 * The measures' procedure as one table: every allowed step (from state, action, to state, roles
 * allowed). Anything not in the table is refused with InvalidTransitionError (wrong state) or
 * ForbiddenError (right state, wrong role). Steps that record something without moving the case
 * (extension requests, supervision records, marks) are listed too, as rows whose `to` equals `from`.
 *
 * 第四条: 分类 → 登记 → 分解 (拟办, 领导同意, 交办) → 办理 → 督查 → 审核 → 回复 → 回访 → 归档.
 */
import { ForbiddenError, InvalidTransitionError } from '../../core/index.js';
import { roleNames, type Actor, type ActorRole, type Role } from '../users/actor.js';
import type { RepliesOwed } from './reply-owed.js';

export const caseStates = [
  'awaiting_review',
  'not_accepted',
  'registered',
  'proposed',
  'approved',
  'assigned',
  'returned',
  'reported',
  'reviewed',
  'reply_approved',
  'replied',
  'closed',
  'archived',
  'merged',
] as const;
export type CaseState = (typeof caseStates)[number];

/**
 * States whose reply is out (已回复, 已回访办结, 已归档): a copy of the case, or its 转办 item sent
 * again, arriving then asks again and opens a case of its own (intake/register-message.ts).
 */
export const answeredCaseStates: readonly CaseState[] = ['replied', 'closed', 'archived'];

export const stateNames: Record<CaseState, string> = {
  awaiting_review: '待审核分类',
  not_accepted: '不予受理',
  registered: '已登记',
  proposed: '已拟办待领导审批',
  approved: '领导已同意待交办',
  assigned: '已交办办理中',
  returned: '承办单位已退回',
  reported: '已报送办理情况待审核',
  reviewed: '督查室已审核待领导审批',
  reply_approved: '领导已审批待回复',
  replied: '已回复',
  closed: '已回访办结',
  archived: '已归档',
  merged: '已并入其他案件',
};

/**
 * The states a handling unit's cases can be in, for its ledger's and exports' 状态 filter: a case
 * comes to a unit at 交办 (assigned) and then goes on to 归档. One the unit returned (退回) leaves its
 * ledger at once (users/cases-visible-to.ts), so 承办单位已退回 and the states of the office's new
 * 拟办 hold none of its cases, nor do those before 交办 (待审核分类, 已登记, 不予受理) or 已并入.
 */
export const unitCaseStates: readonly CaseState[] = caseStates.filter((s) =>
  (['assigned', 'reported', 'reviewed', 'reply_approved', 'replied', 'closed', 'archived'] as readonly CaseState[]).includes(s),
);

/** The states worth offering `role` as a filter: those its cases can be in. */
export function filterStatesFor(role: ActorRole): readonly CaseState[] {
  return role === 'unit' ? unitCaseStates : caseStates;
}

export const caseActions = [
  'register',
  'decide_not_accepted',
  'reopen',
  'propose',
  'approve_proposal',
  'reject_proposal',
  'withdraw_approval',
  'assign',
  'return_case',
  'request_extension',
  'decide_extension',
  'submit_report',
  'accept_report',
  'reject_report',
  'approve_reply',
  'send_back_reply',
  'publish_reply',
  'return_for_revision',
  'report_upward',
  'record_supervision',
  'mark_key',
  'escalate',
  'record_alert',
  'visit_satisfied',
  'visit_dissatisfied',
  'archive',
  'merge_into',
  'split_copy',
  'correct_category',
] as const;
export type CaseAction = (typeof caseActions)[number];

export const actionNames: Record<CaseAction, string> = {
  register: '确认分类并登记',
  decide_not_accepted: '决定不予受理',
  reopen: '重新受理',
  propose: '提出拟办意见',
  approve_proposal: '同意拟办意见',
  reject_proposal: '退回拟办意见',
  withdraw_approval: '撤回同意（交办前）',
  assign: '交办',
  return_case: '退回交办',
  request_extension: '报告进展并申请延期',
  decide_extension: '答复延期申请',
  submit_report: '报送办理情况',
  accept_report: '审核通过办理情况',
  reject_report: '审核退回办理情况',
  approve_reply: '审批同意答复',
  send_back_reply: '审批退回答复',
  publish_reply: '发布回复',
  return_for_revision: '退回修改答复',
  report_upward: '以《印台政务督查专报》上报',
  record_supervision: '记录督办',
  mark_key: '标记领导重点批示或影响较大',
  escalate: '转为专项督查',
  record_alert: '记录期限预警',
  visit_satisfied: '回访（满意或无法联系）',
  visit_dissatisfied: '回访（不满意，重新交办）',
  archive: '立卷归档',
  merge_into: '作为重复并入其他案件',
  correct_category: '更正类别',
  split_copy: '拆分误并的重复留言',
};

/** The facts about a case a guard may look at. */
export interface CaseFacts {
  channel: string;
  /**
   * The 回复 a case in 领导已审批待回复 still owes (reply-owed.ts: from its messages, less what was
   * already sent). Absent: what its channel owes (a forwarded case the 专报, any other the online reply).
   */
  owed?: RepliesOwed | undefined;
}

export interface TransitionRule {
  from: CaseState;
  action: CaseAction;
  to: CaseState;
  roles: readonly ActorRole[];
  /** An extra condition on the case, with the reason shown when it fails. */
  guard?: { test: (c: CaseFacts) => boolean; refusal: string };
}

const owes = (c: CaseFacts): RepliesOwed => c.owed ?? { upperReport: c.channel === 'forwarded', onlineReply: c.channel !== 'forwarded' };
const upperRefusal = '此案件没有待上报的《印台政务督查专报》（只有省、市转交的留言以专报上报，每份答复上报一次）';
const onlineRefusal = '此案件没有待发布的网上回复（省、市转交的留言以《印台政务督查专报》上报；网民留言的回复每份答复发布一次）';
// A case whose messages owe both (a letter forwarded from above and also posted on a mailbox)
// stays 领导已审批待回复 after the first of the two, and is 已回复 once both are sent.
const onlyUpper = { test: (c: CaseFacts) => owes(c).upperReport && !owes(c).onlineReply, refusal: upperRefusal };
const upperThenOnline = { test: (c: CaseFacts) => owes(c).upperReport && owes(c).onlineReply, refusal: upperRefusal };
const onlyOnline = { test: (c: CaseFacts) => owes(c).onlineReply && !owes(c).upperReport, refusal: onlineRefusal };
const onlineThenUpper = { test: (c: CaseFacts) => owes(c).onlineReply && owes(c).upperReport, refusal: onlineRefusal };
const onlineOwed = { test: (c: CaseFacts) => owes(c).onlineReply, refusal: onlineRefusal };

/** States in which a case is being handled and can be supervised, marked or escalated. */
const handling: CaseState[] = ['registered', 'proposed', 'approved', 'assigned', 'returned', 'reported', 'reviewed', 'reply_approved'];

/** THE table. */
export const transitions: readonly TransitionRule[] = [
  // 分类 and 登记 (第四条㈡㈢), 不予受理 (第三条㈡)
  { from: 'awaiting_review', action: 'register', to: 'registered', roles: ['egov_centre', 'supervision'] },
  { from: 'awaiting_review', action: 'decide_not_accepted', to: 'not_accepted', roles: ['egov_centre', 'supervision'] },
  { from: 'registered', action: 'decide_not_accepted', to: 'not_accepted', roles: ['supervision', 'gov_office'] },
  { from: 'not_accepted', action: 'reopen', to: 'awaiting_review', roles: ['egov_centre', 'supervision', 'gov_office', 'leader'] },
  // 分解 (第四条㈣)
  { from: 'registered', action: 'propose', to: 'proposed', roles: ['gov_office'] },
  { from: 'returned', action: 'propose', to: 'proposed', roles: ['gov_office'] },
  { from: 'proposed', action: 'approve_proposal', to: 'approved', roles: ['leader'] },
  { from: 'proposed', action: 'reject_proposal', to: 'registered', roles: ['leader'] },
  // A leader who agreed by mistake (the wrong case, the wrong unit) takes it back before 交办: the
  // proposal awaits a decision again. After 交办 the unit has the work and 退回交办 is the way.
  { from: 'approved', action: 'withdraw_approval', to: 'proposed', roles: ['leader'] },
  { from: 'approved', action: 'assign', to: 'assigned', roles: ['gov_office'] },
  // 办理 (第四条㈤, 第五条㈣)
  { from: 'assigned', action: 'return_case', to: 'returned', roles: ['unit'] },
  { from: 'assigned', action: 'request_extension', to: 'assigned', roles: ['unit'] },
  { from: 'assigned', action: 'decide_extension', to: 'assigned', roles: ['supervision'] },
  { from: 'assigned', action: 'submit_report', to: 'reported', roles: ['unit'] },
  // 审核 (第四条㈦)
  { from: 'reported', action: 'accept_report', to: 'reviewed', roles: ['supervision'] },
  { from: 'reported', action: 'reject_report', to: 'assigned', roles: ['supervision'] },
  { from: 'reviewed', action: 'approve_reply', to: 'reply_approved', roles: ['leader'] },
  { from: 'reviewed', action: 'send_back_reply', to: 'assigned', roles: ['leader'] },
  // 回复 (第四条㈧)
  { from: 'reply_approved', action: 'publish_reply', to: 'replied', roles: ['egov_centre'], guard: onlyOnline },
  { from: 'reply_approved', action: 'publish_reply', to: 'reply_approved', roles: ['egov_centre'], guard: onlineThenUpper },
  // A reply found unfit to go online at publication (e.g. another person's phone number) goes back to the unit.
  { from: 'reply_approved', action: 'return_for_revision', to: 'assigned', roles: ['egov_centre'], guard: onlineOwed },
  { from: 'reply_approved', action: 'report_upward', to: 'replied', roles: ['supervision'], guard: onlyUpper },
  { from: 'reply_approved', action: 'report_upward', to: 'reply_approved', roles: ['supervision'], guard: upperThenOnline },
  // 回访 (第五条㈥)
  { from: 'replied', action: 'visit_satisfied', to: 'closed', roles: ['supervision', 'egov_centre'] },
  { from: 'replied', action: 'visit_dissatisfied', to: 'assigned', roles: ['supervision', 'egov_centre'] },
  // A citizen unreachable on the visit closes the case; reached later (before 归档), the answer is
  // recorded and a dissatisfied one re-opens the case. record-visit.ts allows this only after 无法联系.
  { from: 'closed', action: 'visit_satisfied', to: 'closed', roles: ['supervision', 'egov_centre'] },
  { from: 'closed', action: 'visit_dissatisfied', to: 'assigned', roles: ['supervision', 'egov_centre'] },
  // 归档 (第四条㈩)
  { from: 'closed', action: 'archive', to: 'archived', roles: ['supervision'] },
  { from: 'not_accepted', action: 'archive', to: 'archived', roles: ['supervision'] },
  // 督查 (第四条㈥): records and marks that do not move the case
  ...(['assigned', 'returned', 'reported', 'reviewed', 'reply_approved'] as const).map(
    (s): TransitionRule => ({ from: s, action: 'record_supervision', to: s, roles: ['supervision'] }),
  ),
  ...handling.map((s): TransitionRule => ({ from: s, action: 'mark_key', to: s, roles: ['leader', 'supervision'] })),
  ...handling.map((s): TransitionRule => ({ from: s, action: 'escalate', to: s, roles: ['system', 'supervision'] })),
  { from: 'assigned', action: 'record_alert', to: 'assigned', roles: ['system'] },
  // De-duplication corrections (群众反映较多 counts the copies' writers): merge a missed copy, split a wrong link.
  // Not from 不予受理: merging would move a message out of a decision without reversing it (reopen first).
  ...(['awaiting_review', 'registered'] as const).map(
    (s): TransitionRule => ({ from: s, action: 'merge_into', to: 'merged', roles: ['egov_centre', 'supervision'] }),
  ),
  ...caseStates
    .filter((s) => s !== 'archived' && s !== 'merged')
    .map((s): TransitionRule => ({ from: s, action: 'split_copy', to: s, roles: ['egov_centre', 'supervision'] })),
  // 更正类别: a category registered wrong (分类 is the centre's, the ledger and 按类别立卷归档 the
  // supervision office's) is corrected until the case is archived; awaiting review it is decided
  // in 分类审核, and a 不予受理 decision has no category to correct.
  ...([...handling, 'replied', 'closed'] as const).map((s): TransitionRule => ({ from: s, action: 'correct_category', to: s, roles: ['egov_centre', 'supervision'] })),
];

/** What staff should do instead, added to the refusal of an action from a state. */
const refusalHints: Partial<Record<CaseAction, Partial<Record<CaseState, string>>>> = {
  merge_into: { not_accepted: '如确属其他案件的重复留言，请先重新受理（撤销不予受理决定），再并入' },
};

/** The roles that take `action` from some state (the table's rows for it), as the refusals name them. */
export function rolesTaking(action: CaseAction): ActorRole[] {
  return [...new Set(transitions.filter((t) => t.action === action).flatMap((t) => t.roles))];
}

/** The refusal of a role that may not take `action`, naming the roles that do as the console names them. */
function roleRefusal(role: ActorRole, action: CaseAction, allowed: readonly ActorRole[], details?: Record<string, unknown>): ForbiddenError {
  return new ForbiddenError(`${roleNames[role] ?? role}不能${actionNames[action]}（由${allowed.map((r) => roleNames[r]).join('、')}办理）`, details ? { details } : {});
}

/**
 * Refuses (ForbiddenError) an actor whose role takes `action` from no state: the first check of a
 * step, before anything of the case is read. So a handling unit trying a step of the centre, the
 * office, a leader or 督查室 is told whose step it is, not that the case is not its unit's; and,
 * since the answer depends on the action alone, it learns nothing of a case that is not its own.
 */
export function assertRoleTakes(action: CaseAction, actor: Pick<Actor, 'role'>): void {
  const allowed = rolesTaking(action);
  if (!allowed.includes(actor.role)) throw roleRefusal(actor.role, action, allowed, { action });
}

/**
 * The rule for doing `action` on a case in state `from` as `actor`; throws when there is none.
 * InvalidTransitionError: no such step from this state (or the guard fails).
 * ForbiddenError: the step exists, but not for this role.
 */
export function findTransition(from: string, action: CaseAction, actor: Pick<Actor, 'role'>, facts: CaseFacts): TransitionRule {
  const rules = transitions.filter((t) => t.from === from && t.action === action);
  const fromName = stateNames[from as CaseState] ?? from;
  if (rules.length === 0) {
    const hint = refusalHints[action]?.[from as CaseState];
    throw new InvalidTransitionError(`案件当前状态为「${fromName}」，不能${actionNames[action]}${hint ? `；${hint}` : ''}`, { details: { from, action } });
  }
  const byRole = rules.filter((t) => t.roles.includes(actor.role));
  if (byRole.length === 0) {
    throw roleRefusal(actor.role, action, [...new Set(rules.flatMap((r) => r.roles))], { from, action });
  }
  const passing = byRole.find((t) => !t.guard || t.guard.test(facts));
  if (!passing) throw new InvalidTransitionError(byRole[0]?.guard?.refusal ?? `不能${actionNames[action]}`, { details: { from, action } });
  return passing;
}

/** The actions an actor may take on a case now (what the console offers). */
export function allowedActions(from: string, actor: Pick<Actor, 'role'>, facts: CaseFacts): CaseAction[] {
  return [
    ...new Set(
      transitions.filter((t) => t.from === from && t.roles.includes(actor.role) && (!t.guard || t.guard.test(facts))).map((t) => t.action),
    ),
  ];
}

/**
 * The steps that carry a case on along the measures' path, in the path's order: not the records,
 * marks, corrections and de-duplication steps that leave it where it is.
 */
export const pathActions: readonly CaseAction[] = [
  'register',
  'decide_not_accepted',
  'propose',
  'approve_proposal',
  'reject_proposal',
  'assign',
  'decide_extension',
  'submit_report',
  'return_case',
  'accept_report',
  'reject_report',
  'approve_reply',
  'send_back_reply',
  'publish_reply',
  'return_for_revision',
  'report_upward',
  'visit_satisfied',
  'visit_dissatisfied',
  'archive',
];

/** Whether `action` carries a case on along the path (not a record, mark or correction). */
export function isPathAction(action: CaseAction): boolean {
  return pathActions.includes(action);
}

/** Who takes a case on next, and with which steps of the path. */
export interface NextStep {
  /** Staff roles that may take these steps (never the system). */
  roles: Role[];
  actions: CaseAction[];
}

/**
 * Who takes a case on from `from` (for a page whose reader has no step to take: 下一步由谁办理):
 * the path's steps the rules allow there, each role's passing the guards, roles with the same
 * steps put together, in the order of the path. `offered` leaves out steps the case's facts rule
 * out beyond the table (an extension answered only while one is pending…), as the console's offer.
 */
export function nextSteps(from: string, facts: CaseFacts, offered: (action: CaseAction) => boolean = () => true): NextStep[] {
  const byRole = new Map<Role, CaseAction[]>();
  for (const action of pathActions) {
    if (!offered(action)) continue;
    for (const t of transitions) {
      if (t.from !== from || t.action !== action || (t.guard && !t.guard.test(facts))) continue;
      for (const role of t.roles) {
        if (role === 'system') continue;
        const list = byRole.get(role) ?? [];
        if (!list.includes(action)) list.push(action);
        byRole.set(role, list);
      }
    }
  }
  const steps: NextStep[] = [];
  for (const [role, actions] of byRole) {
    const same = steps.find((s) => s.actions.join() === actions.join());
    if (same) same.roles.push(role);
    else steps.push({ roles: [role], actions });
  }
  return steps;
}

export function isCaseState(value: string): value is CaseState {
  return (caseStates as readonly string[]).includes(value);
}

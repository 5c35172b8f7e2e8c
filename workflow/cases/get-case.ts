/**
 * One case as an actor may see it: the case, its messages (with what their site shows now and the
 * changes the crawler saw: status, reply, a removal), proposals, assignments, extension
 * requests, reports (with review findings), supervision records, alerts, visits, the event log,
 * and the actions the actor may take now. Units see only cases in their hands (not one they
 * returned, until it is handed to them again: users/cases-visible-to.ts): the lead unit
 * (主办) all of it, with every 协办意见; an assisting unit (协办) the case, its messages, who handles
 * it and by when, and its own 协办意见 — not the reports, extensions, supervision, visits, the other
 * units' opinions or the event log's internal steps, which are the lead's and the offices' business.
 */
import { NotFoundError, removedFromSiteStatus } from '../../core/index.js';
import { getWorkCalendar } from '../calendar/load-calendar-days.js';
import { chinaDate, unscheduledYears, upperDeadlineWarning } from '../calendar/work-calendar.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';
import { roleNames, type Actor } from '../users/actor.js';
import { accountNames } from '../users/actor-name.js';
import { leadsCase } from '../users/cases-visible-to.js';
import { assignmentStatusName } from './assignment-status.js';
import { actionNames, allowedActions, isPathAction, nextSteps, stateNames, type CaseAction, type CaseState } from './state-machine.js';
import { workingDaysLeft, workingDaysReportedLate } from './days-left.js';
import { countHotIssueReporters } from './count-reporters.js';
import { earlierReturns, returnWarningText } from './return-warning.js';
import { suggestionKey } from './stale-page.js';
import { eventsWithoutClassifier, messageWithoutClassifier } from './classifier-view.js';
import { repliesOwedBy, repliesStillOwed } from './reply-owed.js';
import { assistOpinionEvent } from './submit-assist-opinion.js';
import { forwardingFacts } from './forwarding-facts.js';
import { archiveFiling, settledTimes } from './archive-case.js';

/**
 * `caseId` names the case by its id or by its 台账编号 (YT-2026-000068, the number staff see and write
 * in documents; any case), as the command line's references do (find-cases.ts); the role checks
 * below are the same either way.
 */
export async function getCase(db: Db, input: { caseId: string; actor: Actor; now?: Date | undefined }) {
  const ref = input.caseId.trim();
  const c = await db.case.findFirst({
    where: { OR: [{ id: ref }, { ledgerNo: ref.toUpperCase() }] },
    include: {
      unit: { select: { id: true, name: true } },
      messages: { orderBy: { firstSeenAt: 'asc' }, select: {
          id: true, sourceId: true, url: true, title: true, content: true, author: true, postedAt: true, firstSeenAt: true, channel: true, classification: true, similarity: true, duplicateOfId: true, forwarding: true,
          // What the site itself shows now (status, its published reply) and every change the crawler saw.
          siteStatus: true, replyUnit: true, replyAt: true, replyText: true,
          changes: { orderBy: { changedAt: 'asc' }, select: { field: true, oldValue: true, newValue: true, changedAt: true, note: true } },
        },
      },
      proposals: { orderBy: { proposedAt: 'asc' } },
      // 交办 makes the lead's and the assists' at one time: lead first, then by unit, the same on every read.
      assignments: { orderBy: [{ assignedAt: 'asc' }, { role: 'desc' }, { unitId: 'asc' }] },
      extensions: { orderBy: { requestedAt: 'asc' } },
      reports: { orderBy: { submittedAt: 'asc' } },
      supervisions: { orderBy: { at: 'asc' } },
      alerts: { orderBy: { createdAt: 'asc' } },
      visits: { orderBy: { visitedAt: 'asc' } },
      assistOpinions: { orderBy: { submittedAt: 'asc' } },
      events: { orderBy: { id: 'asc' } },
    },
  });
  const unitId = input.actor.role === 'unit' ? (input.actor.unitId ?? '-') : null;
  // 主办: the 交办 in force is to the unit (cases-visible-to.ts: not once it returned the case).
  const isLead = Boolean(c && unitId !== null && c.unitId === unitId && leadsCase(c.assignments, unitId));
  // 协办: an assist assignment not closed by a return (cases-visible-to.ts assistingAssignment).
  const ownAssist = c && unitId !== null && !isLead ? c.assignments.filter((a) => a.unitId === unitId && a.role === 'assist' && a.status !== 'returned').at(-1) : undefined;
  const hidden = !c || (unitId !== null && !isLead && !ownAssist);
  if (!c || hidden) throw new NotFoundError(`案件不存在：${input.caseId}`);
  // Not offered what the step itself would refuse: escalation of a case already under special
  // supervision, a decision on an extension when none is pending, a second request while one is,
  // and a unit's return of an assignment it has reported on (even a report sent back to be redone:
  // return-case.ts).
  const pendingExtension = c.extensions.some((x) => x.decision === 'pending');
  const active = c.assignments.find((a) => a.status === 'active' && a.role === 'lead');
  const reportedOn = Boolean(active && (active.firstReportedAt || c.reports.some((r) => r.assignmentId === active.id)));
  const offered = (a: CaseAction) =>
    !(a === 'escalate' && c.escalated) &&
    !(a === 'decide_extension' && !pendingExtension) &&
    !(a === 'request_extension' && pendingExtension) &&
    !(a === 'return_case' && reportedOn) &&
    // A closed case is visited again only when the citizen could not be reached (record-visit.ts).
    !((a === 'visit_satisfied' || a === 'visit_dissatisfied') && c.state === 'closed' && c.visits.at(-1)?.satisfaction !== 'unreachable');
  // 领导已审批待回复: what is still owed, the 专报 and/or the online reply (reply-owed.ts).
  const owed = c.state === 'reply_approved' ? await repliesStillOwed(db, c) : undefined;
  const owedBy = repliesOwedBy(c.messages.map((m) => m.channel), c.channel);
  const owesBoth = owedBy.upperReport && owedBy.onlineReply;
  const actions: CaseAction[] = c.archivedAt || ownAssist ? [] : allowedActions(c.state, input.actor, { channel: c.channel, owed }).filter(offered);
  // An assisting unit's one step: its 协办意见 while the lead has the case in hand.
  const canSubmitAssistOpinion = Boolean(!c.archivedAt && ownAssist?.status === 'active' && c.state === 'assigned');
  // Who takes the case on next, for a reader with no step of the path to take (下一步; marks and
  // corrections aside): the same offer as `actions`, for every role; the unit named (an assisting
  // unit's reader waits on the lead's report).
  const who = (r: keyof typeof roleNames) => (r === 'unit' && c.unit ? `${roleNames.unit}（${c.unit.name}）` : roleNames[r]);
  const ownStep = actions.some(isPathAction) || canSubmitAssistOpinion;
  const next = c.archivedAt || ownStep ? [] : nextSteps(c.state, { channel: c.channel, owed }, offered).map((s) => ({ who: s.roles.map(who).join('或'), steps: s.actions.map((a) => actionNames[a]) }));
  // Each proposal names its unit (also one deactivated since): the leader decides on the unit the
  // office proposed, which is not the case's `unit` (the suggestion) until 交办.
  const namedUnits = [...c.proposals.flatMap((p) => [p.unitId, ...p.assistUnitIds]), ...c.assignments.map((a) => a.unitId)];
  const proposalUnits = new Map(
    (await db.unit.findMany({ where: { id: { in: [...new Set(namedUnits)] } }, select: { id: true, name: true, active: true } })).map((u) => [u.id, u]),
  );
  const nameOf = (id: string) => proposalUnits.get(id)?.name ?? id;
  // 主办 and 协办 of the 交办 in force: the lead's latest assignment, and the assists not closed by a return.
  const lead = c.assignments.filter((a) => a.role === 'lead').at(-1);
  const assists = c.assignments.filter((a) => a.role === 'assist' && a.status !== 'returned');
  const opinionOf = new Map(c.assistOpinions.map((o) => [o.assignmentId, o]));
  const handlingUnits = {
    // A returned 交办 is no longer in force: the case awaits a new proposal.
    lead: lead && lead.status !== 'returned' ? { unitId: lead.unitId, unit: nameOf(lead.unitId), assignmentId: lead.id, status: lead.status, dueDate: lead.dueDate } : null,
    assists: assists.map((a) => ({
      assignmentId: a.id,
      unitId: a.unitId,
      unit: nameOf(a.unitId),
      status: a.status,
      dueDate: a.dueDate,
      /** When its 协办意见 came; null: none (yet, or closed without one by the lead's report). */
      submittedAt: opinionOf.get(a.id)?.submittedAt ?? null,
    })),
  };
  // 协办意见 go to the lead unit and 督查室 (an assisting unit reads its own): the other offices see
  // in handlingUnits whether each came, not the text, which is never published.
  const readsOpinions = isLead || ownAssist || input.actor.role === 'supervision';
  const assistOpinions = c.assistOpinions
    .filter((o) => readsOpinions && (!ownAssist || o.unitId === ownAssist.unitId))
    .map((o) => ({ ...o, unit: nameOf(o.unitId) }));
  const proposals = c.proposals.map((p) => ({
    ...p,
    unitName: nameOf(p.unitId),
    unitActive: proposalUnits.get(p.unitId)?.active ?? false,
    assistUnits: p.assistUnitIds.map((id) => ({ unitId: id, unit: nameOf(id), active: proposalUnits.get(id)?.active ?? false })),
  }));
  const assistView = ownAssist
    ? {
        proposals: [],
        assignments: c.assignments.filter((a) => a.id === ownAssist.id || a.id === lead?.id).map((a) => ({ ...a, returnReason: null })),
        extensions: [],
        reports: [],
        supervisions: [],
        alerts: c.alerts.filter((x) => x.assignmentId === ownAssist.id),
        visits: [],
        events: c.events.filter((e) => e.type === 'assign' || (e.type === assistOpinionEvent && (e.data as { unitId?: unknown } | null)?.unitId === ownAssist.unitId)),
      }
    : {};
  // A unit reads no classifier suggestion (classifier-view.ts): not in the log, the messages or the reasons below.
  const events = unitId === null ? (assistView.events ?? c.events) : eventsWithoutClassifier(assistView.events ?? c.events);
  const shown = { events, proposals: assistView.proposals ?? proposals, reports: assistView.reports ?? c.reports, supervisions: assistView.supervisions ?? c.supervisions, visits: assistView.visits ?? c.visits, extensions: assistView.extensions ?? c.extensions };
  // Who took each step, as staff read an account (区政府办（office）, 民声主程序), not the bare username.
  const actorNames = await accountNames(db, [
    ...shown.events.map((e) => e.actor),
    ...shown.proposals.map((p) => p.proposedBy),
    ...shown.reports.map((r) => r.submittedBy),
    ...shown.supervisions.map((s) => s.actor),
    ...shown.visits.map((v) => v.visitedBy),
    ...shown.extensions.flatMap((x) => (x.decidedBy ? [x.requestedBy, x.decidedBy] : [x.requestedBy])),
    ...assistOpinions.map((o) => o.submittedBy),
  ]);
  // Read once: the days left and, once reported, the lateness are counted on the same calendar.
  const calendar = await getWorkCalendar(db);
  return {
    ...c,
    proposals,
    ...assistView,
    /** Each 交办 with `statusName`, what it stands at as staff read it (assignment-status.ts). */
    assignments: (assistView.assignments ?? c.assignments).map((a) => ({ ...a, statusName: assignmentStatusName(a, c.state, opinionOf.has(a.id)) })),
    /** The name to show for each username in the events, proposals, reports, extension requests, supervision records, visits and 协办意见 above. */
    actorNames,
    assistOpinions,
    handlingUnits,
    /** The signed-in unit's part: 主办 or 协办; null for the offices. */
    myRole: unitId === null ? null : isLead ? ('lead' as const) : ('assist' as const),
    canSubmitAssistOpinion,
    // `removedFromSite`: the crawler saw the site take the message down (the console marks it; it never compares status text).
    messages: c.messages.map((m) => ({
      ...(unitId === null ? m : messageWithoutClassifier(m)),
      removedFromSite: m.siteStatus === removedFromSiteStatus,
      changes: m.changes.map((x) => ({ ...x, removedFromSite: x.field === 'siteStatus' && x.newValue === removedFromSiteStatus })),
    })),
    stateName: stateNames[c.state as CaseState] ?? c.state,
    /**
     * The hot issue the case is in (热点问题: its label and the people who raised it over its standing
     * cases, as the board counts them), for the offices; null for a unit, which sees no hot issues
     * (a group spans other units' cases), and for a case in none.
     */
    hotIssue: unitId === null && c.hotIssueKey ? await hotIssueOf(db, c.hotIssueKey, c) : null,
    // The due date was counted in a year whose official holiday schedule is not loaded (plain weeks).
    calendarWarning: await unscheduledWarning(db, c.dueDate),
    /**
     * A forwarded item in hand whose unit's due date leaves no working day before the 上级办理时限
     * for 审核 and the 专报, or passes it (work-calendar.ts upperDeadlineWarning); null otherwise.
     */
    upperDeadlineWarning: active && handledStates.includes(c.state) ? upperDeadlineWarning(active.dueDate, (await forwardingFacts(db, c))?.upperDeadline) : null,
    /** Working days left (negative: late), as the ledger shows them; null when not with a unit. */
    daysLeft: workingDaysLeft(calendar, chinaDate(input.now ?? new Date()), c),
    /** 逾期报送: working days the report on the 交办 in force came after its due date, as the ledger shows; null when on time or none yet. */
    reportedLateDays: c.state === 'assigned' ? null : workingDaysReportedLate(calendar, active),
    allowedActions: actions,
    /**
     * Where 立卷归档 would file the case now (archive-case.ts archiveFiling: 「2026-投诉」), for the
     * reader offered that step, so its form can say so before the case is closed to change; null otherwise.
     */
    archiveVolumeDue: actions.includes('archive') ? archiveFiling(c, (await settledTimes(db, [c])).get(c.id) ?? null, input.now ?? new Date()).archiveVolume : null,
    /**
     * Who takes the case on next along the path and with which steps (names as the console shows
     * them), for a reader with no step of the path to take (marks and corrections aside); empty
     * for one who has, and once archived, merged or at rest.
     */
    nextSteps: next,
    /**
     * 领导已审批待回复: the 回复 still owed (reply-owed.ts), for the offices; a case owing both (a letter
     * forwarded from above and posted on a mailbox) shows which of the two is still to be sent. Null
     * in other states, for a case owing one of them only (as it always was), and for a unit.
     */
    repliesOwed: unitId === null && owed && owesBoth ? owed : null,
    /**
     * With 拟办 offered: for each unit that returned this case before, the warning the 拟办 form
     * shows when that unit is chosen (its latest return's date and reason), by unit id.
     */
    returnWarnings: actions.includes('propose') ? Object.fromEntries([...(await earlierReturns(db, c.id)).values()].map((r) => [r.unitId, returnWarningText(r)])) : {},
    /** The suggestion shown, as 登记 and 不予受理 from this page take it back (stale-page.ts). */
    suggestionKey: suggestionKey(c),
    // A unit sees no hot issue (a group spans other units' cases): nor in the log's 采集 and 登记 events.
    events: events.map((e) => ({ ...(unitId === null ? e : withoutHotIssue(e)), id: e.id.toString() })),
    /**
     * 不予受理 reasons: for a unit only those of a decision; on a registered case they are the
     * classifier's flag that staff overrode (classifier-view.ts).
     */
    outOfScopeReasons: unitId === null || c.outOfScope ? c.outOfScopeReasons : null,
  };
}

/**
 * The case's hot issue with its people (over its standing cases, countHotIssueReporters), and
 * whether this case is among them (`counted`: not one merged or decided 不予受理, as
 * standingInHotIssue), so a refused case's page does not read as the one person raising it.
 */
/** An event without the hot issue its data names (`hotIssue`, `hotIssueKey`), for a unit's view. */
function withoutHotIssue<E extends { data: Prisma.JsonValue }>(e: E): E {
  if (!e.data || typeof e.data !== 'object' || Array.isArray(e.data) || !('hotIssue' in e.data || 'hotIssueKey' in e.data)) return e;
  const { hotIssue: _issue, hotIssueKey: _key, ...data } = e.data;
  return { ...e, data };
}

async function hotIssueOf(db: Db, key: string, c: { state: string; archiveCategory: string | null }): Promise<{ key: string; label: string; reporters: number; counted: boolean } | null> {
  const group = await db.hotIssue.findUnique({ where: { key }, select: { label: true } });
  if (!group) return null;
  const counted = c.state !== 'merged' && c.state !== 'not_accepted' && c.archiveCategory !== '不予受理';
  return { key, label: group.label, reporters: (await countHotIssueReporters(db, [key])).get(key) ?? 0, counted };
}

/** States in which the unit's work and the 专报 after it are still to come. */
const handledStates = ['assigned', 'reported', 'reviewed', 'reply_approved'];

/** Staff's warning when a due date lies in a year without the State Council's holiday schedule. */
async function unscheduledWarning(db: Db, dueDate: string | null): Promise<string | null> {
  if (!dueDate) return null;
  const years = unscheduledYears(await getWorkCalendar(db), dueDate, dueDate);
  return years.length === 0 ? null : `办理时限在 ${years.join('、')} 年，该年的法定节假日安排尚未载入，时限按常规周末计算，可能不准；请管理员载入国务院办公厅公布的安排（minsheng calendar load）后核对`;
}

export type CaseDetail = Awaited<ReturnType<typeof getCase>>;

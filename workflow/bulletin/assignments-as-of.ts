/**
 * How each assignment stood at an instant (a bulletin period's end), rebuilt from records later
 * steps never change, so a period's figures do not move when its work is sent back, extended,
 * returned or recounted afterwards.
 *
 * The Assignment row says how things stand now: a send-back (cases/redo-deadline.ts) clears
 * `firstReportedAt` and may move `dueDate`, an extension granted and a calendar load move
 * `dueDate`, a 退回交办 sets `status`. What is read instead, all written once:
 * - reports: HandlingReport rows (assignment, submittedAt); an assist assignment's 协办意见:
 *   AssistOpinion rows;
 * - send-backs: the events reject_report, send_back_reply and return_for_revision (the event log
 *   refuses UPDATE and DELETE), each naming the report sent back and the due date it set;
 * - the due date: `originalDueDate` (the date at creation, never changed), then each change from
 *   the moment it was made, in the order the event log wrote them: extensions granted
 *   (`decide_extension`, its request naming the assignment), the send-backs' `newDueDate`,
 *   `due_date_recomputed` (calendar loads);
 * - 退回交办: `returnedAt` (set once; a returned assignment never becomes active again).
 *
 * No column of its own: the event log already holds the history, as the calendar recount reads it
 * (calendar/recompute-due-dates.ts), and the bulletin reads no more than the assignments it counts.
 * tests/workflow-bulletin-asof.test.ts checks that, read at the present, these records give the
 * row as it is (due date, first report, returned), so a new step that moves one of them without
 * a record of its own is found.
 */
import type { Db } from '../store/index.js';

/** The steps that send a unit's report back to be done again (review-report.ts, decide-reply.ts, return-reply-for-revision.ts). */
export const sendBackEvents = ['reject_report', 'send_back_reply', 'return_for_revision'];
/** The event a calendar load writes for each due date it recounts (calendar/recompute-due-dates.ts). */
const recountEvent = 'due_date_recomputed';
/** The event of the supervision office's answer to an extension request (cases/decide-extension.ts). */
const extensionEvent = 'decide_extension';

/** What the judgement needs of an assignment row: the fields later steps leave as they were. */
export interface AssignmentRecord {
  id: string;
  caseId: string;
  role: string;
  originalDueDate: string;
  returnedAt: Date | null;
}

/** An assignment's history, each entry with the instant it happened. */
export interface AssignmentHistory {
  originalDueDate: string;
  returnedAt: Date | null;
  /** Each change of the due date, in the order made: the date in force from `at` on. */
  dueDateChanges: { at: Date; dueDate: string }[];
  /** The lead unit's reports, or the assisting unit's 协办意见. */
  reports: { id: string; at: Date }[];
  /**
   * Reports sent back. `reopened`: the send-back made the unit do the work again with a new due
   * date (every send-back since redo-deadline.ts; one recorded before, without `newDueDate`, left
   * the report standing, as the bulletin then read it).
   */
  sendBacks: { at: Date; reportId: string; reopened: boolean }[];
}

/** How an assignment stood at an instant. */
export interface AssignmentAsOf {
  /** Returned by its unit (退回交办) before the instant. */
  returned: boolean;
  /**
   * The first report on the work owed at the instant (since the assignment, or since the last
   * send-back that reopened it), submitted before the instant; null while that work was owed.
   */
  reportedAt: Date | null;
  /** The due date in force when that report was submitted (it was on time when its China date is on or before). */
  dueDateAtReport: string | null;
  /** The due date in force at the instant. */
  dueDate: string;
}

/** The due date in force at `at`: the last change made before it (with `inclusive`, or at that very instant). */
function dueDateAt(history: AssignmentHistory, at: Date, inclusive: boolean): string {
  let dueDate = history.originalDueDate;
  for (const change of history.dueDateChanges) {
    if (inclusive ? change.at <= at : change.at < at) dueDate = change.dueDate;
  }
  return dueDate;
}

/** How an assignment stood at `at`, from its history alone. Pure. */
export function assignmentAsOf(history: AssignmentHistory, at: Date): AssignmentAsOf {
  const returned = history.returnedAt !== null && history.returnedAt < at;
  const sentBack = new Set(history.sendBacks.filter((s) => s.reopened).map((s) => s.reportId));
  // Reports follow one another (a unit reports again only after a send-back), so by submission
  // time; at the same instant, the one sent back came first.
  const reports = history.reports
    .filter((r) => r.at < at)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || Number(sentBack.has(b.id)) - Number(sentBack.has(a.id)));
  let roundStart = 0;
  for (const s of history.sendBacks) {
    if (!s.reopened || s.at >= at) continue;
    const i = reports.findIndex((r) => r.id === s.reportId);
    if (i + 1 > roundStart) roundStart = i + 1;
  }
  const report = reports[roundStart] ?? null;
  return {
    returned,
    reportedAt: report?.at ?? null,
    dueDateAtReport: report ? dueDateAt(history, report.at, true) : null,
    dueDate: dueDateAt(history, at, false),
  };
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Reads the histories of the assignments up to `at` (nothing later is read). */
export async function loadAssignmentHistories(db: Db, assignments: readonly AssignmentRecord[], at: Date): Promise<Map<string, AssignmentHistory>> {
  const histories = new Map<string, AssignmentHistory>(
    assignments.map((a) => [a.id, { originalDueDate: a.originalDueDate, returnedAt: a.returnedAt, dueDateChanges: [], reports: [], sendBacks: [] }]),
  );
  if (assignments.length === 0) return histories;
  const leadIds = assignments.filter((a) => a.role !== 'assist').map((a) => a.id);
  const assistIds = assignments.filter((a) => a.role === 'assist').map((a) => a.id);
  const caseIds = [...new Set(assignments.map((a) => a.caseId))];
  const leadCaseIds = [...new Set(assignments.filter((a) => a.role !== 'assist').map((a) => a.caseId))];
  // Reports and extension requests by case (indexed), then kept for the assignments asked about.
  const [reports, opinions, requests, events] = await Promise.all([
    leadIds.length ? db.handlingReport.findMany({ where: { caseId: { in: leadCaseIds }, submittedAt: { lt: at } }, select: { id: true, assignmentId: true, submittedAt: true } }) : [],
    assistIds.length ? db.assistOpinion.findMany({ where: { assignmentId: { in: assistIds }, submittedAt: { lt: at } }, select: { id: true, assignmentId: true, submittedAt: true } }) : [],
    leadIds.length ? db.extensionRequest.findMany({ where: { caseId: { in: leadCaseIds }, decision: 'approved' }, select: { id: true, assignmentId: true } }) : [],
    // In id order, the order they were written: a due date's changes replay as they were made.
    db.event.findMany({
      where: { caseId: { in: caseIds }, type: { in: [...sendBackEvents, recountEvent, extensionEvent] }, at: { lt: at } },
      select: { type: true, data: true, at: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  const assignmentOfReport = new Map<string, string>();
  for (const r of [...reports, ...opinions]) {
    const history = histories.get(r.assignmentId);
    if (!history) continue;
    history.reports.push({ id: r.id, at: r.submittedAt });
    assignmentOfReport.set(r.id, r.assignmentId);
  }
  const assignmentOfRequest = new Map(requests.map((r) => [r.id, r.assignmentId]));
  for (const e of events) {
    const data = record(e.data);
    if (e.type === recountEvent || e.type === extensionEvent) {
      const assignmentId = e.type === recountEvent ? data.assignmentId : typeof data.requestId === 'string' ? assignmentOfRequest.get(data.requestId) : undefined;
      // A rejected request has no approved ExtensionRequest row, so no assignment here.
      if (typeof assignmentId === 'string' && typeof data.dueDate === 'string') histories.get(assignmentId)?.dueDateChanges.push({ at: e.at, dueDate: data.dueDate });
      continue;
    }
    const assignmentId = typeof data.reportId === 'string' ? assignmentOfReport.get(data.reportId) : undefined;
    const history = assignmentId ? histories.get(assignmentId) : undefined;
    if (!history || typeof data.reportId !== 'string') continue;
    const reopened = typeof data.newDueDate === 'string';
    history.sendBacks.push({ at: e.at, reportId: data.reportId, reopened });
    if (reopened) history.dueDateChanges.push({ at: e.at, dueDate: data.newDueDate as string });
  }
  return histories;
}

/** How each assignment stood at `at`, by id. */
export async function assignmentsAsOf(db: Db, assignments: readonly AssignmentRecord[], at: Date): Promise<Map<string, AssignmentAsOf>> {
  const histories = await loadAssignmentHistories(db, assignments, at);
  return new Map([...histories].map(([id, history]) => [id, assignmentAsOf(history, at)]));
}

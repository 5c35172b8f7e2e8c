/**
 * The periodic deadline scan the pipeline's scheduler calls. Idempotent: an alert is recorded once
 * per assignment, kind and due date (a unique key), an escalation once per case; calling it again
 * at the same time changes nothing.
 *
 * - due_soon: the unit has not reported and the due date is today or within `dueSoonWorkingDays`
 *   working days;
 * - overdue: the due date has passed (China date) and the unit has not reported;
 * - escalation to special supervision (专项督查, 第四条㈥): cases a leader marked, with many
 *   reporters (reporterCount >= threshold: distinct writers, from de-duplication; or a case of a
 *   hot issue whose standing cases together have that many writers: people raising the same
 *   concern in different words are 群众反映较多 too) or of high impact, when the unit
 *   missed the deadline or returned the case repeatedly (推诿不办) — or always, with
 *   `escalateOn: 'always'`.
 *
 * All of this is the lead unit's (主办). An assisting unit (协办) whose 协办意见 is still owed gets
 * the same due_soon and overdue alerts on its own assignment (the ordinary reminder), and nothing
 * more: its lateness neither makes the case overdue nor escalates it.
 */
import type { Db } from '../store/index.js';
import { appendEvent } from '../events/append-event.js';
import { systemActor } from '../users/actor.js';
import { lockCase, runCaseStep, transactionOptions } from '../cases/case-transaction.js';
import { findTransition } from '../cases/state-machine.js';
import { getWorkCalendar } from '../calendar/load-calendar-days.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { countHotIssueReporters } from '../cases/count-reporters.js';

/** Reporters (distinct writers of its messages) from which a case counts as 群众反映较多 (第四条㈥) unless configured (MINSHENG_REPORTER_THRESHOLD). */
export const defaultReporterThreshold = 5;

export interface ScanDeadlinesOptions {
  /** @default new Date() */
  now?: Date | undefined;
  /** Cases with at least this many reporters (distinct writers) count as 群众反映较多. @default 5 */
  reporterThreshold?: number | undefined;
  /** Alert this many working days ahead (0 = only on the due date). @default 1 */
  dueSoonWorkingDays?: number | undefined;
  /** Returns of one case that count as 推诿. @default 2 */
  returnsThreshold?: number | undefined;
  /** @default 'missed_deadline' */
  escalateOn?: 'missed_deadline' | 'always' | undefined;
}

export interface ScanDeadlinesResult {
  today: string;
  dueSoon: string[];
  overdue: string[];
  escalated: string[];
  /** Cases with a 协办 assignment that got a due_soon / overdue reminder in this scan. */
  assistDueSoon: string[];
  assistOverdue: string[];
}

export type EscalationReason = 'leader_marked' | 'many_reporters' | 'high_impact';

const handlingStates = ['registered', 'proposed', 'approved', 'assigned', 'returned', 'reported', 'reviewed', 'reply_approved'];

async function recordAlert(db: Db, caseId: string, assignmentId: string, kind: 'due_soon' | 'overdue', dueDate: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const c = await lockCase(tx, caseId);
    if (c.archivedAt || c.state !== 'assigned') return false;
    findTransition(c.state, 'record_alert', systemActor, c);
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "DeadlineAlert" ("id", "caseId", "assignmentId", "kind", "dueDate", "createdAt")
      VALUES (gen_random_uuid()::text, ${caseId}, ${assignmentId}, ${kind}, ${dueDate}, ${now})
      ON CONFLICT ("assignmentId", "kind", "dueDate") DO NOTHING RETURNING "id"`;
    if (inserted.length === 0) return false;
    await appendEvent(tx, { caseId, type: 'record_alert', actor: systemActor.username, role: systemActor.role, data: { kind, dueDate, assignmentId } });
    return true;
  }, transactionOptions);
}

export async function scanDeadlines(db: Db, options: ScanDeadlinesOptions = {}): Promise<ScanDeadlinesResult> {
  const now = options.now ?? new Date();
  const today = chinaDate(now);
  const ahead = options.dueSoonWorkingDays ?? 1;
  const calendar = await getWorkCalendar(db);
  const result: ScanDeadlinesResult = { today, dueSoon: [], overdue: [], escalated: [], assistDueSoon: [], assistOverdue: [] };

  const open = await db.assignment.findMany({
    where: { status: 'active', firstReportedAt: null, case: { state: 'assigned', archivedAt: null } },
    select: { id: true, caseId: true, dueDate: true, role: true, alerts: { select: { kind: true, dueDate: true } } },
  });
  const overdueCases = new Set<string>();
  // Alerts already recorded are skipped here; the unique key settles races with another scanner.
  const recorded = (a: (typeof open)[number], kind: string) => a.alerts.some((x) => x.kind === kind && x.dueDate === a.dueDate);
  for (const a of open) {
    const lead = a.role !== 'assist';
    if (today > a.dueDate) {
      if (lead) overdueCases.add(a.caseId);
      if (!recorded(a, 'overdue') && (await recordAlert(db, a.caseId, a.id, 'overdue', a.dueDate, now))) (lead ? result.overdue : result.assistOverdue).push(a.caseId);
    } else if (calendar.workingDaysBetween(today, a.dueDate) <= ahead) {
      if (!recorded(a, 'due_soon') && (await recordAlert(db, a.caseId, a.id, 'due_soon', a.dueDate, now))) (lead ? result.dueSoon : result.assistDueSoon).push(a.caseId);
    }
  }

  const threshold = options.reporterThreshold ?? defaultReporterThreshold;
  const inHand = { escalated: false, archivedAt: null, state: { in: handlingStates } };
  // Hot issues of open cases that, over all their standing cases, many people raised.
  const openKeys = (await db.case.findMany({ where: { ...inHand, hotIssueKey: { not: null } }, select: { hotIssueKey: true }, distinct: ['hotIssueKey'] })).map((c) => c.hotIssueKey!);
  const groupWriters = await countHotIssueReporters(db, openKeys);
  const hotKeys = openKeys.filter((k) => (groupWriters.get(k) ?? 0) >= threshold);
  const labels = new Map((hotKeys.length ? await db.hotIssue.findMany({ where: { key: { in: hotKeys } }, select: { key: true, label: true } }) : []).map((h) => [h.key, h.label]));
  const candidates = await db.case.findMany({
    where: {
      ...inHand,
      OR: [{ leaderMarked: true }, { highImpact: true }, { reporterCount: { gte: threshold } }, ...(hotKeys.length ? [{ hotIssueKey: { in: hotKeys } }] : [])],
    },
    select: { id: true, leaderMarked: true, highImpact: true, reporterCount: true, hotIssueKey: true },
  });
  for (const c of candidates) {
    const reasons: EscalationReason[] = [];
    if (c.leaderMarked) reasons.push('leader_marked');
    // The case's own writers first; otherwise its hot issue's, named in the record.
    const viaGroup = c.reporterCount < threshold && c.hotIssueKey !== null && hotKeys.includes(c.hotIssueKey);
    if (c.reporterCount >= threshold || viaGroup) reasons.push('many_reporters');
    if (c.highImpact) reasons.push('high_impact');
    let trigger: 'overdue' | 'returned_repeatedly' | 'always' | null = null;
    if (overdueCases.has(c.id)) trigger = 'overdue';
    else if ((await db.assignment.count({ where: { caseId: c.id, status: 'returned', role: 'lead' } })) >= (options.returnsThreshold ?? 2)) trigger = 'returned_repeatedly';
    else if (options.escalateOn === 'always') trigger = 'always';
    if (!trigger) continue;
    const hotIssue = viaGroup ? { key: c.hotIssueKey!, label: labels.get(c.hotIssueKey!) ?? c.hotIssueKey!, reporters: groupWriters.get(c.hotIssueKey!)! } : undefined;
    if (await escalateCase(db, c.id, reasons, trigger, now, hotIssue)) result.escalated.push(c.id);
  }
  return result;
}

const reasonNames: Record<EscalationReason, string> = { leader_marked: '领导重点批示', many_reporters: '群众反映较多', high_impact: '影响较大' };
const triggerNames = { overdue: '承办单位未按时办理', returned_repeatedly: '承办单位多次退回（推诿）', always: '重点件' } as const;

/** A hot issue that made a case 群众反映较多: its key, label and writers over its standing cases. */
type EscalatingHotIssue = { key: string; label: string; reporters: number };

/** Escalates one case to special supervision, once (re-checked under the row lock). */
async function escalateCase(db: Db, caseId: string, reasons: EscalationReason[], trigger: keyof typeof triggerNames, now: Date, hotIssue?: EscalatingHotIssue): Promise<boolean> {
  const already = await db.case.findUnique({ where: { id: caseId }, select: { escalated: true } });
  if (!already || already.escalated) return false;
  return runCaseStep(db, { caseId, action: 'escalate', actor: systemActor, now }, async ({ tx, case: c }) => {
    if (c.escalated) return { result: false };
    const named = reasons.map((r) => (r === 'many_reporters' && hotIssue ? `${reasonNames[r]}（同一热点问题“${hotIssue.label}”共 ${hotIssue.reporters} 人反映）` : reasonNames[r]));
    const note = `转为专项督查：${named.join('、')}；${triggerNames[trigger]}。由区政府督查室牵头专项督促检查。`;
    await tx.supervisionRecord.create({ data: { caseId, kind: 'special', note, actor: systemActor.username, at: now } });
    const why = { reasons, trigger, ...(hotIssue ? { hotIssue } : {}) };
    return {
      data: { escalated: true, escalatedAt: now, escalationReasons: why },
      event: why,
      result: true,
    };
  });
}

/**
 * The case page's data (workflow getCase) as the `cases` commands read it, whichever way (the store
 * or the running main job's API): JSON, so dates are ISO strings. Only the fields the commands use.
 */
import { beijingClock } from '../../core/index.js';
import { printable } from '../terminal-text.js';

export interface ShownAssignment {
  id: string;
  unitId: string;
  /** lead (主办) or assist (协办). */
  role: string;
  /** active, returned or done. */
  status: string;
  assignedAt: string;
  assignedBy: string;
  workingDays: number;
  dueDate: string;
  originalDueDate: string;
  returnReason: string | null;
  /** What it stands at, as the case page's badge says it (workflow/cases/assignment-status.ts). */
  statusName: string;
}

export interface ShownReport {
  id: string;
  assignmentId: string;
  unitId: string;
  status: string;
  text: string;
  submittedAt: string;
  submittedBy: string;
  /** The pre-publication checks: a ReplyCheckResult, or (older rows) its findings alone. */
  findings: unknown;
  reviewText: string | null;
  reviewNote: string | null;
  approvalNote: string | null;
  publishedText: string | null;
  /** How it was published: egov_reply (online) or upper_report (the 专报); null before. */
  publishChannel?: string | null;
}

export interface ShownCase {
  id: string;
  ledgerNo: string;
  title: string;
  state: string;
  stateName: string;
  /** The case's channel: a forwarded item's reply is the 专报's 办理情况, any other's goes online. */
  channel: string;
  category: string;
  categoryConfirmed: boolean;
  complexity: string;
  urgency: string;
  outOfScope: boolean;
  /** The suggestion the case shows while awaiting review (workflow stale-page.ts): what 登记 and 不予受理 name. */
  suggestionKey: string;
  reporterCount: number;
  dueDate: string | null;
  daysLeft: number | null;
  /** 逾期报送: working days the report on the 交办 in force came late; null when on time or none. */
  reportedLateDays: number | null;
  archivedAt: string | null;
  archiveVolume: string | null;
  primaryMessageId: string | null;
  unit: { id: string; name: string } | null;
  handlingUnits: {
    lead: { unitId: string; unit: string; assignmentId: string; status: string; dueDate: string } | null;
    assists: { unitId: string; unit: string; status: string; submittedAt: string | null }[];
  };
  messages: {
    id: string;
    sourceId: string;
    channel: string;
    author: string | null;
    title: string;
    content: string;
    postedAt: string | null;
    /** When it reached the store: the time shown for a letter entered without its 留言时间. */
    firstSeenAt: string;
    url: string | null;
    classification: unknown;
    /** What the crawler saw the site change after the message was first collected. */
    changes: { field: string; oldValue: string | null; newValue: string | null; changedAt: string; removedFromSite: boolean; note?: string | null }[];
    /** A 转办单's facts (转办层级 originLevel, 转办编号 forwardNo, 上级办理时限) on an item forwarded from above; null otherwise. */
    forwarding?: { originLevel?: unknown; forwardNo?: unknown; upperDeadline?: unknown } | null;
  }[];
  proposals: { id: string; unitId: string; unitName: string; assistUnitIds: string[]; assistUnits: { unitId: string; unit: string }[]; complexity: string; decision: string; opinion: string; proposedAt: string; proposedBy: string; decisionNote: string | null }[];
  assignments: ShownAssignment[];
  extensions: { id: string; requestedAt: string; requestedBy: string; requestedDays: number; reason: string; progress: string; decision: string; grantedDays: number | null; newDueDate: string | null; answer: string | null; decidedBy: string | null; decidedAt: string | null }[];
  reports: ShownReport[];
  supervisions: { at: string; actor: string; kind: string; note: string }[];
  visits: { visitedAt: string; visitedBy: string; method: string; satisfaction: string; note: string | null }[];
  events: { at: string; actor: string; type: string; data: unknown; messageId?: string | null }[];
  actorNames: Record<string, string>;
  /** The steps the reader may take now (getCase allowedActions: path steps, marks and corrections). */
  allowedActions: string[];
  /** An assisting unit's reader may submit its 协办意见 now (getCase). */
  canSubmitAssistOpinion: boolean;
  /**
   * 协办意见 as the reader is shown them (getCase): every one for the lead unit and 督查室, an
   * assisting unit's own for it, none for the other offices and the administrator.
   */
  assistOpinions: { id: string; unitId: string; unit: string; text: string; submittedAt: string; submittedBy: string }[];
  /** Who takes the case on next and with which steps (getCase nextSteps), for a reader with no step of the path (empty for one who has). */
  nextSteps: { who: string; steps: string[] }[];
}

/** Beijing time to the minute, as the console's pages show times. */
export const atMinute = (iso: string | null | undefined) => (iso ? beijingClock(Date.parse(iso)).slice(0, 16) : '—');

/** An account as staff read it (区政府办（office）), from the case's actorNames. */
export const who = (c: ShownCase, username: string) => printable(c.actorNames[username] ?? username);

/** A unit's name as the case names it (主办, 协办, a proposal's or the suggestion), else its id. */
export function unitNameOf(c: ShownCase, unitId: string): string {
  const hu = c.handlingUnits;
  if (hu.lead?.unitId === unitId) return hu.lead.unit;
  const named = hu.assists.find((a) => a.unitId === unitId)?.unit ?? c.proposals.find((p) => p.unitId === unitId)?.unitName ?? c.proposals.flatMap((p) => p.assistUnits).find((u) => u.unitId === unitId)?.unit;
  return named ?? (c.unit?.id === unitId ? c.unit.name : unitId);
}

/**
 * What staff decided on each reviewed case, beside what the classifier suggested for its first
 * message (Message.classification, as given), each decision dated by the event log or the row
 * that records it. Read by suggestion-agreement.ts; no figures here.
 *
 * Which cases: none merged into another case (its messages count in the case they joined) and none
 * awaiting review (not decided yet, or re-opened and not decided again). A case's verdict on
 * 不予受理 is its latest decision event: `decide_not_accepted` (out of scope) or `register` (in
 * scope), so a re-opened and registered case counts as registered. Its category, complexity and
 * urgency count once staff registered it (categoryConfirmed), dated by its latest `register`.
 */
import type { Db } from '../store/index.js';
import { readSuggestion, type SuggestionView } from '../console-queries/suggestion.js';

export interface DatedDecision<T> {
  decided: T;
  at: Date;
}

export interface ReviewedCase {
  caseId: string;
  /** The suggestion for the case's first message; null when it was never classified. */
  suggestion: SuggestionView | null;
  /** Set once staff registered the case (categoryConfirmed). */
  category?: DatedDecision<string> | undefined;
  complexity?: DatedDecision<string> | undefined;
  urgency?: DatedDecision<string> | undefined;
  /** The latest 不予受理 decision: out of scope or not, and the reason codes decided. */
  outOfScope?: DatedDecision<{ outOfScope: boolean; reasons: string[] }> | undefined;
  /** The unit the case was last assigned to (交办; a re-opening after a dissatisfied visit is none), or else proposed to (拟办, not rejected). */
  unit?: DatedDecision<string> | undefined;
}

/** Pipeline links, and staff's corrections of de-duplication (split-copy.ts, merge-cases.ts). */
export interface DuplicateDecisions {
  /** Messages the pipeline linked to an earlier one as copies (`duplicate_linked`), with when. */
  links: { messageId: string; at: Date }[];
  /** Messages staff split off as wrongly linked (Correction duplicateOf → 'none'), with when. */
  splits: { messageId: string; at: Date }[];
  /** Cases staff merged into the case they copy (a copy the pipeline missed), with when. */
  merges: { messageId: string; at: Date }[];
}

/** Lists of ids in IN (...) stay well under PostgreSQL's limit of bound parameters. */
const chunkSize = 5000;

async function inChunks<T>(ids: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += chunkSize) out.push(...(await read(ids.slice(i, i + chunkSize))));
  return out;
}

const reasonCodes = (data: unknown): string[] => {
  const reasons = (data as { reasons?: unknown } | null)?.reasons;
  return Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [];
};

/** Every case staff decided on, with its suggestion and dated decisions; see the module comment. */
export async function readReviewedCases(db: Db): Promise<ReviewedCase[]> {
  const cases = await db.case.findMany({
    where: { state: { notIn: ['merged', 'awaiting_review'] } },
    select: { id: true, primaryMessageId: true, category: true, categoryConfirmed: true, urgency: true },
    orderBy: { createdAt: 'asc' },
  });
  const ids = cases.map((c) => c.id);
  const [messages, events, corrections, assignments, proposals, units] = await Promise.all([
    inChunks(cases.map((c) => c.primaryMessageId), (chunk) => db.message.findMany({ where: { id: { in: chunk } }, select: { id: true, classification: true } })),
    inChunks(ids, (chunk) =>
      db.event.findMany({ where: { caseId: { in: chunk }, type: { in: ['register', 'decide_not_accepted'] } }, select: { caseId: true, type: true, data: true, at: true }, orderBy: { id: 'asc' } }),
    ),
    inChunks(ids, (chunk) =>
      db.correction.findMany({ where: { caseId: { in: chunk }, field: { in: ['complexity', 'urgency'] } }, select: { caseId: true, field: true, corrected: true }, orderBy: { id: 'asc' } }),
    ),
    // The lead unit's (主办): assisting units (协办) are handed the case at the same moment but are not the unit decided.
    // A re-opening after a dissatisfied visit goes back to the same unit by itself: no decision, so not the date of one.
    inChunks(ids, (chunk) =>
      db.assignment.findMany({ where: { caseId: { in: chunk }, role: 'lead', reason: { not: 'reopened' } }, select: { caseId: true, unitId: true, assignedAt: true }, orderBy: { assignedAt: 'asc' } }),
    ),
    inChunks(ids, (chunk) =>
      db.proposal.findMany({ where: { caseId: { in: chunk }, decision: { not: 'rejected' } }, select: { caseId: true, unitId: true, proposedAt: true }, orderBy: { proposedAt: 'asc' } }),
    ),
    db.unit.findMany({ select: { id: true, name: true } }),
  ]);
  const suggestionOf = new Map(messages.map((m) => [m.id, readSuggestion(m.classification)]));
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  // Rows come oldest first: the last one seen per case is the latest.
  const lastRegister = new Map<string, Date>();
  const lastDecision = new Map<string, (typeof events)[number]>();
  for (const e of events) {
    if (!e.caseId) continue;
    lastDecision.set(e.caseId, e);
    if (e.type === 'register') lastRegister.set(e.caseId, e.at);
  }
  const corrected = new Map<string, string>();
  for (const c of corrections) corrected.set(`${c.caseId}:${c.field}`, c.corrected);
  const unitDecision = new Map<string, DatedDecision<string>>();
  for (const p of proposals) unitDecision.set(p.caseId, { decided: unitName.get(p.unitId) ?? p.unitId, at: p.proposedAt });
  // An assignment outranks any proposal: the unit that was handed the case.
  const assigned = new Map<string, DatedDecision<string>>();
  for (const a of assignments) assigned.set(a.caseId, { decided: unitName.get(a.unitId) ?? a.unitId, at: a.assignedAt });
  for (const [caseId, d] of assigned) unitDecision.set(caseId, d);

  return cases.map((c): ReviewedCase => {
    const suggestion = suggestionOf.get(c.primaryMessageId) ?? null;
    const registeredAt = c.categoryConfirmed ? lastRegister.get(c.id) : undefined;
    const decision = lastDecision.get(c.id);
    // Staff set complexity and urgency when registering; a value they did not change is the suggestion kept.
    const kept = (field: 'complexity' | 'urgency', suggested: string | null) => {
      const value = corrected.get(`${c.id}:${field}`) ?? suggested;
      return registeredAt && value ? { decided: value, at: registeredAt } : undefined;
    };
    return {
      caseId: c.id,
      suggestion,
      category: registeredAt ? { decided: c.category, at: registeredAt } : undefined,
      complexity: kept('complexity', suggestion?.complexity.value ?? null),
      urgency: kept('urgency', suggestion?.urgency.value ?? null),
      outOfScope: decision ? { decided: { outOfScope: decision.type === 'decide_not_accepted', reasons: decision.type === 'decide_not_accepted' ? reasonCodes(decision.data) : [] }, at: decision.at } : undefined,
      unit: unitDecision.get(c.id),
    };
  });
}

/** The pipeline's duplicate links and staff's splits and merges; see DuplicateDecisions. */
export async function readDuplicateDecisions(db: Db): Promise<DuplicateDecisions> {
  const [links, corrections] = await Promise.all([
    db.event.findMany({ where: { type: 'duplicate_linked' }, select: { messageId: true, at: true } }),
    db.correction.findMany({ where: { field: 'duplicateOf' }, select: { messageId: true, corrected: true, at: true } }),
  ]);
  return {
    links: links.flatMap((l) => (l.messageId ? [{ messageId: l.messageId, at: l.at }] : [])),
    splits: corrections.filter((c) => c.corrected === 'none').map((c) => ({ messageId: c.messageId, at: c.at })),
    merges: corrections.filter((c) => c.corrected !== 'none').map((c) => ({ messageId: c.messageId, at: c.at })),
  };
}

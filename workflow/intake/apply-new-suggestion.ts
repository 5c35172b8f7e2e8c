/**
 * A new model's suggestion for a case still awaiting review (待审核分类): each message's stored
 * suggestion is replaced, and the case's suggested fields (category, 不予受理 flag and reasons,
 * complexity, urgency, unit) are set as registration would have set them from the case's first
 * message (cases/open-case.ts suggestedCaseFields), with an event `suggestion_updated` naming the
 * old and new model and what changed.
 *
 * Staff decisions are never touched: a case that left 待审核分类 is skipped (its row is locked and
 * its state re-read in the transaction, so a case staff register at the same moment keeps their
 * decision), and on a case back in the queue (重新受理 after 不予受理) the fields staff decided
 * before stay as they are (see decidedFields). Idempotent: a suggestion equal to the stored one
 * writes nothing and records no event.
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { BadInputError, NotFoundError, categories, complexities, outOfScopeReasons, urgencies } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { lockCase, transactionOptions, type CaseRow, type Tx } from '../cases/case-transaction.js';
import { suggestedCaseFields, type SuggestedCaseFields } from '../cases/open-case.js';
import { appendEvent } from '../events/append-event.js';
import type { Actor } from '../users/actor.js';
import type { SuggestionForLedger } from './register-message.js';

/**
 * What is stored as a message's suggestion: the classifier's Classification (other keys, such as
 * probabilities and explanation, are kept as given). Checked here, as the suggestion may come over HTTP.
 */
export const storedSuggestionSchema = z.looseObject({
  category: z.enum(categories),
  confidence: z.number().min(0).max(1),
  outOfScope: z.looseObject({ flagged: z.boolean(), reasons: z.array(z.looseObject({ code: z.enum(outOfScopeReasons), evidence: z.array(z.string()) })) }),
  complexity: z.looseObject({ value: z.enum(complexities) }),
  urgency: z.looseObject({ value: z.enum(urgencies) }),
  unit: z.looseObject({ value: z.string().nullable() }),
  modelVersion: z.string().min(1),
});
export type StoredSuggestion = z.infer<typeof storedSuggestionSchema>;
/** A new suggestion as the classifier gives it (checked against storedSuggestionSchema before it is stored). */
export type NewSuggestion = SuggestionForLedger & { modelVersion: string };

/** The case fields a suggestion sets; 不予受理 reasons are compared by their codes. */
export const suggestedFields = ['category', 'outOfScope', 'outOfScopeReasons', 'complexity', 'urgency', 'unit'] as const;
export type SuggestedField = (typeof suggestedFields)[number];

export interface CaseSuggestions {
  caseId: string;
  /** The new suggestion of each message of the case (messages not listed keep theirs). */
  suggestions: { messageId: string; classification: NewSuggestion }[];
}

export interface FieldChange {
  before: unknown;
  after: unknown;
}

export interface CaseReclassification {
  caseId: string;
  ledgerNo: string;
  /**
   * changed: a stored suggestion changed (written, or with dryRun would be); unchanged: the new
   * model suggests what is stored; skipped: the case left 待审核分类 (staff decided it meanwhile).
   */
  outcome: 'changed' | 'unchanged' | 'skipped';
  /** The case fields that change, old → new (units by name). */
  changes: Partial<Record<SuggestedField, FieldChange>>;
  /** Fields the new model would change but staff decided before (kept as they are). */
  keptDecisions: SuggestedField[];
  /** Messages whose stored suggestion changes. */
  updatedMessages: number;
  /** The state found, when skipped. */
  state?: string;
}

export interface ApplyNewSuggestionInput extends CaseSuggestions {
  actor: Actor;
  /** Report what would change, write nothing. @default false */
  dryRun?: boolean | undefined;
}

/**
 * Applies one case's new suggestions; see the module comment. The case is read first without a
 * lock: an unchanged case (a second run) or a dry run writes nothing and takes no lock; a change
 * is planned again on the locked row and written in one transaction.
 */
export async function applyNewSuggestion(db: Db, input: ApplyNewSuggestionInput): Promise<CaseReclassification> {
  const prepared = await prepareCase(db, input);
  if ('done' in prepared) return prepared.done;
  return db.$transaction((tx) => writeCase(tx, input, prepared.suggestions), transactionOptions);
}

/**
 * Applies the new suggestions of several cases as applyNewSuggestion does each, with the changes
 * of all of them written in one transaction: one commit (and one wait for the disk) instead of
 * one per case, which is what a long review queue spends most of its time on. Each case is still
 * locked, re-checked and planned again inside it, in the order given (the caller's id order, so
 * two runs lock in the same order). The batch is all or nothing: a crash or an error leaves none
 * of it written, and the next run finds those cases unchanged as before. A batch the database
 * refuses as a whole (a deadlock with a staff step that locks two cases, as a merge does) is
 * applied again one case per transaction, where an error names its case.
 */
export async function applyNewSuggestionBatch(db: Db, inputs: ApplyNewSuggestionInput[]): Promise<CaseReclassification[]> {
  const results: (CaseReclassification | undefined)[] = [];
  const pending: { index: number; input: ApplyNewSuggestionInput; suggestions: ParsedSuggestions }[] = [];
  for (const [index, input] of inputs.entries()) {
    const prepared = await prepareCase(db, input);
    if ('done' in prepared) results[index] = prepared.done;
    else pending.push({ index, input, suggestions: prepared.suggestions });
  }
  if (pending.length > 0) {
    let written: CaseReclassification[];
    try {
      written = await db.$transaction(async (tx) => {
        const out: CaseReclassification[] = [];
        for (const p of pending) out.push(await writeCase(tx, p.input, p.suggestions));
        return out;
      }, transactionOptions);
    } catch {
      written = [];
      for (const p of pending) written.push(await db.$transaction((tx) => writeCase(tx, p.input, p.suggestions), transactionOptions));
    }
    pending.forEach((p, i) => (results[p.index] = written[i]));
  }
  return results as CaseReclassification[];
}

type ParsedSuggestions = { messageId: string; classification: StoredSuggestion }[];

/** Checks the suggestions and plans on the case read without a lock: `done` when nothing is to be written (skipped, unchanged, dry run). */
async function prepareCase(db: Db, input: ApplyNewSuggestionInput): Promise<{ done: CaseReclassification } | { suggestions: ParsedSuggestions }> {
  const suggestions = input.suggestions.map((s) => {
    const parsed = storedSuggestionSchema.safeParse(s.classification);
    if (!parsed.success) throw new BadInputError(`留言 ${s.messageId} 的分类建议格式不对：${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
    // As the store gives it back (no undefined keys), so an unchanged suggestion compares equal.
    return { messageId: s.messageId, classification: JSON.parse(JSON.stringify(parsed.data)) as StoredSuggestion };
  });
  const seen = await db.case.findUnique({ where: { id: input.caseId } });
  if (!seen) throw new NotFoundError(`案件不存在：${input.caseId}`);
  if (!awaitingReview(seen)) return { done: skipped(seen) };
  const first = await planChange(db, seen, suggestions);
  if (input.dryRun || !first.changes) return { done: result(seen, first) };
  return { suggestions };
}

/** Locks the case, re-checks and re-plans it, and writes the change with its event, in `tx`. */
async function writeCase(tx: Tx, input: ApplyNewSuggestionInput, suggestions: ParsedSuggestions): Promise<CaseReclassification> {
  const c = await lockCase(tx, input.caseId);
  if (!awaitingReview(c)) return skipped(c);
  const plan = await planChange(tx, c, suggestions);
  if (!plan.changes) return result(c, plan);
  for (const u of plan.updates) await tx.message.update({ where: { id: u.messageId }, data: { classification: u.classification as object } });
  if (Object.keys(plan.data).length > 0) {
    const { outOfScopeReasons: reasons, ...rest } = plan.data;
    await tx.case.update({ where: { id: c.id }, data: { ...rest, ...(reasons ? { outOfScopeReasons: reasons as object } : {}) } });
  }
  await appendEvent(tx, {
    caseId: c.id,
    type: 'suggestion_updated',
    actor: input.actor.username,
    role: input.actor.role,
    data: {
      modelVersion: plan.modelVersion,
      previousModelVersion: plan.previousModelVersion,
      changes: plan.fieldChanges,
      keptDecisions: plan.keptDecisions,
      updatedMessages: plan.updates.length,
    },
  });
  return result(c, plan);
}

const awaitingReview = (c: CaseRow) => c.state === 'awaiting_review' && !c.archivedAt;
const skipped = (c: CaseRow): CaseReclassification => ({ caseId: c.id, ledgerNo: c.ledgerNo, outcome: 'skipped', state: c.state, changes: {}, keptDecisions: [], updatedMessages: 0 });
const result = (c: CaseRow, plan: Plan): CaseReclassification => ({
  caseId: c.id,
  ledgerNo: c.ledgerNo,
  outcome: plan.changes ? 'changed' : 'unchanged',
  changes: plan.fieldChanges,
  keptDecisions: plan.keptDecisions,
  updatedMessages: plan.updates.length,
});

interface Plan {
  /** Whether anything is to be written. */
  changes: boolean;
  updates: { messageId: string; classification: StoredSuggestion }[];
  data: Partial<SuggestedCaseFields>;
  fieldChanges: CaseReclassification['changes'];
  keptDecisions: SuggestedField[];
  modelVersion: string | null;
  previousModelVersion: string | null;
}

/** What the new suggestions change on a case as it stands (read with `q`: the store or the case's transaction). */
async function planChange(q: Tx, c: CaseRow, suggestions: { messageId: string; classification: StoredSuggestion }[]): Promise<Plan> {
  const stored = await q.message.findMany({ where: { caseId: c.id }, select: { id: true, classification: true } });
  const byId = new Map(stored.map((m) => [m.id, m.classification]));
  const updates = suggestions.filter((s) => byId.has(s.messageId) && !isDeepStrictEqual(byId.get(s.messageId), s.classification));
  const primary = suggestions.find((s) => s.messageId === c.primaryMessageId)?.classification;
  const previous = byId.get(c.primaryMessageId) as { modelVersion?: unknown } | null | undefined;
  const plan: Plan = {
    changes: false,
    updates,
    data: {},
    fieldChanges: {},
    keptDecisions: [],
    modelVersion: primary?.modelVersion ?? suggestions[0]?.classification.modelVersion ?? null,
    previousModelVersion: typeof previous?.modelVersion === 'string' ? previous.modelVersion : null,
  };
  if (primary) {
    const next = await suggestedCaseFields(q, primary, c.category);
    const differing = differingFields(c, next);
    // Staff decisions are looked up only when the model disagrees with the case.
    const decided = differing.length > 0 ? await decidedFields(q, c) : new Set<SuggestedField>();
    const shown = differing.filter((f) => f !== 'outOfScopeReasons' || !sameCodes(c.outOfScopeReasons, next.outOfScopeReasons));
    plan.keptDecisions = shown.filter((f) => decided.has(f));
    plan.data = pick(next, differing.filter((f) => !decided.has(f)));
    for (const field of shown.filter((f) => !decided.has(f))) plan.fieldChanges[field] = await describeChange(q, c, next, field);
  }
  plan.changes = updates.length > 0 || Object.keys(plan.data).length > 0;
  return plan;
}

/**
 * The suggested fields staff have decided on a case back in the queue: the category, complexity and
 * urgency once confirmed at 登记; the 不予受理 flag and reasons once decided or re-opened; the unit
 * and complexity once proposed or assigned.
 */
async function decidedFields(tx: Tx, c: CaseRow): Promise<Set<SuggestedField>> {
  const decided = new Set<SuggestedField>();
  if (c.categoryConfirmed) ['category', 'complexity', 'urgency'].forEach((f) => decided.add(f as SuggestedField));
  const scopeDecisions = await tx.event.count({ where: { caseId: c.id, type: { in: ['decide_not_accepted', 'reopen'] } } });
  if (scopeDecisions > 0) ['outOfScope', 'outOfScopeReasons'].forEach((f) => decided.add(f as SuggestedField));
  const handled = (await tx.proposal.count({ where: { caseId: c.id } })) + (await tx.assignment.count({ where: { caseId: c.id } }));
  if (handled > 0) ['unit', 'complexity'].forEach((f) => decided.add(f as SuggestedField));
  return decided;
}

function differingFields(c: CaseRow, next: SuggestedCaseFields): SuggestedField[] {
  const out: SuggestedField[] = [];
  if (c.category !== next.category) out.push('category');
  if (c.outOfScope !== next.outOfScope) out.push('outOfScope');
  if (!isDeepStrictEqual(c.outOfScopeReasons ?? [], next.outOfScopeReasons)) out.push('outOfScopeReasons');
  if (c.complexity !== next.complexity) out.push('complexity');
  if (c.urgency !== next.urgency) out.push('urgency');
  if (c.unitId !== next.unitId) out.push('unit');
  return out;
}

function pick(next: SuggestedCaseFields, fields: SuggestedField[]): Partial<SuggestedCaseFields> {
  const data: Partial<SuggestedCaseFields> = {};
  for (const f of fields) {
    if (f === 'unit') data.unitId = next.unitId;
    else (data as Record<string, unknown>)[f] = next[f];
  }
  return data;
}

async function describeChange(tx: Tx, c: CaseRow, next: SuggestedCaseFields, field: SuggestedField): Promise<FieldChange> {
  if (field === 'outOfScopeReasons') return { before: codesOf(c.outOfScopeReasons), after: codesOf(next.outOfScopeReasons) };
  if (field !== 'unit') return { before: c[field], after: next[field] };
  const name = async (id: string | null) => (id ? ((await tx.unit.findUnique({ where: { id }, select: { name: true } }))?.name ?? null) : null);
  return { before: await name(c.unitId), after: await name(next.unitId) };
}

function codesOf(reasons: unknown): string[] {
  if (!Array.isArray(reasons)) return [];
  return reasons.map((r) => (r as { code?: unknown })?.code).filter((code): code is string => typeof code === 'string').sort();
}

function sameCodes(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(codesOf(a), codesOf(b));
}

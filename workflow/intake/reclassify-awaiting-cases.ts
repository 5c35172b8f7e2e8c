/**
 * Bulk re-classification (`minsheng reclassify`): after a new model is trained, the cases still
 * awaiting review (待审核分类) get its suggestions, as if they had arrived under it. Batches of
 * cases are read in id order, their messages classified by the caller's classifier, and each
 * batch's changes written in one transaction (apply-new-suggestion.ts applyNewSuggestionBatch:
 * staff decisions are never touched, a case decided meanwhile is skipped, an unchanged suggestion
 * writes nothing). A run stopped at any point has written whole batches only; the next run finds
 * them unchanged and carries on with the rest.
 *
 * The store is reached through a ReclassifyStore: the store itself (storeReclassifyPort), or a
 * running main job's API when it holds the embedded store (the CLI's), so the classifier is always
 * the caller's and the main job never loads a second model.
 */
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { applyNewSuggestionBatch, suggestedFields, type CaseReclassification, type CaseSuggestions, type NewSuggestion, type SuggestedField } from './apply-new-suggestion.js';

/** A case awaiting review and the text of each of its messages. */
export interface AwaitingCase {
  caseId: string;
  ledgerNo: string;
  messages: { id: string; title: string; content: string }[];
}

/** How the re-classification reads and writes the store (directly or through the main job). */
export interface ReclassifyStore {
  /** How many cases await review now. */
  countAwaiting(): Promise<number>;
  /** The next `limit` cases awaiting review with an id after `after` (null: from the first), in id order. */
  listAwaiting(after: string | null, limit: number): Promise<AwaitingCase[]>;
  apply(cases: CaseSuggestions[], dryRun: boolean): Promise<CaseReclassification[]>;
}

/** What re-classification needs of a classifier (classifier/'s Classifier satisfies it). */
export interface ReclassifyingClassifier {
  readonly version: string;
  classify(message: { title: string; content: string }): NewSuggestion;
}

export interface ReclassifyOptions {
  classifier: ReclassifyingClassifier;
  /** Report what would change, write nothing. @default false */
  dryRun?: boolean | undefined;
  /** Cases read and applied per round. @default 100 */
  batchSize?: number | undefined;
  /** Called after each batch with the cases examined so far and the count awaiting at the start. */
  onProgress?: ((examined: number, total: number) => void) | undefined;
}

export interface ReclassifySummary {
  modelVersion: string;
  dryRun: boolean;
  /** Cases awaiting review when the run started (cases registered or decided during the run make it differ from `examined`). */
  total: number;
  /** Cases the run examined: changed + unchanged + skipped. */
  examined: number;
  /** Cases whose stored suggestion changed (or would, with dryRun). */
  changed: number;
  unchanged: number;
  /** Cases staff decided between the read and the write: left as staff decided. */
  skipped: number;
  /** Changed cases per case field (a case counts once per field it changes). */
  fields: Record<SuggestedField, number>;
  /** Changed cases where only the confidences, probabilities or evidence changed. */
  detailsOnly: number;
  /** Cases where the new model disagreed with a field staff had decided before (kept). */
  keptDecisions: number;
  /** Each changed or skipped case. */
  cases: CaseReclassification[];
}

export const defaultReclassifyBatchSize = 100;

/** Re-classifies every case awaiting review; see the module comment. */
export async function reclassifyAwaitingCases(store: ReclassifyStore, options: ReclassifyOptions): Promise<ReclassifySummary> {
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? defaultReclassifyBatchSize;
  const summary: ReclassifySummary = {
    modelVersion: options.classifier.version,
    dryRun,
    total: await store.countAwaiting(),
    examined: 0,
    changed: 0,
    unchanged: 0,
    skipped: 0,
    fields: Object.fromEntries(suggestedFields.map((f) => [f, 0])) as Record<SuggestedField, number>,
    detailsOnly: 0,
    keptDecisions: 0,
    cases: [],
  };
  let after: string | null = null;
  for (;;) {
    const batch = await store.listAwaiting(after, batchSize);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.caseId;
    const suggested = batch.map((c) => ({
      caseId: c.caseId,
      suggestions: c.messages.map((m) => ({ messageId: m.id, classification: options.classifier.classify({ title: m.title, content: m.content }) })),
    }));
    for (const result of await store.apply(suggested, dryRun)) count(summary, result);
    options.onProgress?.(summary.examined, Math.max(summary.total, summary.examined));
  }
  return summary;
}

function count(summary: ReclassifySummary, result: CaseReclassification): void {
  summary.examined++;
  summary[result.outcome]++;
  if (result.keptDecisions.length > 0) summary.keptDecisions++;
  if (result.outcome === 'unchanged') return;
  summary.cases.push(result);
  const fields = Object.keys(result.changes) as SuggestedField[];
  for (const f of fields) summary.fields[f]++;
  if (result.outcome === 'changed' && fields.length === 0) summary.detailsOnly++;
}

/** Cases awaiting review in id order, after `after`, with their messages' text. */
export async function listAwaitingCases(db: Db, after: string | null, limit: number): Promise<AwaitingCase[]> {
  const rows = await db.case.findMany({
    where: { state: 'awaiting_review', ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, ledgerNo: true, messages: { select: { id: true, title: true, content: true }, orderBy: { firstSeenAt: 'asc' } } },
  });
  return rows.map((r) => ({ caseId: r.id, ledgerNo: r.ledgerNo, messages: r.messages }));
}

export async function countAwaitingCases(db: Db): Promise<number> {
  return db.case.count({ where: { state: 'awaiting_review' } });
}

/** Applies a batch of cases, their changes in one transaction (applyNewSuggestionBatch), in order. */
export async function applyNewSuggestions(db: Db, cases: CaseSuggestions[], options: { dryRun: boolean; actor: Actor }): Promise<CaseReclassification[]> {
  return applyNewSuggestionBatch(db, cases.map((c) => ({ ...c, dryRun: options.dryRun, actor: options.actor })));
}

/** The store itself as a ReclassifyStore; events are recorded as `actor`'s. */
export function storeReclassifyPort(db: Db, actor: Actor): ReclassifyStore {
  return {
    countAwaiting: () => countAwaitingCases(db),
    listAwaiting: (after, limit) => listAwaitingCases(db, after, limit),
    apply: (cases, dryRun) => applyNewSuggestions(db, cases, { dryRun, actor }),
  };
}

/**
 * How the suggestions fare against staff decisions, measured on this district's own mail: for each
 * reviewed case (reviewed-decisions.ts), the suggestion for its first message as given beside
 * what staff decided: category (agreement with its Wilson interval, per-class figures, confusion,
 * calibration by confidence band), the 不予受理 flag (precision and recall, reasons named),
 * complexity and urgency (registered cases), the handling unit (cases proposed or assigned),
 * de-duplication (links later split off as wrong, missed copies merged), and the category and
 * 不予受理 figures per month (Beijing time) as a trend.
 *
 * The period selects decisions by the day staff made them (Beijing time, both ends included): a
 * case registered in October counts in October whatever day its message came in. Links count by
 * the day the pipeline made them, merges by the day staff merged.
 */
import { beijingClock, categories, type Category } from '../../core/index.js';
import type { ActorRole } from '../users/actor.js';
import type { Db } from '../store/index.js';
import {
  categoryAgreement,
  duplicateAgreement,
  outOfScopeAgreement,
  proportion,
  type CategoryAgreement,
  type CategoryRow,
  type DuplicateAgreement,
  type OutOfScopeAgreement,
  type OutOfScopeRow,
  type Proportion,
} from './agreement-figures.js';
import { readDuplicateDecisions, readReviewedCases, type DuplicateDecisions, type ReviewedCase } from './reviewed-decisions.js';

export type { Proportion, CategoryAgreement, OutOfScopeAgreement, DuplicateAgreement } from './agreement-figures.js';

/** Who may see the figures (console 建议准确率): the offices that review and supervise, not units. */
export const suggestionAgreementViewers: readonly ActorRole[] = ['admin', 'egov_centre', 'leader', 'supervision'];

export interface AgreementPeriod {
  /** First Beijing day (YYYY-MM-DD) of decisions counted. @default the first */
  from?: string | undefined;
  /** Last Beijing day counted. @default the latest */
  to?: string | undefined;
}

export interface MonthAgreement {
  /** YYYY-MM, Beijing time. */
  month: string;
  category: Proportion;
  outOfScopePrecision: Proportion;
  outOfScopeRecall: Proportion;
}

export interface SuggestionAgreement {
  from: string | null;
  to: string | null;
  /** Cases with a 不予受理 decision (registered or not accepted) in the period. */
  reviewed: number;
  category: CategoryAgreement;
  outOfScope: OutOfScopeAgreement;
  complexity: Proportion;
  urgency: Proportion;
  /** Agreement where a unit was suggested; `withoutSuggestion`: cases assigned where none was. */
  unit: { agreement: Proportion; withoutSuggestion: number };
  duplicates: DuplicateAgreement;
  months: MonthAgreement[];
  /** Reviewed cases whose message has no stored suggestion (left out of every figure). */
  withoutSuggestion: number;
}

const monthOf = (at: Date) => beijingClock(at.getTime()).slice(0, 7);
const isCategory = (v: string | null | undefined): v is Category => (categories as readonly (string | null | undefined)[]).includes(v);

function inPeriod(period: AgreementPeriod): (at: Date) => boolean {
  const day = (at: Date) => beijingClock(at.getTime()).slice(0, 10);
  return (at) => (!period.from || day(at) >= period.from) && (!period.to || day(at) <= period.to);
}

function categoryRow(c: ReviewedCase): (CategoryRow & { at: Date }) | undefined {
  const suggested = c.suggestion?.category;
  const decided = c.category?.decided;
  if (!c.category || !isCategory(suggested) || !isCategory(decided)) return undefined;
  return { suggested, decided, confidence: c.suggestion?.confidence ?? null, at: c.category.at };
}

function outOfScopeRow(c: ReviewedCase): (OutOfScopeRow & { at: Date }) | undefined {
  if (!c.outOfScope || !c.suggestion) return undefined;
  const { flagged, reasons } = c.suggestion.outOfScope;
  return { flagged, suggestedReasons: reasons.map((r) => r.code), outOfScope: c.outOfScope.decided.outOfScope, decidedReasons: c.outOfScope.decided.reasons, at: c.outOfScope.at };
}

/** Agreement of a suggested value with the staff's, over the cases decided in the period. */
function valueAgreement(pairs: { suggested: string | null; decided: string | undefined }[]): Proportion {
  const counted = pairs.filter((p) => p.suggested !== null && p.decided !== undefined);
  return proportion(counted.filter((p) => p.suggested === p.decided).length, counted.length);
}

/** The figures for a period; see the module comment. Reads every reviewed case: the console goes through SuggestionAgreementCache. */
export async function measureSuggestionAgreement(db: Db, period: AgreementPeriod = {}): Promise<SuggestionAgreement> {
  const [cases, duplicates] = await Promise.all([readReviewedCases(db), readDuplicateDecisions(db)]);
  return computeSuggestionAgreement(cases, duplicates, period);
}

/** The figures for a period from the decisions already read (pure: the same inputs give the same figures). */
export function computeSuggestionAgreement(cases: readonly ReviewedCase[], duplicates: DuplicateDecisions, period: AgreementPeriod = {}): SuggestionAgreement {
  const within = inPeriod(period);
  const decided = (d: { at: Date } | undefined) => d !== undefined && within(d.at);

  const categoryRows = cases.filter((c) => decided(c.category)).flatMap((c) => categoryRow(c) ?? []);
  const oosRows = cases.filter((c) => decided(c.outOfScope)).flatMap((c) => outOfScopeRow(c) ?? []);
  const registered = cases.filter((c) => c.suggestion && decided(c.category));
  const withUnit = cases.filter((c) => c.suggestion && decided(c.unit));

  const months = [...new Set([...categoryRows, ...oosRows].map((r) => monthOf(r.at)))].sort().map((month): MonthAgreement => {
    const oos = outOfScopeAgreement(oosRows.filter((r) => monthOf(r.at) === month));
    return { month, category: categoryAgreement(categoryRows.filter((r) => monthOf(r.at) === month)).agreement, outOfScopePrecision: oos.precision, outOfScopeRecall: oos.recall };
  });

  const links = duplicates.links.filter((l) => within(l.at));
  const splitOff = new Set(duplicates.splits.map((s) => s.messageId));
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    reviewed: cases.filter((c) => decided(c.outOfScope)).length,
    category: categoryAgreement(categoryRows),
    outOfScope: outOfScopeAgreement(oosRows),
    complexity: valueAgreement(registered.map((c) => ({ suggested: c.suggestion?.complexity.value ?? null, decided: c.complexity?.decided }))),
    urgency: valueAgreement(registered.map((c) => ({ suggested: c.suggestion?.urgency.value ?? null, decided: c.urgency?.decided }))),
    unit: {
      agreement: valueAgreement(withUnit.map((c) => ({ suggested: c.suggestion?.unit.value ?? null, decided: c.unit?.decided }))),
      withoutSuggestion: withUnit.filter((c) => !c.suggestion?.unit.value).length,
    },
    duplicates: duplicateAgreement(links.length, links.filter((l) => splitOff.has(l.messageId)).length, duplicates.merges.filter((m) => within(m.at)).length),
    months,
    withoutSuggestion: cases.filter((c) => !c.suggestion && (decided(c.outOfScope) || decided(c.category))).length,
  };
}

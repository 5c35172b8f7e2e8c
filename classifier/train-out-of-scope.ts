/**
 * Trains the learned out-of-scope model the way the committed one was trained (the same weak rows
 * of the shared data, the same fit, the committed model's flag settings) plus the staff's
 * decisions recorded in the store: messages decided 不予受理 are positives, messages registered
 * (in scope) negatives. `minsheng train --from-store` embeds the result in the model file it
 * writes (TrainedModel.outOfScope), so the district's decisions teach the screening. The model
 * also learns, from the positives' reasons, which reason a flag it raises alone should carry
 * (fitReasonModel, out-of-scope-reasons.ts).
 */
import type { OutOfScopeReason } from '../core/domain.js';
import type { LabeledRow } from './data.js';
import type { OutOfScopeModelData, OutOfScopeModelSettings } from './out-of-scope-model.js';
import {
  defaultFitOptions,
  defaultReasonFitOptions,
  evidenceWordsOf,
  featuresOf,
  fitOutOfScope,
  fitReasonModel,
  labeledTexts,
  outOfScopeModelData,
  textKey,
  weakPositiveWeight,
  weakRows,
  type FitOptions,
  type ReasonFitOptions,
  type TrainingRow,
} from './out-of-scope-training.js';

/** One message of a case staff decided: 不予受理 (outOfScope) with its reasons, or registered. */
export interface StaffOutOfScopeDecision {
  /** The message's id in the store. */
  id: string;
  title: string;
  content: string;
  /** True: decided 不予受理; false: registered (accepted as in scope). */
  outOfScope: boolean;
  /** The reason codes staff decided (不予受理 only). */
  reasons: OutOfScopeReason[];
  /** Registered although the screening flagged it (or after staff re-opened a 不予受理 decision). */
  overruled: boolean;
}

/**
 * How many times a staff decision counts against a weak row of its class. Staff decisions are the
 * only true labels of the district's own mail, where the weak rows are another city's reply habits
 * (mostly one Dalian writer's posts), so they weigh more; but a few dozen decisions facing 6,840
 * weak rows must not swing the model at large. The one measurement of this trade-off, the
 * development sets' hand labels at weights 1, 3, 10 and 30 (cross-validated, classifier/README.md,
 * "Hand labels as training data"), found precision at the shipped settings (0.5 / 0.4) about the
 * same at 3 and 10 (0.909, 0.910) and falling at 30 (0.881), recall rising up to 10 and no further
 * (0.932, 0.941, 0.941): 3 is the smallest weight with most of that gain. And a staff positive then
 * outweighs the messages its words share with ordinary mail: a handful of decisions on one kind of
 * post change the model's verdict on the next such post (tests/train-out-of-scope.test.ts).
 */
export const staffDecisionWeight = 3;

export interface TrainOutOfScopeOptions {
  /** The shared-data rows (data.ts readSharedDataRows): the weak labels come from their replies. */
  sharedRows: LabeledRow[];
  decisions: StaffOutOfScopeDecision[];
  /** When to flag: the committed model's settings, not re-tuned. */
  settings: OutOfScopeModelSettings;
  /** @default staffDecisionWeight */
  staffWeight?: number | undefined;
  /** @default defaultFitOptions (the committed model's) */
  fit?: FitOptions | undefined;
  /** @default defaultReasonFitOptions */
  reasonFit?: ReasonFitOptions | undefined;
}

export interface OutOfScopeTrainingSummary {
  weakRows: number;
  weakPositives: number;
  /** Distinct staff texts trained on, by verdict. */
  staffPositives: number;
  staffNegatives: number;
  /** Negatives whose flag (or 不予受理 decision) staff overruled. */
  overruled: number;
  /** Staff positives by decided reason (a message with two reasons counts under both). */
  byReason: Partial<Record<OutOfScopeReason, number>>;
  /** Texts decided both ways (in different cases): trained as in scope. */
  conflicts: number;
  /** Staff texts that are a labelled set's message (or a copy of one): left out, to keep the evaluation sets unseen. */
  labeledLeftOut: number;
  /** Weak rows whose text staff decided: the staff's verdict replaces the reply's. */
  weakReplaced: number;
  staffWeight: number;
  /**
   * The reason model's training rows by reason (weak positives by their reply's reason, staff
   * positives by theirs; a row with two reasons under both); undefined when the positives carry
   * fewer than two reasons and flags raised by the model alone keep the fixed fallback reason.
   */
  reasonModel?: Partial<Record<OutOfScopeReason, number>> | undefined;
}

/**
 * The staff rows, one per distinct text. A text decided both ways counts as in scope (a wrong
 * flag risks a citizen not being answered); an overruled flag weighs as much as a staff positive
 * (both are verdicts on what the screening flags), other registered messages as much as a weak
 * negative times the staff weight.
 */
function staffRows(decisions: StaffOutOfScopeDecision[], labeled: Set<string>) {
  const byKey = new Map<string, { d: StaffOutOfScopeDecision; positive: boolean; overruled: boolean; reasons: Set<OutOfScopeReason>; conflict: boolean }>();
  let labeledLeftOut = 0;
  for (const d of decisions) {
    const key = textKey(d);
    if (labeled.has(key)) {
      labeledLeftOut++;
      continue;
    }
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { d, positive: d.outOfScope, overruled: d.overruled, reasons: new Set(d.reasons), conflict: false });
    else {
      if (seen.positive !== d.outOfScope) seen.conflict = true;
      seen.positive &&= d.outOfScope;
      seen.overruled ||= d.overruled;
      for (const r of d.reasons) seen.reasons.add(r);
    }
  }
  return { groups: [...byKey.entries()], labeledLeftOut };
}

/** Trains the model (a few seconds: about 2 s to read the rows, 1 s to fit, 1 s for the evidence words). */
export function trainOutOfScopeModel(options: TrainOutOfScopeOptions): { model: OutOfScopeModelData; summary: OutOfScopeTrainingSummary } {
  const fit = options.fit ?? defaultFitOptions;
  const staffWeight = options.staffWeight ?? staffDecisionWeight;
  const weak = weakRows(options.sharedRows);
  const staff = staffRows(options.decisions, labeledTexts(options.sharedRows));
  const staffKeys = new Set(staff.groups.map(([key]) => key));
  const kept = weak.rows.filter((r) => !staffKeys.has(r.key));
  // The weight of a weak positive, as fitOutOfScope counts it (over the weak rows it is given).
  const positiveWeight = weakPositiveWeight(kept, fit);
  const byReason: Partial<Record<OutOfScopeReason, number>> = {};
  const rows: TrainingRow[] = [...kept];
  for (const [key, g] of staff.groups) {
    // A text decided both ways is already in scope here (staffRows ANDs the verdicts).
    const { positive } = g;
    if (positive) for (const r of g.reasons) byReason[r] = (byReason[r] ?? 0) + 1;
    const weight = !positive && g.overruled ? staffWeight * positiveWeight : staffWeight;
    const reasons = positive && g.reasons.size ? [...g.reasons] : undefined;
    rows.push({ id: g.d.id, title: g.d.title, content: g.d.content, key, features: featuresOf(g.d), positive, kind: 'staff', weight, reasons });
  }
  const fitted = fitOutOfScope(rows, fit);
  const reasons = fitReasonModel(rows, options.reasonFit ?? defaultReasonFitOptions);
  const staffPositives = rows.filter((r) => r.kind === 'staff' && r.positive).length;
  const summary: OutOfScopeTrainingSummary = {
    weakRows: kept.length,
    weakPositives: kept.filter((r) => r.positive).length,
    staffPositives,
    staffNegatives: staff.groups.length - staffPositives,
    overruled: staff.groups.filter(([, g]) => !g.positive && g.overruled).length,
    byReason,
    conflicts: staff.groups.filter(([, g]) => g.conflict).length,
    labeledLeftOut: staff.labeledLeftOut,
    weakReplaced: weak.rows.length - kept.length,
    staffWeight,
    reasonModel: reasons?.training.byReason,
  };
  const training = {
    rows: rows.length,
    positives: rows.filter((r) => r.positive).length,
    positiveWeight: Math.round(fitted.positiveWeight * 100) / 100,
    rulePositives: false,
    handLabels: false,
    ...fit,
    staff: summary,
  };
  const model = outOfScopeModelData(fitted, evidenceWordsOf(rows, fitted), options.settings, training);
  return { model: reasons ? { ...model, reasons } : model, summary };
}

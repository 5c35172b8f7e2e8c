/**
 * Reads the classifier's suggestion as the store keeps it (Message.classification, JSON written by
 * the pipeline). The JSON is read defensively: a field that is missing or of the wrong type comes
 * back as a neutral value, never as an exception, so one odd row cannot break the review queue.
 */
import { outOfScopeReasonNames, type OutOfScopeReason } from '../../core/index.js';

export interface SuggestionView {
  category: string | null;
  confidence: number | null;
  probabilities: Record<string, number>;
  /** Words that drove the category, strongest first. */
  explanation: string[];
  outOfScope: { flagged: boolean; reasons: { code: string; name: string; evidence: string[]; confidence: number | null }[] };
  complexity: { value: string | null; confidence: number | null; evidence: string[] };
  urgency: { value: string | null; confidence: number | null; evidence: string[] };
  unit: { value: string | null; confidence: number | null; evidence: string[] };
  modelVersion: string | null;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 30) : []);

function reviewable(v: unknown) {
  const o = obj(v);
  return { value: str(o.value), confidence: num(o.confidence), evidence: strings(o.evidence) };
}

/** The suggestion in a shape the console can show; null when the message was never classified. */
export function readSuggestion(raw: unknown): SuggestionView | null {
  if (!raw || typeof raw !== 'object') return null;
  const o = obj(raw);
  const oos = obj(o.outOfScope);
  const probabilities: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj(o.probabilities))) if (typeof v === 'number') probabilities[k] = v;
  return {
    category: str(o.category),
    confidence: num(o.confidence),
    probabilities,
    explanation: strings(o.explanation),
    outOfScope: {
      flagged: oos.flagged === true,
      reasons: (Array.isArray(oos.reasons) ? oos.reasons : []).map((r) => {
        const ro = obj(r);
        const code = str(ro.code) ?? 'other';
        return { code, name: outOfScopeReasonNames[code as OutOfScopeReason] ?? code, evidence: strings(ro.evidence), confidence: num(ro.confidence) };
      }),
    },
    complexity: reviewable(o.complexity),
    urgency: reviewable(o.urgency),
    unit: reviewable(o.unit),
    modelVersion: str(o.modelVersion),
  };
}

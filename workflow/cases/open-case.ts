/**
 * A new case in the ledger (台账) for one message, from the classifier's suggestion as stored with
 * it: a ledger number, the category, out-of-scope flag and reasons, complexity, urgency and the
 * suggested handling unit (when the directory has an active unit of that name), awaiting staff
 * review. Used by registration (a new message) and by a split (a copy that was linked wrongly), so
 * both build a case the same way. Runs inside the caller's transaction; the caller logs the event.
 */
import type { Channel } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import { allocateLedgerNo } from './ledger-number.js';

/** The parts of a stored classifier suggestion a case is built from (all optional: old rows lack some). */
export interface CaseSuggestion {
  category?: string;
  outOfScope?: { flagged?: boolean; reasons?: unknown[] };
  complexity?: { value?: string };
  urgency?: { value?: string };
  unit?: { value?: string | null };
}

export interface OpenCaseInput {
  message: { id: string; title: string; channel: Channel };
  suggestion: CaseSuggestion;
  /** Category when the suggestion has none (a split copy keeps its first case's). */
  fallbackCategory: string;
  /** The day the ledger number is counted in. */
  ledgerDate: Date;
  hotIssueKey?: string | null;
}

/** The case fields a suggestion gives (the ledger's columns), as intake sets them on a new case. */
export interface SuggestedCaseFields {
  category: string;
  outOfScope: boolean;
  outOfScopeReasons: unknown[];
  complexity: 'simple' | 'complex';
  urgency: 'normal' | 'urgent';
  unitId: string | null;
}

/**
 * The case fields a stored suggestion gives: the one reading of a suggestion for a new case
 * (registration, a split) and for a case re-suggested by a new model (intake/apply-new-suggestion.ts).
 * The unit is the directory's active unit of the suggested name, or none.
 */
export async function suggestedCaseFields(tx: Prisma.TransactionClient, suggestion: CaseSuggestion, fallbackCategory: string): Promise<SuggestedCaseFields> {
  const unitName = suggestion.unit?.value;
  const unit = unitName ? await tx.unit.findFirst({ where: { name: unitName, active: true }, select: { id: true } }) : null;
  return {
    category: suggestion.category ?? fallbackCategory,
    outOfScope: suggestion.outOfScope?.flagged ?? false,
    outOfScopeReasons: suggestion.outOfScope?.reasons ?? [],
    complexity: suggestion.complexity?.value === 'complex' ? 'complex' : 'simple',
    urgency: suggestion.urgency?.value === 'urgent' ? 'urgent' : 'normal',
    unitId: unit?.id ?? null,
  };
}

export async function openCaseForMessage(tx: Prisma.TransactionClient, input: OpenCaseInput): Promise<{ id: string; ledgerNo: string }> {
  const { message } = input;
  const fields = await suggestedCaseFields(tx, input.suggestion, input.fallbackCategory);
  const ledgerNo = await allocateLedgerNo(tx, input.ledgerDate);
  const created = await tx.case.create({
    data: {
      ledgerNo,
      title: message.title,
      channel: message.channel,
      primaryMessageId: message.id,
      ...fields,
      outOfScopeReasons: fields.outOfScopeReasons as object,
      state: 'awaiting_review',
      hotIssueKey: input.hotIssueKey ?? null,
    },
  });
  return { id: created.id, ledgerNo };
}

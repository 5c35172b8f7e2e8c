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

export async function openCaseForMessage(tx: Prisma.TransactionClient, input: OpenCaseInput): Promise<{ id: string; ledgerNo: string }> {
  const { message, suggestion } = input;
  const unitName = suggestion.unit?.value;
  const unit = unitName ? await tx.unit.findFirst({ where: { name: unitName, active: true } }) : null;
  const ledgerNo = await allocateLedgerNo(tx, input.ledgerDate);
  const created = await tx.case.create({
    data: {
      ledgerNo,
      title: message.title,
      channel: message.channel,
      primaryMessageId: message.id,
      category: suggestion.category ?? input.fallbackCategory,
      outOfScope: suggestion.outOfScope?.flagged ?? false,
      outOfScopeReasons: (suggestion.outOfScope?.reasons ?? []) as object,
      complexity: suggestion.complexity?.value === 'complex' ? 'complex' : 'simple',
      urgency: suggestion.urgency?.value === 'urgent' ? 'urgent' : 'normal',
      state: 'awaiting_review',
      unitId: unit?.id ?? null,
      hotIssueKey: input.hotIssueKey ?? null,
    },
  });
  return { id: created.id, ledgerNo };
}

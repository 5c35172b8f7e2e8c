/** A plain classifier suggestion and the centre's actor, for suites that register messages straight into the ledger. */
import type { Actor, SuggestionForLedger } from '../../workflow/index.js';

export const plainSuggestion: SuggestionForLedger = {
  category: '投诉',
  confidence: 0.8,
  outOfScope: { flagged: false, reasons: [] },
  complexity: { value: 'simple' },
  urgency: { value: 'normal' },
  unit: { value: null },
};

export const egovActor: Actor = { userId: 'u-egov', username: 'egov', role: 'egov_centre' };

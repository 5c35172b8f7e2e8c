/** workflow: the case lifecycle of the measures and the store behind it. The only user of Prisma. */
export * from './store/index.js';
export { recordMessage, ensureSource, contentHashOf, type RecordedMessage } from './intake/record-message.js';
export { registerMessage, type RegisterMessageInput, type RegisterMessageResult, type SuggestionForLedger } from './intake/register-message.js';
export { enterMessage, enteredMessageStatus, enterMessageRoles, isManualSource, manualSiteIdOf, manualSourceOf, manualSources, type EnterMessageInput, type EnteredMessage, type EntryDetails } from './intake/enter-message.js';
export { StoreDedup, type StoreDedupOptions } from './intake/store-dedup.js';
export { clearPlaceholderReplies, placeholderClearedNote, placeholderRepairName, placeholderRepairVersion, type ClearPlaceholderRepliesOptions, type ClearPlaceholderRepliesResult } from './intake/clear-placeholder-replies.js';
export {
  applyNewSuggestion,
  storedSuggestionSchema,
  suggestedFields,
  type CaseReclassification,
  type CaseSuggestions,
  type StoredSuggestion,
  type NewSuggestion,
  type SuggestedField,
} from './intake/apply-new-suggestion.js';
export {
  reclassifyAwaitingCases,
  storeReclassifyPort,
  listAwaitingCases,
  countAwaitingCases,
  applyNewSuggestions,
  defaultReclassifyBatchSize,
  type AwaitingCase,
  type ReclassifyStore,
  type ReclassifyingClassifier,
  type ReclassifyOptions,
  type ReclassifySummary,
} from './intake/reclassify-awaiting-cases.js';
export { appendEvent, type EventInput } from './events/append-event.js';
export { getCrawlState, putCrawlState, listCrawlStates, listSources, type StoredCrawlState, type StoredHealth } from './sources/crawl-state.js';
export { recordExcludedMessage, markExclusionAccepted, type RecordedExclusion } from './sources/record-excluded-message.js';
export { listExcludedMessages, excludedViewers, type ExcludedMessageFilter, type ExcludedMessageItem } from './sources/list-excluded-messages.js';
export { bringBackExcludedMessage, bringBackRoles, type BringBackInput } from './sources/bring-back-excluded-message.js';
export { recheckExcludedMessages, recheckNote, judgedScopeHash, saveJudgedScopeHash, type ExcludedMessageFields, type ScopeJudgement, type RecheckExcludedInput, type RecheckExcludedResult, type RecheckedMessage } from './sources/recheck-excluded-messages.js';
// The measures' procedure (issue 7): state machine and use cases, users and roles, calendar,
// supervision, pre-publication review, bulletin.
export * from './cases/index.js';
export * from './users/index.js';
export * from './audit/index.js';
export * from './calendar/index.js';
export * from './supervision/index.js';
export * from './review/index.js';
export * from './bulletin/index.js';
export { retireUnitsNotIn, syncUnits, unitIdFor, type UnitDirectoryChanges, type UnitEntry } from './units/seed-units.js';
export { listReviewedExamples, type ReviewedExample, type ReviewedExamples } from './training/list-reviewed-examples.js';
export {
  measureSuggestionAgreement,
  suggestionAgreementViewers,
  type SuggestionAgreement,
  type AgreementPeriod,
  type MonthAgreement,
  type Proportion,
} from './training/suggestion-agreement.js';
export { SuggestionAgreementCache, type SuggestionAgreementCacheOptions } from './training/suggestion-agreement-cache.js';
export { listOutOfScopeDecisions, type OutOfScopeDecisionExample, type OutOfScopeDecisions } from './training/list-out-of-scope-decisions.js';

/** workflow: the case lifecycle of the measures and the store behind it. The only user of Prisma. */
export * from './store/index.js';
export { recordMessage, ensureSource, contentHashOf, type RecordedMessage } from './intake/record-message.js';
export { registerMessage, type RegisterMessageInput, type RegisterMessageResult, type SuggestionForLedger } from './intake/register-message.js';
export { listCases, type CaseSummary, type ListCasesFilter } from './cases/list-cases.js';
export { appendEvent, type EventInput } from './events/append-event.js';
export { getCrawlState, putCrawlState, listCrawlStates, listSources, type StoredCrawlState, type StoredHealth } from './sources/crawl-state.js';

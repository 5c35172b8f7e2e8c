/**
 * crawlers: keep watch on the channels the measures name (第三条 受理范围). Sources are data
 * (crawlers/README.md); the engine crawls them incrementally on Crawlee and reports health.
 * Imports only core/.
 */
export { loadConfiguredSourceFile, loadSourceFile, parseSourceText, type LoadSourceOptions } from './source/load-source-file.js';
export { appendSourceText } from './source/append-source.js';
export { messageFields, type SourceDefinition, type ConfigSource, type ModuleSource, type MessageField, type FieldSpec } from './source/schema.js';
export { parseDuration } from './source/durations.js';
export { sourceFileWarnings } from './source/source-warnings.js';
export { crawlSource, loadCrawlEngine, adapterFor, defaultUserAgent, type CrawlResult, type CrawlOptions } from './engine/crawl-source.js';
export { removedStatus } from './engine/removals.js';
export { decideScope, type ScopeDecision } from './engine/scope.js';
export type { Change } from './engine/run-report.js';
export { HostGates } from './engine/host-gate.js';
export type { SiteAdapter, FetchedPage } from './engine/adapter.js';
export { FileCrawlStateStore, MemoryCrawlStateStore } from './state/file-state-store.js';
export { emptyState, type CrawlStateStore, type SourceState, type SourceHealth, type CharsetNotice, type KnownItem, type PageRequest, type ResumePoint } from './state/types.js';
export { nextRunAt, isDue } from './engine/schedule.js';
export { parseListPage, parseDetailPage, type ListItem } from './extract/pages.js';
export { parseJsLiteral } from './extract/js-literal.js';
export { moduleNames, type SourceModule } from './modules/registry.js';
export { draftSource, draftSourceFromSite, type SourceDraft, type SiteDraft, type DraftFromSiteOptions } from './suggest/index.js';

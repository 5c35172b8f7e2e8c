/**
 * pipeline: queues, stages and their wiring. The only folder that knows BullMQ. What stands on
 * Redis (the BullMQ queue, the Redis checks, the worker) is in redis.ts, imported on use: this
 * barrel loads neither BullMQ nor ioredis.
 */
export { createPipeline, type Pipeline, type PipelineOptions } from './pipeline.js';
export { createQueue } from './create-queue.js';
export { recoverUnfinished, sweepStage, type RecoverOptions } from './recover-unfinished.js';
export * from './queue/index.js';
export * from './jobs/definitions.js';
export type { MessageClassifier } from './stages/classify-stage.js';
export { normalizeMessage, cleanText } from './stages/normalize-message.js';
export { prepareMessage } from './stages/record-stage.js';
export { crawlStage, storeCrawlState, type CrawlStageOptions } from './stages/crawl-stage.js';
export { recheckScope, scopeHashOf, type RecheckScopeOptions } from './stages/recheck-scope.js';
export { RecheckScopeRuns, recheckChangedScopes, type RecheckScopeRunsOptions, type RecheckScopeRunView, type RecheckRunState, type StartRecheckInput } from './stages/recheck-scope-runs.js';
export { scheduleCrawls, type CrawlScheduler } from './crawl-scheduler.js';
export { syncSchedules, startScheduler, crawlScheduleKey, type SchedulerOptions, type SyncResult, type RunningScheduler } from './scheduler.js';
export { watchQueueData, type QueueDataWatch, type QueueDataWatchOptions } from './queue-data-watch.js';
export { collectMetrics, formatPrometheus, type PipelineMetrics } from './metrics.js';
export type { RedisConnection } from './redis-connection.js';
export type { BullmqQueue, BullmqQueueOptions } from './queue/bullmq-queue.js';
export { enterByHand, handEntryMessage, handEntryOf, handEntrySchema, type HandEntry, type HandEntryInput, type EnterByHandOptions } from './stages/enter-by-hand.js';

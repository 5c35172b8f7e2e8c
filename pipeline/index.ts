/** pipeline: queues, stages and their wiring. The only folder that knows BullMQ. */
export { createPipeline, type Pipeline, type PipelineOptions } from './pipeline.js';
export { createQueue } from './create-queue.js';
export { recoverUnfinished } from './recover-unfinished.js';
export * from './queue/index.js';
export * from './jobs/definitions.js';
export type { MessageClassifier } from './stages/classify-stage.js';
export { normalizeMessage, cleanText } from './stages/normalize-message.js';
export { crawlStage, storeCrawlState, type CrawlStageOptions } from './stages/crawl-stage.js';
export { scheduleCrawls, type CrawlScheduler } from './crawl-scheduler.js';

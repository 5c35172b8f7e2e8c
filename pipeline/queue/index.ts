/** Queues: the contract and the in-process queue. BullMQ's (bullmq-queue.ts) is imported on use: ../redis.ts. */
export * from './job-queue.js';
export { InProcessQueue, type InProcessQueueOptions } from './in-process-queue.js';
export { BadPayloadError, parsePayload } from './bad-payload-error.js';
export { describeQueueDataLoss, failedResendWords, type QueueDataLoss, type QueueDataResend } from './queue-data-loss.js';

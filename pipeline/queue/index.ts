/** Queues: the contract, the in-process queue and BullMQ. */
export * from './job-queue.js';
export { InProcessQueue, type InProcessQueueOptions } from './in-process-queue.js';
export { BullmqQueue, type BullmqQueueOptions } from './bullmq-queue.js';
export { BadPayloadError, parsePayload } from './bad-payload-error.js';

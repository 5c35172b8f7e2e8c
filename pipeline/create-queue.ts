/** Chooses the queue for the configuration: BullMQ when a Redis URL is set, else in-process. */
import type { Config, Logger } from '../core/index.js';
import { allJobs } from './jobs/definitions.js';
import { BullmqQueue, InProcessQueue, type JobQueue } from './queue/index.js';

export function createQueue(config: Pick<Config, 'redisUrl' | 'queuePrefix' | 'workerConcurrency'> & Partial<Pick<Config, 'jobLockMs'>>, logger: Logger): JobQueue {
  if (config.redisUrl) {
    return new BullmqQueue({ redisUrl: config.redisUrl, prefix: config.queuePrefix, logger, concurrency: config.workerConcurrency, definitions: allJobs, lockDurationMs: config.jobLockMs });
  }
  return new InProcessQueue({ logger, concurrency: config.workerConcurrency });
}

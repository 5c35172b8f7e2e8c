/**
 * Chooses the queue for the configuration: BullMQ when a Redis URL is set, else in-process. BullMQ
 * (and ioredis) are imported only then: the embedded default never loads them.
 */
import type { Config, Logger } from '../core/index.js';
import { allJobs } from './jobs/definitions.js';
import { InProcessQueue, type JobQueue } from './queue/index.js';

export async function createQueue(config: Pick<Config, 'redisUrl' | 'queuePrefix' | 'workerConcurrency'> & Partial<Pick<Config, 'jobLockMs'>>, logger: Logger): Promise<JobQueue> {
  if (config.redisUrl) {
    const { BullmqQueue } = await import('./queue/bullmq-queue.js');
    return new BullmqQueue({ redisUrl: config.redisUrl, prefix: config.queuePrefix, logger, concurrency: config.workerConcurrency, definitions: allJobs, lockDurationMs: config.jobLockMs });
  }
  return new InProcessQueue({ logger, concurrency: config.workerConcurrency });
}

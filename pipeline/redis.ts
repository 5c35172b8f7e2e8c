/**
 * pipeline's parts that stand on Redis (BullMQ, ioredis): the BullMQ queue, the Redis connection
 * checks and the worker process. Imported on use (`await import('…/pipeline/redis.js')`) only where
 * the configuration gives a Redis URL: the embedded default (in-process queue) and the commands that
 * do not need Redis never load BullMQ and ioredis (tens of MiB and a tenth of a second and more;
 * bench/main-job-memory.ts). `.dependency-cruiser.cjs` (production-libraries-load-on-use) keeps it so.
 */
export { BullmqQueue, type BullmqQueueOptions } from './queue/bullmq-queue.js';
export { checkRedis, connectRedis, pingRedis, readQueueDataLoss, redisAddress, waitForRedis, type RedisConnection } from './redis-connection.js';
export { startWorker, requireProductionServices, type WorkerOptions, type RunningWorker } from './worker.js';

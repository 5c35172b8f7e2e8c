/**
 * A Redis connection for work done while a request waits (the console's shared login rate limit),
 * on the installation's Redis (REDIS_URL). Unlike the queue's connections, a command fails fast
 * when Redis is away instead of waiting for it, so a Redis outage never hangs sign-in. The only
 * folder that knows ioredis is pipeline; the web server receives the connection ready-made.
 */
import { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../core/index.js';

export type RedisConnection = Redis;

export function connectRedis(redisUrl: string, options: { logger?: Logger; name?: string } = {}): RedisConnection {
  const logger = options.logger ?? silentLogger;
  // No offline queue: while disconnected a command fails at once (it used to wait for the next
  // reconnection attempt, so every sign-in took up to 10 s during a Redis outage). A connected
  // Redis that does not answer fails a command after a second.
  const redis = new Redis(redisUrl, { connectionName: options.name, connectTimeout: 2_000, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1_000 });
  let warned = false;
  redis.on('error', (error) => {
    // ioredis retries on its own; one warning per outage is enough.
    if (!warned) logger.warn({ err: error }, `Redis 连接出错：${error.message}`);
    warned = true;
  });
  redis.on('ready', () => (warned = false));
  return redis;
}

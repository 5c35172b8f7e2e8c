/**
 * A Redis connection for work done while a request waits (the console's shared login rate limit),
 * on the installation's Redis (REDIS_URL). Unlike the queue's connections, a command fails fast
 * when Redis is away instead of waiting for it, so a Redis outage never hangs sign-in. The only
 * folder that knows ioredis is pipeline; the web server receives the connection ready-made.
 * Also here: the check that Redis answers at all, for commands and start-up (checkRedis, waitForRedis).
 */
import { Redis } from 'ioredis';
import { ConfigError, silentLogger, UnavailableError, type Logger } from '../core/index.js';
import { parseQueueDataLoss, queueDataLossKey, type QueueDataLoss } from './queue/queue-data-loss.js';

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

/** host:port of a Redis URL, for messages (never its password). */
export function redisAddress(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    return `${url.hostname}:${url.port || '6379'}`;
  } catch {
    return redisUrl.replace(/\/\/[^@/]*@/, '//');
  }
}

/**
 * What a failure to reach Redis means, in Chinese, for the administrator, with the driver's own
 * words kept in brackets (for a search): as the store does for PostgreSQL. QA of the production
 * mode (2026-11-30) read 无法连接 Redis（…）：connect ECONNREFUSED … alone, English only.
 */
export function describeRedisFailure(error: Error): string {
  const code = (error as Error & { code?: unknown }).code;
  const host = /(?:ENOTFOUND|EAI_AGAIN)\s+(\S+)/.exec(error.message)?.[1];
  const meaning =
    code === 'ECONNREFUSED'
      ? '连接被拒绝：Redis 没有启动，或 REDIS_URL 中的主机、端口不对'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `找不到主机${host ? ` ${host}` : ''}：请核对 REDIS_URL 中的主机名`
        : code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || /timed? ?out/i.test(error.message)
          ? '网络不通或连接超时：请核对 REDIS_URL 中的主机、端口和防火墙'
          : code === 'ECONNRESET' || /Connection is closed/i.test(error.message)
            ? '连接被断开：Redis 正在重启，或该端口不是 Redis'
            : // Another server on that port (the console's HTTP, PostgreSQL): ioredis's own words
              // (Unknown RESP type 72 "H". Please report this.) read like a bug of minsheng's.
              error.name === 'ParserError' || /Unknown RESP type|Protocol error/i.test(error.message)
              ? '该端口上的服务不是 Redis（回答的不是 Redis 协议）：请核对 REDIS_URL 中的端口'
              : undefined;
  return meaning ? `${meaning}（${error.message}）` : error.message;
}

/** Redis answered with an error (a DB index out of range, a wrong password): the setting is wrong, retrying cannot help. */
const refusedBySetting = (error: Error) => error.name === 'ReplyError' || /WRONGPASS|NOAUTH|NOPERM|DB index/i.test(error.message);

/**
 * Checks once, on a connection of its own, that Redis at `redisUrl` answers and that its database
 * index exists. Throws UnavailableError 无法连接 Redis（host:port）when it cannot be reached or
 * does not answer within `timeoutMs`, ConfigError when it refuses the setting. Needed because
 * the queue's own connection waits for ever, and on a DB index Redis refuses ioredis carries on
 * with database 0: a command would read another installation's jobs.
 */
export async function checkRedis(redisUrl: string, options: { timeoutMs?: number } = {}): Promise<void> {
  await onceOnRedis(redisUrl, async () => undefined, options);
}

/**
 * The installation's record of the last loss of the queue's data (queue-data-loss.ts), read once
 * for a command (`minsheng sources status`): undefined when none is recorded. Fails as checkRedis
 * does, within `timeoutMs`, where the queue's connection would wait for Redis.
 */
export async function readQueueDataLoss(redisUrl: string, prefix: string, options: { timeoutMs?: number } = {}): Promise<QueueDataLoss | undefined> {
  return onceOnRedis(redisUrl, async (redis) => parseQueueDataLoss(await redis.hgetall(queueDataLossKey(prefix))), options);
}

/** `work` on a connection of its own that fails fast, once Redis answered a PING on the URL's database; checkRedis's errors. */
async function onceOnRedis<T>(redisUrl: string, work: (redis: Redis) => Promise<T>, options: { timeoutMs?: number }): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const address = redisAddress(redisUrl);
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error));
  try {
    await redis.connect();
    await redis.select(redis.options.db ?? 0);
    await redis.ping();
    return await work(redis);
  } catch (error) {
    const cause = lastError && !refusedBySetting(error as Error) ? lastError : (error as Error);
    if (refusedBySetting(cause)) throw new ConfigError(`REDIS_URL 无效：Redis（${address}）拒绝了该设置：${cause.message}`, { cause });
    throw new UnavailableError(`无法连接 Redis（${address}）：${describeRedisFailure(cause)}`, { cause });
  } finally {
    redis.disconnect();
  }
}

/**
 * Waits at start-up until Redis answers, checking every `retryEveryMs` and saying so in the log
 * (once, then every `logEveryMs`), so an operator sees what the process is waiting for. A
 * setting Redis refuses (ConfigError) is thrown at once: waiting could not fix it. `signal` ends
 * the wait at once, between checks too (throws its reason): a process stopped (SIGTERM, Ctrl-C)
 * while Redis is down stops then, not after the next check.
 */
export async function waitForRedis(redisUrl: string, options: { logger?: Logger; retryEveryMs?: number; logEveryMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  const logger = options.logger ?? silentLogger;
  const retryEveryMs = options.retryEveryMs ?? 5_000;
  const logEveryMs = options.logEveryMs ?? 30_000;
  const started = Date.now();
  let loggedAt: number | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      await checkRedis(redisUrl);
      if (loggedAt !== undefined) logger.info(`Redis（${redisAddress(redisUrl)}）已可连接，继续启动`);
      return;
    } catch (error) {
      if (!(error instanceof UnavailableError)) throw error;
      if (loggedAt === undefined || Date.now() - loggedAt >= logEveryMs) {
        const waited = loggedAt === undefined ? '' : `（已等待 ${Math.round((Date.now() - started) / 1000)} 秒）`;
        logger.warn(`${error.message}；每 ${retryEveryMs / 1000} 秒重试一次，连上后继续启动${waited}`);
        loggedAt = Date.now();
      }
    }
    await pause(retryEveryMs, options.signal);
  }
}

/** Resolves after `ms`, or at once when `signal` is aborted (the caller then checks it). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Pings on an open connection (e.g. for a health check); UnavailableError in Chinese when Redis does not answer. */
export async function pingRedis(redis: RedisConnection): Promise<void> {
  try {
    await redis.ping();
  } catch (error) {
    const { host, port } = redis.options;
    throw new UnavailableError(`无法连接 Redis（${host ?? '?'}:${port ?? 6379}）：${describeRedisFailure(error as Error)}`, { cause: error });
  }
}

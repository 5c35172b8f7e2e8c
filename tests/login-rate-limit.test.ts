/**
 * The console's login rate limit per address (@fastify/rate-limit in web/auth/session-auth.ts):
 * with the installation's Redis, two console processes count the same attempts; without it (the
 * embedded mode, one process) each process counts its own; with Redis unreachable, sign-in still
 * answers (the per-address limit is skipped) and the per-account lockout in the store still holds.
 */
import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { connectRedis } from '../pipeline/redis.js';
import { createWebServer } from '../web/index.js';
import { openStore, type Store } from '../workflow/index.js';
import { deleteQueuePrefix, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';

describe('login rate limit per address', () => {
  const prefix = uniqueName('ratelimit');
  let store: Store & { schema?: string };
  const apps: FastifyInstance[] = [];
  const connections: ReturnType<typeof connectRedis>[] = [];

  beforeAll(async () => {
    const schema = uniqueName('t');
    store = Object.assign(await openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 4 }), { schema });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const c of connections) c.disconnect();
    await deleteQueuePrefix(prefix);
    await store.sql.exec(`DROP SCHEMA IF EXISTS "${store.schema}" CASCADE`);
    await store.close();
  });

  /** A console process; with `redis`, its own connection to the installation's Redis (or to `redisUrl`). */
  const consoleProcess = async (redis: boolean, redisUrl = testRedisUrl) => {
    const connection = redis ? connectRedis(redisUrl) : undefined;
    if (connection) connections.push(connection);
    // Commands fail at once until connected (no offline queue): wait, as a console up for a while has.
    if (connection && redisUrl === testRedisUrl && connection.status !== 'ready') await once(connection, 'ready');
    const app = await createWebServer({
      store,
      logger: silentLogger,
      loginRateLimit: { max: 3, timeWindowMs: 60_000 },
      ...(connection ? { loginRateLimitRedis: { connection, prefix } } : {}),
    });
    await app.ready();
    apps.push(app);
    return (username: string) => app.inject({ method: 'POST', url: '/api/session/login', remoteAddress: '10.1.2.3', payload: { username, password: 'wrong' } });
  };

  it('is shared by every console process through Redis', async () => {
    const a = await consoleProcess(true);
    const b = await consoleProcess(true);
    expect((await a('nobody-1')).statusCode).toBe(401);
    expect((await b('nobody-2')).statusCode).toBe(401);
    expect((await a('nobody-3')).statusCode).toBe(401);
    const blocked = await b('nobody-4');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('登录尝试过于频繁');
    expect((await a('nobody-5')).statusCode).toBe(429);
  });

  it('is counted by each process without Redis (the embedded mode runs one)', async () => {
    const a = await consoleProcess(false);
    const b = await consoleProcess(false);
    for (let i = 0; i < 3; i++) expect((await a(`someone-${i}`)).statusCode).toBe(401);
    expect((await a('someone-3')).statusCode).toBe(429);
    expect((await b('someone-4')).statusCode).toBe(401);
  });

  it('still answers sign-in while Redis is unreachable, and the per-account lockout still holds', async () => {
    // Nothing listens on port 1: every Redis command fails.
    const a = await consoleProcess(true, 'redis://127.0.0.1:1');
    for (let i = 0; i < 4; i++) {
      const started = Date.now();
      expect((await a(`stranger-${i}`)).statusCode).toBe(401); // over max 3: not limited
      // At once, not after the next reconnection attempt (it took up to 10 s per sign-in).
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    // One name, five wrong passwords: locked, counted in the store (not by address: 9 attempts from it so far).
    for (let i = 0; i < 5; i++) expect((await a('clerk-redis-down')).statusCode).toBe(401);
    const locked = await a('clerk-redis-down');
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('该账号登录失败次数过多');
  }, 30_000);
});

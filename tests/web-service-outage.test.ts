/**
 * Fault: the console while PostgreSQL or Redis cannot be reached (a real HTTP server, wired as
 * `npm start` wires it). `/api/health` answers within seconds with `ok: false`, 503 and the
 * service that is down; `/api/metrics` answers 503 instead of hanging; sign-in during a database
 * outage says 数据库暂时无法连接 (503), not 服务器内部错误.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { allJobs, type RedisConnection } from '../pipeline/index.js';
import { BullmqQueue, connectRedis, pingRedis } from '../pipeline/redis.js';
import { createWebServer } from '../web/index.js';
import { openStore, type Store } from '../workflow/index.js';
import { closedPort, deleteQueuePrefix, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';
import { startTcpProxy, type TcpProxy } from './pipeline-helpers.js';

/** The console of `npm start` in production mode, on a free port. */
async function startConsole(store: Store, redisUrl: string, prefix: string) {
  const queue = new BullmqQueue({ redisUrl, prefix, definitions: allJobs, logger: silentLogger });
  const redis = connectRedis(redisUrl);
  const app = await createWebServer({
    store,
    logger: silentLogger,
    localToken: 'local-admin-token',
    queue,
    loginRateLimitRedis: { connection: redis, prefix },
    status: async () => ({ queue: queue.kind, stages: await queue.metrics() }),
    services: { redis: () => pingRedis(redis) },
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base, queue, redis };
}

/** A GET timed from the client's side. */
async function timedGet(url: string, headers: Record<string, string> = {}) {
  const started = Date.now();
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, ms: Date.now() - started };
}

describe('the console while a service is down', () => {
  const schema = uniqueName('t');
  const prefix = uniqueName('msout');
  let proxy: TcpProxy;
  let store: Store;
  const opened: { app: FastifyInstance; base: string; queue: BullmqQueue; redis: RedisConnection }[] = [];

  beforeAll(async () => {
    const target = new URL(testDatabaseUrl);
    proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    target.port = String(proxy.port);
    store = await openStore({ databaseUrl: target.toString(), schema, poolSize: 3 });
  });
  afterAll(async () => {
    proxy.restore();
    for (const c of opened) {
      await c.app.close();
      c.redis.disconnect();
      await c.queue.close();
    }
    await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await store.close();
    await proxy.close();
    await deleteQueuePrefix(prefix);
  });

  it('reports Redis down in /api/health within seconds, and /api/metrics answers 503', { timeout: 60_000 }, async () => {
    const up = await startConsole(store, testRedisUrl, prefix);
    opened.push(up);
    const healthy = await timedGet(`${up.base}/api/health`);
    expect(healthy.status).toBe(200);
    expect(healthy.body).toMatchObject({ ok: true, store: 'postgres', queue: 'bullmq' });
    expect(healthy.body.down).toBeUndefined();

    const port = await closedPort();
    const down = await startConsole(store, `redis://127.0.0.1:${port}/7`, prefix);
    opened.push(down);
    const health = await timedGet(`${down.base}/api/health`);
    expect(health.ms).toBeLessThan(6_000);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ ok: false, store: 'postgres', down: ['redis'] });
    expect((health.body.errors as Record<string, string>).redis).toContain(`无法连接 Redis（127.0.0.1:${port}）`);

    const metrics = await timedGet(`${down.base}/api/metrics`, { 'x-minsheng-local-token': 'local-admin-token' });
    expect(metrics.ms).toBeLessThan(9_000);
    expect(metrics.status).toBe(503);
    expect(metrics.body).toMatchObject({ error: { code: 'UNAVAILABLE', message: expect.stringContaining('队列状态（Redis）') } });
  });

  it('reports the store down and answers API calls 503 数据库暂时无法连接 while PostgreSQL is unreachable', { timeout: 60_000 }, async () => {
    const { base } = opened[0]!;
    proxy.cut();
    try {
      const health = await timedGet(`${base}/api/health`);
      expect(health.ms).toBeLessThan(6_000);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ ok: false, down: ['store'], errors: { store: expect.stringContaining('无法连接数据库') } });

      const login = await fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'whatever-1' }) });
      expect(login.status).toBe(503);
      expect(await login.json()).toEqual({ error: { code: 'UNAVAILABLE', message: '数据库暂时无法连接，请稍后再试' } });
      const cases = await fetch(`${base}/api/workflow/cases`, { headers: { 'x-minsheng-local-token': 'local-admin-token' } });
      expect(cases.status).toBe(503);
    } finally {
      proxy.restore();
    }
    const back = await timedGet(`${base}/api/health`);
    expect(back.status).toBe(200);
    expect(back.body.ok).toBe(true);
  });
});

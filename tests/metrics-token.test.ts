/**
 * Prometheus scraping GET /api/metrics (a real HTTP server on PostgreSQL and BullMQ, wired as
 * `npm start` wires it): with MINSHENG_METRICS_TOKEN set, `Authorization: Bearer <token>` reads the
 * figures without a session, a wrong or missing token is refused, the token opens no other route,
 * and an admin's session still works; without the setting the route stays admin-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, silentLogger } from '../core/index.js';
import { allJobs } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { createWebServer } from '../web/index.js';
import { openConsoleFixture, password, type ConsoleFixture } from './console-fixture.js';
import { deleteQueuePrefix, testRedisUrl, uniqueName } from './helpers/services.js';

const token = 'prom-scrape-0123456789abcdef';
const prefix = uniqueName('msmetrics');
let f: ConsoleFixture;
let queue: BullmqQueue;

beforeAll(async () => {
  f = await openConsoleFixture({ launchBrowser: false });
  queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs, logger: silentLogger });
});

afterAll(async () => {
  await queue?.close();
  await deleteQueuePrefix(prefix);
  await f?.close();
});

/** Runs `fn` against a console on the fixture's store with the BullMQ queue and `metricsToken`. */
async function withConsole(metricsToken: string | undefined, fn: (base: string) => Promise<void>): Promise<void> {
  const app = await createWebServer({ store: f.store, logger: silentLogger, queue, metricsToken, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    await fn(base);
  } finally {
    await app.close();
  }
}

async function sessionCookie(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('GET /api/metrics with MINSHENG_METRICS_TOKEN', () => {
  it('answers a scraper with the right token, in the Prometheus format, and refuses a wrong or missing one', async () => {
    await withConsole(token, async (base) => {
      const text = await fetch(`${base}/api/metrics?format=prometheus`, { headers: bearer(token) });
      expect(text.status).toBe(200);
      expect(text.headers.get('content-type')).toContain('text/plain');
      expect(await text.text()).toContain('minsheng_jobs_waiting{stage="register-message"} 0');
      // Prometheus sends Accept: text/plain… without ?format: the same text.
      const accept = await fetch(`${base}/api/metrics`, { headers: { ...bearer(token), accept: 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4' } });
      expect(await accept.text()).toContain('# TYPE minsheng_jobs_waiting gauge');
      // The scheme's name in any case, as RFC 7235 allows.
      expect((await fetch(`${base}/api/metrics`, { headers: { authorization: `bearer ${token}` } })).status).toBe(200);

      for (const wrong of [`${token}x`, token.slice(0, -1), 'x'.repeat(token.length)]) {
        const res = await fetch(`${base}/api/metrics`, { headers: bearer(wrong) });
        expect(res.status).toBe(401);
        expect(((await res.json()) as { error: { message: string } }).error.message).toContain('监控令牌');
      }
      expect((await fetch(`${base}/api/metrics`)).status).toBe(401);
      expect((await fetch(`${base}/api/metrics`, { headers: { authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` } })).status).toBe(401);
    });
  });

  it('opens no other route, and leaves the admin session working', async () => {
    await withConsole(token, async (base) => {
      for (const path of ['/api/console/ledger', '/api/console/meta', '/admin/queues', '/api/cli/reclassify/awaiting', '/api/training/reviewed-examples']) {
        expect((await fetch(`${base}${path}`, { headers: bearer(token) })).status, path).toBe(401);
      }
      const admin = await sessionCookie(base, 'admin');
      const res = await fetch(`${base}/api/metrics`, { headers: { cookie: admin } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { queue: string }).queue).toBe('bullmq');
      const egov = await sessionCookie(base, 'egov');
      expect((await fetch(`${base}/api/metrics`, { headers: { cookie: egov } })).status).toBe(403);
      // A wrong token is refused even beside an admin's session: a misconfigured scraper shows up.
      expect((await fetch(`${base}/api/metrics`, { headers: { cookie: admin, ...bearer('wrong-token-0123456789') } })).status).toBe(401);
    });
  });
});

describe('GET /api/metrics without MINSHENG_METRICS_TOKEN', () => {
  it('stays admin-only: no bearer token is accepted', async () => {
    await withConsole(undefined, async (base) => {
      expect((await fetch(`${base}/api/metrics`, { headers: bearer(token) })).status).toBe(401);
      expect((await fetch(`${base}/api/metrics`)).status).toBe(401);
      const admin = await sessionCookie(base, 'admin');
      expect((await fetch(`${base}/api/metrics`, { headers: { cookie: admin } })).status).toBe(200);
    });
  });

  it('reads the token from MINSHENG_METRICS_TOKEN and refuses a short one', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ MINSHENG_METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
    expect(loadConfig({ MINSHENG_METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(() => loadConfig({ MINSHENG_METRICS_TOKEN: 'short' })).toThrow(/MINSHENG_METRICS_TOKEN 无效：应至少 16 个字符/);
  });
});

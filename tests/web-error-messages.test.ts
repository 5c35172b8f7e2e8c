/**
 * Requests refused before any route runs (a body that is not JSON, one too large, an unsupported
 * content type, an unknown address) are answered in Chinese like every other refusal, since the
 * console and scripts show the message as it comes. Real HTTP on 127.0.0.1 and PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createWebServer } from '../web/index.js';
import { openStore, type Store } from '../workflow/index.js';
import { createUser } from '../workflow/users/index.js';
import { testDatabaseUrl, uniqueName } from './helpers/services.js';

const password = 'web-errors-pass-2026';
let store: Store;
let app: FastifyInstance;
let base: string;
let headers: Record<string, string>;

beforeAll(async () => {
  store = await openStore({ databaseUrl: testDatabaseUrl, schema: uniqueName('t'), poolSize: 3 });
  await createUser(store.db, { username: 'egov', displayName: '电子政务中心 王敏', role: 'egov_centre', password });
  app = await createWebServer({ store, logger: silentLogger, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'egov', password }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  headers = { cookie, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

async function refusal(path: string, init: RequestInit) {
  const res = await fetch(`${base}${path}`, init);
  return { status: res.status, error: ((await res.json()) as { error: { code: string; message: string } }).error };
}

describe('refusals before any route runs', () => {
  const step = '/api/workflow/cases/no-such-case/register';

  it('a body that is not JSON, or empty, is named so in Chinese', async () => {
    expect(await refusal(step, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"category": 投诉' })).toEqual({
      status: 400,
      error: { code: 'BAD_INPUT', message: '请求内容不是有效的 JSON' },
    });
    expect(await refusal(step, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '' })).toEqual({
      status: 400,
      error: { code: 'BAD_INPUT', message: '请求内容为空（声明为 JSON 时不能为空）' },
    });
  });

  it('a body over the limit and an unsupported content type', async () => {
    const big = JSON.stringify({ category: '投诉', note: '很长'.repeat(600_000) });
    expect(await refusal(step, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: big })).toEqual({
      status: 413,
      error: { code: 'BAD_INPUT', message: '请求内容过大，超过服务器允许的上限' },
    });
    expect(await refusal(step, { method: 'POST', headers: { ...headers, 'content-type': 'application/xml' }, body: '<category>投诉</category>' })).toEqual({
      status: 415,
      error: { code: 'BAD_INPUT', message: '不支持的请求内容类型（Content-Type）' },
    });
  });

  it('an unknown address names the method and path, without its query', async () => {
    expect(await refusal('/api/workflow/no-such-thing?x=1', { headers })).toEqual({
      status: 404,
      error: { code: 'NOT_FOUND', message: '找不到该地址：GET /api/workflow/no-such-thing' },
    });
  });
});

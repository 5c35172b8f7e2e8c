/** A bad request over real HTTP: the BAD_INPUT message is Chinese and names the field in Chinese. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWorkflowRoutes } from './helpers/workflow-routes-server.js';
import { newCase, openFixture, type Fixture } from './workflow-fixtures.js';

let f: Fixture;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  f = await openFixture();
  ({ app, base } = await serveWorkflowRoutes(f));
});
afterAll(async () => {
  await app?.close();
  await f?.close();
});

async function errorOf(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-test-user': 'egov', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  expect(res.status).toBe(400);
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe('validation messages', () => {
  it('are Chinese and name the field in Chinese', async () => {
    const { caseId } = await newCase(f);
    expect(await errorOf('POST', `/api/workflow/cases/${caseId}/not-accepted`, { reasons: [], note: '广告' })).toEqual({
      code: 'BAD_INPUT',
      message: '参数 不予受理理由 无效：至少 1 项',
      details: expect.anything(),
    });
    expect((await errorOf('POST', `/api/workflow/cases/${caseId}/not-accepted`, { reasons: ['advertising'] })).message).toBe('参数 说明 无效：缺少此项');
    expect((await errorOf('POST', `/api/workflow/cases/${caseId}/extension`, { progress: '进行中', reason: '需协调', days: 0 })).message).toBe('参数 天数 无效：不能小于 1');
    expect((await errorOf('GET', '/api/workflow/calendar/due?from=2026-11-02&days=abc')).message).toBe('参数 天数 无效：应为数字，实际为非数字');
    expect((await errorOf('GET', '/api/workflow/cases?limit=1000')).message).toBe('参数 每页条数 无效：不能大于 500');
  });
});

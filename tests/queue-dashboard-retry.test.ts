/**
 * The admin's queue dashboard (bull-board on BullMQ) does its main job: a failed job retried from
 * its own page, with its own button, is queued again and runs. bull-board's page cannot send the
 * console's CSRF token (its client is axios without our header), so the dashboard's state changes
 * are let through when the browser says the request came from a page of this origin
 * (Sec-Fetch-Site, else Origin), and only for an admin: a non-admin, a cross-site or same-site page
 * and a request that shows no origin at all are refused. Real Redis, real browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../core/index.js';
import { type JobDefinition } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { createWebServer } from '../web/index.js';
import { openConsoleFixture, password, signInToConsole, type ConsoleFixture } from './console-fixture.js';
import { deleteQueuePrefix, testRedisUrl, uniqueName } from './helpers/services.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await openConsoleFixture();
});
afterAll(async () => {
  await f?.close();
});

/** A job that fails on its first run and succeeds on any later one; one attempt, so it stays failed. */
const flakyJob: JobDefinition<{ n: number }> = { name: 'dashboard-retry-check', version: 1, schema: z.object({ n: z.number() }), attempts: 1 };

describe('queue dashboard: retrying a failed job', () => {
  it('re-queues the job from the dashboard page for an admin; refuses a non-admin and cross-site requests', async () => {
    const prefix = uniqueName('msretry');
    const queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, logger: silentLogger });
    let runs = 0;
    queue.handle(flakyJob, async () => {
      runs++;
      if (runs === 1) throw new Error('第一次运行失败');
    });
    const app = await createWebServer({ store: f.store, logger: silentLogger, queue, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    try {
      await queue.start({ concurrency: 1 });
      await queue.enqueue(flakyJob, { n: 1 }, { jobId: 'flaky-1' });
      await expect.poll(async () => (await queue.failed()).map((j) => j.id)).toEqual(['flaky-1']);
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const retryUrl = `${base}/admin/queues/api/queues/${flakyJob.name}/flaky-1/retry`;
      const signIn = async (username: string) => {
        const res = await fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
        return (res.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
      };
      const admin = await signIn('admin');
      const egov = await signIn('egov');
      const put = (cookie: string, headers: Record<string, string> = {}) => fetch(retryUrl, { method: 'PUT', headers: { cookie, accept: 'application/json, text/plain, */*', ...headers } });

      // Refused, the job left failed: another role from the same origin; an admin's session from a
      // page of another site, of a sibling host (same-site, another origin), or with no origin shown.
      expect((await put(egov, { origin: base, 'sec-fetch-site': 'same-origin' })).status).toBe(403);
      expect((await put(admin, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await put(admin, { origin: 'http://evil.example' })).status).toBe(403);
      expect((await put(admin, { origin: 'http://other.intranet.local', 'sec-fetch-site': 'same-site' })).status).toBe(403);
      expect((await put(admin)).status).toBe(403);
      expect((await put(admin, { origin: base, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await queue.failed()).map((j) => j.id)).toEqual(['flaky-1']);
      expect(runs).toBe(1);

      // The admin's own click on bull-board's 重试 button, as the page sends it.
      const { context, page } = await signInToConsole(f.browser, base, 'admin');
      try {
        await page.goto(`${base}/admin/queues/queue/${flakyJob.name}?status=failed`);
        // The job's header holds its id and its icon buttons, 重试 first (its name shows on hover).
        const header = page.getByText('flaky-1', { exact: true }).locator('xpath=ancestor::*[.//button][1]');
        const button = header.locator('button').first();
        await button.waitFor({ state: 'visible', timeout: 20_000 });
        await button.hover();
        await page.getByText('重试', { exact: true }).waitFor({ state: 'visible', timeout: 5_000 });
        const answered = page.waitForResponse((r) => r.url().endsWith('/flaky-1/retry'));
        await button.click();
        const confirm = page.getByRole('button', { name: '确认', exact: true });
        if (await confirm.isVisible({ timeout: 2_000 }).catch(() => false)) await confirm.click();
        const response = await answered;
        expect(response.request().method()).toBe('PUT');
        expect(response.status()).toBe(204);
      } finally {
        await context.close();
      }
      // Queued again and run: the handler's second run succeeded, nothing is left failed.
      await expect.poll(() => runs).toBe(2);
      await queue.idle(20_000);
      expect(await queue.failed()).toEqual([]);
    } finally {
      await app.close();
      await queue.close();
      await deleteQueuePrefix(prefix);
    }
  });
});

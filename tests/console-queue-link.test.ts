/**
 * The console's link to the queue dashboard, in a real browser: on BullMQ an administrator finds
 * 任务队列 in the navigation and it opens bull-board in a new tab; other roles see no link (and the
 * meta the console reads offers none); on the embedded in-process queue nobody sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { allJobs, createQueue, type JobQueue } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { createWebServer } from '../web/index.js';
import { openConsoleFixture, signInToConsole, watchPageErrors, type ConsoleFixture } from './console-fixture.js';
import { deleteQueuePrefix, testRedisUrl, uniqueName } from './helpers/services.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await openConsoleFixture();
});
afterAll(async () => {
  await f?.close();
});

/** Runs `fn` against a console on the fixture's store with `queue`, as `npm start` mounts it. */
async function withConsole(queue: JobQueue, fn: (base: string) => Promise<void>): Promise<void> {
  const app = await createWebServer({ store: f.store, logger: silentLogger, queue, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    await fn(base);
  } finally {
    await app.close();
  }
}

describe('console: link to the queue dashboard', () => {
  it('on BullMQ, shows admins 任务队列, which opens bull-board in a new tab; other roles see none', async () => {
    const prefix = uniqueName('mslink');
    const queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs, logger: silentLogger });
    try {
      await withConsole(queue, async (base) => {
        const { context, page } = await signInToConsole(f.browser, base, 'admin');
        const errors = watchPageErrors(page);
        try {
          const link = page.locator('#nav #queue-dashboard-link');
          await link.waitFor({ state: 'visible' });
          expect(await link.textContent()).toBe('任务队列');
          expect(await link.getAttribute('href')).toBe('/admin/queues');
          const [board] = await Promise.all([context.waitForEvent('page'), link.click()]);
          await board.getByText('register-message').first().waitFor({ state: 'visible', timeout: 20_000 });
          expect(board.url()).toBe(`${base}/admin/queues`);
          // The console stays where it was.
          expect(page.url()).toContain(base);
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
        for (const username of ['egov', 'leader', 'duchashi', 'roads']) {
          const { context: other, page: otherPage } = await signInToConsole(f.browser, base, username);
          try {
            await otherPage.waitForSelector('#nav a');
            expect(await otherPage.locator('#queue-dashboard-link').count(), username).toBe(0);
            const meta = (await (await otherPage.request.get(`${base}/api/console/meta`)).json()) as { queueDashboard: unknown };
            expect(meta.queueDashboard, username).toBeNull();
          } finally {
            await other.close();
          }
        }
      });
    } finally {
      await queue.close();
      await deleteQueuePrefix(prefix);
    }
  });

  it('on the embedded in-process queue, shows no link, even to admins', async () => {
    const queue = await createQueue({ redisUrl: undefined, queuePrefix: 'unused', workerConcurrency: 1 }, silentLogger);
    try {
      await withConsole(queue, async (base) => {
        const { context, page } = await signInToConsole(f.browser, base, 'admin');
        try {
          await page.waitForSelector('#nav a[href="#/backups"]');
          expect(await page.locator('#queue-dashboard-link').count()).toBe(0);
          expect(await page.locator('#nav').innerText()).not.toContain('任务队列');
          const meta = (await (await page.request.get(`${base}/api/console/meta`)).json()) as { queueDashboard: unknown };
          expect(meta.queueDashboard).toBeNull();
        } finally {
          await context.close();
        }
      });
    } finally {
      await queue.close();
    }
  });
});

/**
 * 知道了 on the console's line that Redis lost the queue's data, on the real Redis (the test's own
 * key prefix: only its keys are deleted, as a FLUSHALL would delete them), PostgreSQL and the console
 * in chromium. Before, the line stayed three days after a finished re-sending, and nobody could say
 * they had read it. Now the centre's 知道了 hides that loss's line for everyone, the event log naming
 * who and when; the next loss shows again; a re-sending that failed or is still running offers no
 * 知道了, and the route refuses it saying why. The failed re-sending is worded once: the watch's log
 * line and the console's notice say the same words (queue-data-loss.ts failedResendWords).
 */
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingClock, silentLogger } from '../core/index.js';
import { allJobs, failedResendWords, watchQueueData, type QueueDataWatch } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { createWebServer } from '../web/index.js';
import { listSecurityLog } from '../workflow/audit/index.js';
import { openConsoleFixture, signInToConsole, watchPageErrors, type ConsoleFixture } from './console-fixture.js';
import { deleteQueuePrefix, testRedisUrl, uniqueName } from './helpers/services.js';

const prefix = uniqueName('mslossdismiss');
let f: ConsoleFixture;
let app: FastifyInstance;
let base: string;
let queue: BullmqQueue;
const watches: QueueDataWatch[] = [];
const logLines: string[] = [];

beforeAll(async () => {
  f = await openConsoleFixture();
  await f.addMessage({ title: '小区路灯不亮', content: '我们小区的路灯坏了一个月，晚上出行不便。', category: 'complaint', confidence: 0.9 });
  queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs, logger: silentLogger });
  app = await createWebServer({ store: f.store, logger: silentLogger, queue, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  for (const w of watches) w.stop();
  await app?.close();
  await queue?.close();
  await deleteQueuePrefix(prefix);
  await f?.close();
});

interface Notice {
  text: string;
  resend: string | null;
  /** 知道了 is offered. */
  dismissible: boolean;
}

/**
 * The line above the 督查看板 as `username` sees it; `dismiss`: then says 知道了 and returns the
 * line left after it (and the toast).
 */
async function noticeFor(username: string, options: { dismiss?: boolean } = {}): Promise<Notice & { after?: string; toast?: string }> {
  const { context, page } = await signInToConsole(f.browser, base, username);
  const errors = watchPageErrors(page);
  try {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/console/queue-data-loss'));
    await page.goto(`${base}/#/board`);
    await page.waitForSelector('#view .page');
    await answered;
    await page.waitForFunction(() => document.readyState === 'complete');
    const notice = page.locator('#system-notice .queue-data-notice');
    const shown = (await notice.count()) > 0;
    const seen: Notice = {
      text: shown ? await notice.locator('.queue-data-text').innerText() : '',
      resend: shown ? await notice.getAttribute('data-resend') : null,
      dismissible: (await notice.locator('button.queue-data-dismiss').count()) > 0,
    };
    if (!options.dismiss) {
      expect(errors).toEqual([]);
      return seen;
    }
    await notice.getByRole('button', { name: '知道了' }).click();
    const toast = await page.locator('#toasts .toast', { hasText: '知道了' }).innerText();
    await page.waitForFunction(() => !document.querySelector('#system-notice .queue-data-notice'));
    expect(errors).toEqual([]);
    return { ...seen, after: await page.locator('#system-notice').innerText(), toast };
  } finally {
    await context.close();
  }
}

/** POST 知道了 for the loss noticed at `lostAt` as `username`, with the session's CSRF token, as the console sends it. */
async function dismissAs(username: string, lostAt: string): Promise<{ status: number; body: { dismissed?: { by: string; at: string }; error?: { message: string } } }> {
  const { context } = await signInToConsole(f.browser, base, username);
  try {
    const csrf = (await context.cookies()).find((c) => c.name === 'ms_csrf')!.value;
    const answer = await context.request.post(`${base}/api/console/queue-data-loss/dismiss`, { headers: { 'x-csrf-token': csrf }, data: { lostAt } });
    return { status: answer.status(), body: (await answer.json()) as never };
  } finally {
    await context.close();
  }
}

const dismissals = () => f.store.db.event.findMany({ where: { caseId: null, type: 'queue_data_loss_dismissed' }, orderBy: { id: 'asc' } });

/** The store's letters recorded without a case, as those whose classification jobs were queued when Redis lost them. */
const unregisterAll = () => f.store.db.message.updateMany({ data: { caseId: null } });

describe('知道了 on the line that Redis lost the queue data', () => {
  it('hides a loss whose lost work was sent again for everyone, naming who and when; the next loss shows again, and one not sent again cannot be dismissed', { timeout: 240_000 }, async () => {
    const mainWatch = await watchQueueData({ queue, store: f.store, everyMs: 3_600_000 });
    watches.push(mainWatch);
    await unregisterAll();
    await deleteQueuePrefix(prefix);
    expect(await mainWatch.check()).toBe(true);
    const firstLoss = (await queue.dataLoss())!;
    expect(firstLoss.resend).toBe('done');

    // Offered to both who run the system; the centre says 知道了.
    expect(await noticeFor('admin')).toMatchObject({ resend: 'done', dismissible: true });
    const before = new Date();
    const dismissed = await noticeFor('egov', { dismiss: true });
    expect(dismissed.dismissible).toBe(true);
    expect(dismissed.after).toBe('');
    expect(dismissed.toast).toContain('不再向任何人显示');
    for (const username of ['admin', 'egov']) expect(await noticeFor(username), username).toMatchObject({ text: '', dismissible: false });

    // Recorded in the event log: who, as which role, and when, for that loss.
    const [event, ...more] = await dismissals();
    expect(more).toEqual([]);
    expect(event).toMatchObject({ actor: 'egov', role: 'egov_centre', data: { lostAt: firstLoss.lostAt } });
    expect(event!.at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    // Saying it again (admin, from a page opened before) answers the first and records nothing more.
    const again = await dismissAs('admin', firstLoss.lostAt);
    expect(again.status).toBe(200);
    expect(again.body.dismissed?.by).toBe('egov');
    expect(await dismissals()).toHaveLength(1);
    // Shown to the admin on 安全审计 as 系统设置, by the centre's account.
    const log = await listSecurityLog(f.store.db, { actor: { userId: 'admin', username: 'admin', role: 'admin' }, filter: { kind: 'system' } });
    expect(log.items.map((r) => [r.kindName, r.username, r.details])).toEqual([['系统设置', 'egov', `对 ${beijingClock(Date.parse(firstLoss.lostAt)).slice(0, 16)} 发现的任务队列数据丢失提示标记“知道了”（不再向任何人显示）`]]);

    // The next loss, whose re-sending fails (Redis refusing writes as it does over its maxmemory).
    const reason = "OOM command not allowed when used memory > 'maxmemory'.";
    const failing = await watchQueueData({
      queue: { dataMark: () => queue.dataMark(), claim: (key) => queue.claim(key), recordDataLoss: (loss) => queue.recordDataLoss(loss), enqueue: () => Promise.reject(new Error(reason)) },
      store: f.store,
      logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push((JSON.parse(line) as { msg: string }).msg) }),
      everyMs: 3_600_000,
    });
    watches.push(failing);
    await unregisterAll();
    await deleteQueuePrefix(prefix);
    expect(await failing.check()).toBe(true);
    const secondLoss = (await queue.dataLoss())!;
    expect(secondLoss).toMatchObject({ resend: 'failed', error: reason });
    expect(secondLoss.lostAt).not.toBe(firstLoss.lostAt);

    for (const username of ['admin', 'egov']) {
      const notice = await noticeFor(username);
      expect(notice, username).toMatchObject({ resend: 'failed', dismissible: false });
      // One wording of the failure, in the notice and in the watch's log line.
      expect(notice.text, username).toContain(failedResendWords(reason));
    }
    const logged = logLines.filter((l) => l.includes('Redis 中的队列数据已丢失'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(failedResendWords(reason));

    const refusedFailed = await dismissAs('admin', secondLoss.lostAt);
    expect(refusedFailed.status).toBe(409);
    expect(refusedFailed.body.error?.message).toContain('未能重新送去分类，每分钟的巡检补做完成后才能标记“知道了”');
    // A page still showing the first loss cannot dismiss the second.
    const refusedOld = await dismissAs('egov', firstLoss.lostAt);
    expect(refusedOld.status).toBe(409);
    expect(refusedOld.body.error?.message).toContain('Redis 又一次丢失了队列数据');

    // While a process re-sends: no 知道了 either.
    await queue.recordDataLoss({ resend: 'running' });
    expect(await noticeFor('egov')).toMatchObject({ resend: 'running', dismissible: false });
    const refusedRunning = await dismissAs('egov', secondLoss.lostAt);
    expect(refusedRunning.status).toBe(409);
    expect(refusedRunning.body.error?.message).toContain('完成后才能标记“知道了”');
    expect(await dismissals()).toHaveLength(1);

    // Done at last: offered again, for this loss.
    await queue.recordDataLoss({ resend: 'done', resent: 1, resentAt: new Date().toISOString() });
    expect(await noticeFor('admin')).toMatchObject({ resend: 'done', dismissible: true });
    const second = await dismissAs('admin', secondLoss.lostAt);
    expect(second.status).toBe(200);
    expect(second.body.dismissed?.by).toBe('admin');
    expect((await dismissals()).map((e) => (e.data as { lostAt: string }).lostAt)).toEqual([firstLoss.lostAt, secondLoss.lostAt]);
    expect(await noticeFor('egov')).toMatchObject({ text: '', dismissible: false });
  });
});

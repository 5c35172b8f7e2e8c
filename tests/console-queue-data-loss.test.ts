/**
 * Redis losing the queue's data, as the staff who run the system are told it, on the real Redis
 * (the test's own key prefix: only its keys are deleted, as a FLUSHALL would delete them) and the
 * real console in chromium. A process without the store (the scheduler) notices first: 系统管理员
 * and the centre see a line above every page saying when, and that the lost work is not yet sent
 * again; once the main job's watch re-sends it, the line says so. The other roles see no line and
 * are refused its route. `minsheng sources status` (and --json, on stderr) says the same. Before,
 * only /api/health (queueDataLostAt) and the log said anything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { beijingClock, silentLogger } from '../core/index.js';
import { allJobs, watchQueueData, type QueueDataWatch } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { createWebServer } from '../web/index.js';
import { dismissQueueDataLoss } from '../workflow/audit/index.js';
import type { Store } from '../workflow/index.js';
import { openConsoleFixture, signInToConsole, watchPageErrors, type ConsoleFixture } from './console-fixture.js';
import { deleteQueuePrefix, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';

const prefix = uniqueName('mslossshown');
let f: ConsoleFixture;
let app: FastifyInstance;
let base: string;
let dataDir: string;
/** The main job's queue and watch (with the store), and the scheduler's (without). */
let mainQueue: BullmqQueue;
let schedulerQueue: BullmqQueue;
const watches: QueueDataWatch[] = [];

beforeAll(async () => {
  f = await openConsoleFixture();
  await f.addMessage({ title: '小区路灯不亮', content: '我们小区的路灯坏了一个月，晚上出行不便。', category: 'complaint', confidence: 0.9 });
  mainQueue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs, logger: silentLogger });
  schedulerQueue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs, logger: silentLogger });
  app = await createWebServer({ store: f.store, logger: silentLogger, queue: mainQueue, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  dataDir = await mkdtemp(path.join(tmpdir(), 'minsheng-loss-shown-'));
});
afterAll(async () => {
  for (const w of watches) w.stop();
  await app?.close();
  await mainQueue?.close();
  await schedulerQueue?.close();
  await deleteQueuePrefix(prefix);
  await f?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The roles the console asks for the notice (the others are refused it). */
const runners = new Set(['admin', 'egov']);

/** The line above the page as `username` sees it after opening the 督查看板 ('' when none), and the route's status for them. */
async function noticeFor(username: string): Promise<{ text: string; resend: string | null; status: number }> {
  const { context, page } = await signInToConsole(f.browser, base, username);
  const errors = watchPageErrors(page);
  try {
    const answered = runners.has(username) ? page.waitForResponse((r) => r.url().endsWith('/api/console/queue-data-loss')) : undefined;
    // The board: no role starts there that the console asks for the notice, so this is a new page for them.
    await page.goto(`${base}/#/board`);
    await page.waitForSelector('#view .page');
    await answered;
    await page.waitForFunction(() => document.readyState === 'complete');
    const status = (await page.request.get(`${base}/api/console/queue-data-loss`)).status();
    const notice = page.locator('#system-notice .queue-data-notice');
    const shown = (await notice.count()) > 0;
    expect(errors).toEqual([]);
    return { text: shown ? await notice.locator('.queue-data-text').innerText() : '', resend: shown ? await notice.getAttribute('data-resend') : null, status };
  } finally {
    await context.close();
  }
}

/** `minsheng sources status` with the installation's Redis, as staff at the server run it. */
async function sourcesStatus(...more: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const schema = (f.store as Store & { schema: string }).schema;
  const code = await main(['sources', 'status', ...more], {
    env: { DATABASE_URL: `${testDatabaseUrl}?schema=${schema}`, REDIS_URL: testRedisUrl, MINSHENG_QUEUE_PREFIX: prefix, MINSHENG_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
  });
  return { code, out, err };
}

describe('the queue data lost in Redis, shown to the staff who run the system', () => {
  it('says when, and whether the lost work was sent again, to admin and the centre only', { timeout: 180_000 }, async () => {
    const mainWatch = await watchQueueData({ queue: mainQueue, store: f.store, everyMs: 3_600_000 });
    const schedulerWatch = await watchQueueData({ queue: schedulerQueue, everyMs: 3_600_000 });
    watches.push(mainWatch, schedulerWatch);
    expect((await noticeFor('admin')).text).toBe('');
    const quiet = await sourcesStatus();
    expect(quiet.code).toBe(0);
    expect(quiet.err).not.toContain('任务队列数据丢失');

    // A letter recorded without a case, as one whose classification job was queued when Redis lost it.
    await f.store.db.message.updateMany({ data: { caseId: null } });
    const unregistered = await f.store.db.message.count({ where: { caseId: null } });
    expect(unregistered).toBeGreaterThan(0);

    await deleteQueuePrefix(prefix);
    expect(await schedulerWatch.check()).toBe(true);
    const lostAt = schedulerWatch.lostAt()!;
    const when = beijingClock(Date.parse(lostAt)).slice(0, 16);

    for (const username of ['admin', 'egov']) {
      const notice = await noticeFor(username);
      expect(notice.status, username).toBe(200);
      expect(notice.resend, username).toBe('pending');
      expect(notice.text, username).toContain(`任务队列数据丢失：${when} 发现 Redis 中的队列数据已丢失`);
      expect(notice.text, username).toContain('尚未重新送去分类');
    }
    const pending = await sourcesStatus();
    expect(pending.err).toContain(`任务队列数据丢失：${when} 发现`);
    expect(pending.err).toContain('尚未重新送去分类');

    // The main job's watch notices next: it re-sends the letter and says so.
    expect(await mainWatch.check()).toBe(true);
    for (const username of ['admin', 'egov']) {
      const notice = await noticeFor(username);
      expect(notice.resend, username).toBe('done');
      expect(notice.text, username).toContain(`任务队列数据丢失：${when} 发现`);
      expect(notice.text, username).toMatch(new RegExp(`已于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d 将 ${unregistered} 条已记录、未登记的留言重新送去分类`));
      expect(notice.text, username).not.toContain('尚未');
    }
    for (const username of ['office', 'leader', 'duchashi', 'roads']) {
      const notice = await noticeFor(username);
      expect(notice.text, username).toBe('');
      expect(notice.status, username).toBe(403);
    }
    const text = await sourcesStatus();
    expect(text.code).toBe(0);
    expect(text.err).toContain(`将 ${unregistered} 条已记录、未登记的留言重新送去分类`);
    const json = await sourcesStatus('--json');
    expect(json.code).toBe(0);
    expect(Array.isArray(JSON.parse(json.out))).toBe(true);
    expect(json.err).toContain(`任务队列数据丢失：${when} 发现`);
    expect(json.err).toContain(`将 ${unregistered} 条已记录、未登记的留言重新送去分类`);
    expect(json.err).not.toContain('知道了');

    // Dismissed on the console by the centre: the command still prints the line, saying who and when.
    const loss = (await mainQueue.dataLoss())!;
    const dismissed = await dismissQueueDataLoss(f.store.db, { actor: f.actors.egov, lostAt: loss.lostAt, current: loss });
    const after = await sourcesStatus();
    expect(after.code).toBe(0);
    expect(after.err).toContain(`任务队列数据丢失：${when} 发现`);
    expect(after.err).toContain(`（${dismissed.byName} 已于 ${beijingClock(Date.parse(dismissed.at)).slice(0, 16)} 在控制台标记“知道了”，控制台不再显示）`);
  });
});

/**
 * When Redis lost the queue's data and the re-sending at the loss failed, the notice says the
 * minute's sweep does it: a sweep run at least its age bar after the loss has then re-sent every
 * letter recorded before it, so it marks the loss's record done (the console's line stops saying
 * it failed, and 知道了 is offered). Before, the record stayed `failed` until the next loss, and the
 * line could neither be dismissed nor expire. Real Redis (the test's own key prefix) and a store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type CrawledMessage } from '../core/index.js';
import { allJobs, classifyMessageJob, sweepStage, type JobContext } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { ensureSource, recordMessage, type Store } from '../workflow/index.js';
import { deleteQueuePrefix, openTestPgliteStore, testRedisUrl, uniqueName } from './helpers/services.js';

const prefix = uniqueName('mslosssweep');
const sourceId = 'loss-sweep';
let store: Store & { dataDir: string };
let queue: BullmqQueue;

const letter: CrawledMessage = {
  sourceId,
  channel: 'district_mailbox',
  siteId: 'sweep-1',
  title: '东风路路灯不亮',
  content: '东风路的路灯坏了一个月，晚上出行不便，请尽快维修。',
  fetchedAt: new Date().toISOString(),
};

/** The sweep's context: follow-up jobs are added to the real queue. */
const context = (): JobContext => ({
  enqueue: (definition, payload, options) => queue.enqueue(definition, payload, options),
  logger: silentLogger,
  attempt: 1,
  signal: new AbortController().signal,
});

beforeAll(async () => {
  store = await openTestPgliteStore();
  await ensureSource(store.db, { id: sourceId, name: '测试来源', channel: 'district_mailbox', definition: {} });
  await recordMessage(store.db, letter);
  queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs, logger: silentLogger });
});
afterAll(async () => {
  await queue?.close();
  await deleteQueuePrefix(prefix);
  await store?.close();
});

async function lossThatFailed(lostAt: string): Promise<void> {
  await deleteQueuePrefix(prefix);
  await queue.recordDataLoss({ lostAt, resend: 'pending' });
  await queue.recordDataLoss({ resend: 'failed', error: '数据库连接中断' });
}

describe('the sweep after a failed re-sending', () => {
  it('marks the loss done once it ran its age bar after the loss, and says how many it re-sent', async () => {
    const lostAt = new Date(Date.now() - 5 * 60_000).toISOString();
    await lossThatFailed(lostAt);
    await sweepStage(store, queue)({ olderThanMs: 120_000 }, context());
    const loss = await queue.dataLoss();
    expect(loss).toMatchObject({ lostAt, resend: 'done', resent: 0 });
    expect(loss?.error).toBeUndefined();
  });

  it('re-sends the letter recorded before the loss and counts it', async () => {
    const lostAt = new Date(Date.now() - 5 * 60_000).toISOString();
    await lossThatFailed(lostAt);
    // The letter was recorded just now: the sweep's bar of 0 takes it, as the bar's age would after two minutes.
    await sweepStage(store, queue)({ olderThanMs: 0 }, context());
    expect(await queue.dataLoss()).toMatchObject({ lostAt, resend: 'done', resent: 1 });
    const classify = queue.bullQueues().find((q) => q.name === classifyMessageJob.name)!;
    expect(await classify.getJobCounts('waiting')).toEqual({ waiting: 1 });
  });

  it('leaves a loss younger than the bar failed: letters recorded just before it are not yet swept', async () => {
    const lostAt = new Date(Date.now() - 30_000).toISOString();
    await lossThatFailed(lostAt);
    await sweepStage(store, queue)({ olderThanMs: 120_000 }, context());
    expect(await queue.dataLoss()).toMatchObject({ lostAt, resend: 'failed' });
  });

  it('never overwrites a newer loss, nor one whose re-sending another process finished', async () => {
    const lostAt = new Date(Date.now() - 5 * 60_000).toISOString();
    await lossThatFailed(lostAt);
    expect(await queue.settleFailedResend('2020-01-01T00:00:00.000Z', 3, new Date().toISOString())).toBe(false);
    expect(await queue.dataLoss()).toMatchObject({ lostAt, resend: 'failed' });
    await queue.recordDataLoss({ resend: 'done', resent: 7, resentAt: new Date().toISOString() });
    expect(await queue.settleFailedResend(lostAt, 3, new Date().toISOString())).toBe(false);
    expect(await queue.dataLoss()).toMatchObject({ resend: 'done', resent: 7 });
  });
});

/**
 * Recovery of unfinished work leaves out a letter with neither title nor text: classification
 * refuses it for good, so it is not unfinished (production QA: every start and every minute's sweep
 * logged it as sent to classification again). A letter with a title only is still recovered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawledMessage } from '../core/index.js';
import { classifyMessageJob, InProcessQueue, recoverUnfinished } from '../pipeline/index.js';
import { ensureSource, recordMessage, type Store } from '../workflow/index.js';
import { openTestPgliteStore } from './helpers/services.js';

const sourceId = 'recover-blank';
const crawled = (siteId: string, title: string, content: string): CrawledMessage => ({
  sourceId,
  channel: 'district_mailbox',
  siteId,
  title,
  content,
  fetchedAt: new Date().toISOString(),
});

describe('recoverUnfinished', () => {
  let store: Store & { dataDir: string };
  beforeAll(async () => {
    store = await openTestPgliteStore();
    await ensureSource(store.db, { id: sourceId, name: '测试来源', channel: 'district_mailbox', definition: {} });
  });
  afterAll(async () => {
    await store.close();
  });

  it('sends unregistered letters to classification again, but not one with neither title nor text', async () => {
    await recordMessage(store.db, crawled('blank-1', '', ''));
    const titled = await recordMessage(store.db, crawled('titled-1', '东风路路灯不亮了请尽快修', ''));
    const queue = new InProcessQueue();
    const classified: string[] = [];
    queue.handle(classifyMessageJob, async ({ messageId }) => void classified.push(messageId));
    await queue.start();
    expect(await recoverUnfinished(store, queue)).toBe(1);
    await queue.idle(10_000);
    await queue.close();
    expect(classified).toEqual([titled.messageId]);
  });
});

/**
 * A letter longer than the 200,000-character limit on the embedded default (PGlite + the
 * in-process queue), where the failed list lives in memory. Before: the crawl put it in that list
 * and counted it as known, so after a restart it was gone for good. Now it is recorded cut to the
 * limit, with a note in its text and a warning in the log, and becomes a case like any letter; a
 * re-crawl of the same page finds nothing changed.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, crawlSourceJob, crawlStage, InProcessQueue } from '../pipeline/index.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import type { Store } from '../workflow/index.js';
import { openTestPgliteStore } from './helpers/services.js';
import { sharedClassifier, sourceFileFor } from './pipeline-helpers.js';

describe('a huge letter on the embedded default', () => {
  let store: Store;
  let site: RunningSite;
  let cleanupSource: () => Promise<void> = async () => {};

  beforeAll(async () => {
    store = await openTestPgliteStore();
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(3, 17), pageSize: 10 });
    site.addMessage({ id: '888001', title: '关于陈炉镇排水问题的长信', content: '排水沟堵塞，雨天积水。'.repeat(25_000) });
  });
  afterAll(async () => {
    await cleanupSource();
    await site.close();
    await store.close();
  });

  it('is recorded cut, with a note, becomes a case, and is not taken for a change when crawled again', async () => {
    const file = await sourceFileFor(site, { id: 'huge-embedded', every: '1h' });
    cleanupSource = file.cleanup;
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
    const queue = new InProcessQueue({ logger });
    createPipeline({ store, queue, classifier: await sharedClassifier(), logger, crawl: crawlStage({ store, sources: file.sources, config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }) });
    await queue.start();
    try {
      await queue.enqueue(crawlSourceJob, { sourceId: 'huge-embedded' });
      await queue.idle(90_000);
      const letter = await store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: 'huge-embedded', siteId: '888001' } } });
      expect(letter.content.length).toBeLessThanOrEqual(200_000);
      expect(letter.content.startsWith('排水沟堵塞，雨天积水。排水沟堵塞')).toBe(true);
      expect(letter.content.endsWith('【民声：原文共 275000 字，超过 200000 字的上限，以下已略去；全文请见原网页】')).toBe(true);
      expect(letter.caseId).not.toBeNull();
      expect(await queue.failed()).toEqual([]);
      expect(lines.some((l) => l.level === 40 && l.msg === '留言 888001 的正文超过长度上限，已截断记录（原文见原网页）')).toBe(true);
      expect(await store.db.message.count({ where: { sourceId: 'huge-embedded' } })).toBe(4);

      lines.length = 0;
      await queue.enqueue(crawlSourceJob, { sourceId: 'huge-embedded' });
      await queue.idle(90_000);
      expect(lines.filter((l) => l.msg.startsWith('采集完成：'))).toEqual([expect.objectContaining({ msg: expect.stringContaining('新增 0，变更 0') })]);
      expect(await store.db.message.count({ where: { sourceId: 'huge-embedded' } })).toBe(4);
    } finally {
      await queue.close();
    }
  });
});

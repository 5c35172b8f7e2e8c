/**
 * A message taken down from a watched site reaches the store as a status change: the crawl stage
 * hands the removal on like any status change, recordMessage keeps the text and writes one
 * MessageChange (待回复 → 已从网站删除), later crawls add nothing, and a message that comes back
 * gets its status back. Embedded store (PGlite) and the in-process queue, as `npm start` runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removedStatus } from '../crawlers/index.js';
import { silentLogger } from '../core/index.js';
import { createPipeline, crawlStage, InProcessQueue, type Pipeline } from '../pipeline/index.js';
import type { Store } from '../workflow/index.js';
import { removalSource, startRemovalSite, type RemovalSite } from './crawlers/removal-site.js';
import { openTestPgliteStore } from './helpers/services.js';
import { sharedClassifier } from './pipeline-helpers.js';

describe('a message removed from the site, through the pipeline into the store', () => {
  let site: RemovalSite;
  let store: Store;
  let queue: InProcessQueue;
  let pipeline: Pipeline;
  const source = () => removalSource(site);

  beforeAll(async () => {
    site = await startRemovalSite([
      { id: '12', title: '小区门口路灯长期不亮', content: '晚上出行很不方便，请尽快维修。', status: '待回复' },
      { id: '11', title: '菜市场占道经营', content: '早高峰车辆无法通行，希望管理。', status: '办理中' },
    ]);
    store = await openTestPgliteStore();
    queue = new InProcessQueue({ concurrency: 2 });
    pipeline = createPipeline({
      store,
      queue,
      classifier: await sharedClassifier(),
      logger: silentLogger,
      crawl: crawlStage({ store, sources: [source()], config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }),
    });
    await pipeline.start({ concurrency: 2 });
  });
  afterAll(async () => {
    await queue.close();
    await store.close();
    await site.close();
  });

  const crawl = async () => {
    await pipeline.requestCrawl('removal-test');
    await queue.idle(60_000);
  };
  const changesOf = (siteId: string) => store.db.messageChange.findMany({ where: { message: { siteId } }, orderBy: { id: 'asc' } });

  it('records one status change, keeps the text, and records the return', async () => {
    await crawl();
    expect(await store.db.message.count()).toBe(2);
    const before = await store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: 'removal-test', siteId: '12' } } });

    site.answer('12', '404');
    await crawl();
    await crawl(); // a later run must not record it again
    const changes = await changesOf('12');
    expect(changes.map((c) => [c.field, c.oldValue, c.newValue])).toEqual([['siteStatus', '待回复', removedStatus]]);
    const after = await store.db.message.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.siteStatus).toBe(removedStatus);
    expect([after.title, after.content, after.contentHash, after.caseId]).toEqual([before.title, before.content, before.contentHash, before.caseId]);
    expect(await store.db.message.count()).toBe(2);
    expect(await changesOf('11')).toEqual([]);

    site.answer('12', 'ok');
    await crawl();
    expect((await changesOf('12')).map((c) => [c.oldValue, c.newValue])).toEqual([
      ['待回复', removedStatus],
      [removedStatus, '待回复'],
    ]);
  });
});

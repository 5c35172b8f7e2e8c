/**
 * A message taken down from a watched site reaches the store as a status change: the crawl stage
 * hands the removal on like any status change, recordMessage keeps the text and writes one
 * MessageChange (待回复 → 已从网站删除), later crawls add nothing, and a message that comes back
 * gets its status back. Embedded store (PGlite) and the in-process queue, as `npm start` runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removedStatus } from '../crawlers/index.js';
import { startRemovalPipeline, type RemovalPipeline } from './helpers/removal-pipeline.js';

describe('a message removed from the site, through the pipeline into the store', () => {
  let run: RemovalPipeline;
  beforeAll(async () => {
    run = await startRemovalPipeline([
      { id: '12', title: '小区门口路灯长期不亮', content: '晚上出行很不方便，请尽快维修。', status: '待回复' },
      { id: '11', title: '菜市场占道经营', content: '早高峰车辆无法通行，希望管理。', status: '办理中' },
    ]);
  });
  afterAll(async () => {
    await run?.close();
  });

  const crawl = () => run.crawl();
  const changesOf = (siteId: string) => run.store.db.messageChange.findMany({ where: { message: { siteId } }, orderBy: { id: 'asc' } });

  it('records one status change, keeps the text, and records the return', async () => {
    await crawl();
    expect(await run.store.db.message.count()).toBe(2);
    const before = await run.store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: 'removal-test', siteId: '12' } } });

    run.site.answer('12', '404');
    await crawl();
    await crawl(); // a later run must not record it again
    const changes = await changesOf('12');
    expect(changes.map((c) => [c.field, c.oldValue, c.newValue])).toEqual([['siteStatus', '待回复', removedStatus]]);
    const after = await run.store.db.message.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.siteStatus).toBe(removedStatus);
    expect([after.title, after.content, after.contentHash, after.caseId]).toEqual([before.title, before.content, before.contentHash, before.caseId]);
    expect(await run.store.db.message.count()).toBe(2);
    expect(await changesOf('11')).toEqual([]);

    run.site.answer('12', 'ok');
    await crawl();
    expect((await changesOf('12')).map((c) => [c.oldValue, c.newValue])).toEqual([
      ['待回复', removedStatus],
      [removedStatus, '待回复'],
    ]);
  });
});

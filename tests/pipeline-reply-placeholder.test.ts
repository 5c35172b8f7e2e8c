/**
 * An open letter's reply box showing a placeholder (正在办理中, —) instead of staying empty: the
 * letter is stored without a reply, so it does not look answered (网站上的回复, exports), and when
 * the site posts the real reply the next crawl records it as the reply appearing, once. A stored
 * reply the site later covers with a placeholder is kept, as a reply the site stops showing is.
 * A hand-written source file (no drafted regex), a real 127.0.0.1 site, the embedded store and the
 * in-process queue, as `npm start` runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRemovalPipeline, type RemovalPipeline } from './helpers/removal-pipeline.js';

describe('a reply box placeholder, through the pipeline into the store', () => {
  let run: RemovalPipeline;
  beforeAll(async () => {
    run = await startRemovalPipeline([
      { id: '31', title: '小区门口路灯长期不亮', content: '晚上出行很不方便，请尽快维修。', status: '办理中', reply: '正在办理中' },
      { id: '32', title: '菜市场占道经营', content: '早高峰车辆无法通行，希望管理。', status: '办理中', reply: '—' },
      { id: '33', title: '学校门口缺少斑马线', content: '孩子上学过马路很危险。', status: '办理中', reply: '正在办理中，现答复如下：已函请交警大队施划斑马线。' },
    ]);
  });
  afterAll(async () => {
    await run?.close();
  });

  const crawl = () => run.crawl();
  const messageOf = (siteId: string) => run.store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: 'removal-test', siteId } } });
  const replyChangesOf = (siteId: string) =>
    run.store.db.messageChange.findMany({ where: { message: { siteId }, field: 'replyText' }, orderBy: { id: 'asc' } }).then((rows) => rows.map((c) => [c.oldValue, c.newValue]));

  it('stores open letters without a reply, and records the real reply appearing once', async () => {
    await crawl();
    expect((await messageOf('31')).replyText).toBeNull();
    expect((await messageOf('32')).replyText).toBeNull();
    // A real reply opening with the same words stays the reply.
    expect((await messageOf('33')).replyText).toBe('正在办理中，现答复如下：已函请交警大队施划斑马线。');

    const reply = '您好！路灯已于12月1日修复，感谢您的监督。';
    run.site.edit('31', { reply });
    run.site.edit('32', { reply: '暂无回复' });
    await crawl();
    await crawl(); // a later run must not record it again
    expect((await messageOf('31')).replyText).toBe(reply);
    expect(await replyChangesOf('31')).toEqual([[null, reply]]);
    // One placeholder for another is no change: still no reply.
    expect((await messageOf('32')).replyText).toBeNull();
    expect(await replyChangesOf('32')).toEqual([]);

    // A reply the site covers with a placeholder is kept, unchanged, as one the site stops showing.
    run.site.edit('33', { reply: '处理中' });
    await crawl();
    expect((await messageOf('33')).replyText).toBe('正在办理中，现答复如下：已函请交警大队施划斑马线。');
    expect(await replyChangesOf('33')).toEqual([]);
  });
});

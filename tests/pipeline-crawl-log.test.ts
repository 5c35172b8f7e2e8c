/**
 * The crawl stage's line per run in the log: 采集完成 with the counts for a run that read the
 * site, 采集失败 with the cause for one that could not (QA: a site refusing connections was
 * reported as 采集完成 with a 40 s timeout in English), 采集已中断 for one its process's shutdown
 * stopped (QA: a worker stopped with SIGTERM mid-crawl logged 采集完成：…页面 1，新增 0).
 * 新增 counts letters new to the store, not to the crawler's watch state (QA: after a killed
 * crawl, whose state is not saved, the next run logged 新增 436 when 306 were already stored).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlSourceJob, crawlStage, createPipeline, InProcessQueue } from '../pipeline/index.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import type { Store } from '../workflow/index.js';
import { openTestPostgresStore } from './helpers/services.js';
import { sharedClassifier, sourceFileFor } from './pipeline-helpers.js';

describe('the crawl stage log', () => {
  let store: Store;
  let site: RunningSite;
  let closed: RunningSite;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    store = await openTestPostgresStore();
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(4, 5), pageSize: 10 });
    closed = await startSite({ shape: 'paged-html', messages: sampleMessages(4, 6), pageSize: 10 });
  });
  afterAll(async () => {
    for (const c of cleanups) await c();
    await site.close();
    await store.close();
  });

  it('says 采集完成 for a run that read the site and 采集失败, with the cause, for one that could not reach it', async () => {
    const up = await sourceFileFor(site, { id: 'log-up', every: '1h' });
    const down = await sourceFileFor(closed, { id: 'log-down', every: '1h' });
    cleanups.push(up.cleanup, down.cleanup);
    for (const s of down.sources) s.politeness.retries = 1;
    await closed.close(); // its port now refuses connections

    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
    const queue = new InProcessQueue({ logger });
    const sources = [...up.sources, ...down.sources];
    createPipeline({ store, queue, classifier: await sharedClassifier(), logger, crawl: crawlStage({ store, sources, config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }) });
    await queue.start();
    try {
      await queue.enqueue(crawlSourceJob, { sourceId: 'log-up' });
      await queue.enqueue(crawlSourceJob, { sourceId: 'log-down' });
      await queue.idle(60_000);
    } finally {
      await queue.close();
    }
    const runLines = lines.filter((l) => /^采集(完成|失败)：/.test(l.msg)).map((l) => `${l.level === 40 ? 'WARN' : 'INFO'} ${l.msg}`);
    expect(runLines).toHaveLength(2);
    expect(runLines).toContainEqual(expect.stringMatching(/^INFO 采集完成：测试信箱，页面 \d+，新增 4，/));
    expect(runLines).toContainEqual(
      `WARN 采集失败：测试信箱，页面 1，新增 0，变更 0，排除 0，已删除 0，复查已办结 0；重试 1 次后仍失败：无法连接网站（拒绝连接：${closed.url.replace('http://', '')}）（${closed.url}/list_1.html）`,
    );
  });

  it('says 采集已中断 for a run stopped by its process shutting down', async () => {
    const stopped = await sourceFileFor(site, { id: 'log-stopped', every: '1h' });
    cleanups.push(stopped.cleanup);
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
    const crawl = crawlStage({ store, sources: stopped.sources, config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } });
    // As on SIGTERM: the queue aborts the signal of the jobs in flight.
    await crawl({ sourceId: 'log-stopped' }, { enqueue: async () => undefined, logger, attempt: 1, signal: AbortSignal.abort() });
    const runLines = lines.filter((l) => /^采集/.test(l.msg)).map((l) => `${l.level === 40 ? 'WARN' : 'INFO'} ${l.msg}`);
    expect(runLines).toHaveLength(1);
    expect(runLines[0]).toMatch(/^INFO 采集已中断（本进程正在停止）：测试信箱，页面 \d+，.*；下次运行从中断处继续$/);
  });

  it('counts as 新增 only the letters new to the store when the watch state was not saved', async () => {
    const own = await startSite({ shape: 'paged-html', messages: sampleMessages(4, 7), pageSize: 10 });
    const lost = await sourceFileFor(own, { id: 'log-lost-state', every: '1h' });
    cleanups.push(lost.cleanup, () => own.close());
    const runLine = async (): Promise<{ msg: string; counts: Record<string, unknown> }> => {
      const lines: { level: number; msg: string }[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
      const crawl = crawlStage({ store, sources: lost.sources, config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } });
      await crawl({ sourceId: 'log-lost-state' }, { enqueue: async () => undefined, logger, attempt: 1, signal: new AbortController().signal });
      const found = lines.filter((l) => /^采集/.test(l.msg));
      expect(found).toHaveLength(1);
      return { msg: found[0]!.msg, counts: found[0] as unknown as Record<string, unknown> };
    };
    const first = await runLine();
    expect(first.msg).toMatch(/^采集完成：测试信箱，页面 \d+，新增 4，变更 0，/);
    expect(first.counts).toMatchObject({ new: 4, alreadyRecorded: 0 });
    // As after a crawl killed half-way: the letters are stored, the watch state that knows them is not.
    const saved = await store.db.source.findUniqueOrThrow({ where: { id: 'log-lost-state' } });
    await store.db.source.update({ where: { id: 'log-lost-state' }, data: { crawlState: { ...(saved.crawlState as object), items: {} } } });
    own.addMessage({ id: '990001' });
    own.addMessage({ id: '990002' });
    const second = await runLine();
    expect(second.msg).toMatch(/^采集完成：测试信箱，页面 \d+，新增 2（另 4 条此前已记录），变更 0，/);
    expect(second.counts).toMatchObject({ new: 2, alreadyRecorded: 4 });
    expect(await store.db.message.count({ where: { sourceId: 'log-lost-state' } })).toBe(6);
  });
});

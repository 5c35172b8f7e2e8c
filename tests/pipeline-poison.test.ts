/**
 * Fault: messages whose text is huge, empty or binary (NUL bytes, invalid UTF-16), and payloads
 * of the wrong shape, among ordinary ones — on PostgreSQL + BullMQ. Each bad one is recorded
 * (cleaned, or cut to the length limit with a note) or goes to the failed list with a clear
 * reason; the rest keep flowing; `minsheng jobs failed` lists them and `minsheng jobs retry`
 * re-runs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type CrawledMessage } from '../core/index.js';
import { main } from '../cli/main.js';
import { createPipeline, crawlStage, recordMessageJob, type Pipeline } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import { ensureSource, getCrawlState, type Store } from '../workflow/index.js';
import { deleteQueuePrefix, openTestPostgresStore, testRedisUrl, uniqueName } from './helpers/services.js';
import { expectExactlyOnce, sharedClassifier, sourceFileFor } from './pipeline-helpers.js';

const sourceId = 'poison-test';

function crawled(siteId: string, title: string, content: string): CrawledMessage {
  return { sourceId, channel: 'district_mailbox', siteId, title, content, fetchedAt: new Date().toISOString() };
}

describe('poison messages on PostgreSQL + BullMQ', () => {
  let store: Store & { schema: string };
  let queue: BullmqQueue;
  let pipeline: Pipeline;
  let site: RunningSite;
  let cleanupSources: () => Promise<void>;
  const prefix = uniqueName('mspoison');

  beforeAll(async () => {
    store = await openTestPostgresStore();
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(6, 21), pageSize: 10 });
    // A huge letter on the site itself: the crawl must go on past it.
    site.addMessage({ id: '777001', title: '超长来信', content: '长'.repeat(250_000) });
    const sourceFile = await sourceFileFor(site, { id: 'poison-site' });
    cleanupSources = sourceFile.cleanup;
    queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, concurrency: 2 });
    pipeline = createPipeline({
      store,
      queue,
      classifier: await sharedClassifier(),
      logger: silentLogger,
      crawl: crawlStage({ store, sources: sourceFile.sources, config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }),
    });
    await ensureSource(store.db, { id: sourceId, name: '测试来源', channel: 'district_mailbox' });
    await pipeline.start({ concurrency: 2 });
  });
  afterAll(async () => {
    await queue.close();
    await store.close();
    await deleteQueuePrefix(prefix);
    await site.close();
    await cleanupSources();
  });

  it('records or fails each bad message with its reason while the others are registered', async () => {
    const normal = sampleMessages(8, 5).map((m) => crawled(m.id, m.title, m.content));
    const binary = crawled('bin-1', '路灯\u0000不亮\uD800', '小区\u0000路灯坏了\u0007三个月，\uDFFF夜里\u001B[31m很黑\uFFFE。');
    const empty = crawled('empty-1', ' \u0000 ', '\u0001\u0002');
    const huge = crawled('huge-1', '超长留言', '字'.repeat(300_000));
    for (const m of [...normal.slice(0, 4), binary, empty, huge, ...normal.slice(4)]) await pipeline.submit(m);
    // Payloads of the wrong shape (no channel; an unknown one with a huge text), as a buggy producer might send.
    // Its site id carries escape sequences (a hostile site's id, as a buggy producer passed it on).
    const { channel: _dropped, ...shapeless } = crawled('shape-1\u001b]0;pwned\u0007\u001b[2J', '缺少渠道', '正文');
    await queue.enqueue(recordMessageJob, { message: shapeless as CrawledMessage }, { jobId: 'record:shape-1' });
    const faxed = { ...crawled('shape-2', '未知渠道', '传'.repeat(300_000)), channel: 'fax' } as unknown as CrawledMessage;
    await queue.enqueue(recordMessageJob, { message: faxed }, { jobId: 'record:shape-2' });
    await pipeline.requestCrawl('poison-site');
    await queue.idle(90_000);

    // Everything else flowed through, each once: the ordinary ones, the cleaned binary one, the
    // huge ones cut to the limit (the site's own and the submitted one), and the site's messages
    // past the huge letter. The empty one is recorded but kept out of the ledger.
    const siteIds = site.messages().map((m) => m.id);
    await expectExactlyOnce(store, { [sourceId]: [...normal.map((m) => m.siteId), 'bin-1', 'empty-1', 'huge-1'], 'poison-site': siteIds }, { unregistered: ['empty-1'] });
    for (const [source, siteId, length] of [[sourceId, 'huge-1', 300_000], ['poison-site', '777001', 250_000]] as const) {
      const kept = await store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: source, siteId } } });
      expect(kept.content.length).toBeLessThanOrEqual(200_000);
      expect(kept.content.endsWith(`【民声：原文共 ${length} 字，超过 200000 字的上限，以下已略去；全文请见原网页】`)).toBe(true);
      expect(kept.caseId).not.toBeNull();
    }
    const bin = await store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId, siteId: 'bin-1' } } });
    expect(bin.title).toBe('路灯不亮');
    expect(bin.content).toBe('小区路灯坏了三个月，夜里[31m很黑。');
    expect(bin.caseId).not.toBeNull();
    const emptyRow = await store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId, siteId: 'empty-1' } } });

    const failed = await queue.failed();
    const reasonOf = (pred: (p: { message?: { siteId?: string }; messageId?: string }) => boolean) =>
      failed.find((f) => pred((f.payload ?? {}) as { message?: { siteId?: string }; messageId?: string }))?.reason;
    expect(reasonOf((p) => p.message?.siteId?.startsWith('shape-1') === true)).toMatch(/缺少 message\.channel/);
    expect(reasonOf((p) => p.message?.siteId === 'shape-2')).toMatch(/message\.channel 取值无效/);
    expect(reasonOf((p) => p.messageId === emptyRow.id)).toMatch(/标题和正文均为空/);
    expect(failed).toHaveLength(3);
    // Poison goes straight to failed: no retries wasted on it.
    expect(failed.every((f) => f.attempts === 1)).toBe(true);

    // The CLI lists them (payload text shortened) and re-runs one on request.
    const env = { REDIS_URL: testRedisUrl, MINSHENG_QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent' };
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };
    expect(await main(['jobs', 'failed', '--json'], { env, io })).toBe(0);
    const listed = JSON.parse(out) as { id: string; reason: string; payload: { message?: { content?: string } } }[];
    expect(listed).toHaveLength(3);
    const hugeListed = listed.find((f) => f.reason.includes('message.channel 取值无效'))!;
    expect(hugeListed.payload.message?.content?.length).toBeLessThan(2100);
    out = '';
    expect(await main(['jobs', 'failed'], { env, io })).toBe(0);
    expect(out).toContain('失败任务 3 个');
    expect(out).toContain('原因：任务 record-message 的数据无效');
    // What the site wrote is printed with its control characters as U+FFFD: the terminal is not driven by it.
    expect(out).toContain('留言 shape-1\ufffd]0;pwned\ufffd\ufffd[2J');
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u);
    out = '';
    expect(await main(['jobs', 'retry', '--id', hugeListed.id], { env, io })).toBe(0);
    expect(out).toContain('已重新排队 1 个任务');
    await queue.idle(30_000);
    // Still poison: back in the failed list once, with the same reason; nothing recorded.
    const again = (await queue.failed()).filter((f) => f.id === hugeListed.id);
    expect(again).toHaveLength(1);
    expect(again[0]!.reason).toMatch(/取值无效/);
    expect(await store.db.message.count({ where: { siteId: 'shape-2' } })).toBe(0);
    out = '';
    expect(await main(['jobs', 'retry'], { env, io })).toBe(2);
    expect(out).toContain('请用 --id');
  });

  it('registers a letter on the site with a title and a blank body, and records one with neither, kept out of the ledger, without a layout alert', async () => {
    // QA: `<th>来信内容</th><td></td>` never reached Message and raised 疑似改版 on every crawl.
    const titled = site.addMessage({ id: '777002', title: '东风路路灯不亮了请尽快修', content: '' });
    const blank = site.addMessage({ id: '777003', title: '', content: '' });
    await pipeline.requestCrawl('poison-site');
    await queue.idle(90_000);
    const row = (siteId: string) => store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId: 'poison-site', siteId } } });
    const titledRow = await row(titled.id);
    expect(titledRow).toMatchObject({ title: '东风路路灯不亮了请尽快修', content: '' });
    expect(titledRow.caseId).not.toBeNull();
    const blankRow = await row(blank.id);
    expect(blankRow.caseId).toBeNull();
    const failed = await queue.failed();
    expect(failed.find((f) => (f.payload as { messageId?: string }).messageId === blankRow.id)?.reason).toMatch(/标题和正文均为空/);
    const health = (await getCrawlState(store.db, 'poison-site'))?.health;
    expect(health?.layoutAlert).toBeUndefined();
    expect(health?.lastError ?? '').not.toMatch(/777002|777003|详情页/);
  });
});

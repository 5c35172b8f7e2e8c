/**
 * A mailbox that re-numbers its letters overnight by zero-padding their ids (`4` → `0004`, the same
 * letters at `/letter/0004.html`), crawled into the embedded store through the pipeline as `npm
 * start` runs it (in-process queue, two at a time, the committed classifier). Red team: every letter
 * came in a second time: a second message per letter, linked to its case as an exact copy (反映人数
 * up, towards 群众反映较多), and the run logged 新增 12. Now the store keeps its 12 messages, their
 * cases and counts; the letters take their new addresses; a reply later given on a re-padded letter
 * is recorded as the change it is; and a crawl that lost its watch state still adds nothing.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, crawlStage, InProcessQueue, type Pipeline } from '../pipeline/index.js';
import { Prisma } from '../prisma/generated/client.js';
import type { Store } from '../workflow/index.js';
import { repaddingSource, startRepaddingSite, twelveLetters, type RepaddingSite } from './crawlers/repadding-site.js';
import { openTestPgliteStore } from './helpers/services.js';
import { sharedClassifier } from './pipeline-helpers.js';

describe('a mailbox that re-pads its ids, crawled into the store', () => {
  let site: RepaddingSite;
  let store: Store;
  let queue: InProcessQueue;
  let pipeline: Pipeline;
  const lines: string[] = [];
  const sourceId = 'repadding';

  beforeAll(async () => {
    site = await startRepaddingSite(twelveLetters());
    store = await openTestPgliteStore();
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(String(chunk)), done()) });
    const logger = pino({ level: 'info' }, sink);
    queue = new InProcessQueue({ concurrency: 2, logger });
    const source = repaddingSource(site, sourceId);
    pipeline = createPipeline({
      store,
      queue,
      classifier: await sharedClassifier(),
      logger,
      crawl: crawlStage({ store, sources: [source], config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }),
    });
    await pipeline.start({ concurrency: 2 });
  }, 120_000);
  afterAll(async () => {
    await queue?.close();
    await store?.close();
    await site?.close();
  });

  /** One crawl, everything it queued done; answers the crawl's 采集完成 log line. */
  const crawl = async () => {
    lines.length = 0;
    await pipeline.requestCrawl(sourceId);
    await queue.idle(60_000);
    return lines.map((l) => (JSON.parse(l) as { msg: string }).msg).find((m) => m.startsWith('采集'));
  };
  /** What the store holds: messages by site id with their address, the cases with 反映人数 and message counts, the links. */
  const holdings = async () => {
    const messages = await store.db.message.findMany({ where: { sourceId }, orderBy: { siteId: 'asc' }, select: { siteId: true, url: true, caseId: true, duplicateOfId: true } });
    const cases = await store.db.case.findMany({ orderBy: { ledgerNo: 'asc' }, select: { ledgerNo: true, reporterCount: true, primaryMessageId: true, _count: { select: { messages: true } } } });
    return {
      messages: messages.map((m) => m.siteId).sort((a, b) => Number(a) - Number(b)),
      urls: Object.fromEntries(messages.map((m) => [m.siteId, m.url])),
      cases: cases.map((c) => [c.ledgerNo, c.reporterCount, c._count.messages]),
      links: await store.db.event.count({ where: { type: 'duplicate_linked' } }),
      changes: await store.db.messageChange.count(),
    };
  };
  const address = (id: string) => `${site.url}/letter/${id}.html`;
  const numbers = Array.from({ length: 12 }, (_, i) => String(i + 1));

  it('keeps the 12 letters, their cases and 反映人数 when the site re-pads every id, and records a reply given after it', { timeout: 180_000 }, async () => {
    expect(await crawl()).toMatch(/新增 12，/);
    const before = await holdings();
    expect(before.messages).toEqual(numbers);
    expect(before.cases).toHaveLength(12);
    expect(before.cases.every(([, reporters, messages]) => reporters === 1 && messages === 1)).toBe(true);

    site.pad = 4;
    // Red team: 新增 12, 24 messages, each letter's case with an exact copy linked and 反映人数 2.
    expect(await crawl()).toMatch(/新增 0，变更 12，排除 0，已删除 0/);
    const after = await holdings();
    expect(after.messages).toEqual(numbers);
    expect(after.cases).toEqual(before.cases);
    expect(after.links).toBe(before.links);
    expect(after.changes).toBe(0);
    // Each letter keeps the id it was stored under and follows the site to its new address (原文).
    expect(after.urls).toEqual(Object.fromEntries(numbers.map((n) => [n, address(n.padStart(4, '0'))])));
    const state = (await store.db.source.findUniqueOrThrow({ where: { id: sourceId }, select: { crawlState: true } })).crawlState as { health: { newItems: number; pageErrors: unknown[] } };
    expect(state.health.newItems).toBe(0);
    expect(state.health.pageErrors).toEqual([]);

    // A real change on a re-padded letter: the reply appears, recorded on the letter's message.
    const seventh = site.letters.find((l) => l.no === 7)!;
    seventh.status = '已办结';
    seventh.reply = '经核实，已安排相关单位处理，感谢您的监督。';
    expect(await crawl()).toMatch(/新增 0，变更 1，/);
    const replied = await store.db.message.findUniqueOrThrow({ where: { sourceId_siteId: { sourceId, siteId: '7' } }, include: { changes: { orderBy: { field: 'asc' } } } });
    expect(replied.changes.map((c) => [c.field, c.oldValue, c.newValue])).toEqual([
      ['replyText', null, seventh.reply],
      ['siteStatus', '待回复', '已办结'],
    ]);
    expect((await holdings()).messages).toEqual(numbers);

    // The watch state lost (a crawl state reset, another process): the crawler takes every letter
    // for new, the store knows each under its first id all the same.
    await store.db.source.update({ where: { id: sourceId }, data: { crawlState: Prisma.DbNull } });
    expect(await crawl()).toMatch(/新增 0（另 12 条此前已记录）/);
    const lost = await holdings();
    expect(lost.messages).toEqual(numbers);
    expect(lost.cases).toEqual(before.cases);
    expect(lost.links).toBe(before.links);
    expect(lost.changes).toBe(2);

    // A letter that is new after the re-padding is new.
    site.letters.unshift({ no: 13, title: '建议在印台区体育馆增设夜间开放时段', content: '印台区体育馆晚上六点就关门了，上班族下班后没有地方锻炼，建议周一到周五晚上开放到九点。', status: '待回复' });
    expect(await crawl()).toMatch(/新增 1，/);
    expect((await holdings()).messages).toEqual([...numbers, '0013']);
  });
});

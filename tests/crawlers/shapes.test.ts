/**
 * Every real-site shape (../shared/docs/mailbox-sites.md) crawled end to end from its example
 * source file against the look-alike site on 127.0.0.1, then re-crawled incrementally.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { sampleMessages, startSite, type RunningSite, type SiteShape } from '../../sites/index.js';
import { exampleSource, expectEveryMessage } from './helpers.js';

let site: RunningSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

const httpShapes: SiteShape[] = ['table-fixed-cells', 'offset', 'post-form', 'aspnet-postback', 'json-api', 'js-literal', 'forwarded'];

describe.each(httpShapes)('%s source', (shape) => {
  it('crawls every message, then re-crawls with one list request', async () => {
    site = await startSite({ shape, messages: sampleMessages(35, 11) });
    const source = await exampleSource(shape, site);
    const state = new MemoryCrawlStateStore();
    const result = await crawlSource(source, { state });
    expectEveryMessage(result, site);
    const expected = site.messages();
    site.resetRequests();
    const again = await crawlSource(source, { state });
    expect(again.messages).toEqual([]);
    expect(site.requests()).toHaveLength(1);

    const open = expected.find((m) => m.status !== '已办结');
    if (!open) throw new Error('fixture has no open message');
    site.reply(open.id, '已转相关部门办理并答复来信人。');
    site.resetRequests();
    // The js-literal list shows no status: only revisiting open messages can see the reply.
    const listShowsStatus = shape !== 'js-literal';
    if (!listShowsStatus) source.watch.revisitOpenAfter = 0;
    const replied = await crawlSource(source, { state });
    expect(replied.changes).toEqual([expect.objectContaining({ siteId: open.id, kind: 'changed' })]);
    expect(replied.changes[0]?.fields).toContain('replyText');
    if (listShowsStatus) expect(site.requests().length).toBeLessThanOrEqual(3); // list page 1, maybe page 2, one detail
    else expect(site.requests()).toHaveLength(1 + result.health.openItems);
  });
});

describe('forwarded source', () => {
  it('keeps the origin level, forwarding number and the upper level deadline', async () => {
    site = await startSite({ shape: 'forwarded', messages: sampleMessages(12, 5) });
    const result = await crawlSource(await exampleSource('forwarded', site), { state: new MemoryCrawlStateStore() });
    const expected = site.messages();
    expect(result.messages).toHaveLength(expected.length);
    for (const m of expected) {
      const got = result.messages.find((x) => x.siteId === m.id);
      expect(got?.channel).toBe('forwarded');
      expect(got?.forwarding).toEqual({ originLevel: m.originLevel, forwardNo: m.forwardNo, upperDeadline: m.upperDeadline });
    }
  });
});

describe('GBK city mailbox', () => {
  it('decodes GBK text and keeps only messages about this district, saying why the others were dropped', async () => {
    site = await startSite({ shape: 'gbk-html', messages: sampleMessages(40, 3, { otherDistricts: 0.5 }) });
    const result = await crawlSource(await exampleSource('gbk-html', site), { state: new MemoryCrawlStateStore() });
    const expected = site.messages();
    const ours = expected.filter((m) => m.district === '印台区');
    const others = expected.filter((m) => m.district !== '印台区');
    expect(others.length).toBeGreaterThan(5);
    expect(result.health.pageErrors).toEqual([]);
    expect(result.messages.map((m) => m.siteId).sort()).toEqual(ours.map((m) => m.id).sort());
    for (const m of ours) expect(result.messages.find((x) => x.siteId === m.id)?.content).toBe(m.content);
    const dropped = result.changes.filter((c) => c.kind === 'dropped');
    expect(dropped.map((c) => c.siteId).sort()).toEqual(others.map((m) => m.id).sort());
    for (const c of dropped) {
      const m = others.find((x) => x.id === c.siteId);
      expect(c.reason).toContain(m?.district);
    }
    expect(result.messages.some((m) => /[\u4e00-\u9fa5]{4}/.test(m.title))).toBe(true);
    expect(JSON.stringify(result.messages)).not.toContain('\ufffd');
  });
});

describe('GBK city mailbox: dropped messages handed on', () => {
  it('hands each dropped message on with its fields and reason, again only when it changes', async () => {
    const mailbox = await startSite({ shape: 'gbk-html', messages: sampleMessages(20, 5, { otherDistricts: 0.5 }) });
    site = mailbox;
    const source = await exampleSource('gbk-html', mailbox);
    const state = new MemoryCrawlStateStore();
    const dropped: { siteId: string; content: string; status?: string | undefined; reason: string }[] = [];
    const onDropped = (m: { siteId: string; content: string; siteStatus?: string | undefined }, reason: string) => void dropped.push({ siteId: m.siteId, content: m.content, status: m.siteStatus, reason });
    await crawlSource(source, { state, onDropped });
    const others = mailbox.messages().filter((m) => m.district !== '印台区');
    expect(others.length).toBeGreaterThan(3);
    expect(dropped.map((d) => d.siteId).sort()).toEqual(others.map((m) => m.id).sort());
    for (const d of dropped) {
      const m = others.find((x) => x.id === d.siteId)!;
      expect(d.content).toBe(m.content);
      expect(d.reason).toContain(m.district);
    }
    dropped.length = 0;
    await crawlSource(source, { state, onDropped });
    expect(dropped).toEqual([]);
    const changed = others[0]!;
    mailbox.update(changed.id, { status: '办理中' });
    const again = await crawlSource(source, { state, onDropped });
    expect(dropped).toEqual([expect.objectContaining({ siteId: changed.id, status: '办理中' })]);
    expect(again.changes).toEqual([expect.objectContaining({ siteId: changed.id, kind: 'dropped', fields: ['siteStatus'] })]);
    expect(again.health.droppedItems).toBe(1);
  });
});

describe('load-more list in the browser', () => {
  it('clicks "load more" for a full crawl and stops at known items on the next run', async () => {
    site = await startSite({ shape: 'load-more', messages: sampleMessages(25, 9), pageSize: 10 });
    const source = await exampleSource('load-more', site);
    const state = new MemoryCrawlStateStore();
    const result = await crawlSource(source, { state });
    expect(result.health.pageErrors).toEqual([]);
    expect(result.messages.map((m) => m.siteId).sort()).toEqual(site.messages().map((m) => m.id).sort());
    const added = site.addMessage();
    site.resetRequests();
    const again = await crawlSource(source, { state });
    expect(again.changes).toEqual([{ siteId: added.id, kind: 'new' }]);
    const paths = site.requests().map((r) => r.path);
    expect(paths.filter((p) => p.startsWith('/liuyan/detail'))).toEqual([`/liuyan/detail.html?tid=${added.id}`]);
    expect(paths.filter((p) => p.startsWith('/liuyan/api')).length).toBeLessThanOrEqual(2);
  }, 60_000);
});

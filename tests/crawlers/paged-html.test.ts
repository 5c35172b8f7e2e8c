/**
 * The paged server-rendered shape end to end on a look-alike site: full crawl, incremental
 * re-crawl (request counts), a reply recorded as a change, restart resume, revisits, faults.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crawlSource, FileCrawlStateStore, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { sampleMessages, startSite, type RunningSite } from '../../sites/index.js';
import { countRequests, exampleSource, tempDir } from './helpers.js';

let site: RunningSite;
beforeEach(async () => {
  site = await startSite({ shape: 'paged-html', messages: sampleMessages(40, 7), pageSize: 10 });
});
afterEach(async () => {
  await site.close();
});

const isDetail = (p: string) => p.startsWith('/detail');

describe('paged-html source', () => {
  it('crawls every message with all mapped fields', async () => {
    const source = await exampleSource('paged-html', site);
    const result = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    const expected = site.messages();
    expect(result.messages).toHaveLength(expected.length);
    expect(result.changes.every((c) => c.kind === 'new')).toBe(true);
    const byId = new Map(result.messages.map((m) => [m.siteId, m]));
    for (const m of expected) {
      const got = byId.get(m.id);
      expect(got, m.id).toBeDefined();
      expect(got?.title).toBe(m.title);
      expect(got?.content).toBe(m.content);
      expect(got?.siteType).toBe(m.type);
      expect(got?.siteStatus).toBe(m.status);
      expect(got?.postedAt).toBe(`${m.postedAt.replace(' ', 'T')}+08:00`);
      expect(got?.replyText).toBe(m.replyText || undefined);
      expect(got?.channel).toBe('district_mailbox');
      expect(got?.url).toBe(`${site.url}/detail?id=${m.id}`);
    }
    expect(result.health.pagesFetched).toBe(4 + 40 + 1); // 4 list pages, 40 details, the 404 past the end
    expect(result.health.itemsFound).toBe(40);
    expect(result.health.pageErrors).toEqual([]);
    expect(result.health.lastSuccessAt).toBeDefined();
    expect(result.requests).toBe(site.requests().length);
  });

  it('re-crawls only new and changed pages and records a reply as a change', async () => {
    const source = await exampleSource('paged-html', site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    site.resetRequests();
    const unchanged = await crawlSource(source, { state });
    expect(unchanged.messages).toEqual([]);
    expect(site.requests().map((r) => r.path)).toEqual(['/list_1.html']);

    const open = site.messages().find((m) => m.status !== '已办结');
    if (!open) throw new Error('fixture has no open message');
    site.reply(open.id, '经核查，已安排维修，三日内完成。', '已办结');
    const added = site.addMessage({ title: '新来信：路灯不亮' });
    site.resetRequests();
    const second = await crawlSource(source, { state });
    expect(countRequests(site, isDetail)).toBe(2);
    expect(countRequests(site, (p) => p.startsWith('/list'))).toBeLessThanOrEqual(2);
    expect(second.changes).toContainEqual({ siteId: added.id, kind: 'new' });
    const change = second.changes.find((c) => c.siteId === open.id);
    expect(change?.kind).toBe('changed');
    expect(change?.fields).toEqual(expect.arrayContaining(['siteStatus', 'replyText']));
    expect(second.messages.find((m) => m.siteId === open.id)?.replyText).toBe('经核查，已安排维修，三日内完成。');
  });

  it('revisits open messages when due and stops when they close', async () => {
    const source = await exampleSource('paged-html', site, (s) => {
      s.watch.revisitOpenAfter = 0;
    });
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    const openCount = first.health.openItems;
    expect(openCount).toBeGreaterThan(0);
    site.resetRequests();
    await crawlSource(source, { state });
    expect(countRequests(site, isDetail)).toBe(openCount);

    // A reply shows on the list and is due for a revisit: one detail fetch, one change.
    const open = site.messages().find((m) => m.status !== '已办结');
    if (!open) throw new Error('fixture has no open message');
    site.reply(open.id, '已答复。', '已办结');
    site.resetRequests();
    const replied = await crawlSource(source, { state });
    expect(countRequests(site, isDetail)).toBe(openCount);
    expect(replied.changes).toEqual([{ siteId: open.id, kind: 'changed', fields: expect.arrayContaining(['siteStatus', 'replyText']) }]);
    expect(replied.health.openItems).toBe(openCount - 1);

    // The list copy was updated too: with revisits off, nothing is fetched again.
    source.watch.revisitOpenAfter = 3600_000;
    site.resetRequests();
    await crawlSource(source, { state });
    expect(site.requests().map((r) => r.path)).toEqual(['/list_1.html']);
  });

  it('resumes after a restart without fetching known pages again', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const source = await exampleSource('paged-html', site, (s) => {
        s.watch.maxPagesPerRun = 3;
      });
      const first = await crawlSource(source, { state: new FileCrawlStateStore(dir) });
      expect(first.messages).toHaveLength(30);
      const second = await crawlSource(source, { state: new FileCrawlStateStore(dir) });
      expect(second.messages).toHaveLength(10);
      const ids = new Set([...first.messages, ...second.messages].map((m) => m.siteId));
      expect(ids.size).toBe(40);
      expect(countRequests(site, isDetail)).toBe(40);
      const third = await crawlSource(source, { state: new FileCrawlStateStore(dir) });
      expect(third.messages).toEqual([]);
      expect(third.requests).toBe(1);
    } finally {
      await cleanup();
    }
  });

  it('survives 429 and 5xx answers with backoff', async () => {
    const source = await exampleSource('paged-html', site, (s) => {
      s.politeness.maxBackoff = 1000;
    });
    site.setFault({ kind: 'throttle429', times: 3 });
    const a = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(a.messages).toHaveLength(40);
    expect(site.requests().filter((r) => r.status === 429)).toHaveLength(3);
    site.setFault({ kind: 'error5xx', times: 3 });
    const b = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(b.messages).toHaveLength(40);
    expect(b.health.pageErrors).toEqual([]);
  });

  it('reports a broken page and keeps going; a later run fills the gap', async () => {
    const source = await exampleSource('paged-html', site);
    const state = new MemoryCrawlStateStore();
    site.setFault({ kind: 'broken-html', times: 1 });
    const broken = await crawlSource(source, { state });
    expect(broken.health.pageErrors.some((e) => e.url.endsWith('/list_1.html') && e.error.includes('不完整'))).toBe(true);
    expect(broken.messages.length).toBe(30);
    expect(broken.messages.length).toBeLessThan(40);
    const again = await crawlSource(source, { state });
    expect(broken.messages.length + again.messages.length).toBe(40);
  });

  it('raises a layout alert when the list is redesigned, instead of recording zero', async () => {
    const source = await exampleSource('paged-html', site);
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    site.setFault({ kind: 'redesign' });
    site.addMessage();
    const second = await crawlSource(source, { state });
    expect(second.health.layoutAlert).toMatch(/原有 10 条.*0 条/);
    expect(second.health.lastSuccessAt).toBe(first.health.lastSuccessAt);
    expect(second.messages).toEqual([]);
  });

  it('takes a letter with a title and a blank body, and one with neither, as they are; only a missing content cell is a layout problem', async () => {
    const source = await exampleSource('paged-html', site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    // QA: `<th>来信内容</th><td></td>` was never recorded and raised 疑似改版 on every crawl.
    const titled = site.addMessage({ title: '东风路路灯不亮了请尽快修', content: '' });
    const blank = site.addMessage({ title: '', content: '' });
    const second = await crawlSource(source, { state });
    expect(second.health.pageErrors).toEqual([]);
    expect(second.health.layoutAlert).toBeUndefined();
    expect(second.changes).toEqual(expect.arrayContaining([{ siteId: titled.id, kind: 'new' }, { siteId: blank.id, kind: 'new' }]));
    expect(second.messages.find((m) => m.siteId === titled.id)).toMatchObject({ title: '东风路路灯不亮了请尽快修', content: '' });
    expect(second.messages.find((m) => m.siteId === blank.id)).toMatchObject({ title: '', content: '' });
    expect(second.health.lastSuccessAt).toBeDefined();
    expect(await crawlSource(source, { state })).toMatchObject({ changes: [] });

    // A content rule that finds no cell at all is still a changed layout.
    const gone = await exampleSource('paged-html', site, (s) => {
      if (s.kind === 'config' && s.detail) s.detail.fields.content = { label: '信件正文' };
    });
    site.addMessage({ title: '新来信：下水道堵了' });
    const redesigned = await crawlSource(gone, { state: new MemoryCrawlStateStore() });
    expect(redesigned.messages).toEqual([]);
    expect(redesigned.health.pageErrors[0]?.error).toBe('详情页缺少字段 content（规则未匹配）');
    expect(redesigned.health.layoutAlert).toMatch(/个详情页都未取到必填字段：详情页可能改版/);
  });

  it('walks every start URL, each list on its own', async () => {
    const second = await startSite({ shape: 'paged-html', messages: sampleMessages(12, 2).map((m) => ({ ...m, id: `b${m.id}` })), pageSize: 10 });
    try {
      const source = await exampleSource('paged-html', site, (s) => {
        s.startUrls.push(second.startUrls[0] as string);
      });
      const state = new MemoryCrawlStateStore();
      const result = await crawlSource(source, { state });
      expect(result.messages).toHaveLength(52);
      second.resetRequests();
      site.resetRequests();
      second.addMessage({ id: 'b999' });
      const again = await crawlSource(source, { state });
      expect(again.changes).toEqual([{ siteId: 'b999', kind: 'new' }]);
      expect(site.requests().map((r) => r.path)).toEqual(['/list_1.html']);
    } finally {
      await second.close();
    }
  });

  it('gets a session cookie from the warm-up request', async () => {
    await site.close();
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(12, 3), pageSize: 10, requireWarmupCookie: true });
    const cold = await exampleSource('paged-html', site, (s) => {
      s.politeness.retries = 0;
    });
    const denied = await crawlSource(cold, { state: new MemoryCrawlStateStore() });
    expect(denied.messages).toEqual([]);
    expect(denied.health.lastError).toMatch(/403/);
    const warm = await exampleSource('paged-html', site, (s) => {
      s.politeness.warmupUrl = `${site.url}/`;
    });
    const ok = await crawlSource(warm, { state: new MemoryCrawlStateStore() });
    expect(ok.messages).toHaveLength(12);
  });

  it('says in Chinese why the warm-up request failed (refused, error status, no answer in time)', async () => {
    // QA: the 采集来源 page's 问题 column read 「预热请求失败：fetch failed」.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failing = http.createServer((req, res) => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 3_000);
      res.writeHead(503).end('维护中');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    try {
      const warmUpError = async (warmupUrl: string) => {
        const source = await exampleSource('paged-html', site, (s) => {
          s.politeness.warmupUrl = warmupUrl;
          s.politeness.timeout = 1_000;
        });
        const result = await crawlSource(source, { state: new MemoryCrawlStateStore() });
        return result.health.pageErrors.find((e) => e.url === warmupUrl)?.error;
      };
      expect(await warmUpError(`http://127.0.0.1:${closedPort}/`)).toBe(`预热请求失败：无法连接网站（拒绝连接：127.0.0.1:${closedPort}）`);
      expect(await warmUpError(`${base}/`)).toBe('预热请求失败：网站返回 HTTP 503（网站暂时无法服务或正在维护）');
      expect(await warmUpError(`${base}/slow`)).toBe('预热请求失败：网站在 1 秒内没有应答完毕');
    } finally {
      failing.closeAllConnections();
      await new Promise((resolve) => failing.close(resolve));
    }
  });
});

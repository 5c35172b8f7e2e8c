/** Politeness and fault handling: 403 backoff, timeouts, a redesigned JSON API, an interrupted run. */
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { sampleMessages, startSite, type RunningSite } from '../../sites/index.js';
import { exampleSource } from './helpers.js';

let site: RunningSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('faults', () => {
  it('backs off on 403 and finishes', async () => {
    site = await startSite({ shape: 'offset', messages: sampleMessages(20, 2) });
    site.setFault({ kind: 'forbidden403', times: 2 });
    const result = await crawlSource(await exampleSource('offset', site), { state: new MemoryCrawlStateStore() });
    expect(result.messages).toHaveLength(20);
    expect(site.requests().filter((r) => r.status === 403)).toHaveLength(2);
    expect(result.health.pageErrors).toEqual([]);
  });

  it('retries a page that timed out', async () => {
    site = await startSite({ shape: 'offset', messages: sampleMessages(10, 2) });
    site.setFault({ kind: 'slow', delayMs: 1500, times: 1 });
    const source = await exampleSource('offset', site, (s) => {
      s.politeness.timeout = 400;
    });
    const result = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(result.messages).toHaveLength(10);
    expect(result.requests).toBeGreaterThan(site.messages().length + 1);
  });

  it("says a site that refuses connections cannot be reached, after the source's own retries", async () => {
    const closed = await startSite({ shape: 'paged-html', messages: sampleMessages(5, 2) });
    const source = await exampleSource('paged-html', closed, (s) => {
      s.politeness.retries = 2;
      s.politeness.backoff = 20;
    });
    await closed.close(); // its port now refuses connections
    const started = Date.now();
    const result = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    // QA: 9 attempts in about 95 s, then "requestHandler timed out after 40 seconds".
    expect(result.health.pageErrors).toEqual([{ url: `${closed.url}/list_1.html`, error: `重试 2 次后仍失败：无法连接网站（拒绝连接：${closed.url.replace('http://', '')}）` }]);
    expect(result.requests).toBe(3);
    expect(result.health.lastSuccessAt).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('says in Chinese that a site kept throttling, and the next run recovers', async () => {
    site = await startSite({ shape: 'offset', messages: sampleMessages(10, 2) });
    const source = await exampleSource('offset', site, (s) => {
      s.politeness.retries = 1;
    });
    const state = new MemoryCrawlStateStore();
    site.setFault({ kind: 'throttle429', times: 2 });
    const first = await crawlSource(source, { state });
    // QA: was Crawlee's English "429 - Error status code was set by user."
    expect(first.health.pageErrors).toEqual([{ url: site.startUrls[0], error: '重试 1 次后仍失败：网站返回 HTTP 429（访问过于频繁，网站要求放慢：可加大 politeness.delay）' }]);
    expect(first.health.lastSuccessAt).toBeUndefined();
    const second = await crawlSource(source, { state });
    expect(second.messages).toHaveLength(10);
    expect(second.health.lastSuccessAt).toBeDefined();
  });

  it('reports a page that keeps failing and crawls the rest', async () => {
    site = await startSite({ shape: 'offset', messages: sampleMessages(10, 2) });
    const source = await exampleSource('offset', site, (s) => {
      s.politeness.retries = 1;
    });
    site.setFault({ kind: 'error5xx', times: 2 });
    const result = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(result.health.pageErrors[0]?.error).toBe('重试 1 次后仍失败：网站返回 HTTP 503（网站暂时无法服务或正在维护）');
    expect(result.health.lastSuccessAt).toBeUndefined();
    expect(result.messages).toEqual([]);
  });

  it('raises a layout alert when a JSON API renames its keys', async () => {
    site = await startSite({ shape: 'json-api', messages: sampleMessages(20, 2) });
    const source = await exampleSource('json-api', site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    site.setFault({ kind: 'redesign' });
    const after = await crawlSource(source, { state });
    expect(after.health.layoutAlert).toMatch(/原有 15 条.*data\.list/);
  });

  it('reports a broken JSON answer as a page error', async () => {
    site = await startSite({ shape: 'json-api', messages: sampleMessages(20, 2) });
    site.setFault({ kind: 'broken-html', times: 1 });
    const result = await crawlSource(await exampleSource('json-api', site), { state: new MemoryCrawlStateStore() });
    expect(result.health.pageErrors[0]?.error).toMatch(/JSON\s?解析失败/);
  });

  it('offers a message again when the consumer failed on it', async () => {
    site = await startSite({ shape: 'offset', messages: sampleMessages(10, 2) });
    let failures = 0;
    const handed: string[] = [];
    const result = await crawlSource(await exampleSource('offset', site), {
      state: new MemoryCrawlStateStore(),
      onMessage: (m) => {
        if (m.siteId === '100005' && failures++ === 0) throw new Error('store down');
        handed.push(m.siteId);
      },
    });
    expect(failures).toBe(2);
    expect(handed.filter((id) => id === '100005')).toHaveLength(1);
    expect(result.messages).toHaveLength(10);
  });

  it('leaves no listener on a long-lived stop signal, however many pages its crawls fetch', async () => {
    // The main job passes the queue's stop signal, which lives as long as the process.
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(40, 8), pageSize: 5 });
    const source = await exampleSource('paged-html', site);
    const controller = new AbortController();
    const state = new MemoryCrawlStateStore();
    const counts: number[] = [];
    for (let run = 0; run < 3; run++) {
      const result = await crawlSource(source, { state, signal: controller.signal });
      expect(result.requests).toBeGreaterThan(run === 0 ? 40 : 0);
      counts.push(getEventListeners(controller.signal, 'abort').length);
    }
    expect(counts).toEqual([0, 0, 0]);
  });

  it('resumes an interrupted run where it stopped', async () => {
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(40, 8), pageSize: 10 });
    const source = await exampleSource('paged-html', site, (s) => {
      s.politeness.maxConcurrency = 1;
    });
    const state = new MemoryCrawlStateStore();
    const controller = new AbortController();
    const first = await crawlSource(source, {
      state,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.pages >= 15) controller.abort();
      },
    });
    expect(first.messages.length).toBeLessThan(40);
    expect(first.health.lastSuccessAt).toBeUndefined();
    // Marked as stopped, not as the source's error (a planned restart is no fault of the site).
    expect(first.health.interrupted).toBe(true);
    expect(first.health.lastError).toBeUndefined();
    const second = await crawlSource(source, { state });
    const ids = new Set([...first.messages, ...second.messages].map((m) => m.siteId));
    expect(ids.size).toBe(40);
  });
});

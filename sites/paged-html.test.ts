import { afterEach, describe, expect, it } from 'vitest';
import { startSite, sampleMessages, type RunningSite } from './index.js';
import { all, get } from './test-helpers.js';

const rowIds = (html: string) => all(html, /<li><a href="\/detail\?id=(\d+)"/g);

describe('paged-html shape and the shared engine', () => {
  let site: RunningSite;
  afterEach(async () => site.close());

  it('serves every message once across the list pages, with details', async () => {
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(23, 5), pageSize: 10 });
    expect(site.startUrls).toEqual([`${site.url}/list_1.html`]);
    const ids: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const page = await get(`${site.url}/list_${n}.html`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('utf-8');
      ids.push(...rowIds(page.text));
      if (n < 3) expect(page.text).toContain(`href="/list_${n + 1}.html" class="next"`);
      else expect(page.text).not.toContain('class="next"');
    }
    expect(ids).toEqual(site.messages().map((m) => m.id));
    expect((await get(`${site.url}/list_4.html`)).status).toBe(404);
    const first = site.messages()[0]!;
    const detail = await get(`${site.url}/detail?id=${first.id}`);
    expect(detail.text).toContain(`<tr><th>信件标题</th><td>${first.title}</td></tr>`);
    expect(detail.text).toContain(`<tr><th>来信时间</th><td>${first.postedAt}</td></tr>`);
    expect((await get(`${site.url}/detail?id=nope`)).status).toBe(404);
  });

  it('puts a new message on top of page 1 and shows a reply on list and detail', async () => {
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(5, 1) });
    const added = site.addMessage({ title: '测试新来信标题' });
    expect(Number(added.id)).toBeGreaterThan(Number(site.messages()[1]!.id));
    const list = await get(site.startUrls[0]!);
    expect(rowIds(list.text)[0]).toBe(added.id);
    expect(list.text).toContain('测试新来信标题');
    site.reply(added.id, '已经修好了。');
    const detail = await get(`${site.url}/detail?id=${added.id}`);
    expect(detail.text).toContain('<tr><th>回复内容</th><td>已经修好了。</td></tr>');
    expect(detail.text).toContain('<tr><th>办理状态</th><td>已办结</td></tr>');
    expect((await get(site.startUrls[0]!)).text).toContain('>已办结</a>');
    expect(() => site.reply('missing', 'x')).toThrow();
  });

  it('applies faults for the given number of requests, then recovers', async () => {
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(5, 1) });
    const list = site.startUrls[0]!;
    site.setFault({ kind: 'throttle429', times: 2 });
    expect((await get(list)).status).toBe(429);
    expect((await get(list)).headers.get('retry-after')).toBe('1');
    expect((await get(list)).status).toBe(200);
    site.setFault({ kind: 'error5xx', times: 1 });
    expect((await get(list)).status).toBe(503);
    site.setFault({ kind: 'forbidden403' });
    expect((await get(list)).status).toBe(403);
    expect((await get(list)).status).toBe(403);
    site.setFault({ kind: 'broken-html', times: 1 });
    const broken = await get(list);
    expect(broken.status).toBe(200);
    expect(broken.text).not.toContain('</html>');
    site.setFault({ kind: 'redesign' });
    const redesigned = await get(list);
    expect(rowIds(redesigned.text)).toEqual([]);
    expect(redesigned.text).toContain('class="xj-item"');
    site.setFault({ kind: 'slow', delayMs: 120, times: 1 });
    const started = Date.now();
    expect((await get(list)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    site.setFault(null);
    expect(rowIds((await get(list)).text)).toHaveLength(5);
    // A client that gives up on a slow answer does not hurt the server.
    site.setFault({ kind: 'slow', delayMs: 150, times: 1 });
    await expect(fetch(list, { signal: AbortSignal.timeout(30) })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 180));
    expect((await get(list)).status).toBe(200);
    expect(site.requests().map((r) => r.status)).toEqual([429, 429, 200, 503, 403, 403, 200, 200, 200, 200, 200, 200]);
    site.resetRequests();
    expect(site.requests()).toEqual([]);
  });

  it('answers 403 until a warm-up GET to / sets the cookie', async () => {
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(5, 1), requireWarmupCookie: true });
    expect((await get(site.startUrls[0]!)).status).toBe(403);
    const home = await get(`${site.url}/`);
    const cookie = home.headers.get('set-cookie')?.split(';')[0];
    expect(cookie).toMatch(/^JSESSIONID=/);
    expect((await get(site.startUrls[0]!, { headers: { cookie: cookie! } })).status).toBe(200);
  });

  it('generates deterministic messages', () => {
    expect(sampleMessages(20, 3)).toEqual(sampleMessages(20, 3));
    expect(sampleMessages(20, 3)).not.toEqual(sampleMessages(20, 4));
    const many = sampleMessages(200, 9);
    expect(new Set(many.map((m) => m.id)).size).toBe(200);
    expect(many.some((m) => m.district !== '印台区')).toBe(true);
    expect(many.some((m) => m.content.includes('法院'))).toBe(true);
    expect(many.filter((m) => m.status === '已办结').every((m) => m.replyText && m.replyAt)).toBe(true);
  });
});

describe('site options', () => {
  it('rejects malformed options and duplicate ids with a Chinese message', async () => {
    await expect(startSite({ shape: 'nope' as never })).rejects.toThrow(/站点参数无效/);
    await expect(startSite({ shape: 'offset', pageSize: 0 })).rejects.toThrow(/站点参数无效/);
    const [a] = sampleMessages(1, 1);
    await expect(startSite({ shape: 'offset', messages: [a!, a!] })).rejects.toThrow(/信件编号重复/);
  });
});

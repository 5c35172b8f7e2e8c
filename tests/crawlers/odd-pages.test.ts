/**
 * Lists as real sites show them and look-alikes did not: an empty channel (暂无数据, or `[]` from
 * an API), an id rule that takes something several messages share, links that are scripts, rows
 * without a link, deeper pages that answer busy notices or 404. A small site on 127.0.0.1 whose
 * pages each test sets.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, MemoryCrawlStateStore, parseSourceText, type SourceDefinition } from '../../crawlers/index.js';

interface OddSite {
  url: string;
  /** Path (with query) → body; JSON bodies are objects. */
  pages: Map<string, string | object>;
  /** Set: every HTML page is sent in GBK, with this Content-Type (no charset, or a wrong one), and declares GBK in its <meta>. */
  gbk?: string;
  paths: string[];
  close(): Promise<void>;
}

let site: OddSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function startOddSite(): Promise<OddSite> {
  const pages = new Map<string, string | object>();
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    paths.push(path);
    // A detail page for any /d?id=N not set otherwise.
    const id = /^\/d2?\?id=(\w+)$/.exec(path)?.[1];
    const body = pages.get(path) ?? (id ? page(`<h1>留言${id}</h1><div class="c">内容${id}</div>`) : undefined);
    if (body === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' }).end(page('页面不存在'));
      return;
    }
    const json = typeof body === 'object';
    if (!json && odd.gbk !== undefined) {
      res.writeHead(200, { 'Content-Type': odd.gbk }).end(iconv.encode(body.replace('charset="utf-8"', 'charset="gb2312"'), 'gbk'));
      return;
    }
    res.writeHead(200, { 'Content-Type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8' }).end(json ? JSON.stringify(body) : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const odd: OddSite = { url, pages, paths, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  return odd;
}

const page = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>信件列表</title></head><body><div class="side">暂无公告</div>${body}</body></html>`;
const row = (id: string, title: string, status = '待回复', href = `/d?id=${id}`) => `<tr><td class="no">${id}</td><td><a href="${href}">${title}</a></td><td class="st">${status}</td></tr>`;
const table = (rows: string) => page(`<table class="l"><tr><th>编号</th><th>标题</th><th>状态</th></tr>${rows}</table>`);

function htmlSource(base: string, fields: string, detailUrl = "'{detailUrl}'"): SourceDefinition {
  const [source] = parseSourceText(
    `
sources:
  - id: odd
    name: 测试
    channel: forwarded
    startUrls: ['${base}/list']
    politeness: { delay: 0, backoff: 50ms, retries: 0, timeout: 5s }
    list:
      items: 'table.l tr:has(td)'
      fields: { ${fields} }
    detail:
      url: ${detailUrl}
      fields: { title: h1, content: div.c }
`,
    'odd.yaml',
  );
  return source as SourceDefinition;
}

const linkedFields = "siteId: td.no, title: 'td a', detailUrl: { selector: 'td a', attr: href }, siteStatus: td.st";

describe('lists real sites show', () => {
  it('takes an empty channel for empty, not for a changed layout, until it had messages', async () => {
    site = await startOddSite();
    const source = htmlSource(site.url, linkedFields);
    const state = new MemoryCrawlStateStore();
    site.pages.set('/list', table('<tr><td colspan="3">暂无数据</td></tr>'));
    const quiet = await crawlSource(source, { state });
    // QA: was 布局告警 列表首页未解析出任何条目 on every run of a new, empty channel.
    expect(quiet.health.layoutAlert).toBeUndefined();
    expect(quiet.health.pageErrors).toEqual([]);
    expect(quiet.health.lastSuccessAt).toBeDefined();

    site.pages.set('/list', table(row('2', '转办件二') + row('1', '转办件一')));
    const filled = await crawlSource(source, { state });
    expect(filled.messages.map((m) => m.siteId)).toEqual(expect.arrayContaining(['1', '2']));
    expect(filled.health.layoutAlert).toBeUndefined();

    // A list that had messages and now says it has none is worth a look.
    site.pages.set('/list', table('<tr><td colspan="3">暂无数据</td></tr>'));
    const emptied = await crawlSource(source, { state });
    expect(emptied.health.layoutAlert).toBe('列表首页原有 2 条，本次为空（页面显示“暂无数据”）：网站可能改版或清空了列表，请打开列表页核对');

    // Still an alert when the rows are gone and the page does not say the list is empty.
    site.pages.set('/list', page('<div class="new-list"></div>'));
    const redesigned = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(redesigned.health.layoutAlert).toBe('列表首页未解析出任何条目（条目选择器 "table.l tr:has(td)" 未匹配任何元素）');
  });

  it('takes a list showing only its header row for empty while it never had messages, and for a redesign once it had', async () => {
    site = await startOddSite();
    const state = new MemoryCrawlStateStore();
    // The rows selector skips the header (`tr:has(td)`): nothing matches on a channel that never had a message.
    const source = htmlSource(site.url, linkedFields);
    site.pages.set('/list', table(''));
    const quiet = await crawlSource(source, { state });
    // QA: was 布局告警 列表首页未解析出任何条目（条目选择器 "table.l tr:has(td)" 未匹配任何元素） on every run.
    expect(quiet.health.layoutAlert).toBeUndefined();
    expect(quiet.health.pageErrors).toEqual([]);
    expect(quiet.health.lastSuccessAt).toBeDefined();
    // The header in <thead>, rows selected under <tbody>, an empty <tbody>: the same.
    const bodyRows = { ...source, list: { ...(source as Extract<SourceDefinition, { kind: 'config' }>).list, items: 'table.l tbody tr' } } as SourceDefinition;
    site.pages.set('/list', page('<table class="l"><thead><tr><th>编号</th><th>标题</th><th>状态</th></tr></thead><tbody></tbody></table>'));
    expect((await crawlSource(bodyRows, { state: new MemoryCrawlStateStore() })).health.layoutAlert).toBeUndefined();
    // A rows selector that takes the header row too (`table.l tr`): the header is no message, and no layout change.
    const allRows = { ...source, list: { ...(source as Extract<SourceDefinition, { kind: 'config' }>).list, items: 'table.l tr' } } as SourceDefinition;
    site.pages.set('/list', table(''));
    const headerTaken = await crawlSource(allRows, { state: new MemoryCrawlStateStore() });
    expect(headerTaken.health.layoutAlert).toBeUndefined();
    expect(headerTaken.messages).toEqual([]);

    // Once the list had messages, a header with no row under it is worth a look (a redesign, or the list cleared).
    site.pages.set('/list', table(row('2', '转办件二') + row('1', '转办件一')));
    expect((await crawlSource(source, { state })).messages).toHaveLength(2);
    site.pages.set('/list', table(''));
    const emptied = await crawlSource(source, { state });
    expect(emptied.health.layoutAlert).toBe('列表首页原有 2 条，本次为空（列表只有表头行）：网站可能改版或清空了列表，请打开列表页核对');

    // A header-only table that is not the list's (the rows moved elsewhere) is still a layout alert.
    site.pages.set('/list', page('<table class="notice"><tr><th>通知</th></tr></table><ul class="new-list"><li>一</li></ul>'));
    const redesigned = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(redesigned.health.layoutAlert).toBe('列表首页未解析出任何条目（条目选择器 "table.l tr:has(td)" 未匹配任何元素）');
  });

  it('takes a header row of <td> cells, and an empty <ul>, for an empty list, and still alerts on a real redesign', async () => {
    site = await startOddSite();
    const source = htmlSource(site.url, linkedFields);
    // Many sites draw the header with <td> (often bold or with a class), which `tr:has(td)` takes as a row.
    const tdHeader = (rows: string) => page(`<table class="l"><tr class="head"><td><b>编号</b></td><td>标题</td><td>状态</td></tr>${rows}</table>`);
    site.pages.set('/list', tdHeader(''));
    const quiet = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    // QA: was 布局告警 列表首页未解析出任何条目（列表字段 siteId 在本页所有条目中都未取到…） on every run of an empty channel.
    expect(quiet.health.layoutAlert).toBeUndefined();
    expect(quiet.health.pageErrors).toEqual([]);
    expect(quiet.messages).toEqual([]);
    // With rows under it, the header is skipped as before and the rows are read.
    const state = new MemoryCrawlStateStore();
    site.pages.set('/list', tdHeader(row('2', '转办件二') + row('1', '转办件一')));
    const filled = await crawlSource(source, { state });
    expect(filled.messages.map((m) => m.siteId).sort()).toEqual(['1', '2']);
    // Emptied once it had messages: worth a look, as a <th> header only is.
    site.pages.set('/list', tdHeader(''));
    expect((await crawlSource(source, { state })).health.layoutAlert).toBe('列表首页原有 2 条，本次为空（列表只有表头行）：网站可能改版或清空了列表，请打开列表页核对');
    // A single row of data (numbers, a link) under no header is no header: the layout changed.
    site.pages.set('/list', page('<table class="l"><tr><td>2026-11-20</td><td><span>转办件</span></td><td>12</td></tr></table>'));
    expect((await crawlSource(source, { state: new MemoryCrawlStateStore() })).health.layoutAlert).toMatch(/^列表首页未解析出任何条目/);

    // A list drawn as <ul>: an empty <ul> is an empty channel.
    const ulSource = { ...source, list: { ...(source as Extract<SourceDefinition, { kind: 'config' }>).list, items: 'ul.mails > li', fields: { siteId: { selector: 'span.no' }, title: { selector: 'a' }, detailUrl: { selector: 'a', attr: 'href' } } } } as SourceDefinition;
    site.pages.set('/list', page('<ul class="mails">\n  <!-- 暂无 -->\n</ul>'));
    const emptyUl = await crawlSource(ulSource, { state: new MemoryCrawlStateStore() });
    // QA: was 布局告警 列表首页未解析出任何条目（条目选择器 "ul.mails > li" 未匹配任何元素）.
    expect(emptyUl.health.layoutAlert).toBeUndefined();
    expect(emptyUl.health.pageErrors).toEqual([]);
    // Still an alert when the <ul> is gone, or holds something other than the items (a redesign).
    site.pages.set('/list', page('<div class="mails-v2"><div class="item"><a href="/d?id=1">一</a></div></div>'));
    expect((await crawlSource(ulSource, { state: new MemoryCrawlStateStore() })).health.layoutAlert).toBe('列表首页未解析出任何条目（条目选择器 "ul.mails > li" 未匹配任何元素）');
    site.pages.set('/list', page('<ul class="mails"><div class="item"><a href="/d?id=1">一</a></div></ul>'));
    expect((await crawlSource(ulSource, { state: new MemoryCrawlStateStore() })).health.layoutAlert).toBe('列表首页未解析出任何条目（条目选择器 "ul.mails > li" 未匹配任何元素）');
  });

  it('takes an API answering an empty item array for an empty list', async () => {
    site = await startOddSite();
    site.pages.set('/api', { code: 200, data: { total: 0, list: [] } });
    const [source] = parseSourceText(
      `
sources:
  - id: api
    name: 接口
    channel: other_web
    startUrls: ['${site.url}/api']
    politeness: { delay: 0, retries: 0 }
    list: { format: json, items: data.list, fields: { siteId: id, title: title, content: content } }
`,
      'api.yaml',
    );
    const result = await crawlSource(source as SourceDefinition, { state: new MemoryCrawlStateStore() });
    // QA: was 布局告警 列表首页未解析出任何条目（选择器未匹配）.
    expect(result.health.layoutAlert).toBeUndefined();
    expect(result.health.lastSuccessAt).toBeDefined();
  });

  it('says when an id rule takes something several messages share, rather than keeping one of them', async () => {
    site = await startOddSite();
    // The id rule reads the status column: five messages, two statuses.
    const source = htmlSource(site.url, "siteId: td.st, title: 'td a', detailUrl: { selector: 'td a', attr: href }");
    site.pages.set('/list', table(row('5', '五') + row('4', '四', '办理中') + row('3', '三') + row('2', '二', '办理中') + row('1', '一')));
    const wrong = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(wrong.messages).toHaveLength(2);
    expect(wrong.health.layoutAlert).toBe(`${site.url}/list：编号 待回复、办理中 在同一页上对应内容不同的多条留言，只取了第一条：siteId 规则应取每条留言唯一的编号`);
    expect(wrong.health.lastSuccessAt).toBeUndefined();

    // One odd pair on a page is a page error; a pinned message shown twice alike is nothing.
    const right = htmlSource(site.url, linkedFields);
    site.pages.set('/list', table(row('9', '置顶：办事指南') + row('5', '五') + row('4', '四') + row('9', '置顶：办事指南') + row('4', '另一条同号留言')));
    const odd = await crawlSource(right, { state: new MemoryCrawlStateStore() });
    expect(odd.messages.map((m) => m.siteId).sort()).toEqual(['4', '5', '9']);
    expect(odd.health.layoutAlert).toBeUndefined();
    expect(odd.health.pageErrors).toEqual([{ url: `${site.url}/list`, error: '编号 4 在同一页上对应内容不同的多条留言，只取了第一条：siteId 规则应取每条留言唯一的编号' }]);
  });

  it('links a message opened by a script to its detail page, and fetches no list page as a detail', async () => {
    site = await startOddSite();
    site.pages.set('/list', table(row('12', '二', '待回复', 'javascript:void(0)') + row('11', '一', '待回复', 'javascript:void(0)')));
    const byId = await crawlSource(htmlSource(site.url, linkedFields, "'/d2?id={siteId}'"), { state: new MemoryCrawlStateStore() });
    // QA: was url "javascript:void(0)" on both messages (the console's 原文 link).
    expect(byId.messages.map((m) => m.url).sort()).toEqual([`${site.url}/d2?id=11`, `${site.url}/d2?id=12`]);
    expect(byId.health.layoutAlert).toBeUndefined();

    // detail.url '{detailUrl}' and a row without a usable link: not fetched from the list's own address.
    site.pages.set('/list', table(row('12', '二', '待回复', 'javascript:void(0)') + row('11', '一')));
    site.paths.length = 0;
    const byLink = await crawlSource(htmlSource(site.url, linkedFields), { state: new MemoryCrawlStateStore() });
    expect(byLink.messages.map((m) => m.siteId)).toEqual(['11']);
    expect(site.paths.filter((p) => p === '/list')).toHaveLength(1);
    expect(byLink.health.layoutAlert).toBe(`${site.url}/list：1 个条目没有取到详情页地址 detailUrl（detail.url 要用它），本次未抓取这些条目`);
  });

  it('reads GBK pages whose server names no charset, or UTF-8 over their bytes, as their <meta> says', async () => {
    site = await startOddSite();
    site.pages.set('/list', table(row('2', '红土镇修路') + row('1', '陈炉镇停电')));
    site.gbk = 'text/html';
    const source = htmlSource(site.url, linkedFields);
    const unlabelled = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    // QA: was mojibake in every title (and a page error) unless the file set encoding: gbk.
    expect(unlabelled.messages.map((m) => [m.title, m.content, m.siteStatus]).sort()).toEqual([
      ['留言1', '内容1', '待回复'],
      ['留言2', '内容2', '待回复'],
    ]);
    expect(unlabelled.health.pageErrors).toEqual([]);
    expect(unlabelled.health.lastSuccessAt).toBeDefined();
    expect(unlabelled.requests).toBe(3); // read in GBK from its bytes: no page fetched twice

    // A server naming UTF-8 over them (an IIS default): the bytes are no UTF-8, the <meta>'s gb2312
    // reads them cleanly. Was garbled (kept out with a layout alert) until the file set encoding.
    // A page that declares nothing under a wrong header still is: hostile-sites.test.ts.
    site.gbk = 'text/html; charset=utf-8';
    const mislabelled = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(mislabelled.messages.map((m) => m.title).sort()).toEqual(['留言1', '留言2']);
    expect(mislabelled.health.pageErrors).toEqual([]);
    expect(mislabelled.health.layoutAlert).toBeUndefined();
  });

  it('walks on next run from a deeper list page that answered a busy notice, so the rest of a first crawl is not lost', async () => {
    site = await startOddSite();
    const [source] = parseSourceText(
      `
sources:
  - id: pages
    name: 分页
    channel: district_mailbox
    startUrls: ['${site.url}/list?p=1']
    politeness: { delay: 0, retries: 0 }
    list:
      items: 'table.l tr:has(td)'
      fields: { ${linkedFields} }
    pagination: { type: query, param: p, start: 1, hasNext: 'a.next' }
    detail: { fields: { title: h1, content: div.c } }
`,
      'pages.yaml',
    );
    const listPage = (n: number, next: boolean) => table(row(`${n}1`, `第${n}页一`) + row(`${n}2`, `第${n}页二`)).replace('</body>', `${next ? `<a class="next" href="/list?p=${n + 1}">下一页</a>` : ''}</body>`);
    for (let n = 1; n <= 4; n++) site.pages.set(`/list?p=${n}`, listPage(n, n < 4));
    site.pages.set('/list?p=3', page('<p>系统繁忙，请稍后再试</p>'));
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source as SourceDefinition, { state });
    expect(first.messages.map((m) => m.siteId).sort()).toEqual(['11', '12', '21', '22']);
    expect(first.health.pageErrors).toEqual([{ url: `${site.url}/list?p=3`, error: '列表第 3 页没有解析出条目，但上一页显示还有下一页：网站可能繁忙或拦截了抓取，下次运行从这一页继续' }]);

    // QA: the walk ended at the busy page, and no later run (stopping at page 1, all known) read pages 3 and 4.
    site.pages.set('/list?p=3', listPage(3, true));
    const second = await crawlSource(source as SourceDefinition, { state });
    expect(second.messages.map((m) => m.siteId).sort()).toEqual(['31', '32', '41', '42']);
    expect(second.health.pageErrors).toEqual([]);

    // A pager whose "next" link stays on the last page: said once, then taken as the end.
    site.pages.set('/list?p=4', listPage(4, true));
    site.pages.set('/list?p=5', table(''));
    const fresh = new MemoryCrawlStateStore();
    const once = await crawlSource(source as SourceDefinition, { state: fresh });
    expect(once.messages).toHaveLength(8);
    expect(once.health.pageErrors.map((e) => e.url)).toEqual([`${site.url}/list?p=5`]);
    site.paths.length = 0;
    const again = await crawlSource(source as SourceDefinition, { state: fresh });
    expect(again.messages).toEqual([]);
    expect(again.health.pageErrors).toEqual([]);
    expect(site.paths).toEqual(['/list?p=1', '/list?p=5']);
    const third = await crawlSource(source as SourceDefinition, { state: fresh });
    expect(third.health.pageErrors).toEqual([]);
  });

  const pagedSource = (base: string, pagination: string, startUrl = '/list') =>
    parseSourceText(
      `
sources:
  - id: pages
    name: 分页
    channel: district_mailbox
    startUrls: ['${base}${startUrl}']
    politeness: { delay: 0, retries: 0 }
    list:
      items: 'table.l tr:has(td)'
      fields: { ${linkedFields} }
    pagination: ${pagination}
    detail: { fields: { title: h1, content: div.c } }
`,
      'pages.yaml',
    )[0] as SourceDefinition;
  const rows = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => row(`${prefix}${i + 1}`, `第${prefix}页${i + 1}`)).join('');

  it('reports a full first page followed by a 404 (a page-2 address built wrong), and reads page 2 once the site answers', async () => {
    site = await startOddSite();
    const source = pagedSource(site.url, '{ type: offset, param: o, start: 0, step: 2 }');
    site.pages.set('/list', table(rows('1', 2)));
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    expect(first.messages.map((m) => m.siteId).sort()).toEqual(['11', '12']);
    // QA: the walk ended at page 2 without a word, and no later run (stopping at page 1, all known) read the rest.
    expect(first.health.pageErrors).toContainEqual({
      url: `${site.url}/list?o=2`,
      error: '列表第 2 页返回 HTTP 404：上一页显示还有下一页（或上一页已满），可能是翻页地址有误或网站拦截，下次运行从这一页继续',
    });
    // A first crawl's page 2: the pager never worked.
    expect(first.health.layoutAlert).toBe('列表第 2 页返回 HTTP 404，只读到了第 1 页：翻页可能从未成功，请核对来源文件中的 pagination（翻页地址、起始页码）；列表如确实只有一页，可设置 pagination.hasNext');
    expect(first.health.lastSuccessAt).toBeUndefined();

    // Still 404 next run: said again (the resumed page), no letter lost, no alert (the walk is no first crawl's any more).
    const still = await crawlSource(source, { state });
    expect(still.messages).toEqual([]);
    expect(still.health.pageErrors).toEqual([
      { url: `${site.url}/list?o=2`, error: '列表第 2 页返回 HTTP 404：上次运行停在这一页，网站可能改动了翻页地址或拦截了抓取，下次运行从这一页继续' },
    ]);
    expect(still.health.layoutAlert).toBeUndefined();

    // The site answers page 2 (and a short page 3, then 404 past the end): the next run reads them.
    site.pages.set('/list?o=2', table(rows('2', 2)));
    site.pages.set('/list?o=4', table(rows('3', 1)));
    const fixed = await crawlSource(source, { state });
    expect(fixed.messages.map((m) => m.siteId).sort()).toEqual(['21', '22', '31']);
    expect(fixed.health.pageErrors).toEqual([]);
    expect(fixed.health.lastSuccessAt).toBeDefined();

    // Query pages (no page size declared): a first page whose pager links to 下一页, then a 404.
    const query = pagedSource(site.url, '{ type: query, param: page, start: 1 }');
    site.pages.set('/list', table(rows('1', 2)).replace('</body>', '<div class="pager"><span>共2页</span><a href="/list?p=2">下一页</a></div></body>'));
    const linked = await crawlSource(query, { state: new MemoryCrawlStateStore() });
    expect(linked.health.pageErrors[0]).toEqual({
      url: `${site.url}/list?page=2`,
      error: '列表第 2 页返回 HTTP 404：上一页显示还有下一页（或上一页已满），可能是翻页地址有误或网站拦截，下次运行从这一页继续',
    });
    expect(linked.health.layoutAlert).toMatch(/^列表第 2 页返回 HTTP 404，只读到了第 1 页/);
  });

  it('reports a next page the list linked to that answers 404, and reads it once the site answers', async () => {
    site = await startOddSite();
    const source = pagedSource(site.url, "{ type: next-link, selector: 'a.next' }", '/n1');
    const linked = (n: number, next: boolean) => table(rows(String(n), 3)).replace('</body>', `${next ? `<a class="next" href="/n${n + 1}">下一页</a>` : ''}</body>`);
    site.pages.set('/n1', linked(1, true));
    site.pages.set('/n2', linked(2, true));
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    expect(first.messages).toHaveLength(6);
    expect(first.health.pageErrors).toEqual([
      { url: `${site.url}/n3`, error: '列表第 3 页返回 HTTP 404：上一页显示还有下一页（或上一页已满），可能是翻页地址有误或网站拦截，下次运行从这一页继续' },
    ]);
    // Past page 2 the pager worked: no layout alert.
    expect(first.health.layoutAlert).toBeUndefined();

    site.pages.set('/n3', linked(3, false));
    const fixed = await crawlSource(source, { state });
    expect(fixed.messages.map((m) => m.siteId).sort()).toEqual(['31', '32', '33']);
    expect(fixed.health.pageErrors).toEqual([]);

    // A first crawl whose page 2 link is dead: the pager never worked.
    site.pages.delete('/n2');
    const fresh = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(fresh.health.pageErrors.map((e) => e.url)).toEqual([`${site.url}/n2`, '']);
    expect(fresh.health.layoutAlert).toBe('列表第 2 页返回 HTTP 404，只读到了第 1 页：翻页可能从未成功，请核对来源文件中的 pagination（翻页地址、起始页码）');
  });

  it('takes a 404 after a page that showed no next page, short or full, for the end of the list', async () => {
    site = await startOddSite();
    // A list of one page (no page size declared, no link to a next page), then 404.
    const query = pagedSource(site.url, '{ type: query, param: p, start: 1 }');
    site.pages.set('/list', table(rows('1', 3)).replace('</body>', '<div class="pager"><span>共1页</span><a href="javascript:;">下一页</a></div></body>'));
    const onePage = await crawlSource(query, { state: new MemoryCrawlStateStore() });
    expect(onePage.messages).toHaveLength(3);
    expect(onePage.health.pageErrors).toEqual([]);
    expect(onePage.health.layoutAlert).toBeUndefined();

    // Pages of 3: page 2 is short, page 3 answers 404.
    site.pages.set('/list', table(rows('1', 3)));
    site.pages.set('/list?p=2', table(rows('2', 1)));
    const short = await crawlSource(query, { state: new MemoryCrawlStateStore() });
    expect(short.messages).toHaveLength(4);
    expect(short.health.pageErrors).toEqual([]);
    expect(short.health.layoutAlert).toBeUndefined();
    expect(short.health.lastSuccessAt).toBeDefined();

    // A list of exactly two pages: the 404 after the full page 2 is its end too.
    site.pages.set('/list?p=2', table(rows('2', 3)));
    const exact = await crawlSource(query, { state: new MemoryCrawlStateStore() });
    expect(exact.messages).toHaveLength(6);
    expect(exact.health.pageErrors).toEqual([]);

    // Offset pages of 5: a first page of 3 is short, the 404 after it the end.
    const offset = pagedSource(site.url, '{ type: offset, param: o, start: 0, step: 5 }');
    const state = new MemoryCrawlStateStore();
    const one = await crawlSource(offset, { state });
    expect(one.messages).toHaveLength(3);
    expect(one.health.pageErrors).toEqual([]);
    expect(one.health.layoutAlert).toBeUndefined();
    site.paths.length = 0;
    const again = await crawlSource(offset, { state });
    expect(again.health.pageErrors).toEqual([]);
    expect(site.paths).toEqual(['/list']);
  });

  it('says what to check when the first list page is not there', async () => {
    site = await startOddSite();
    const result = await crawlSource(htmlSource(site.url, linkedFields), { state: new MemoryCrawlStateStore() });
    expect(result.health.pageErrors).toEqual([{ url: `${site.url}/list`, error: '列表页返回 HTTP 404：网站没有这个地址，请核对 startUrls（或 pagination.url）' }]);
    expect(result.health.lastSuccessAt).toBeUndefined();
  });

  it('takes a list time printed as a count back from now (3小时前) for no change as the count goes up', async () => {
    site = await startOddSite();
    const timed = (n: string) => table(row('2', '二').replace('</tr>', `<td class="t">${n}</td></tr>`) + row('1', '一').replace('</tr>', '<td class="t">昨天 08:00</td></tr>'));
    const source = htmlSource(site.url, `${linkedFields}, postedAt: td.t`);
    const state = new MemoryCrawlStateStore();
    site.pages.set('/list', timed('3小时前'));
    expect((await crawlSource(source, { state })).messages).toHaveLength(2);
    site.pages.set('/list', timed('4小时前'));
    site.paths.length = 0;
    const later = await crawlSource(source, { state });
    // QA: every run fetched the detail again and handed the message on as changed (postedAt).
    expect(later.changes).toEqual([]);
    expect(site.paths).toEqual(['/list']);
  });
});

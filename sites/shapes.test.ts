/**
 * Every shape: the list (followed page by page the way a crawler would) yields every message once,
 * each detail shows the message, and a 'redesign' makes the documented list selectors find nothing.
 */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleMessages, startSite, type RunningSite, type SiteMessage, type SiteShape } from './index.js';
import { all, get } from './test-helpers.js';

interface Driver {
  /** Ids on the list page reached after `previous` (undefined = the start), and how to reach the next one. */
  listPage(site: RunningSite, cursor: unknown): Promise<{ ids: string[]; next: unknown }>;
  detailUrl(site: RunningSite, m: SiteMessage): string;
  /** Text of the detail page as the site encodes it. */
  decode?(bytes: Buffer): string;
}

const form = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
const jsonBody = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const nextHref = (html: string, pattern: RegExp) => pattern.exec(html)?.[1];

const drivers: Record<SiteShape, Driver> = {
  'paged-html': {
    async listPage(site, cursor) {
      const html = (await get(typeof cursor === 'string' ? `${site.url}${cursor}` : site.startUrls[0]!)).text;
      return { ids: all(html, /<li><a href="\/detail\?id=(\d+)"/g), next: nextHref(html, /<a href="([^"]+)" class="next">/) };
    },
    detailUrl: (site, m) => `${site.url}/detail?id=${m.id}`,
  },
  'table-fixed-cells': {
    async listPage(site, cursor) {
      const html = (await get(typeof cursor === 'string' ? `${site.url}${cursor}` : site.startUrls[0]!)).text;
      const table = /<table class="listAll">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
      return { ids: all(table, /<tr><td>(\d+)<\/td>/g), next: nextHref(html, /<a href="([^"]+)" class="next">/) };
    },
    detailUrl: (site, m) => `${site.url}/consult/detail.jsp?id=${m.id}`,
  },
  offset: {
    async listPage(site, cursor) {
      const html = (await get(typeof cursor === 'string' ? `${site.url}/email/${cursor}` : site.startUrls[0]!)).text;
      const table = /<table id="emailList"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
      return { ids: all(table, /<tr><td>(\d+)<\/td>/g), next: nextHref(html, /<a class="next" href="([^"]+)">/) };
    },
    detailUrl: (site, m) => `${site.url}/email/view.jsp?id=${m.id}`,
  },
  'post-form': {
    async listPage(site, cursor) {
      const start = typeof cursor === 'number' ? cursor : 1;
      const text = (await get(site.startUrls[0]!, form(`startrecord=${start}&endrecord=${start + 9}&perpage=10`))).text;
      expect(text.startsWith('[') && text.endsWith(']')).toBe(true);
      const total = Number(/id="totalrecord" value="(\d+)"/.exec(text)?.[1]);
      return { ids: all(text, /<li class="mail-item"><span class="mail-no">(\d+)</g), next: start + 10 <= total ? start + 10 : undefined };
    },
    detailUrl: (site, m) => `${site.url}/mail/detail.action?id=${m.id}`,
  },
  'aspnet-postback': {
    async listPage(site, cursor) {
      const state = cursor as { page: number; viewState: string; validation: string } | undefined;
      const html = state
        ? (await get(site.startUrls[0]!, form(new URLSearchParams({ __EVENTTARGET: 'CaseGgfwAll1$Pager', __EVENTARGUMENT: String(state.page), __VIEWSTATE: state.viewState, __EVENTVALIDATION: state.validation }).toString()))).text
        : (await get(site.startUrls[0]!)).text;
      const table = /<table id="CaseGgfwAll1_gvList"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
      const nextPage = /__doPostBack\('CaseGgfwAll1\$Pager','(\d+)'\)">下一页/.exec(html)?.[1];
      const viewState = /id="__VIEWSTATE" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const validation = /id="__EVENTVALIDATION" value="([^"]+)"/.exec(html)?.[1] ?? '';
      return { ids: all(table, /<tr class="GridItem"><td>(\d+)</g), next: nextPage ? { page: Number(nextPage), viewState, validation } : undefined };
    },
    detailUrl: (site, m) => `${site.url}/CaseDetail.aspx?id=${m.id}`,
  },
  'json-api': {
    async listPage(site, cursor) {
      const pageNo = typeof cursor === 'number' ? cursor : 1;
      const body = JSON.parse((await get(site.startUrls[0]!, jsonBody({ pageNo, pageSize: 10 }))).text) as { data: { pages: number; list?: { id: string }[] } };
      return { ids: (body.data.list ?? []).map((x) => x.id), next: pageNo < body.data.pages ? pageNo + 1 : undefined };
    },
    detailUrl: (site, m) => `${site.url}/user/linked/detail.do?id=${m.id}`,
  },
  'js-literal': {
    async listPage(site, cursor) {
      const pageNo = typeof cursor === 'number' ? cursor : 1;
      const text = (await get(`${site.url}/bjah-index-hdjl!letterListJson.action?page.pageNo=${pageNo}`)).text;
      expect(() => JSON.parse(text)).toThrow();
      const value = new Function(`return (${text});`)() as { page?: { totalPages: number }; result?: { originalId: string }[] };
      return { ids: (value.result ?? []).map((x) => x.originalId), next: value.page && pageNo < value.page.totalPages ? pageNo + 1 : undefined };
    },
    detailUrl: (site, m) => {
      const flow = ['投诉', '举报'].includes(m.type) ? 'complainDetail' : ['咨询', '求助'].includes(m.type) ? 'consultDetail' : 'suggesDetail';
      return `${site.url}/hdjl/${flow}.flow?originalId=${m.id}`;
    },
  },
  'load-more': {
    // The browser's script calls this API; the list page itself is empty (checked below).
    async listPage(site, cursor) {
      const body = JSON.parse((await get(`${site.url}/liuyan/api/list`, jsonBody({ lastItem: typeof cursor === 'string' ? cursor : '', pageSize: 10 }))).text) as { items?: { tid: string }[]; lastItem: string; hasMore: boolean };
      return { ids: (body.items ?? []).map((x) => x.tid), next: body.hasMore ? body.lastItem : undefined };
    },
    detailUrl: (site, m) => `${site.url}/liuyan/detail.html?tid=${m.id}`,
  },
  'gbk-html': {
    async listPage(site, cursor) {
      const bytes = (await get(typeof cursor === 'string' ? `${site.url}/%CA%D0%B3%A4%D0%C5%CF%E4/${cursor}` : site.startUrls[0]!)).bytes;
      const html = iconv.decode(bytes, 'gbk');
      const table = /<table class="mailList">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
      return { ids: all(table, /<tr><td>(\d+)<\/td>/g), next: nextHref(html, /<a class="next" href="([^"]+)">/) };
    },
    detailUrl: (site, m) => `${site.url}/%CA%D0%B3%A4%D0%C5%CF%E4/show.asp?id=${m.id}`,
    decode: (bytes) => iconv.decode(bytes, 'gbk'),
  },
  forwarded: {
    async listPage(site, cursor) {
      const html = (await get(typeof cursor === 'string' ? `${site.url}${cursor}` : site.startUrls[0]!)).text;
      const table = /<table class="zb-list">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
      return { ids: all(table, /href="\/zbj\/detail\?id=(\d+)"/g), next: nextHref(html, /<a href="([^"]+)" class="next">/) };
    },
    detailUrl: (site, m) => `${site.url}/zbj/detail?id=${m.id}`,
  },
};

async function crawlIds(site: RunningSite, driver: Driver): Promise<string[]> {
  const ids: string[] = [];
  let cursor: unknown;
  for (let guard = 0; guard < 50; guard++) {
    const page = await driver.listPage(site, cursor);
    ids.push(...page.ids);
    if (page.next === undefined) break;
    cursor = page.next;
  }
  return ids;
}

describe.each(Object.keys(drivers) as SiteShape[])('shape %s', (shape) => {
  const driver = drivers[shape];
  let site: RunningSite;
  afterEach(async () => site.close());

  it('lists every message once across pages, serves details, shows new messages and replies, breaks on redesign', async () => {
    site = await startSite({ shape, messages: sampleMessages(23, 11), pageSize: 10 });
    expect(await crawlIds(site, driver)).toEqual(site.messages().map((m) => m.id));

    const sample = site.messages()[7]!;
    const detail = await get(driver.detailUrl(site, sample));
    expect(detail.status).toBe(200);
    const text = (driver.decode ?? ((b: Buffer) => b.toString('utf8')))(detail.bytes);
    expect(text).toContain(JSON.stringify(sample.title).slice(1, -1));

    const added = site.addMessage({ type: '投诉' });
    expect((await driver.listPage(site, undefined)).ids[0]).toBe(added.id);
    site.reply(added.id, '答复：已派人处理完毕。');
    const replied = (driver.decode ?? ((b: Buffer) => b.toString('utf8')))((await get(driver.detailUrl(site, added))).bytes);
    expect(replied).toContain('答复：已派人处理完毕。');
    expect(replied).toContain('已办结');

    site.setFault({ kind: 'redesign', times: 1 });
    expect((await driver.listPage(site, undefined)).ids).toEqual([]);
    expect((await driver.listPage(site, undefined)).ids).toHaveLength(10);
  });
});

describe('shape specifics', () => {
  let site: RunningSite;
  afterEach(async () => site.close());

  it('gbk-html sends real GBK bytes and GBK-escaped paths only', async () => {
    site = await startSite({ shape: 'gbk-html', messages: sampleMessages(5, 2) });
    const page = await get(site.startUrls[0]!);
    expect(page.headers.get('content-type')).toBe('text/html; charset=gbk');
    expect(page.bytes.includes(iconv.encode('市长信箱', 'gbk'))).toBe(true);
    expect(page.bytes.includes(Buffer.from('市长信箱', 'utf8'))).toBe(false);
    expect(iconv.decode(page.bytes, 'gbk')).toContain(site.messages()[0]!.title);
    expect((await get(`${site.url}/${encodeURIComponent('市长信箱')}/list.asp?page=1`)).status).toBe(404);
    site.setFault({ kind: 'broken-html', times: 1 });
    expect(iconv.decode((await get(site.startUrls[0]!)).bytes, 'gbk')).not.toContain('</html>');
  });

  it('gbk-html carries other districts; forwarded carries origin level, number and deadline', async () => {
    site = await startSite({ shape: 'gbk-html' });
    expect(new Set(site.messages().map((m) => m.district)).size).toBeGreaterThan(2);
    await site.close();
    site = await startSite({ shape: 'forwarded', messages: sampleMessages(6, 3) });
    const m = site.messages()[0]!;
    expect(m.forwardNo).toMatch(/^(SX|TC)ZB\d{12}$/);
    expect(m.upperDeadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const html = (await get(`${site.url}/zbj/detail?id=${m.id}`)).text;
    expect(html).toContain(`<dt>转办编号</dt><dd>${m.forwardNo}</dd>`);
    expect(html).toContain(`<dt>来源层级</dt><dd>${m.originLevel === 'province' ? '省' : '市'}</dd>`);
    expect(html).toContain(`<dt>上级办理时限</dt><dd>${m.upperDeadline}</dd>`);
    const given = site.addMessage({ originLevel: 'province', forwardNo: '陕转〔2026〕88号', upperDeadline: '2026-12-31' });
    expect((await get(`${site.url}/zbj/list?page=1`)).text).toContain('<tr><td>陕转〔2026〕88号</td>');
    expect(given.originLevel).toBe('province');
  });

  it('aspnet-postback rejects a post without a valid __VIEWSTATE', async () => {
    site = await startSite({ shape: 'aspnet-postback', messages: sampleMessages(30, 2) });
    const bad = await get(site.startUrls[0]!, form('__EVENTTARGET=CaseGgfwAll1%24Pager&__EVENTARGUMENT=2&__VIEWSTATE=xyz'));
    expect(bad.status).toBe(500);
  });

  it('post-form and json-api refuse GET and bad bodies; json-api filters by infoType', async () => {
    site = await startSite({ shape: 'post-form', messages: sampleMessages(5, 2) });
    expect((await get(site.startUrls[0]!)).status).toBe(405);
    expect((await get(site.startUrls[0]!, form('startrecord=5&endrecord=2&perpage=10'))).status).toBe(400);
    await site.close();
    site = await startSite({ shape: 'json-api', messages: sampleMessages(40, 2) });
    expect((await get(site.startUrls[0]!, { method: 'POST', body: 'not json' })).status).toBe(400);
    const body = JSON.parse((await get(site.startUrls[0]!, jsonBody({ pageNo: 1, pageSize: 100, infoType: '咨询' }))).text) as { data: { total: number; list: { infoType: string }[] } };
    expect(body.data.total).toBe(site.messages().filter((m) => m.type === '咨询').length);
    expect(body.data.list.every((x) => x.infoType === '咨询')).toBe(true);
    expect((await get(`${site.url}/linked/detail.html?id=${site.messages()[0]!.id}`)).text).toContain(site.messages()[0]!.title);
  });

  it('load-more serves an empty list shell that only a browser fills', async () => {
    site = await startSite({ shape: 'load-more', messages: sampleMessages(5, 2) });
    const shell = (await get(site.startUrls[0]!)).text;
    expect(shell).toContain('<ul class="replyList"></ul>');
    expect(shell).toContain('id="show_more"');
    expect(shell).not.toContain(site.messages()[0]!.title);
    const detail = (await get(`${site.url}/liuyan/detail.html?tid=${site.messages()[0]!.id}`)).text;
    expect(detail).toMatch(/<span class="context-title-text">[^<]+<\/span><em class="(red|orange|green)">/);
    expect(detail).toContain('<p class="zoom content">');
  });

  it('js-literal detail flows follow letterType; the wrong flow is 404', async () => {
    site = await startSite({ shape: 'js-literal', messages: sampleMessages(30, 2) });
    const complaint = site.messages().find((m) => m.type === '投诉')!;
    expect((await get(`${site.url}/hdjl/complainDetail.flow?originalId=${complaint.id}`)).status).toBe(200);
    expect((await get(`${site.url}/hdjl/consultDetail.flow?originalId=${complaint.id}`)).status).toBe(404);
  });
});

/**
 * Letters' pages whose reply request carries what a browser sends besides the address and body: the
 * page's token in a request header (`$.ajaxSetup({headers: {'X-CSRF-Token': …}})`, inline or in the
 * site's `common.js` beside an inline request, `fetch(url,
 * {headers: {'X-CSRF-TOKEN': csrfToken}})`), or the session cookie the letter's page opened
 * (fixtures/mailbox-layouts/reply-headers.ts, reply-cookie.ts). Drafted from the list page's address,
 * the source sends the header with the token read afresh from each letter's page, and the crawl
 * sends each letter's reply request with the cookies that letter's page set; a stale or missing
 * token or cookie answers 403, so two crawls giving every reply exactly show the fresh one was
 * sent. A constant header (`X-Requested-With`) is drafted as such and does not stop the draft.
 */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore, type SourceDefinition } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, mailboxLayouts, type Layout, type Letter } from './fixtures/mailbox-layouts/index.js';
import { answer, expectReplies, expectRepliesThenLaterAnswer, open } from './reply-crawls.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

const layouts = mailboxLayouts((text) => iconv.encode(text, 'gbk'));
const layoutNamed = (start: string) => layouts.find((l) => l.name.startsWith(start))!;
const meta = { selector: 'meta[name="csrf-token"]', attr: 'content' };

const cases = [
  {
    layout: layoutNamed('letter page whose $.ajaxSetup sends the csrf-token meta'),
    request: { url: '/gbxx/reply.action', method: 'POST', body: { id: '{siteId}' }, headers: { 'X-CSRF-Token': '{x_csrf_token}' }, page: { x_csrf_token: meta } },
    note: /每次采集时从详情页读取 x_csrf_token.*令牌以请求头 X-CSRF-Token 发送/,
  },
  {
    layout: layoutNamed('letter page fetching its reply with a var token in an X-CSRF-TOKEN header'),
    request: { url: '/zxft/api/reply?lid={siteId}', method: 'GET', headers: { 'X-CSRF-TOKEN': '{x_csrf_token}', 'X-Requested-With': 'XMLHttpRequest' }, page: { x_csrf_token: { regex: expect.stringContaining('csrfToken') } } },
    note: /令牌以请求头 X-CSRF-TOKEN 发送/,
  },
  {
    layout: layoutNamed('letter page posting the id for its reply while common.js'),
    request: { url: '/xfxx/getReply.do', method: 'POST', body: { xh: '{siteId}' }, headers: { 'X-CSRF-Token': '{x_csrf_token}' }, page: { x_csrf_token: { selector: 'meta[name="_csrf"]', attr: 'content' } } },
    note: /每次采集时从详情页读取 x_csrf_token.*令牌以请求头 X-CSRF-Token 发送/,
  },
  {
    layout: layoutNamed('letter page opening a session cookie'),
    request: { url: '/wsxj/hfxx.do?xjbh={siteId}', method: 'GET' },
    note: /带上详情页设置的 Cookie（JSESSIONID；采集时每封信带上其详情页当次设置的）/,
  },
];

/** The source drafted from the list page's address alone, as `sources suggest` drafts it, made quick to crawl. */
async function drafted(layout: Layout, served: Served): Promise<{ source: SourceDefinition; notes: string }> {
  const draft = await draftSourceFromSite({ listUrl: served.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox', browser: false });
  return { source: { ...draft.source, politeness: { ...draft.source.politeness, delay: 0, retries: 0 } }, notes: draft.notes.join('\n') };
}

describe.each(cases.map((c) => [c.layout.name, c] as const))('a %s', (_name, { layout, request, note }) => {
  it('is drafted with the request, crawled twice with every reply exact, and a reply given later is a change', async () => {
    let shown: Letter[] = letters;
    site = await serve(() => layout.pages(shown));
    const { source, notes } = await drafted(layout, site);
    expect(notes).toMatch(/答复不在详情页的 HTML 中，由页面脚本在打开后另行请求（.*）：已按该接口设置 detail\.reply/);
    expect(notes).toMatch(note);
    if (source.kind !== 'config' || !source.detail) throw new Error('no detail drafted');
    expect(source.detail.reply).toMatchObject(request);
    // Neither a token nor a session is kept in the file.
    expect(JSON.stringify(source)).not.toMatch(/[0-9a-f]{32}/i);

    await expectRepliesThenLaterAnswer(source, () => {
      shown = letters.map((l) => (l === open ? { ...l, reply: answer } : l));
    });
  });
});

describe('a reply token sent in a header', () => {
  it('is read fresh from each letter\'s page: the token of an earlier load in the header answers 403, and the letter is left for the next run', async () => {
    const layout = layoutNamed('letter page whose $.ajaxSetup sends the csrf-token meta');
    site = await serve(() => layout.pages(letters));
    const { source } = await drafted(layout, site);
    if (source.kind !== 'config' || !source.detail?.reply) throw new Error('no reply drafted');
    const stale = await fetch(`${site.url}${layout.detailPath(letters[0]!)}`).then((r) => r.text()).then((t) => /name="csrf-token" content="(\w+)"/.exec(t)?.[1]);
    expect(stale).toMatch(/^[0-9a-f]{32}$/);
    const reply = source.detail.reply;
    const kept: SourceDefinition = { ...source, detail: { ...source.detail, reply: { ...reply, page: undefined, headers: { 'X-CSRF-Token': stale! } } } };
    const run = await crawlSource(kept, { state: new MemoryCrawlStateStore() });
    expect(run.messages).toEqual([]);
    expect(run.health.pageErrors.map((e) => e.error)).toContain(`答复接口请求失败或返回错误状态，留言 ${letters[0]!.key} 的答复未取到：下次运行再取`);
  });
});

describe('a reply answering only the session the letter\'s page opened', () => {
  it('answers 403 without the cookie and with an earlier load\'s, and the crawl sends each letter\'s own', async () => {
    const layout = layoutNamed('letter page opening a session cookie');
    site = await serve(() => layout.pages(letters));
    const letter = letters[0]!;
    const sessionOf = async () => (await fetch(`${site!.url}${layout.detailPath(letter)}`)).headers.getSetCookie().find((c) => c.startsWith('JSESSIONID='))!.split(';')[0]!;
    const replyUrl = `${site.url}/wsxj/hfxx.do?xjbh=${letter.key}`;
    const earlier = await sessionOf();
    const latest = await sessionOf();
    expect((await fetch(replyUrl)).status).toBe(403);
    expect((await fetch(replyUrl, { headers: { cookie: earlier } })).status).toBe(403);
    expect((await fetch(replyUrl, { headers: { cookie: latest } })).status).toBe(200);

    const { source } = await drafted(layout, site);
    const run = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(run.health.pageErrors).toEqual([]);
    // Every reply read: each asked with the session its own letter's page had just opened (the site refuses any other).
    expectReplies(run.messages, letters);
  });
});

describe('a reply request sending a header that is no token', () => {
  it('is drafted with the header as a constant and crawled as before (X-Requested-With)', async () => {
    const base = layoutNamed('letter page posting the id for its reply');
    const layout: Layout = {
      ...base,
      pages: (all) =>
        new Map(
          [...base.pages(all)].map(([path, page]) => [
            path,
            typeof page.body === 'string' && page.body.includes('$.post(')
              ? { ...page, body: page.body.replace(/\$\.post\('([^']+)', (\{[^}]*\}), (function \(d\) \{[\s\S]*?\n\}), 'json'\);/, "$.ajax({ url: '$1', type: 'POST', dataType: 'json', headers: { 'X-Requested-With': 'XMLHttpRequest' }, data: $2, success: $3 });") }
              : page,
          ]),
        ),
    };
    site = await serve(() => layout.pages(letters));
    expect(layout.pages(letters).get(layout.detailPath(letters[0]!))?.body).toContain("headers: { 'X-Requested-With': 'XMLHttpRequest' }");
    const { source } = await drafted(layout, site);
    if (source.kind !== 'config' || !source.detail) throw new Error('no detail drafted');
    expect(source.detail.reply).toMatchObject({ url: '/hdjl/getReply.do', method: 'POST', body: { xjid: '{siteId}' }, headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    expect(source.detail.reply?.page).toBeUndefined();
    const run = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(run.health.pageErrors).toEqual([]);
    expectReplies(run.messages, letters);
  });
});

describe('headers every request carries, set in a script file the request is not sent from', () => {
  const base = layoutNamed('letter page posting the id for its reply while common.js');
  /** The layout with its pages' `common.js` rewritten by `edit`, or moved to `src` (another host's address). */
  const changed = (edit: (page: string) => string): Layout => ({
    ...base,
    pages: (all) => new Map([...base.pages(all)].map(([path, page]) => [path, typeof page.body === 'string' ? { ...page, body: edit(page.body) } : page])),
  });

  it('leaves the reply untold, saying so, when the header\'s token is computed by a function (X-Sign: sign(id))', async () => {
    const layout = changed((body) => body.replace("'X-CSRF-Token': $('meta[name=\"_csrf\"]').attr('content')", "'X-Sign': sign(location.search)"));
    site = await serve(() => layout.pages(letters));
    expect(layout.pages(letters).get('/static/js/common.js')?.body).toContain("'X-Sign': sign(location.search)");
    const { source, notes } = await drafted(layout, site);
    if (source.kind !== 'config' || !source.detail) throw new Error('no detail drafted');
    expect(source.detail.reply).toBeUndefined();
    expect(notes).toMatch(/答复可能由页面脚本在打开后另行加载，但未能看出其请求/);
  });

  it('does not read a common.js of another host: the request is sent without its header, refused, and no reply is drafted', async () => {
    site = await serve(() => layout.pages(letters));
    const other = site.url.replace('127.0.0.1', 'localhost');
    const layout = changed((body) => body.replace('<script src="/static/js/common.js">', `<script src="${other}/static/js/common.js">`));
    const { source, notes } = await drafted(layout, site);
    if (source.kind !== 'config' || !source.detail) throw new Error('no detail drafted');
    expect(source.detail.reply).toBeUndefined();
    expect(notes).toMatch(/但其答复中没有找到答复内容/);
    expect(site.requested).not.toContain('/static/js/common.js');
  });
});

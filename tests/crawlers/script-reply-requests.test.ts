/**
 * Letters' pages fetching their reply by a request that is no address joined to the id: a POST of
 * the id (a literal, a `var`, a hidden input), with a token the page carries (a hidden input, a
 * `<meta name="csrf-token">`) that is new at every load, the request written in the page or in a
 * same-site script file, answered by JSON or an HTML fragment (fixtures/mailbox-layouts/reply-requests.ts).
 * Drafted from the list page's address, the source sends that request, the token read afresh from
 * the letter's page at each crawl (a stale or missing one answers 403); two crawls give every reply
 * exactly, and a reply given later is a change. A request the draft cannot tell leaves a note.
 */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore, type SourceDefinition } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, mailboxLayouts, type Layout, type Letter } from './fixtures/mailbox-layouts/index.js';
import { answer, expectRepliesThenLaterAnswer, open } from './reply-crawls.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

const layouts = mailboxLayouts((text) => iconv.encode(text, 'gbk'));
const layoutNamed = (start: string) => layouts.find((l) => l.name.startsWith(start))!;

const cases = [
  { layout: layoutNamed('letter page posting the id for its reply'), request: { url: '/hdjl/getReply.do', method: 'POST', body: { xjid: '{siteId}' }, format: 'json' }, token: undefined },
  { layout: layoutNamed('letter page posting a var id and the token of a hidden input'), request: { url: 'getReply.do', method: 'POST', body: { id: '{siteId}', token: '{token}' }, bodyType: 'form', format: 'json', page: { token: { selector: '#token', attr: 'value' } } }, token: 'token' },
  { layout: layoutNamed('letter page whose external script posts JSON'), request: { url: '/mlxx/reply.jhtml', method: 'POST', body: { mailId: '{siteId}', _csrf: '{_csrf}' }, bodyType: 'json', format: 'html', page: { _csrf: { selector: 'meta[name="csrf-token"]', attr: 'content' } } }, token: '_csrf' },
];

describe.each(cases.map((c) => [c.layout.name, c] as const))('a %s', (_name, { layout, request, token }) => {
  it('is drafted with the request, crawled twice with every reply exact, and a reply given later is a change', async () => {
    let shown: Letter[] = letters;
    site = await serve(() => layout.pages(shown));
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox', browser: false });
    expect(draft.notes.join('\n')).toMatch(/答复不在详情页的 HTML 中，由页面脚本在打开后另行请求（POST .*）：已按该接口设置 detail\.reply/);
    if (draft.source.kind !== 'config' || !draft.source.detail) throw new Error('no detail drafted');
    expect(draft.source.detail.reply).toMatchObject(request);
    // The token is read at each crawl, never kept in the file.
    if (token) expect(draft.notes.join('\n')).toContain(`每次采集时从详情页读取 ${token}`);
    expect(JSON.stringify(draft.source)).not.toMatch(/[0-9a-f]{32}/);
    const source: SourceDefinition = { ...draft.source, politeness: { ...draft.source.politeness, delay: 0, retries: 0 } };

    await expectRepliesThenLaterAnswer(source, () => {
      shown = letters.map((l) => (l === open ? { ...l, reply: answer } : l));
    });
  });
});

describe('a reply token read from the letter\'s page', () => {
  it('is sent fresh: the token of an earlier load answers 403, and the letter is left for the next run', async () => {
    const layout = layoutNamed('letter page posting a var id and the token of a hidden input');
    site = await serve(() => layout.pages(letters));
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox', browser: false });
    if (draft.source.kind !== 'config' || !draft.source.detail?.reply) throw new Error('no reply drafted');
    const reply = draft.source.detail.reply;
    // The token of the draft's own load of the answered letter, written into the file as a constant.
    const stale = await fetch(`${site.url}${layout.detailPath(letters[0]!)}`).then((r) => r.text()).then((t) => /id="token"[^>]*value="(\w+)"/.exec(t)?.[1]);
    expect(stale).toMatch(/^[0-9a-f]{32}$/);
    const kept: SourceDefinition = { ...draft.source, politeness: { ...draft.source.politeness, delay: 0, retries: 0 }, detail: { ...draft.source.detail, reply: { ...reply, page: undefined, body: { ...reply.body, token: stale! } } } };
    const run = await crawlSource(kept, { state: new MemoryCrawlStateStore() });
    expect(run.messages).toEqual([]);
    expect(run.health.pageErrors.map((e) => e.error)).toContain(`答复接口请求失败或返回错误状态，留言 ${letters[0]!.key} 的答复未取到：下次运行再取`);
  });
});

describe('a letter page whose script asks for its reply in a way the draft cannot tell', () => {
  it('is drafted with no reply and a note saying the reply must be written by hand', async () => {
    const base = layoutNamed('letter page posting a var id and the token of a hidden input');
    const layout: Layout = {
      ...base,
      pages: (all) =>
        new Map(
          [...base.pages(all)].map(([path, page]) => [path, typeof page.body === 'string' && page.body.includes('$.ajax') ? { ...page, body: page.body.replace(/data: \{[^}]*\}/, 'data: buildQuery(id)') } : page]),
        ),
    };
    site = await serve(() => layout.pages(letters));
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox', browser: false });
    expect(draft.source.kind === 'config' && draft.source.detail?.reply).toBeFalsy();
    expect(draft.notes.join('\n')).toMatch(/答复可能由页面脚本在打开后另行加载，但未能看出其请求.*须按 crawlers\/README\.md 的 detail\.reply 手工填写/);
  });
});

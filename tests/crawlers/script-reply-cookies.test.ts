/**
 * Letters' pages whose reply answers only a cookie the letter's page did not set in its own answer:
 * one a redirect before the page set (the letter's link answering `302` with `Set-Cookie`,
 * fixtures/mailbox-layouts/reply-redirect-cookie.ts), one the page's inline script set by
 * `document.cookie` literals (reply-script-cookie.ts). Drafted from the list page's address, the
 * reply is drafted (the draft's one request carries the cookie, as the crawl's will), and two crawls
 * read every reply exactly: the cookie is new at every visit and the reply answers 403 without the
 * latest one, so the crawl sent each letter's own (the redirect's also on to the letter's page,
 * which answers only with it). A cookie whose value the script computes is not
 * read: no reply is drafted, and the note says so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { draftSourceFromSite, type SourceDefinition } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, type Layout, type Letter } from './fixtures/mailbox-layouts/index.js';
import { redirectSessionCookie } from './fixtures/mailbox-layouts/reply-redirect-cookie.js';
import { computedScriptCookie, literalScriptCookie } from './fixtures/mailbox-layouts/reply-script-cookie.js';
import { answer, expectRepliesThenLaterAnswer, open } from './reply-crawls.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** The source drafted from the list page's address alone, as `sources suggest` drafts it, made quick to crawl. */
async function drafted(layout: Layout, served: Served): Promise<{ source: SourceDefinition; notes: string }> {
  const draft = await draftSourceFromSite({ listUrl: served.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox', browser: false });
  return { source: { ...draft.source, politeness: { ...draft.source.politeness, delay: 0, retries: 0 } }, notes: draft.notes.join('\n') };
}

const cases = [
  { layout: redirectSessionCookie, request: { url: '/gzhd/getReply.do?id={siteId}', method: 'GET' }, cookies: 'GZHD_SID' },
  { layout: literalScriptCookie, request: { url: '/xfxt/hfxx.do?xh={siteId}', method: 'GET' }, cookies: 'xf_visit、xfToken' },
];

describe.each(cases.map((c) => [c.layout.name, c] as const))('a %s', (_name, { layout, request, cookies }) => {
  it('answers 403 without the cookie', async () => {
    site = await serve(() => layout.pages(letters));
    const letter = letters[0]!;
    expect((await fetch(`${site.url}${request.url.replace('{siteId}', letter.key)}`)).status).toBe(403);
  });

  it('is drafted with the request, crawled twice with every reply exact, and a reply given later is a change', async () => {
    let shown: Letter[] = letters;
    site = await serve(() => layout.pages(shown));
    const { source, notes } = await drafted(layout, site);
    expect(notes).toMatch(/答复不在详情页的 HTML 中，由页面脚本在打开后另行请求（.*）：已按该接口设置 detail\.reply/);
    expect(notes).toContain(`带上详情页设置的 Cookie（${cookies}；采集时每封信带上其详情页当次设置的）`);
    if (source.kind !== 'config' || !source.detail) throw new Error('no detail drafted');
    expect(source.detail.reply).toMatchObject(request);
    // No session or token is kept in the file.
    expect(JSON.stringify(source)).not.toMatch(/[0-9a-f]{32}/i);

    await expectRepliesThenLaterAnswer(source, () => {
      shown = letters.map((l) => (l === open ? { ...l, reply: answer } : l));
    });
  });
});

describe('a letter link redirecting with a session cookie', () => {
  it('is followed to a page that too answers only with the session: a client keeping no cookie across the redirect is refused', async () => {
    site = await serve(() => redirectSessionCookie.pages(letters));
    const link = `${site.url}${redirectSessionCookie.detailPath(letters[0]!)}`;
    // fetch follows the redirect without its cookie: the page refuses it, as it refused the crawl before.
    expect((await fetch(link)).status).toBe(403);
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const session = first.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await fetch(new URL(first.headers.get('location')!, link), { headers: { cookie: session } })).status).toBe(200);
  });
});

describe('a cookie the page\'s script computes', () => {
  it('is not read: the draft\'s request is refused, no reply is drafted, and the note says the reply must be written by hand', async () => {
    site = await serve(() => computedScriptCookie.pages(letters));
    const { source, notes } = await drafted(computedScriptCookie, site);
    if (source.kind !== 'config' || !source.detail) throw new Error('no detail drafted');
    expect(source.detail.reply).toBeUndefined();
    expect(notes).toMatch(/但其答复中没有找到答复内容：采集读不到答复，须按 crawlers\/README\.md 的 detail\.reply 手工填写/);
  });
});

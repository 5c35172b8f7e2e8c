/**
 * A list sorted oldest first (some 市长信箱 list their letters by date ascending): new letters arrive
 * on the last page, not on page 1. Drafted from its list page alone, the source says so
 * (`list.order: oldest-first`) and every later run reads the letters that arrive at the end, also
 * when they spill onto a new page, each once; a site whose list is newest first is not drafted so.
 */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { getJsonSite, serveJsonListSite, type ServedJsonListSite } from './fixtures/json-list-sites.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { lateLetter, letters, mailboxLayouts, type Letter } from './fixtures/mailbox-layouts/index.js';

let site: Served | undefined;
let jsonSite: ServedJsonListSite | undefined;
afterEach(async () => {
  await site?.close();
  await jsonSite?.close();
  site = undefined;
  jsonSite = undefined;
});

const layout = mailboxLayouts((text) => iconv.encode(text, 'gbk')).find((l) => l.name.startsWith('list table with a <td> header row'))!;
/** Letters arriving after the first crawl, each a day after the one before (the layout's list is 6 a page: 9 letters fill page 2 to 3, 13 spill onto page 3). */
const later: Letter[] = [lateLetter, ...[2, 3, 4].map((n) => ({ ...lateLetter, key: `121${n}`, title: `${lateLetter.title}（第${n}次反映）`, postedAt: `2023-05-2${n} 09:00:00` }))];

/**
 * A source drafted from `listUrl` (an oldest-first list), said to be so, and its first crawl reading
 * every letter without page errors; the state is kept for the runs after.
 */
async function draftAndFirstCrawl(listUrl: string) {
  const draft = await draftSourceFromSite({ listUrl, id: 'drafted', name: '草稿', channel: 'city_mailbox' });
  expect(draft.source.kind === 'config' && draft.source.list.order).toBe('oldest-first');
  expect(draft.notes.join('\n')).toMatch(/列表按日期从早到晚排列.*list\.order: oldest-first/);
  const source = { ...draft.source, politeness: { ...draft.source.politeness, delay: 0 } };
  const state = new MemoryCrawlStateStore();
  const first = await crawlSource(source, { state });
  expect(first.health.pageErrors).toEqual([]);
  expect(first.messages.map((m) => m.title).sort()).toEqual(letters.map((l) => l.title).sort());
  return { draft, source, state };
}

describe('a list sorted oldest first', () => {
  it('is drafted as such, and each run reads the letters that arrived on its last page, once', async () => {
    let shown: Letter[] = [...letters].reverse();
    site = await serve(() => layout.pages(shown));
    const { source, state } = await draftAndFirstCrawl(site.url + layout.listPath);

    // One letter at the end of page 2.
    shown = [...letters].reverse().concat(later[0]!);
    const second = await crawlSource(source, { state });
    expect(second.health.pageErrors).toEqual([]);
    expect(second.changes.map((c) => c.kind)).toEqual(['new']);
    expect(second.messages.map((m) => m.title)).toEqual([later[0]!.title]);

    // Three more: page 2 fills and a third page appears.
    shown = [...letters].reverse().concat(later);
    const before = site.requested.length;
    const third = await crawlSource(source, { state });
    expect(third.health.pageErrors).toEqual([]);
    expect(third.changes.map((c) => c.kind)).toEqual(['new', 'new', 'new']);
    expect(third.messages.map((m) => m.title).sort()).toEqual(later.slice(1).map((l) => l.title).sort());
    // Page 1, then from the last page to the end: no walk of the whole list.
    const lists = site.requested.slice(before).filter((r) => r.includes('list.do'));
    expect(lists).toEqual(['/zmhd/mail/list.do?type=0', '/zmhd/mail/list.do?pageNo=2&type=0', '/zmhd/mail/list.do?pageNo=3&type=0']);

    // Nothing new: nothing handed on again.
    const fourth = await crawlSource(source, { state });
    expect(fourth.changes).toEqual([]);
  });

  it('is not taken for a list sorted newest first', async () => {
    site = await serve(() => layout.pages(letters.slice().sort((a, b) => b.postedAt.localeCompare(a.postedAt))));
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'city_mailbox' });
    expect(draft.source.kind === 'config' && draft.source.list.order).toBeUndefined();
  });

  it('is drafted as such from a list its page fetches as JSON (list.json?page=N), and each run reads the letters that arrived on its last page, once', { timeout: 90_000 }, async () => {
    let shown: Letter[] = [...letters].reverse();
    jsonSite = await serveJsonListSite(getJsonSite, () => shown);
    const { draft, source, state } = await draftAndFirstCrawl(jsonSite.url + getJsonSite.listPath);
    expect(draft.source.kind === 'config' && draft.source.list.format).toBe('json');

    // One letter at the end of the list (page 2 of 5 a page), then three more spilling onto page 3.
    shown = [...letters].reverse().concat(later[0]!);
    const second = await crawlSource(source, { state });
    expect(second.changes.map((c) => c.kind)).toEqual(['new']);
    expect(second.messages.map((m) => m.title)).toEqual([later[0]!.title]);
    shown = [...letters].reverse().concat(later);
    const third = await crawlSource(source, { state });
    expect(third.health.pageErrors).toEqual([]);
    expect(third.messages.map((m) => m.title).sort()).toEqual(later.slice(1).map((l) => l.title).sort());
    const fourth = await crawlSource(source, { state });
    expect(fourth.changes).toEqual([]);
  });
});

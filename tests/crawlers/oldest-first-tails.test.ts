/**
 * A list sorted oldest first whose remembered last page (its tail) is gone at the next run: the
 * site deleted letters, so page 4 of 6 a page now answers 404, an empty list, or the last page
 * again (a pager that clamps the page number), or it shows 10 letters a page instead of 6. The run
 * itself reads the letters that arrived (from page 2 to the list's end), reports no known letter
 * changed or removed, and the run after reads only page 1 and the new last page again; so does a
 * run after one where the tail was walled off by a login page.
 */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, mailboxLayouts, type Letter, type Page } from './fixtures/mailbox-layouts/index.js';

let site: Served | undefined;
/** Pages the site answers in place of its own (a login page). */
const overrides = new Map<string, Page>();
afterEach(async () => {
  await site?.close();
  site = undefined;
  overrides.clear();
});

/** 6 letters a page, pages at `list.do?type=0&pageNo=N`, a 下一页 link while there are more. */
const layout = mailboxLayouts((text) => iconv.encode(text, 'gbk')).find((l) => l.name.startsWith('list table with a <td> header row'))!;
const listPage = (n: number) => (n === 1 ? layout.listPath : `/zmhd/mail/list.do?type=0&pageNo=${n}`);
/** The page as the crawler asked for it (the fixture server's key: parameters sorted). */
const asked = (n: number) => (n === 1 ? layout.listPath : `/zmhd/mail/list.do?pageNo=${n}&type=0`);

/** Letter `i` of a list posted one a day from 2023-06-01, oldest first. */
function letter(i: number): Letter {
  const base = letters[0]!;
  const day = new Date(Date.UTC(2023, 5, 1) + i * 86_400_000).toISOString().slice(0, 10);
  return { ...base, reply: undefined, key: String(1300 + i), title: `${base.title}（第${i + 1}封）`, postedAt: `${day} 09:00:00` };
}
const series = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => letter(from + k));

/** What page 4 answers once the list is down to three pages. */
type Gone = '404' | 'empty' | 'clamped';

/** The site's pages for `shown` at `pageSize` a page; page 4 as `gone` says when the list has fewer pages. */
function sitePages(shown: readonly Letter[], pageSize: number, gone: Gone): Map<string, Page> {
  const pages = { ...layout, pageSize }.pages(shown);
  for (const [path, page] of overrides) pages.set(path, page);
  if (pages.has(listPage(4))) return pages;
  if (gone === 'empty') pages.set(listPage(4), layout.pages([]).get(listPage(1))!);
  if (gone === 'clamped') pages.set(listPage(4), pages.get(listPage(3))!);
  return pages;
}

/** Twenty letters, 6 a page: the first crawl reads them all and leaves page 4 (2 letters) as the tail. */
async function crawledList(gone: Gone, state: { shown: Letter[]; pageSize: number }) {
  site = await serve(() => sitePages(state.shown, state.pageSize, gone));
  const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'city_mailbox' });
  expect(draft.source.kind === 'config' && draft.source.list.order).toBe('oldest-first');
  const source = { ...draft.source, politeness: { ...draft.source.politeness, delay: 0 } };
  const store = new MemoryCrawlStateStore();
  const first = await crawlSource(source, { state: store });
  expect(first.health.pageErrors).toEqual([]);
  expect(first.messages).toHaveLength(20);
  return { source, store, site };
}

describe('an oldest-first list whose last page is gone', () => {
  it.each<{ gone: Gone; what: string }>([
    { gone: '404', what: 'answers 404' },
    { gone: 'empty', what: 'answers an empty list' },
    { gone: 'clamped', what: 'answers the last page again (a clamping pager)' },
  ])('after the site deleted letters (page 4 $what): the run reads every new letter, once, and reports no known letter changed or removed', async ({ gone }) => {
    const shown = { shown: series(0, 20), pageSize: 6 };
    const { source, store, site } = await crawledList(gone, shown);

    // Nine of the oldest deleted, four new: 15 letters, pages 1-3; the first new one is on page 2.
    shown.shown = series(9, 24);
    const before = site.requested.length;
    const second = await crawlSource(source, { state: store });
    expect(second.health.pageErrors).toEqual([]);
    expect(second.changes.map((c) => c.kind)).toEqual(['new', 'new', 'new', 'new']);
    expect(second.messages.map((m) => m.title).sort()).toEqual(series(20, 24).map((l) => l.title).sort());
    // Page 1, the old tail (page 4), then from page 2 to the list's end: each page once.
    expect(site.requested.slice(before).filter((r) => r.includes('list.do')).sort()).toEqual([1, 2, 3, 4].map(asked).sort());

    // The run after reads page 1 and the new last page (page 3) only.
    shown.shown = series(9, 25);
    const after = site.requested.length;
    const third = await crawlSource(source, { state: store });
    expect(third.health.pageErrors).toEqual([]);
    expect(third.messages.map((m) => m.title)).toEqual([letter(24).title]);
    expect(site.requested.slice(after).filter((r) => r.includes('list.do'))).toEqual([asked(1), asked(3)]);
  });

  it('after the site deleted letters while page 4 stays (it shows only new letters): the run reads the new letters of page 3 too', async () => {
    const shown = { shown: series(0, 20), pageSize: 6 };
    const { source, store, site } = await crawledList('404', shown);

    // Six of the oldest deleted, eight new: 22 letters; page 3 holds four of the new ones, page 4 the other four.
    shown.shown = series(6, 28);
    const before = site.requested.length;
    const second = await crawlSource(source, { state: store });
    expect(second.health.pageErrors).toEqual([]);
    expect(second.changes.map((c) => c.kind)).toEqual(Array(8).fill('new'));
    expect(second.messages.map((m) => m.title).sort()).toEqual(series(20, 28).map((l) => l.title).sort());
    // Page 4 twice: as the old tail, and as the end of the walk from page 2 (where it stops: all read).
    expect(site.requested.slice(before).filter((r) => r.includes('list.do')).sort()).toEqual([1, 2, 3, 4, 4].map(asked).sort());

    shown.shown = series(6, 29);
    const after = site.requested.length;
    const third = await crawlSource(source, { state: store });
    expect(third.messages.map((m) => m.title)).toEqual([letter(28).title]);
    expect(site.requested.slice(after).filter((r) => r.includes('list.do'))).toEqual([asked(1), asked(4)]);
  });

  it('whose tail was walled off by a login page one run, and is gone the next: that run still reads the new letters', async () => {
    const shown = { shown: series(0, 20), pageSize: 6 };
    const { source, store, site } = await crawledList('404', shown);
    const login = '<html><head><title>用户登录</title></head><body><form action="/login.do" method="post"><input name="user"><input type="password" name="pwd"></form></body></html>';
    overrides.set(listPage(4), { type: 'text/html; charset=utf-8', body: login });
    const walled = await crawlSource(source, { state: store });
    expect(walled.health.pageErrors.map((e) => e.error).join('\n')).toMatch(/列表第 4 页被网站拦截/);

    overrides.clear();
    shown.shown = series(9, 24);
    const second = await crawlSource(source, { state: store });
    expect(second.health.pageErrors).toEqual([]);
    expect(second.messages.map((m) => m.title).sort()).toEqual(series(20, 24).map((l) => l.title).sort());
    expect(site.requested.filter((r) => r.includes('list.do')).slice(-4).sort()).toEqual([1, 2, 3, 4].map(asked).sort());
  });

  it('after the site went from 6 letters a page to 10 (page 4 answers 404): the run reads the new letter, and the run after only page 1 and the new last page', async () => {
    const shown = { shown: series(0, 20), pageSize: 6 };
    const { source, store, site } = await crawledList('404', shown);

    // 21 letters, 10 a page: pages 1-3, the new letter alone on page 3.
    shown.shown = series(0, 21);
    shown.pageSize = 10;
    const second = await crawlSource(source, { state: store });
    expect(second.health.pageErrors).toEqual([]);
    expect(second.changes.map((c) => c.kind)).toEqual(['new']);
    expect(second.messages.map((m) => m.title)).toEqual([letter(20).title]);

    shown.shown = series(0, 22);
    const after = site.requested.length;
    const third = await crawlSource(source, { state: store });
    expect(third.health.pageErrors).toEqual([]);
    expect(third.messages.map((m) => m.title)).toEqual([letter(21).title]);
    expect(site.requested.slice(after).filter((r) => r.includes('list.do'))).toEqual([asked(1), asked(3)]);
  });
});

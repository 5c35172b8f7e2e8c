/**
 * `draftSourceFromSite` on mobile-style list pages that print the first batch of letters in their
 * HTML and APPEND the next batches by script (tests/crawlers/fixtures/appending-list-sites.ts,
 * `appendingList`): a 加载更多 / 查看更多 / 点击加载更多 control, or no control at all and scrolling
 * to the bottom (infinite scroll). The HTML route finds the list but no pager; the drafter clicks the
 * control (or scrolls) in chromium and drafts from the request that fetched the next batch. From the
 * list page's address alone, the draft must crawl every letter of every batch; a batch asked by the
 * last letter's id (a cursor, no page number) is read over HTTP with `cursor` pagination when the
 * endpoint gives the first batch without it; else by clicking in the browser (`load-more`), or,
 * with no control to click, page 1 is drafted with a note saying what is not read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { clickToLoadSite, cursorJsonBodySite, cursorLoadMoreSite, cursorOnlyLoadMoreSite, cursorOnlyScrollSite, cursorScrollSite, infiniteScrollSite, loadMoreJsonSite, scrolledSideBoxSite, seeMoreFragmentSite } from './fixtures/appending-list-sites.js';
import { serveJsonListSite, type JsonListSite, type ServedJsonListSite } from './fixtures/json-list-sites.js';
import { expectEveryLetterThenTheLateOne } from './helpers.js';
import { lateLetter, letters, type Letter } from './fixtures/mailbox-layouts/index.js';

let served: ServedJsonListSite | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const appending: [trigger: string, site: JsonListSite][] = [
  ['加载更多', loadMoreJsonSite],
  ['查看更多', seeMoreFragmentSite],
  ['点击加载更多', clickToLoadSite],
  ['滚动到底部', infiniteScrollSite],
];

describe.each(appending.map(([trigger, site]) => [trigger, site.name, site] as const))('a source drafted from a list whose next batches a script appends (%s): %s', (trigger, _name, site) => {
  it('reads every batch over HTTP, from the endpoint\'s first page, and sees a new letter as the one new message', { timeout: 90_000 }, async () => {
    let shown: readonly Letter[] = letters;
    served = await serveJsonListSite(site, () => shown);
    const draft = await draftSourceFromSite({ listUrl: served.url + site.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    const notes = draft.notes.join('\n');
    expect(notes).toContain(`以后各批由脚本追加：${trigger === '滚动到底部' ? '滚动到页面底部' : `点击“${trigger}”`}后由`);
    // The endpoint asked for page 1 gives the HTML's 4 letters, though the page then showed 8.
    expect(notes).toContain('得到的正是页面上的 4 条');
    expect(notes).not.toMatch(/第 2 页|没有在列表页上找到翻页链接/);
    expect(draft.preview.problems).toEqual([]);
    expect(draft.source.startUrls[0]).toContain('/xjgk/more.do');
    await expectEveryLetterThenTheLateOne(draft.source, letters, site, served.url, () => (shown = [lateLetter, ...letters]));
  });
});

describe.each([cursorLoadMoreSite, cursorScrollSite].map((site) => [site.name, site] as const))('a list whose next batch is asked by the last letter\'s id (?lastId=…), its endpoint giving the first batch without it: %s', (_name, site) => {
  it('is drafted with cursor pagination over HTTP, and the crawl reads every letter and sees a new one', { timeout: 90_000 }, async () => {
    let shown: readonly Letter[] = letters;
    served = await serveJsonListSite(site, () => shown);
    const draft = await draftSourceFromSite({ listUrl: served.url + site.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    const notes = draft.notes.join('\n');
    expect(notes).toContain('按上一批最后一条的编号（lastId = 1204）续取：不带 lastId 向该接口请求，得到的正是页面上的 4 条');
    expect(notes).not.toMatch(/没有找到页码|只抓第一/);
    expect(draft.source.startUrls).toEqual([`${served.url}/xjgk/more.do?size=4`]);
    expect(draft.source.pagination).toMatchObject({ type: 'cursor', param: 'lastId' });
    expect(draft.preview.problems).toEqual([]);
    await expectEveryLetterThenTheLateOne(draft.source, letters, site, served.url, () => (shown = [lateLetter, ...letters]));
    // The batches were asked after each batch's last letter, as the page's script asks them.
    expect(served.requested).toEqual(expect.arrayContaining(['GET /xjgk/more.do?size=4', 'GET /xjgk/more.do?size=4&lastId=1204', 'GET /xjgk/more.do?size=4&lastId=1208']));
  });
});

describe('a 加载更多 POSTing the last letter\'s id in a JSON body ({"lastId":1204}), its endpoint giving the first batch without it', () => {
  it('is drafted with cursor pagination posting the body, and the crawl reads every letter and sees a new one', { timeout: 90_000 }, async () => {
    let shown: readonly Letter[] = letters;
    served = await serveJsonListSite(cursorJsonBodySite, () => shown);
    const draft = await draftSourceFromSite({ listUrl: served.url + cursorJsonBodySite.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    const notes = draft.notes.join('\n');
    expect(notes).toContain('按上一批最后一条的编号（lastId = 1204）续取：不带 lastId 向该接口请求，得到的正是页面上的 4 条');
    expect(notes).toContain('作为请求体（JSON）字段 lastId 请求（pagination: cursor）');
    expect(notes).not.toMatch(/没有找到页码|只抓第一/);
    expect(draft.source.startUrls).toEqual([`${served.url}/xjgk/more.do`]);
    expect(draft.source.pagination).toEqual({ type: 'cursor', param: 'lastId', from: 'siteId', body: { size: 4, lx: 'gk' }, maxPages: 200 });
    expect(draft.preview.problems).toEqual([]);
    await expectEveryLetterThenTheLateOne(draft.source, letters, cursorJsonBodySite, served.url, () => (shown = [lateLetter, ...letters]));
    // The batches were posted after each batch's last letter, its id a number as the page's script sends it.
    expect(served.requested).toEqual(expect.arrayContaining(['POST /xjgk/more.do {"size":4,"lx":"gk"}', 'POST /xjgk/more.do {"size":4,"lx":"gk","lastId":1204}', 'POST /xjgk/more.do {"size":4,"lx":"gk","lastId":1208}']));
  });
});

describe('a 加载更多 whose next batch is asked by the last letter\'s id, its endpoint giving nothing without it', () => {
  it('is drafted as a load-more list clicked in the browser, and the crawl reads every letter', { timeout: 120_000 }, async () => {
    let shown: readonly Letter[] = letters;
    served = await serveJsonListSite(cursorOnlyLoadMoreSite, () => shown);
    const listUrl = served.url + cursorOnlyLoadMoreSite.listPath;
    const draft = await draftSourceFromSite({ listUrl, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    const notes = draft.notes.join('\n');
    expect(notes).toContain('按上一批最后一条的编号（lastId = 1204）续取；不带 lastId 请求该接口没有得到页面上的第一批');
    expect(notes).toContain('pagination: load-more，button: #loadMore');
    expect(draft.source.startUrls).toEqual([listUrl]);
    expect(draft.source.pagination).toMatchObject({ type: 'load-more', button: '#loadMore' });
    expect(draft.preview.problems).toEqual([]);
    await expectEveryLetterThenTheLateOne(draft.source, letters, cursorOnlyLoadMoreSite, served.url, () => (shown = [lateLetter, ...letters]), { chromiumPath: '/usr/bin/chromium' });
  });
});

describe('infinite scroll whose next batch is asked by the last letter\'s id, its endpoint giving nothing without it', () => {
  it('is drafted as page 1 of the HTML, with a note in Chinese saying the later batches are not read and what to add', { timeout: 90_000 }, async () => {
    served = await serveJsonListSite(cursorOnlyScrollSite, () => letters);
    const listUrl = served.url + cursorOnlyScrollSite.listPath;
    const draft = await draftSourceFromSite({ listUrl, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    const notes = draft.notes.join('\n');
    expect(notes).toContain('按上一批最后一条的编号（lastId = 1204）续取；不带 lastId 请求该接口没有得到页面上的第一批');
    expect(notes).toContain('草稿只抓第一批');
    expect(notes).toContain('请在 crawlers/modules/ 中写一个模块');
    expect(draft.yaml).toMatch(/^# 注意：.*lastId/m);
    expect(draft.source.startUrls).toEqual([listUrl]);
    expect(draft.source.pagination).toEqual({ type: 'none' });
    draft.source.politeness.delay = 0;
    const result = await crawlSource(draft.source, { state: new MemoryCrawlStateStore() });
    expect(result.health.pageErrors).toEqual([]);
    expect(result.messages.map((m) => m.title).sort()).toEqual(letters.slice(0, cursorOnlyScrollSite.pageSize).map((l) => l.title).sort());
  });
});

describe('a one-batch list whose page fetches a side box of other letters when scrolled', () => {
  it('is drafted from the HTML alone, saying nothing of the scroll: the list on the page did not grow', { timeout: 90_000 }, async () => {
    served = await serveJsonListSite(scrolledSideBoxSite, () => letters);
    const listUrl = served.url + scrolledSideBoxSite.listPath;
    const draft = await draftSourceFromSite({ listUrl, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    // The page was scrolled, and its script did fetch the side box.
    expect(served.requested).toContain('GET /xjgk/hot.json');
    expect(draft.notes.join('\n')).not.toMatch(/滚动|以后各批/);
    expect(draft.source.startUrls).toEqual([listUrl]);
    expect(draft.source.pagination).toEqual({ type: 'none' });
  });
});

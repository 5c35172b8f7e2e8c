/**
 * `draftSourceFromSite` on list pages that print page 1 in their HTML and fetch the later pages by
 * script (tests/crawlers/fixtures/script-pager-sites.ts): a jQuery-style `onclick="nextPage()"` link
 * `$.post`ing a page number or an offset (no form) and answering JSON, and a `<button class="next">` GETting an HTML fragment, and that
 * pager drawn otherwise (an icon named only by `title`, `aria-label` or `alt`, an icon calling
 * `goPage(2)`, an arrow after the page marker 1/3). The HTML
 * route finds the list but no pager; the drafter clicks the pager in chromium and drafts from the
 * request that fetched page 2. From the list page's address alone, the draft must crawl every letter
 * of all three pages with its title, text, status and time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import {
  altImagePagerSite,
  ariaLabelPagerSite,
  buttonFragmentPagerSite,
  formPostPagerSite,
  iconPagerSite,
  jsonStringFragmentPagerSite,
  laterPagePagerSite,
  markerPagerSite,
  offsetPostPagerSite,
  pageCallPagerSite,
  samePagePagerSite,
  titledImagePagerSite,
} from './fixtures/script-pager-sites.js';
import { serveJsonListSite, type JsonListSite, type ServedJsonListSite } from './fixtures/json-list-sites.js';
import { expectEveryLetterThenTheLateOne } from './helpers.js';
import { lateLetter, letters, type Letter } from './fixtures/mailbox-layouts/index.js';

let served: ServedJsonListSite | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const pagers = [formPostPagerSite, offsetPostPagerSite, buttonFragmentPagerSite, jsonStringFragmentPagerSite, iconPagerSite, laterPagePagerSite];
// Pager controls with no text: named by title, aria-label or an image's alt; an icon calling the next page's number; an arrow after the page marker.
const unnamedPagers = [titledImagePagerSite, ariaLabelPagerSite, altImagePagerSite, pageCallPagerSite, markerPagerSite];

describe.each([...pagers, ...unnamedPagers].map((site) => [site.name, site] as const))('a source drafted from a list whose later pages a script fetches: %s', (_name, site) => {
  it('crawls every letter of all pages with its title, text, status and time, and sees a new letter as the one new message', { timeout: 90_000 }, async () => {
    let shown: readonly Letter[] = letters;
    served = await serveJsonListSite(site, () => shown);
    const draft = await draftSourceFromSite({ listUrl: served.url + site.listPath, id: 'drafted', name: '草稿', channel: 'city_mailbox' });
    const notes = draft.notes.join('\n');
    expect(notes).toMatch(/列表第 1 页印在页面的 HTML 中，以后各页由脚本翻页：点击“(下一页|后页)”后由 \S+ \/mail\/list\.do 取得/);
    expect(notes).toContain('得到的正是页面上的 4 条');
    expect(notes).not.toMatch(/第 2 页|没有在列表页上找到翻页链接/);
    expect(draft.preview.problems).toEqual([]);
    // Page 1 is asked of the endpoint too: the start is the endpoint, not the HTML page.
    expect(draft.source.startUrls[0]).toContain('/mail/list.do');
    expect(letters.length).toBeGreaterThan(site.pageSize * 2);
    await expectEveryLetterThenTheLateOne(draft.source, letters, site, served.url, () => (shown = [lateLetter, ...letters]));
  });
});

describe('a script pager whose endpoint does not serve page 1', () => {
  it('is drafted from the endpoint\'s page 2 on, saying that page 1 of the HTML is not read', { timeout: 90_000 }, async () => {
    // The endpoint answers only the pages the pager asks (2 and on); page 1 lives in the HTML alone.
    const later: JsonListSite = {
      ...buttonFragmentPagerSite,
      answer: (all, method, path, body, headers) => (/pageNo=[01]\b/.test(path) ? { type: 'text/html; charset=utf-8', body: '' } : buttonFragmentPagerSite.answer(all, method, path, body, headers)),
    };
    served = await serveJsonListSite(later, () => letters);
    const draft = await draftSourceFromSite({ listUrl: served.url + later.listPath, id: 'drafted', name: '草稿', channel: 'city_mailbox' });
    expect(draft.notes.join('\n')).toContain('草稿从该接口的第 2 页读起，页面第 1 页的 4 封信读不到');
    expect(draft.yaml).toContain('# 注意：列表第 1 页印在页面的 HTML 中');
    expect(draft.source.startUrls).toEqual([`${served.url}/mail/list.do?pageNo=2&pageSize=4`]);
    expect(draft.source.pagination).toMatchObject({ type: 'query', param: 'pageNo', start: 2 });
    draft.source.politeness.delay = 0;
    const result = await crawlSource(draft.source, { state: new MemoryCrawlStateStore() });
    expect(result.health.pageErrors).toEqual([]);
    expect(result.messages.map((m) => m.title).sort()).toEqual(letters.slice(buttonFragmentPagerSite.pageSize).map((l) => l.title).sort());
  });
});

describe('a pager control whose click fetches page 1 again', () => {
  it('is not drafted as page 2: the HTML draft is kept, saying why', { timeout: 90_000 }, async () => {
    served = await serveJsonListSite(samePagePagerSite, () => letters);
    const draft = await draftSourceFromSite({ listUrl: served.url + samePagePagerSite.listPath, id: 'drafted', name: '草稿', channel: 'city_mailbox' });
    expect(draft.notes.join('\n')).toContain('页面上的翻页控件由脚本处理，在浏览器中点击它未能得到以后各页的请求（点击翻页控件“下一页”后，页面脚本取得的仍是第 1 页');
    expect(draft.source.pagination).toEqual({ type: 'none' });
    expect(draft.source.startUrls).toEqual([served.url + samePagePagerSite.listPath]);
    draft.source.politeness.delay = 0;
    const result = await crawlSource(draft.source, { state: new MemoryCrawlStateStore() });
    expect(result.health.pageErrors).toEqual([]);
    expect(result.messages.map((m) => m.title).sort()).toEqual(letters.slice(0, samePagePagerSite.pageSize).map((l) => l.title).sort());
  });
});

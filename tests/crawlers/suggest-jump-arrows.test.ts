/**
 * `draftSourceFromSite` on lists whose pager a script handles, drawn as arrows with no name beside
 * the current page 1/12, where a 下10页 arrow of a class saying next (`a.next-10`) shows no page
 * number in its handler (`jump(cur + 10)`, or bound by script): the browser route must not take it
 * for the next page (the draft would read the list from page 11 on, losing ten pages of letters),
 * but click the › after the page marker. From the list page's address alone the draft must crawl
 * every letter of all twelve pages once, and see a new letter as the one new message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { draftSourceFromSite } from '../../crawlers/index.js';
import { jumpBoundArrowSite, jumpCallArrowSite } from './fixtures/jump-arrow-pager-sites.js';
import { serveJsonListSite, type ServedJsonListSite } from './fixtures/json-list-sites.js';
import { manyLetters } from './fixtures/mailbox-layouts/chinese-pagers.js';
import { lateLetter, type Letter } from './fixtures/mailbox-layouts/index.js';
import { expectEveryLetterThenTheLateOne } from './helpers.js';

let served: ServedJsonListSite | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

/** Twelve pages of three letters: the 下10页 arrow is shown on page 1. */
const twelvePages = manyLetters(36);

describe.each([jumpCallArrowSite, jumpBoundArrowSite].map((site) => [site.name, site] as const))('a source drafted from a list whose script pager has a 下10页 arrow: %s', (_name, site) => {
  it('pages by the › arrow, crawling every letter of all twelve pages once, and sees a new letter as the one new message', { timeout: 120_000 }, async () => {
    let shown: readonly Letter[] = twelvePages;
    served = await serveJsonListSite(site, () => shown);
    const draft = await draftSourceFromSite({ listUrl: served.url + site.listPath, id: 'drafted', name: '草稿', channel: 'city_mailbox' });
    expect(draft.notes.join('\n')).toMatch(/以后各页由脚本翻页：点击“下一页”后由 GET \/mail\/list\.do 取得/);
    expect(draft.source.pagination).toMatchObject({ type: 'query', param: 'pageNo', start: 1 });
    await expectEveryLetterThenTheLateOne(draft.source, twelvePages, site, served.url, () => (shown = [lateLetter, ...twelvePages]));
  });
});

/**
 * `draftSourceFromSite` on Chinese mailbox pagers (fixtures/mailbox-layouts/chinese-pagers.ts): a
 * 下10页 image beside a row of images naming nothing or beside page numbers in blocks of ten (never
 * the next page: taken so, a crawl pages 1, 11 or ends on page 11 of 12), 向后翻页 and 向后翻 (beside
 * a side box's 向后翻 to its column), pages named in Chinese numerals ([第一页] [第二页] under a
 * topic's 第二页 elsewhere; bare 一 二 三 beside a 下一条 ticker; in financial numerals, [第壹页] [第贰页]
 * and bare 壹 貳 參), and images naming nothing told by
 * their place with no 第1页/共N页 printed (a row of four, the one right after [1]). From the list
 * page's address alone the draft must crawl every letter of every page once, with its title, text,
 * status, reply and time, and see a new letter as the one new message.
 */
import { afterEach, describe, it } from 'vitest';
import { afterCurrentImage, chineseNumberPager, chineseOrdinalPager, imageRowPager, jumpImagePager, jumpNumberPager, manyLetters, onwardTurnPager, onwardTurnShort } from './fixtures/mailbox-layouts/chinese-pagers.js';
import { financialNumberPager, financialOrdinalPager } from './fixtures/mailbox-layouts/financial-numerals.js';
import { letters, type Layout, type Letter } from './fixtures/mailbox-layouts/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { expectDraftCrawlsEveryLetter } from './draft-crawls.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** Twelve pages of three letters: a 下10页 to page 11 is shown on page 1. */
const twelvePages = manyLetters(36);

const cases: [Layout, readonly Letter[]][] = [
  [jumpImagePager, twelvePages],
  [jumpNumberPager, twelvePages],
  [onwardTurnPager, letters],
  [onwardTurnShort, letters],
  [chineseOrdinalPager, letters],
  [chineseNumberPager, letters],
  [financialOrdinalPager, letters],
  [financialNumberPager, letters],
  [imageRowPager, letters],
  [afterCurrentImage, letters],
];

describe.each(cases.map(([layout, all]) => [layout.name, layout, all] as const))('a source drafted from a site with a %s', (_name, layout, all) => {
  it('crawls every letter of every list page once, and sees a new letter as the one new message', async () => {
    let shown: readonly Letter[] = all;
    site = await serve(() => layout.pages(shown));
    await expectDraftCrawlsEveryLetter(layout, all, site.url, (now) => (shown = now));
  });
});

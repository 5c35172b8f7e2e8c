/**
 * `draftSourceFromSite` on details whose labels the draft could mistake: a site's own label ending
 * with a known one (`受理时间：` ends with 时间, `转办时间：` too) on a line of labels, which must
 * neither be read as 来信时间 nor leave 受理 in the value before it; and a value after a label in
 * its own element run together with a label of the site's own (`<b>来信人：</b>王先生邮编：727000`).
 * And values printed in a fixed order with no labels in bare `<span>`s or `<dd>`s, read by their order
 * as table cells are. Drafted from the list's address and crawled, every value exact.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, type Layout, type Letter } from './fixtures/mailbox-layouts/index.js';
import { fixedDds, fixedSpans, minute } from './fixtures/mailbox-layouts/fixed-spans.js';
import { acceptedTimes, labelElementsRunOn } from './fixtures/mailbox-layouts/label-endings.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** A page's `YYYY-MM-DD hh:mm:ss` as stored: Beijing time. */
const beijing = (t: string) => `${t.slice(0, 10)}T${t.slice(11)}+08:00`;

/** Drafts a source from the layout's list address, crawls it once, and gives the draft's notes and each letter's message. */
async function draftAndCrawl(layout: Layout) {
  site = await serve(() => layout.pages(letters));
  const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
  const result = await crawlSource({ ...draft.source, politeness: { ...draft.source.politeness, delay: 0 } }, { state: new MemoryCrawlStateStore() });
  expect(result.health.pageErrors).toEqual([]);
  expect(result.messages).toHaveLength(letters.length);
  return { notes: draft.notes.join('\n'), messageOf: (letter: Letter) => result.messages.find((m) => m.title === letter.title) };
}

describe.each([acceptedTimes, labelElementsRunOn].map((layout) => [layout.name, layout] as const))('a source drafted from a %s site', (_name, layout: Layout) => {
  it('reads every value exactly: no label of the site\'s own is taken for a field\'s, nor stays in a value', async () => {
    const { messageOf } = await draftAndCrawl(layout);
    for (const letter of letters) {
      const got = messageOf(letter);
      expect(got, letter.title).toBeDefined();
      expect(got?.author, letter.title).toBe(letter.author);
      expect(got?.postedAt, letter.title).toBe(beijing(letter.postedAt));
      expect(got?.siteStatus, letter.title).toBe(layout.status(letter));
      expect(got?.content?.replace(/\n+/g, '\n'), letter.title).toBe(letter.paragraphs.join('\n'));
      expect(got?.replyUnit, letter.title).toBe(letter.reply?.unit);
      expect(got?.replyAt, letter.title).toBe(letter.reply ? beijing(letter.reply.at) : undefined);
      expect(got?.replyText?.replace(/\n+/g, '\n'), letter.title).toBe(letter.reply?.paragraphs.join('\n'));
    }
  });
});

describe.each([fixedSpans, fixedDds].map((layout) => [layout.name, layout] as const))('a source drafted from a site printing %s', (_name, layout: Layout) => {
  it('reads the values by their order, matched against what the list printed, every value exact', async () => {
    const { notes, messageOf } = await draftAndCrawl(layout);
    expect(notes).toMatch(/(详情页的内容没有文字标签|详情页上有一行没有文字标签的值)：按单元格 .+ > (span|dd) 的顺序读取/);
    for (const letter of letters) {
      const got = messageOf(letter);
      expect(got, letter.title).toBeDefined();
      expect(got?.author, letter.title).toBe(letter.author);
      expect(got?.postedAt, letter.title).toBe(beijing(layout === fixedSpans ? `${minute(letter.postedAt)}:00` : letter.postedAt));
      if (layout === fixedSpans) expect(got?.siteType, letter.title).toBe(letter.type);
      expect(got?.siteStatus, letter.title).toBe(layout.status(letter));
      expect(got?.content?.replace(/\n+/g, '\n'), letter.title).toBe(letter.paragraphs.join('\n'));
      expect(got?.replyText?.replace(/\n+/g, '\n'), letter.title).toBe(letter.reply?.paragraphs.join('\n'));
      if (layout.replyFields) {
        expect(got?.replyUnit, letter.title).toBe(letter.reply?.unit);
        expect(got?.replyAt, letter.title).toBe(letter.reply ? beijing(letter.reply.at) : undefined);
      }
    }
  });
});

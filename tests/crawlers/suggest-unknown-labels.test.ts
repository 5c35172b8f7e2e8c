/**
 * `draftSourceFromSite` on an old JSP detail running values together with labels the draft does
 * not know (`答复单位：区住房和城乡建设局联系电话：0919-…经办人：张建答复时间：…`, `来信人：王先生邮编：727000来信时间：…`):
 * a short run ending in a colon that the site prints at the same place on most letters' pages is a
 * label, so it ends the value before it, in the draft and when the draft is crawled; a reply that
 * quotes a label (`前次答复时间：2023年5月10日`) on one letter's page only is read whole.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, type Letter } from './fixtures/mailbox-layouts/index.js';
import { unknownLabels } from './fixtures/mailbox-layouts/unknown-labels.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

const quote = '前次答复时间：2023年5月10日，因排水泵缺货延误，特此说明。';
/** The letters, the first one's reply quoting the time of an earlier reply after a colon. */
const quoting: Letter[] = letters.map((l, i) => (i === 0 && l.reply ? { ...l, reply: { ...l.reply, paragraphs: [...l.reply.paragraphs, quote] } } : l));

/** A page's `YYYY-MM-DD hh:mm:ss` as stored: Beijing time. */
const beijing = (t: string) => `${t.slice(0, 10)}T${t.slice(11)}+08:00`;

describe('a source drafted from a site running values together with labels the draft does not know', () => {
  it('reads every value up to the next label, known or not, and a reply quoting a label whole', async () => {
    site = await serve(() => unknownLabels.pages(quoting));
    const draft = await draftSourceFromSite({ listUrl: site.url + unknownLabels.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    const source = { ...draft.source, politeness: { ...draft.source.politeness, delay: 0 } };
    const result = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(result.health.pageErrors).toEqual([]);
    expect(result.messages).toHaveLength(quoting.length);
    for (const letter of quoting) {
      const got = result.messages.find((m) => m.title === letter.title);
      expect(got, letter.title).toBeDefined();
      expect(got?.author, letter.title).toBe(letter.author);
      expect(got?.postedAt, letter.title).toBe(beijing(letter.postedAt));
      expect(got?.replyUnit, letter.title).toBe(letter.reply?.unit);
      expect(got?.replyAt, letter.title).toBe(letter.reply ? beijing(letter.reply.at) : undefined);
      expect(got?.replyText?.replace(/\n+/g, '\n'), letter.title).toBe(letter.reply?.paragraphs.join('\n'));
      expect(got?.siteStatus, letter.title).toBe(unknownLabels.status(letter));
    }
    expect(result.messages.find((m) => m.title === quoting[0]!.title)?.replyText).toContain(quote);
  });
});

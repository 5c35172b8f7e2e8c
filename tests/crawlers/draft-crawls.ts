/**
 * The check every look-alike layout's draft passes (suggest-layouts, suggest-chinese-pagers): from
 * the list page's address alone, `draftSourceFromSite` gives a source whose crawl reads every
 * letter of every list page once, with its title, text, status, reply and time, and whose next
 * crawl, after a new letter tops the list, sees that letter as the one new message (the others
 * keep their ids: a row number would shift them all).
 */
import { expect } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { lateLetter, type Layout, type Letter } from './fixtures/mailbox-layouts/index.js';

/** Paragraphs (`<p>`) come out with a blank line between them, `<br>` lines without: both are the letter's lines. */
const lines = (text: string | undefined) => text?.replace(/\n+/g, '\n');

/**
 * Drafts a source from `siteUrl` + the layout's list path, crawls `all` (more than one page of
 * them), then calls `show` with the late letter on top and crawls again.
 */
export async function expectDraftCrawlsEveryLetter(layout: Layout, all: readonly Letter[], siteUrl: string, show: (letters: readonly Letter[]) => void): Promise<void> {
  const draft = await draftSourceFromSite({ listUrl: siteUrl + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
  if (layout.notes) expect(draft.notes.join('\n')).toMatch(layout.notes);
  const source = draft.source;
  source.politeness.delay = 0;
  const state = new MemoryCrawlStateStore();
  const result = await crawlSource(source, { state });
  expect(result.health.pageErrors).toEqual([]);
  expect(result.health.layoutAlert).toBeUndefined();
  // The last letters are past page 1 only.
  expect(all.length).toBeGreaterThan(layout.pageSize);
  expect(result.messages.map((m) => m.title).sort()).toEqual(all.map((l) => l.title).sort());
  for (const letter of all) {
    const got = result.messages.find((m) => m.title === letter.title);
    expect(lines(got?.content), letter.title).toBe(letter.paragraphs.join('\n'));
    expect(got?.siteStatus, letter.title).toBe(layout.status(letter));
    expect(lines(got?.replyText), letter.title).toBe(letter.reply?.paragraphs.join('\n'));
    expect(got?.postedAt?.slice(0, 10), letter.title).toBe(letter.postedAt.slice(0, 10));
    expect(got?.url, letter.title).toBe(siteUrl + layout.detailPath(letter));
    if (layout.replyFields) {
      expect(got?.replyUnit, letter.title).toBe(letter.reply?.unit);
      expect(got?.replyAt?.slice(0, 16), letter.title).toBe(letter.reply ? `${letter.reply.at.slice(0, 10)}T${letter.reply.at.slice(11, 16)}` : undefined);
    }
  }

  show([lateLetter, ...all]);
  const again = await crawlSource(source, { state });
  expect(again.health.pageErrors).toEqual([]);
  expect(again.changes.map((c) => c.kind)).toEqual(['new']);
  expect(again.messages.map((m) => m.title)).toEqual([lateLetter.title]);
}

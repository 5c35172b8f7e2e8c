/**
 * `draftSourceFromSite` on script pages fetching their list as JSON in shapes of real government
 * mailbox APIs (tests/crawlers/fixtures/json-array-sites.ts): a reply inside an array, a page number
 * inside an array of the posted body, four objects down, or named by no page word but echoed beside
 * a total. From the list page's address alone, the draft must crawl every letter of every page with
 * its title, text, status, time and reply, and see a new letter as the one new message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { draftSourceFromSite, CrawlResult } from '../../crawlers/index.js';
import { deepPageSite, echoedPagerSite, pageInArraySite, replyArraySite } from './fixtures/json-array-sites.js';
import type { ServedJsonListSite } from './fixtures/json-list-sites.js';
import { expectDraftedJsonSiteCrawled } from './helpers.js';
import { letters } from './fixtures/mailbox-layouts/index.js';

let served: ServedJsonListSite | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

type Draft = Awaited<ReturnType<typeof draftSourceFromSite>>;
type Crawled = CrawlResult;

/** What each site's draft must say besides crawling every letter. */
const drafted: Record<string, (draft: Draft, result: Crawled) => void> = {
  [replyArraySite.name]: (draft, result) => {
    expect(draft.source.list.fields).toMatchObject({ title: 'bt', content: 'xjnr', siteId: 'id', replyText: 'reply[0].content', replyUnit: 'reply[0].dept', replyAt: 'reply[0].time' });
    const notes = draft.notes.join('\n');
    expect(notes).toContain('接口数据中 reply 是数组：各字段取它的第一项（reply[0].…）');
    expect(notes).toContain('接口数据中有附件（attachments）：附件不采集');
    // No attachment's name is taken for a field.
    expect(JSON.stringify(draft.source.list.fields)).not.toContain('attachments');
    for (const letter of letters) {
      const got = result.messages.find((m) => m.title === letter.title);
      expect(got?.replyUnit, letter.title).toBe(letter.reply?.unit);
      expect(got?.replyAt?.slice(0, 16), letter.title).toBe(letter.reply ? `${letter.reply.at.slice(0, 10)}T${letter.reply.at.slice(11, 16)}` : undefined);
    }
  },
  [pageInArraySite.name]: (draft) => {
    expect(draft.source.pagination).toEqual({ type: 'json-body', body: { pages: [{ no: '{page}', size: '{pageSize}' }], filter: { lx: '' } }, start: 1, pageSize: 4, maxPages: 200 });
    expect(draft.notes.join('\n')).toContain('第 N 页由请求体（JSON）字段 pages[0].no 指定（第一页为 1，每页 pages[0].size = 4）');
  },
  [deepPageSite.name]: (draft) => {
    expect(draft.source.pagination).toEqual({ type: 'json-body', body: { data: { query: { page: { current: '{page}', size: '{pageSize}' } }, sort: 'desc' } }, start: 1, pageSize: 4, maxPages: 200 });
    expect(draft.notes.join('\n')).toContain('字段 data.query.page.current 指定');
  },
  [echoedPagerSite.name]: (draft) => {
    expect(draft.source.pagination).toEqual({ type: 'json-body', body: { cx: { dqy: '{page}', mys: 4, lx: '' } }, start: 1, pageSize: 4, maxPages: 200 });
    expect(draft.notes.join('\n')).toContain('字段 cx.dqy 指定（第一页为 1；它不是常见的页码名，接口答复中与总数并列返回了它（dqy = 1））');
  },
};

describe.each([replyArraySite, pageInArraySite, deepPageSite, echoedPagerSite].map((site) => [site.name, site] as const))('a source drafted from a list fetched as JSON: %s', (_name, site) => {
  it('crawls every letter of every page with its title, text, status, reply and time, and sees a new letter as the one new message', { timeout: 60_000 }, async () => {
    const { draft, result } = await expectDraftedJsonSiteCrawled(site, (running) => (served = running));
    drafted[site.name]?.(draft, result);
  });
});

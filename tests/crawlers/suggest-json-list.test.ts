/**
 * `draftSourceFromSite` on list pages whose list the page's script fetches as JSON
 * (tests/crawlers/fixtures/json-list-sites.ts): the HTML holds no list, so the drafter opens the
 * page in chromium, records the script's requests and drafts the source from the JSON answer. From
 * the list page's address alone, the draft must crawl every letter of every page with its title,
 * text, status, time and reply.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { getJsonSite, htmlListJsonDetailSite, jsLiteralSite, jsonDetailSite, nestedItemSite, nestedPageBodySite, postJsonSite, serveJsonListSite, type ServedJsonListSite } from './fixtures/json-list-sites.js';
import { expectDraftedJsonSiteCrawled, expectEveryLetterOf, tempDir } from './helpers.js';
import { letters } from './fixtures/mailbox-layouts/index.js';

let served: ServedJsonListSite | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const lines = (text: string | undefined) => text?.replace(/\n+/g, '\n');

/** What each site's draft must say besides crawling every letter: the shape the nested parts were drafted in. */
const drafted: Record<string, (draft: Awaited<ReturnType<typeof draftSourceFromSite>>, result: Awaited<ReturnType<typeof crawlSource>>) => void> = {
  [nestedPageBodySite.name]: (draft) => {
    expect(draft.source.pagination).toEqual({ type: 'json-body', body: { page: { pageNo: '{page}', pageSize: '{pageSize}' }, query: { keyword: '', lylx: '' } }, start: 1, pageSize: 5, maxPages: 200 });
    expect(draft.notes.join('\n')).toContain('第 N 页由请求体（JSON）字段 page.pageNo 指定');
  },
  [nestedItemSite.name]: (draft, result) => {
    expect(draft.source.list.fields).toMatchObject({ title: 'attrs.title', author: 'user.name', replyText: 'reply.content', replyUnit: 'reply.unit', replyAt: 'reply.time', siteType: 'attrs.category', content: 'content', siteId: 'id' });
    for (const letter of letters) {
      const got = result.messages.find((m) => m.title === letter.title);
      expect(got?.author, letter.title).toBe(letter.author);
      expect(got?.replyUnit, letter.title).toBe(letter.reply?.unit);
      expect(got?.replyAt?.slice(0, 16), letter.title).toBe(letter.reply ? `${letter.reply.at.slice(0, 10)}T${letter.reply.at.slice(11, 16)}` : undefined);
    }
  },
  [jsonDetailSite.name]: (draft, result) => {
    expect(draft.source.detail).toMatchObject({ format: 'json', url: '/api/letter/detail?id={siteId}', fields: { content: 'data.lynr', replyText: 'data.hfxx.hfnr', replyUnit: 'data.hfxx.hfdw', replyAt: 'data.hfxx.hfsj' } });
    expect(draft.notes.join('\n')).toContain('详情页的 HTML 中没有信件内容，由浏览器脚本从 JSON 接口取得：GET /api/letter/detail，按信件编号请求 /api/letter/detail?id={siteId}');
    for (const letter of letters) expect(result.messages.find((m) => m.title === letter.title)?.replyUnit, letter.title).toBe(letter.reply?.unit);
  },
};

describe.each([postJsonSite, getJsonSite, jsLiteralSite, nestedPageBodySite, nestedItemSite, jsonDetailSite].map((site) => [site.name, site] as const))('a source drafted from a list fetched as JSON: %s', (_name, site) => {
  it('crawls every letter of every page with its title, text, status, reply and time, and sees a new letter as the one new message', { timeout: 60_000 }, async () => {
    const { draft, result } = await expectDraftedJsonSiteCrawled(site, (running) => (served = running));
    drafted[site.name]?.(draft, result);
  });
});

describe('a list printed in the HTML whose letters\' pages are script pages fetching the letter as JSON', () => {
  it('drafts detail.format: json from what a letter\'s page fetched, and crawls every letter with its text and reply', { timeout: 60_000 }, async () => {
    const site = htmlListJsonDetailSite;
    served = await serveJsonListSite(site, () => letters);
    const draft = await draftSourceFromSite({ listUrl: served.url + site.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    expect(draft.preview.problems).toEqual([]);
    expect(draft.source.detail).toMatchObject({ format: 'json', url: '/api/letter/detail?id={siteId}', fields: { content: 'data.lynr', replyText: 'data.hfxx.hfnr', replyUnit: 'data.hfxx.hfdw' } });
    draft.source.politeness.delay = 0;
    const result = await crawlSource(draft.source, { state: new MemoryCrawlStateStore() });
    expect(result.health.pageErrors).toEqual([]);
    expect(result.messages).toHaveLength(letters.length);
    expectEveryLetterOf(result, letters, site, served.url);
  });
});

describe('a JSON list whose API ignores the page field the draft found', () => {
  it('is drafted with a note that page 2 repeated page 1', { timeout: 60_000 }, async () => {
    const deaf: typeof getJsonSite = { ...getJsonSite, answer: (all, method, path, body, headers) => getJsonSite.answer(all, method, path.replace(/page=\d+/, 'page=1'), body, headers) };
    served = await serveJsonListSite(deaf, () => letters);
    const draft = await draftSourceFromSite({ listUrl: served.url + getJsonSite.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    expect(draft.notes.join('\n')).toContain('按草稿请求的列表第 2 页与第 1 页相同');
    expect(draft.yaml).toContain('# 注意：按草稿请求的列表第 2 页与第 1 页相同');
  });
});

describe('the address of a JS literal list API given as the list page', () => {
  it('is drafted from the answer itself with no browser; with no text in it, the letters given by --detail-url make the detail address, by letterType', { timeout: 60_000 }, async () => {
    served = await serveJsonListSite(jsLiteralSite, () => letters);
    const listUrl = `${served.url}/bjah-index-hdjl!letterListJson.action?page.pageNo=1`;
    const options = { listUrl, id: 'drafted', name: '草稿', channel: 'district_mailbox' as const, browser: false };
    await expect(draftSourceFromSite(options)).rejects.toThrow(/接口数据中没有正文，页面上也没有链向各封信的详情页：请用 --detail-url/);
    // One letter of each kind on the first page (投诉, 咨询, 建议).
    const kinds = [...new Map(letters.slice(0, jsLiteralSite.pageSize).map((l) => [l.type, l])).values()];
    const draft = await draftSourceFromSite({ ...options, detailUrls: kinds.map((l) => served!.url + jsLiteralSite.detailPath!(l)) });
    expect(draft.source.list).toMatchObject({ format: 'js-literal', items: 'result', fields: { title: 'letterTitle', siteId: 'originalId', detailUrl: { path: 'letterType', template: '/hdjl/{value}.flow?originalId={siteId}' } } });
    expect(draft.source.pagination).toMatchObject({ type: 'query', param: 'page.pageNo', start: 1 });
    expect(draft.notes.join('\n')).toContain('列表页本身是数据接口：GET /bjah-index-hdjl!letterListJson.action，第 N 页由地址参数 page.pageNo 指定');
    expect(draft.yaml).toMatch(/^# 由 minsheng sources suggest 根据数据接口 /);
    expect(draft.preview.problems).toEqual([]);
    draft.source.politeness.delay = 0;
    const result = await crawlSource(draft.source, { state: new MemoryCrawlStateStore() });
    expect(result.health.pageErrors).toEqual([]);
    expect(result.messages).toHaveLength(letters.length);
    for (const letter of letters) {
      const got = result.messages.find((m) => m.title === letter.title);
      expect(lines(got?.content), letter.title).toBe(letter.paragraphs.join('\n'));
      expect(got?.siteStatus, letter.title).toBe(jsLiteralSite.status(letter));
      expect(got?.url, letter.title).toBe(served.url + jsLiteralSite.detailPath!(letter));
    }
  });
});

describe('minsheng sources suggest on a list fetched as JSON', () => {
  async function run(args: string[], dir: string): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(args, { env: { MINSHENG_DATA_DIR: dir, LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
    return { code, out, err };
  }

  it('drafts from the API the page\'s script asks, says so, and with --no-browser only says the HTML holds no list', { timeout: 60_000 }, async () => {
    served = await serveJsonListSite(getJsonSite, () => letters);
    const tmp = await tempDir();
    try {
      const listUrl = served.url + getJsonSite.listPath;
      const drafted = await run(['sources', 'suggest', listUrl], tmp.dir);
      expect(drafted.code).toBe(0);
      expect(drafted.err).toContain('列表由浏览器脚本从 JSON 接口取得：GET /zxts/list.json，第 N 页由地址参数 page 指定');
      expect(drafted.err).toMatch(/bt\s+-\s+标题（title）/);
      expect(drafted.out).toContain(`startUrls:\n      - ${served.url}/zxts/list.json?page=1&rows=5`);
      // The script's X-Requested-With, without which this server answers 404, goes into the file.
      expect(drafted.out).toContain('X-Requested-With: XMLHttpRequest');
      const plain = await run(['sources', 'suggest', listUrl, '--no-browser'], tmp.dir);
      expect(plain.code).not.toBe(0);
      expect(plain.err).toContain('列表页上没有找到重复出现、带标题链接的条目');
      // The browser's page 1 and the draft's page 2, tried once; nothing with --no-browser.
      expect(served.requested.filter((r) => r.includes('list.json'))).toEqual(['GET /zxts/list.json?page=1&rows=5', 'GET /zxts/list.json?page=2&rows=5']);
    } finally {
      await tmp.cleanup();
    }
  });
});

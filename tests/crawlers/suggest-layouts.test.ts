/**
 * `draftSourceFromSite` on mailbox layouts the look-alike sites do not have, as Chinese government
 * CMSes render them (tests/crawlers/fixtures/mailbox-layouts.ts: JEECMS, TRS WCM, Hanweb JCMS,
 * card lists, two-table and `<dl>` details, an old GB2312 ASP site, a portal page full of side
 * boxes, labels run together, a reply unit blank on open letters, a pager written by script, a GBK
 * JSP paging by `emailList.offset` with GBK in its links' query, detail cells in a fixed order
 * with no text labels, a GBK site naming its charset only in the HTTP header with Chinese in its links'
 * query, pagers of `goPage(n)` script calls setting the address or posting a form, a JSP site whose
 * links are relative to its `<base href>`, a portal column framing the list in an `<iframe>`, a list
 * telling the status only by an icon's `alt`, one telling it only by the icon's file name, lists telling it only by a class or an icon whose name tells nothing
 * (on an element in the cell, nested in a wrapper, on the cell itself, or as a `data-status` or an id),
 * a list of three such marks whose letters' pages print the status in the site's own words, a list table printing each letter over two lines
 * under a `rowspan` cell, one grouped under `colspan` heading rows, dates with a year of two digits, a letter's page fetching its reply by script, list tables
 * printing each letter over two or three lines with no `rowspan` (the link on the first, the last
 * or a middle line), and over lines varying in number (the link first or last), a one-line table with an
 * occasional unlinked note line, and pagers naming no page by their text that open plain addresses:
 * icon links known by their class, image links known by their title, a page-jump `<select>`,
 * `<button>`s and a 跳转 box; pagers of doubled arrows, of words in brackets, of images with no
 * `alt` known by their file names or by their place beside 第1页/共3页, and of page numbers alone
 * past related topics numbered 1 2 3, of 上翻页 下翻页, of 向前 向后 beside a side box's 向后, and of
 * pages named [第2页] under a topic's 第2页 elsewhere,
 * lists telling the status only by a class of the row (striped, learned from the letters; or named done/doing),
 * their letters' pages linking 上一条 / 下一条), and that GBK
 * site as servers misleading about its charset serve it (a default `charset=utf-8` or
 * `iso-8859-1` over a `<meta>` naming GBK, no charset anywhere; and a UTF-8 site with a stale GBK
 * `<meta>`, which stays UTF-8). The
 * draft alone, from the list page's address, must crawl every letter with its title,
 * text, status, reply and time, reach page 2, and name each letter by an id that stays when a new
 * letter pushes the others down the list.
 */
import iconv from 'iconv-lite';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore, parseSourceText } from '../../crawlers/index.js';
import { serve, servedAs, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, mailboxLayouts, type Letter } from './fixtures/mailbox-layouts/index.js';
import { expectDraftCrawlsEveryLetter } from './draft-crawls.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** Paragraphs (`<p>`) come out with a blank line between them, `<br>` lines without: both are the letter's lines. */
const lines = (text: string | undefined) => text?.replace(/\n+/g, '\n');

const layouts = mailboxLayouts((text) => iconv.encode(text, 'gbk'));

describe.each(layouts.map((layout) => [layout.name, layout] as const))('a source drafted from a %s site', (_name, layout) => {
  it('crawls every letter of both list pages with its title, text, status, reply and time, and sees a new letter as the one new message', async () => {
    let shown: readonly Letter[] = letters;
    site = await serve(() => layout.pages(shown));
    await expectDraftCrawlsEveryLetter(layout, letters, site.url, (now) => (shown = now));
  });
});

describe('a GBK site naming its charset only in the HTTP header', () => {
  it('is crawled without `encoding` in the file too: its links\' Chinese query is escaped in the header\'s charset', async () => {
    const layout = layouts.find((l) => l.name.startsWith('GBK ASP naming its charset only in the HTTP header'))!;
    site = await serve(() => layout.pages(letters));
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'city_mailbox' });
    expect(draft.source.encoding).toBe('gbk');
    const source = { ...draft.source, encoding: undefined, politeness: { ...draft.source.politeness, delay: 0 } };
    const result = await crawlSource(source, { state: new MemoryCrawlStateStore() });
    expect(result.health.pageErrors).toEqual([]);
    expect(result.messages.map((m) => m.title).sort()).toEqual(letters.map((l) => l.title).sort());
    expect(result.messages.every((m) => m.content && !m.content.includes('\uFFFD'))).toBe(true);
  });
});

describe('a JSP site whose links are relative to its <base href>', () => {
  it('is crawled by a hand-written source following its 下一页 link: letters and pages at the addresses the base gives', async () => {
    const layout = layouts.find((l) => l.name.startsWith('JSP pages with <base href'))!;
    site = await serve(() => layout.pages(letters));
    const [source] = parseSourceText(
      `sources:
  - id: based
    name: 市长信箱
    channel: city_mailbox
    startUrls: ['${site.url}${layout.listPath}']
    politeness: { delay: 0 }
    list:
      items: 'table.mailList tr:has(a)'
      fields: { title: td.bt a, detailUrl: { selector: td.bt a, attr: href } }
    pagination: { type: next-link, selector: 'div.pages a:contains("下一页")' }
    detail:
      fields: { content: { label: 来信内容 }, siteStatus: { label: 办理状态 }, replyText: { label: 答复内容 } }
`,
      'based.yaml',
    );
    const result = await crawlSource(source!, { state: new MemoryCrawlStateStore() });
    expect(result.health.pageErrors).toEqual([]);
    expect(result.messages.map((m) => m.url).sort()).toEqual(letters.map((l) => site!.url + layout.detailPath(l)).sort());
    expect(site.requested.filter((r) => r.includes('pages/mail/list.jsp'))).toEqual(['/gbmail/pages/mail/list.jsp?lx=1', '/gbmail/pages/mail/list.jsp?lx=1&page=2']);
  });
});

/** GBK and UTF-8 percent-escaped 市长信箱, as a browser on a GBK or a UTF-8 page sends it in the query. */
/** A logger keeping what it is told at warn level and above. */
function warnings() {
  const told: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void told.push((JSON.parse(line) as { msg: string }).msg) });
  return { logger, told };
}

const gbkMeta = '<meta http-equiv="Content-Type" content="text/html; charset=gbk">';
const charsetCases = [
  { name: 'a header naming UTF-8 over GBK pages whose <meta> says gbk', type: 'text/html; charset=utf-8', meta: gbkMeta, bytes: 'gbk', drafted: 'gbk', warned: /HTTP 头中声明的编码（utf-8）与页面内容不符，按页面内 meta 的 gbk 读取/ },
  { name: 'a header naming ISO-8859-1 over GBK pages whose <meta> says gb2312', type: 'text/html; charset=iso-8859-1', meta: '<meta charset="gb2312">', bytes: 'gbk', drafted: 'gb2312', warned: /HTTP 头中声明的编码（iso-8859-1）与页面内容不符，按页面内 meta 的 gb2312 读取/ },
  { name: 'GBK pages naming no charset anywhere', type: 'text/html', meta: '', bytes: 'gbk', drafted: 'gb18030', warned: /页面未声明编码，内容不是 UTF-8，按 gb18030 读取/ },
  { name: 'a header naming ISO-8859-1 over GBK pages that declare no charset', type: 'text/html; charset=iso-8859-1', meta: '', bytes: 'gbk', drafted: 'gb18030', warned: /HTTP 头中声明的编码（iso-8859-1）与页面内容不符，页面内未声明编码，内容是 GBK 编码的中文，按 gb18030 读取/ },
  { name: 'a header naming UTF-8 over GBK pages that declare no charset', type: 'text/html; charset=utf-8', meta: '', bytes: 'gbk', drafted: 'gb18030', warned: /HTTP 头中声明的编码（utf-8）与页面内容不符，页面内未声明编码，内容是 GBK 编码的中文，按 gb18030 读取/ },
  { name: 'UTF-8 pages under a header naming UTF-8 whose <meta> says gbk', type: 'text/html; charset=utf-8', meta: gbkMeta, bytes: 'utf-8', drafted: 'utf-8', warned: undefined },
] as const;

describe.each(charsetCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const layout = servedAs(c.type, c.meta, c.bytes);

  /** Crawls `source` once: every letter must come out in its own Chinese, with nothing garbled. */
  async function expectLettersRead(source: Awaited<ReturnType<typeof draftSourceFromSite>>['source'], logger = warnings().logger) {
    const result = await crawlSource({ ...source, politeness: { ...source.politeness, delay: 0 } }, { state: new MemoryCrawlStateStore(), logger });
    expect(result.health.pageErrors).toEqual([]);
    expect(result.health.layoutAlert).toBeUndefined();
    expect(result.messages.map((m) => m.title).sort()).toEqual(letters.map((l) => l.title).sort());
    for (const letter of letters) {
      const got = result.messages.find((m) => m.title === letter.title);
      expect(lines(got?.content), letter.title).toBe(letter.paragraphs.join('\n'));
      expect(got?.url, letter.title).toBe(site!.url + layout.detailPath(letter));
    }
  }

  it('is crawled without `encoding` in the file: the letters are stored in their own Chinese, and the charset taken over the header is told once', async () => {
    site = await serve(() => layout.pages(letters));
    // Drafted with the charset given, so only the crawl engine's reading is tried here.
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'city_mailbox', encoding: c.bytes });
    const { logger, told } = warnings();
    await expectLettersRead({ ...draft.source, encoding: undefined }, logger);
    const charsetWarnings = told.filter((t) => /编码/.test(t));
    if (c.warned) {
      expect(charsetWarnings).toHaveLength(1);
      expect(charsetWarnings[0]).toMatch(c.warned);
    } else expect(charsetWarnings).toEqual([]);
  });

  it(`is drafted with encoding: ${c.drafted} and a note saying why, and the draft reads every letter`, async () => {
    site = await serve(() => layout.pages(letters));
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'city_mailbox' });
    expect(draft.source.encoding).toBe(c.drafted);
    expect(draft.notes.join('\n')).toContain(`已设置 encoding: ${c.drafted}`);
    if (c.warned) expect(draft.notes.join('\n')).toMatch(c.warned);
    await expectLettersRead(draft.source);
  });
});

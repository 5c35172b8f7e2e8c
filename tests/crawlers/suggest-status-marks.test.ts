/**
 * Lists telling a letter's status only by a mark whose name tells nothing: a CSS class
 * (`<span class="st st2"></span>`, on the cell itself `<td class="st2">`, or on an icon nested in a
 * classed wrapper), a `data-status` or an id of an icon alike on every row, or an icon (`icon1.gif`). The draft opens two letters of each
 * mark, learns which mark the answered letters carry and which the open ones, and says so; the
 * crawl then gives every letter its status, and a letter answered later is seen as a change. Where
 * the letters opened do not tell the marks apart, the marks stay as themselves, with a note asking
 * staff.
 */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, mailboxLayouts, type Letter } from './fixtures/mailbox-layouts/index.js';
import { markedList } from './fixtures/mailbox-layouts/status-marks.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

const layouts = mailboxLayouts((text) => iconv.encode(text, 'gbk')).filter((l) => l.name.endsWith('learned from the letters opened'));
/** An open letter on the list's first page, and the reply it gets between two crawls. */
const open = letters.slice(0, 6).find((l) => !l.reply)!;
const answer = { unit: '区教育局', at: '2023-05-25 10:00:00', paragraphs: ['您好！已会同交警部门在北关小学门口施划人行横道并设置减速带。'] };

describe.each(layouts.map((l) => [l.name, l] as const))('a list with its %s', (_name, layout) => {
  it('is drafted with the marks mapped to 已回复/未回复, every letter crawled with its status, and a later reply seen as a status change', async () => {
    expect(layouts).toHaveLength(6);
    let shown: Letter[] = letters;
    site = await serve(() => layout.pages(shown));
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox', browser: false });
    const statusRule = draft.source.list.fields.siteStatus;
    expect(typeof statusRule === 'object' && Object.values(statusRule.map ?? {}).sort()).toEqual(['已回复', '未回复'].sort());
    expect(draft.notes.join('\n')).toMatch(/是按草稿打开的详情页推断的（.+ 的 [2-9] 封信都有答复，.+ 的 [2-9] 封信都没有答复|是按草稿打开的详情页推断的（.+ 的 [2-9] 封信都没有答复，.+ 的 [2-9] 封信都有答复/);
    expect(draft.notes.join('\n')).not.toMatch(/看不出含义/);
    const source = { ...draft.source, politeness: { ...draft.source.politeness, delay: 0 } };
    const state = new MemoryCrawlStateStore();

    const first = await crawlSource(source, { state });
    expect(first.health.pageErrors).toEqual([]);
    expect(first.messages.map((m) => [m.title, m.siteStatus]).sort()).toEqual(letters.map((l) => [l.title, layout.status(l)]).sort());

    shown = letters.map((l) => (l === open ? { ...l, reply: answer } : l));
    const second = await crawlSource(source, { state });
    expect(second.health.pageErrors).toEqual([]);
    expect(second.changes.map((c) => [c.kind, c.siteId])).toEqual([['changed', open.key]]);
    expect(second.changes[0]?.fields).toContain('siteStatus');
    expect(second.messages.map((m) => [m.title, m.siteStatus, m.replyText])).toEqual([[open.title, '已回复', answer.paragraphs[0]]]);
  });
});

describe('a list whose marks the opened letters do not tell apart', () => {
  it.each([
    // The same mark on answered and open letters alike: a contradiction.
    ['the same mark on answered and open letters', (l: Letter) => `<span class="st st${l.reply || l.key === '1203' ? 2 : 1}"></span>`],
    // A mark only one open letter of the first page carries: fewer than two letters tell it.
    ['a mark on one open letter only', (l: Letter) => `<span class="st st${l.reply ? 2 : l.key === '1203' ? 1 : 3}"></span>`],
  ])('keeps the marks as themselves and asks staff: %s', async (_case, mark) => {
    const layout = markedList('contradicting marks', mark, /./);
    site = await serve(() => layout.pages(letters));
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox', browser: false });
    const statusRule = draft.source.list.fields.siteStatus;
    expect(typeof statusRule === 'object' && statusRule.map && Object.entries(statusRule.map).every(([k, v]) => k === v)).toBe(true);
    expect(draft.notes.join('\n')).toMatch(/st st\d、st st\d(、st st\d)? 看不出含义，map 中暂以 class 本身为值：请按网站上图标的含义填写/);
    expect(draft.notes.join('\n')).not.toMatch(/推断/);
  });
});

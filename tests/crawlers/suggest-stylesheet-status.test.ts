/**
 * Lists whose status only the site's stylesheet writes: an empty `<span class="zt2">` in the status
 * cell whose word an inline `<style>` writes (`.zt2::after { content: "已办结" }`), and a row's
 * class whose word a linked `.css` file writes in the row's empty last cell (`tr.st2
 * td:last-child::after { content: '\5DF2\529E\7ED3' }`). The draft, from the list page's address
 * alone, maps each class to the word its rule writes, the site's own (the letters' pages print
 * none, and their replies would only say 已回复 / 未回复); the crawl gives every letter its status,
 * and a letter answered between two crawls is seen as a change of status.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, type Letter } from './fixtures/mailbox-layouts/index.js';
import { inlineStyleWords, linkedSheetRows } from './fixtures/mailbox-layouts/stylesheet-status.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** An open letter on the list's first page, and the reply it gets between two crawls. */
const open = letters.slice(0, 5).find((l) => !l.reply)!;
const answer = { unit: '区教育局', at: '2023-05-25 10:00:00', paragraphs: ['您好！已会同交警部门在北关小学门口施划人行横道并设置减速带。'] };

describe.each([
  [inlineStyleWords.name, inlineStyleWords, { attr: 'class', map: { zt2: '已办结', zt1: '办理中' } }],
  [linkedSheetRows.name, linkedSheetRows, { selector: ':self', attr: 'class', map: { st2: '已办结', st1: '办理中' } }],
] as const)('a list with its %s', (_name, layout, statusRule) => {
  it("is drafted with each class mapped to the stylesheet's word, every letter crawled with its status, and a later reply seen as a status change", async () => {
    let shown: Letter[] = letters;
    site = await serve(() => layout.pages(shown));
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox', browser: false });
    expect(draft.source.list.fields.siteStatus).toMatchObject(statusRule);
    expect(draft.notes.join('\n')).toMatch(layout.notes!);
    const source = { ...draft.source, politeness: { ...draft.source.politeness, delay: 0 } };
    const state = new MemoryCrawlStateStore();

    const first = await crawlSource(source, { state });
    expect(first.health.pageErrors).toEqual([]);
    expect(first.health.layoutAlert).toBeUndefined();
    expect(first.messages.map((m) => [m.title, m.siteStatus]).sort()).toEqual(letters.map((l) => [l.title, layout.status(l)]).sort());

    shown = letters.map((l) => (l === open ? { ...l, reply: answer } : l));
    const second = await crawlSource(source, { state });
    expect(second.health.pageErrors).toEqual([]);
    expect(second.changes.map((c) => c.kind)).toEqual(['changed']);
    expect(second.changes[0]?.siteId).toContain(open.key);
    expect(second.changes[0]?.fields).toContain('siteStatus');
    expect(second.messages.map((m) => [m.title, m.siteStatus, m.replyText])).toEqual([[open.title, layout.status({ ...open, reply: answer }), answer.paragraphs[0]]]);
  });
});

/**
 * Lists telling a letter's status only by a class some rows carry and others do not (`<li>` open,
 * `<li class="done">` answered; `<tr>` and `<tr class="ybj">`), or by a mark beside the row's stripe and the list's own class
 * (`<tr class="even item st2">` among `<tr class="odd item">`), also beside a mark of letters posted today
 * (`<tr class="odd item st2 new">`). The draft, from the list page's
 * address alone, reads the mark by a regex and the rows without it by the rule's `default`, their
 * status learned from the letters it opens; the crawl gives every letter its status, and a letter
 * answered between two crawls is seen as a change of status.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, type Letter } from './fixtures/mailbox-layouts/index.js';
import { statusAndNewMarks } from './fixtures/mailbox-layouts/two-row-marks.js';
import { doneOrBareItems, namedOrBareRows, stripedItemMarks } from './fixtures/mailbox-layouts/unmarked-rows.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** An open letter on the list's first page, and the reply it gets between two crawls. */
const open = letters.slice(0, 6).find((l) => !l.reply)!;
const answer = { unit: '区教育局', at: '2023-05-25 10:00:00', paragraphs: ['您好！已会同交警部门在北关小学门口施划人行横道并设置减速带。'] };

describe.each([
  [doneOrBareItems.name, doneOrBareItems, { map: { done: '已办结' }, default: '处理中' }],
  [stripedItemMarks.name, stripedItemMarks, { map: { st2: '已回复' }, default: '未回复' }],
  [namedOrBareRows.name, namedOrBareRows, { map: { ybj: '已办结' }, default: '未回复' }],
  [statusAndNewMarks.name, statusAndNewMarks, { map: { st2: '已回复' }, default: '未回复' }],
] as const)('a list with its %s', (_name, layout, statusRule) => {
  it('is drafted with the mark mapped and the bare rows given a default, every letter crawled with its status, and a later reply seen as a status change', async () => {
    let shown: Letter[] = letters;
    site = await serve(() => layout.pages(shown));
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox', browser: false });
    expect(draft.source.list.fields.siteStatus).toMatchObject({ selector: ':self', attr: 'class', ...statusRule });
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
    // A letter's id is its link's `xh`, or its page's address where the link has no query.
    expect(second.changes.map((c) => c.kind)).toEqual(['changed']);
    expect(second.changes[0]?.siteId).toContain(open.key);
    expect(second.changes[0]?.fields).toContain('siteStatus');
    expect(second.messages.map((m) => [m.title, m.siteStatus, m.replyText])).toEqual([[open.title, layout.status({ ...open, reply: answer }), answer.paragraphs[0]]]);
  });
});

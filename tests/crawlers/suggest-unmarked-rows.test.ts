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
import { draftSourceFromSite } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, type Letter } from './fixtures/mailbox-layouts/index.js';
import { answer, expectStatusesThenLaterAnswer, open } from './status-crawls.js';
import { statusAndNewMarks } from './fixtures/mailbox-layouts/two-row-marks.js';
import { doneOrBareItems, namedOrBareRows, stripedItemMarks } from './fixtures/mailbox-layouts/unmarked-rows.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

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
    await expectStatusesThenLaterAnswer(draft.source, layout, () => {
      shown = letters.map((l) => (l === open ? { ...l, reply: answer } : l));
    });
  });
});

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
import { draftSourceFromSite } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, type Letter } from './fixtures/mailbox-layouts/index.js';
import { answer, expectStatusesThenLaterAnswer, open } from './status-crawls.js';
import { inlineStyleWords, linkedSheetRows } from './fixtures/mailbox-layouts/stylesheet-status.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

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
    await expectStatusesThenLaterAnswer(draft.source, layout, () => {
      shown = letters.map((l) => (l === open ? { ...l, reply: answer } : l));
    });
  });
});

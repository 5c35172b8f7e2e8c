/**
 * How `draftSourceFromSite` drafts `list.linesPerLetter` and `list.linkLine` on every mailbox
 * layout, from the list page's address alone: the layouts of letters over table lines get their
 * own count and link line (the link first, last, on a middle line, or last over lines varying in
 * number), and every other layout (a one-line table with now and then a note line, a `rowspan`
 * table, lists of `<li>`, cards) still none: the shapes tried first for a middle line or lines
 * varying in number take no table that was drafted otherwise before.
 */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { draftSourceFromSite } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, mailboxLayouts, type Layout } from './fixtures/mailbox-layouts/index.js';
import { threeLineLetters, twoLineLetters } from './fixtures/mailbox-layouts/letter-lines.js';
import { linkLastLine } from './fixtures/mailbox-layouts/link-last-line.js';
import { linkLastVarying } from './fixtures/mailbox-layouts/link-last-varying.js';
import { linkMiddleLine, linkSecondOfFour } from './fixtures/mailbox-layouts/link-middle-line.js';
import { replyLines } from './fixtures/mailbox-layouts/reply-lines.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** `[linesPerLetter, linkLine]` drafted for each layout of letters over table lines; any other: none. */
const expected = new Map<Layout, [number | 'until-next-link', 'last' | number | undefined]>([
  [twoLineLetters, [2, undefined]],
  [threeLineLetters, [3, undefined]],
  [linkLastLine, [2, 'last']],
  [replyLines, ['until-next-link', undefined]],
  [linkMiddleLine, [3, 2]],
  [linkSecondOfFour, [4, 2]],
  [linkLastVarying, ['until-next-link', 'last']],
]);

const layouts = mailboxLayouts((text) => iconv.encode(text, 'gbk'));

describe('list.linesPerLetter and list.linkLine as drafted on every mailbox layout', () => {
  it('registers every layout of letters over table lines', () => {
    for (const layout of expected.keys()) expect(layouts.map((l) => l.name)).toContain(layout.name);
  });

  it.each(layouts.map((layout) => [layout.name, layout] as const))('%s', async (_name, layout) => {
    site = await serve(() => layout.pages(letters));
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    const [lines, linkLine] = [...expected].find(([l]) => l.name === layout.name)?.[1] ?? [undefined, undefined];
    expect([draft.source.list.linesPerLetter, draft.source.list.linkLine]).toEqual([lines, linkLine]);
  });
});

/**
 * A list telling each letter's status only by marks whose names tell nothing, whose letters' pages
 * print the status in the site's own words (办理状态：已受理 / 处理中 / 已办结): the draft learns
 * each mark as the word its opened letters all print, a third mark (处理中) too, and the crawl
 * sees a letter moving from one mark to another as a status change. A mark whose letters print
 * different words, or whose word another mark's letters print too, stays as itself for staff.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, type Letter } from './fixtures/mailbox-layouts/index.js';
import { markOf, siteWord, wordedMarks } from './fixtures/mailbox-layouts/status-words.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** The draft of `layout`'s site from its list page's address alone, as `sources suggest` makes it. */
async function draftOf(layout: ReturnType<typeof wordedMarks>, shown: () => readonly Letter[] = () => letters) {
  site = await serve(() => layout.pages(shown()));
  const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox', browser: false });
  const rule = draft.source.list.fields.siteStatus;
  return { draft, map: typeof rule === 'object' ? rule.map : undefined, notes: draft.notes.join('\n') };
}

describe("marks learned in the site's own words", () => {
  it('maps three marks to the words their letters print, and a letter moving from 已受理 to 处理中 is seen as a status change', async () => {
    const open = letters.find((l) => l.key === '1203')!;
    const interim = { unit: '区交通运输局', at: '2023-05-24 09:00:00', paragraphs: ['您好！您的建议已转交警部门现场勘查，勘查结束后答复您。'] };
    let moved = false;
    const word = (l: Letter) => (moved && l.key === open.key ? '处理中' : siteWord(l));
    const layout = wordedMarks('three marks', (l) => `<span class="st st${markOf[word(l)]}"></span>`, word);
    let shown: Letter[] = letters;
    const { draft, map, notes } = await draftOf(layout, () => shown);
    expect(map).toEqual({ 'st st3': '已办结', 'st st2': '处理中', 'st st1': '已受理' });
    expect(notes).toMatch(/st st1 的 2 封信的详情页都写着“已受理”/);
    expect(notes).not.toMatch(/看不出含义|都有答复|都没有答复/);

    const source = { ...draft.source, politeness: { ...draft.source.politeness, delay: 0 } };
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    expect(first.health.pageErrors).toEqual([]);
    expect(first.messages.map((m) => [m.title, m.siteStatus]).sort()).toEqual(letters.map((l) => [l.title, siteWord(l)]).sort());

    moved = true;
    shown = letters.map((l) => (l === open ? { ...l, reply: interim } : l));
    const second = await crawlSource(source, { state });
    expect(second.health.pageErrors).toEqual([]);
    expect(second.changes.map((c) => [c.kind, c.siteId])).toEqual([['changed', open.key]]);
    expect(second.changes[0]?.fields).toContain('siteStatus');
    expect(second.messages.map((m) => [m.title, m.siteStatus, m.replyText])).toEqual([[open.title, '处理中', interim.paragraphs[0]]]);
  });

  it('keeps a mark whose letters print different words as itself and asks staff, learning the others', async () => {
    // st2 on an 已办结 letter (1201) as on the 处理中 ones: its letters disagree; st3 then marks one letter of page 1 only.
    const layout = wordedMarks('disagreeing marks', (l) => `<span class="st st${l.key === '1201' ? 2 : markOf[siteWord(l)]}"></span>`);
    const { map, notes } = await draftOf(layout);
    expect(map).toEqual({ 'st st2': 'st st2', 'st st3': 'st st3', 'st st1': '已受理' });
    expect(notes).toMatch(/st st2、st st3 看不出含义，map 中暂以 class 本身为值：请按网站上图标的含义填写/);
    expect(notes).toMatch(/st st1 → 已受理 是按草稿打开的详情页推断的/);
  });

  it('keeps two marks whose letters print one same word as themselves: the marks tell something else', async () => {
    // Four 已受理 letters on one page, two under st1 (1203, 1209) and two under st4 (1206, 1208).
    const word = (l: Letter) => (['1208', '1209'].includes(l.key) ? '已受理' : siteWord(l));
    const layout = wordedMarks('two marks for one word', (l) => `<span class="st st${['1203', '1209'].includes(l.key) ? 1 : ['1206', '1208'].includes(l.key) ? 4 : markOf[word(l)]}"></span>`, word);
    const { map, notes } = await draftOf({ ...layout, pageSize: 9 });
    expect(map?.['st st1']).toBe('st st1');
    expect(map?.['st st4']).toBe('st st4');
    expect(map?.['st st2']).toBe('处理中');
    expect(notes).toMatch(/st st1、st st4 看不出含义|st st4、st st1 看不出含义/);
  });

  it('never learns a mark of one letter, even where its page prints a word', async () => {
    // 1206 alone carries st4 on the list.
    const layout = wordedMarks('a mark of one letter', (l) => `<span class="st st${l.key === '1206' ? 4 : markOf[siteWord(l)]}"></span>`);
    const { map } = await draftOf(layout);
    expect(map?.['st st4']).toBe('st st4');
  });
});

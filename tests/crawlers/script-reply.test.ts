/**
 * A letter's page that prints the letter and fetches its reply after loading (`fetch('reply.do?id='
 * + letterId)`, JSON): the HTML alone holds no reply, so a source drafted from it read every letter
 * as unanswered. Drafted from the list page's address, the source asks for the reply where the
 * page's script does (`detail.reply`), saying so; each run hands on a reply that appears once, and a
 * reply address that fails leaves the letter for the next run instead of taking it as unanswered.
 */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { serve, type Served } from './fixtures/mailbox-layouts/serve.js';
import { letters, mailboxLayouts, type Letter } from './fixtures/mailbox-layouts/index.js';

let site: Served | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

const layout = mailboxLayouts((text) => iconv.encode(text, 'gbk')).find((l) => l.name.startsWith('letter page fetching its reply by script'))!;
const open = letters.find((l) => !l.reply)!;
const answer = { unit: '区交通运输局', at: '2023-05-25 10:00:00', paragraphs: ['您好！已协调公交公司在早高峰增加班次，感谢您的建议。'] };

describe('a letter page fetching its reply by script after loading', () => {
  it('is drafted with detail.reply, and each run hands on a reply that appears, once', async () => {
    let shown: Letter[] = letters;
    let broken = false;
    site = await serve(() => {
      const pages = layout.pages(shown);
      if (broken) for (const key of [...pages.keys()]) if (key.includes('reply.do')) pages.delete(key);
      return pages;
    });
    const draft = await draftSourceFromSite({ listUrl: site.url + layout.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox', browser: false });
    expect(draft.notes.join('\n')).toMatch(/答复不在详情页的 HTML 中，由页面脚本在打开后另行请求（.*reply\.do\?id=\d+）：已按该接口设置 detail\.reply/);
    expect(draft.source.kind === 'config' && draft.source.detail?.reply).toMatchObject({ url: 'reply.do?id={siteId}', format: 'json', fields: { replyText: { path: 'data.hfnr' } } });
    const source = { ...draft.source, politeness: { ...draft.source.politeness, delay: 0, retries: 0 } };

    // The HTML alone (the draft without detail.reply): every letter unanswered, as before.
    if (source.kind !== 'config' || !source.detail) throw new Error('no detail drafted');
    const htmlOnly = await crawlSource({ ...source, detail: { ...source.detail, reply: undefined } }, { state: new MemoryCrawlStateStore() });
    expect(htmlOnly.messages.filter((m) => m.replyText)).toEqual([]);

    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    expect(first.health.pageErrors).toEqual([]);
    expect(first.messages).toHaveLength(letters.length);
    for (const letter of letters) {
      const got = first.messages.find((m) => m.title === letter.title);
      expect(got?.replyText?.replace(/\n+/g, '\n'), letter.title).toBe(letter.reply?.paragraphs.join('\n'));
      expect(got?.replyUnit, letter.title).toBe(letter.reply?.unit);
    }

    // The open letter is answered, while the reply address fails: the letter is left for the next run.
    shown = letters.map((l) => (l === open ? { ...l, reply: answer } : l));
    broken = true;
    const failing = await crawlSource(source, { state });
    expect(failing.changes).toEqual([]);
    expect(failing.health.pageErrors.map((e) => e.error).join('\n')).toMatch(new RegExp(`答复接口请求失败或返回错误状态，留言 ${open.key} 的答复未取到：下次运行再取`));

    broken = false;
    const second = await crawlSource(source, { state });
    expect(second.health.pageErrors).toEqual([]);
    expect(second.changes.map((c) => [c.kind, c.siteId])).toEqual([['changed', open.key]]);
    expect(second.messages.map((m) => [m.title, m.replyText, m.replyUnit])).toEqual([[open.title, answer.paragraphs[0], answer.unit]]);

    const third = await crawlSource(source, { state });
    expect(third.changes).toEqual([]);
  });
});

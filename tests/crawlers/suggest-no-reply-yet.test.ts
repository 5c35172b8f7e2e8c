/**
 * A source drafted from a site whose open letters show 暂无回复 in the reply box, when every
 * letter the draft read was answered: the drafted replyText rule still leaves 暂无回复 out, so an
 * open letter crawled later has no reply. QA 2026-11-30: the rule learnt to leave it out only when
 * one of the letters it read was open, and open letters then got "暂无回复" as their reply.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, draftSourceFromSite, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { jeecms } from './fixtures/mailbox-layouts/jeecms.js';
import { lateLetter, letters, type Letter } from './fixtures/mailbox-layouts/letters.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('a drafted replyText rule', () => {
  it('leaves 暂无回复 out of an open letter even when the letters the draft read were all answered', async () => {
    const answered = letters.filter((l) => l.reply);
    let shown: Letter[] = answered;
    // The JEECMS look-alike, its open letters' reply box saying 暂无回复 instead of staying empty.
    const pages = () => new Map([...jeecms.pages(shown)].map(([path, page]) => [path, { ...page, body: String(page.body).replace('<td class="tdl">答复内容</td><td colspan="3"></td>', '<td class="tdl">答复内容</td><td colspan="3">暂无回复</td>') }]));
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const page = pages().get(url.pathname + url.search);
      res.writeHead(page ? 200 : 404, { 'content-type': page?.type ?? 'text/html; charset=utf-8' });
      res.end(page?.body ?? '<html><body>页面不存在</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const draft = await draftSourceFromSite({ listUrl: base + jeecms.listPath, id: 'drafted', name: '草稿', channel: 'district_mailbox' });
    const source = draft.source;
    source.politeness.delay = 0;
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    expect(first.health.pageErrors).toEqual([]);
    expect(first.messages).toHaveLength(answered.length);
    for (const m of first.messages) expect(m.replyText, m.title).toBe(answered.find((l) => l.title === m.title)?.reply?.paragraphs.join('\n'));

    // Open letters arrive; their detail pages say 暂无回复.
    shown = [lateLetter, ...letters];
    const open = [lateLetter, ...letters.filter((l) => !l.reply)];
    expect(open.length).toBeGreaterThan(0);
    const again = await crawlSource(source, { state });
    expect(again.health.pageErrors).toEqual([]);
    expect(again.messages.map((m) => m.title).sort()).toEqual(open.map((l) => l.title).sort());
    for (const m of again.messages) {
      expect(m.siteStatus, m.title).toBe('办理中');
      expect(m.content, m.title).toBeTruthy();
      expect(m.replyText ?? '', m.title).toBe('');
    }
  });
});

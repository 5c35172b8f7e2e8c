import { describe, expect, it } from 'vitest';
import { BadPayloadError } from '../queue/index.js';
import { cleanText } from './normalize-message.js';
import { prepareMessage } from './record-stage.js';

const base = { sourceId: 's', channel: 'district_mailbox' as const, siteId: '1', title: '标题', content: '正文', fetchedAt: '2026-11-28T00:00:00.000Z' };

describe('prepareMessage', () => {
  it('strips NUL, control characters and broken UTF-16, keeping every printable character', () => {
    expect(cleanText('a\u0000b\u0007c\uD800d\uDFFFe\uFFFE😀')).toBe('abcde😀');
    const m = prepareMessage({ ...base, title: ' 路灯\u0000不亮 ', content: '第一行\r\n\r\n\r\n\r\n第二行\u3000\u3000结束', author: '\u0000' });
    expect(m).toMatchObject({ title: '路灯不亮', content: '第一行\n\n第二行 结束' });
    expect(m.author).toBeUndefined();
  });

  it('removes the characters that show nothing but change what staff read: bidi overrides, zero-width spaces, soft hyphens, C1 controls', () => {
    // \u202e shows the rest of a line right to left (反转标题 abc read as cba 题标转反, a phone number reversed),
    // 路\u200b灯 is 路灯 to a reader but not to the ledger search or the classifier.
    const m = prepareMessage({ ...base, title: '\u202e反转标题 abc\u202c', content: '罗\u200b寨村路\u00ad灯不亮，电话\u2066138\u2069\u200e\u200f\ufeff\u2060\u009b31m结束' });
    expect(m).toMatchObject({ title: '反转标题 abc', content: '罗寨村路灯不亮，电话13831m结束' });
    // What people see as one emoji (a family, a flag of a region) keeps its joiners and tags.
    const emoji = '👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f} 😀';
    expect(cleanText(emoji)).toBe(emoji);
    expect(cleanText('路\u200d灯 😀\u200d')).toBe('路灯 😀');
  });

  it('keeps an http(s) page address and drops any other (javascript:, data:, file:, relative), whoever crawled it', () => {
    for (const url of ['javascript:alert(document.cookie)', ' JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', '/mailbox/show?id=1', 'vbscript:msgbox(1)']) {
      expect(prepareMessage({ ...base, url }).url, url).toBeUndefined();
    }
    expect(prepareMessage({ ...base, url: 'https://www.yintai.gov.cn/mailbox/show?id=88' }).url).toBe('https://www.yintai.gov.cn/mailbox/show?id=88');
    expect(prepareMessage({ ...base, url: 'http://12345.yintai.gov.cn/a.jsp?id=1' }).url).toBe('http://12345.yintai.gov.cn/a.jsp?id=1');
  });

  it('stores a reply box placeholder as no reply, whoever crawled it (a module, a JSONL file), and keeps a real reply', () => {
    for (const replyText of ['正在办理中', ' — ', '暂无回复', '无', '/']) expect(prepareMessage({ ...base, replyText }).replyText, replyText).toBeUndefined();
    expect(prepareMessage({ ...base, replyText: '正在办理中，现答复如下：已修复。' }).replyText).toBe('正在办理中，现答复如下：已修复。');
  });

  it('cuts an over-long letter to the limit, saying so in the text, instead of refusing it', () => {
    const cut: string[][] = [];
    const m = prepareMessage({ ...base, title: '题'.repeat(2500), content: '长'.repeat(250_000), replyText: '复'.repeat(200_000), author: '名'.repeat(600) }, (f) => cut.push(f));
    expect(cut).toEqual([['标题', '正文', '留言人']]);
    expect(m.content.length).toBeLessThanOrEqual(200_000);
    expect(m.content).toMatch(/^长{199000,}\n\n【民声：原文共 250000 字，超过 200000 字的上限，以下已略去；全文请见原网页】$/);
    expect(m.title).toBe('题'.repeat(1999) + '…');
    expect(m.author).toBe('名'.repeat(499) + '…');
    expect(m.replyText).toBe('复'.repeat(200_000)); // at the limit: untouched
    // The same page gives the same text (a re-crawl is not a change), and a pair is never split.
    expect(prepareMessage({ ...base, title: '题'.repeat(2500), content: '长'.repeat(250_000) }).content).toBe(m.content);
    const emoji = prepareMessage({ ...base, content: '😀'.repeat(150_000) }).content;
    expect(emoji.length).toBeLessThanOrEqual(200_000);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/u);
    expect(emoji).toContain('原文共 150000 字');
    expect(prepareMessage({ ...base }, (f) => cut.push(f))).toMatchObject({ content: '正文' });
    expect(cut).toHaveLength(1);
  });

  it('refuses, with the reason, what cannot be stored', () => {
    expect(() => prepareMessage({ ...base, siteId: '号'.repeat(501) })).toThrow(/message\.siteId 过长（501 字，上限 500）/);
    expect(() => prepareMessage({ ...base, siteId: '\u0000 ' })).toThrow(BadPayloadError);
    expect(() => prepareMessage({ ...base, siteId: '\u0000 ' })).toThrow('留言缺少站点编号，无法记录');
    expect(() => prepareMessage({ ...base, channel: 'fax' as never })).toThrow(/message\.channel 取值无效/);
  });

  it('lets an empty message through to be recorded (classification keeps it out of the ledger)', () => {
    expect(prepareMessage({ ...base, title: '', content: '\u0001' })).toMatchObject({ title: '', content: '' });
  });
});

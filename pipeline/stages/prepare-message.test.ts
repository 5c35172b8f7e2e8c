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

  it('refuses, with the reason, what cannot be stored', () => {
    expect(() => prepareMessage({ ...base, content: '长'.repeat(200_001) })).toThrow(/message\.content 过长（200001 字，上限 200000）/);
    expect(() => prepareMessage({ ...base, siteId: '\u0000 ' })).toThrow(BadPayloadError);
    expect(() => prepareMessage({ ...base, siteId: '\u0000 ' })).toThrow('留言缺少站点编号，无法记录');
    expect(() => prepareMessage({ ...base, channel: 'fax' as never })).toThrow(/message\.channel 取值无效/);
  });

  it('lets an empty message through to be recorded (classification keeps it out of the ledger)', () => {
    expect(prepareMessage({ ...base, title: '', content: '\u0001' })).toMatchObject({ title: '', content: '' });
  });
});

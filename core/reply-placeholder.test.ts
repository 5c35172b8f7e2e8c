import { describe, expect, it } from 'vitest';
import { isReplyPlaceholder, replyTextOrNone } from './reply-placeholder.js';

describe('a reply box placeholder', () => {
  it('is no reply: 暂无回复, 正在办理中, 无, a bare dash or slash, with spaces and punctuation around', () => {
    const placeholders = ['暂无回复', '尚未答复', '等待回复', '正在办理中', '办理中', '处理中', '待回复', '无', '—', '-', '/', '——', '－', '暂未答复', '未办结', '还未回复', '没有回复', '暂无'];
    const dressed = [' 暂无回复 ', '（暂无回复）', '正在办理中……', '无。', '\u3000— \n', '【待回复】', '暂无 回复', '尚未答复!'];
    for (const text of [...placeholders, ...dressed]) {
      expect(isReplyPlaceholder(text), text).toBe(true);
      expect(replyTextOrNone(text), text).toBeUndefined();
    }
  });

  it('is no reply when the box names the letter first or adds courtesies (该信件正在办理中，请耐心等候)', () => {
    const boxed = ['暂无回复，请耐心等待', '该信件正在办理中，请耐心等候。', '您的留言尚未回复，敬请期待！', '信件处理中 谢谢', '此件待办理，感谢您的关注', '该留言正在办理中'];
    for (const text of boxed) expect(replyTextOrNone(text), text).toBeUndefined();
    // Anything said besides the placeholder and its courtesies is a reply.
    const replies = ['该信件正在办理中，预计月底前答复，请耐心等待', '请耐心等待，谢谢', '您的留言已转区住建局办理，请耐心等待'];
    for (const text of replies) expect(replyTextOrNone(text), text).toBe(text);
  });

  it('a real reply opening with those words stays a reply', () => {
    const replies = ['正在办理中，现答复如下：路灯已于11月20日修复。', '未办结的原因是施工单位尚未进场。', '您好，暂无相关政策，建议咨询区人社局。', '无法办理，原因是该路段属市管。', '已办结', '同意', '已转区住建局办理'];
    for (const text of replies) {
      expect(isReplyPlaceholder(text), text).toBe(false);
      expect(replyTextOrNone(text), text).toBe(text);
    }
  });

  it('an empty text is none too, but no placeholder; a long text is never one', () => {
    expect(isReplyPlaceholder('')).toBe(false);
    expect(replyTextOrNone('  ')).toBeUndefined();
    expect(replyTextOrNone(undefined)).toBeUndefined();
    expect(isReplyPlaceholder(`${'—'.repeat(30)}`)).toBe(false);
  });
});

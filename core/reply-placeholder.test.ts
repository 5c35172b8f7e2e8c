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

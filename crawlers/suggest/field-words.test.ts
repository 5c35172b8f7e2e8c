import { describe, expect, it } from 'vitest';
import { labelValueRegex, noReplyYetRegex, withoutNoReplyYet } from './field-words.js';

const read = (regex: string, text: string) => {
  const m = new RegExp(regex).exec(text);
  return m ? (m[1] ?? m[0]).trim() : undefined;
};

describe('leaving a reply box placeholder out of the reply', () => {
  it('the reply rule regex keeps a reply and leaves out 暂无回复, 尚未回复, 等待回复', () => {
    expect(read(noReplyYetRegex, '您好！路灯已修复。')).toBe('您好！路灯已修复。');
    for (const text of ['暂无回复', '尚未回复', '等待回复', '暂未答复']) expect(read(noReplyYetRegex, text)).toBeUndefined();
  });

  it('a line of labels keeps its value regex, with the placeholder left out even after spaces', () => {
    const regex = withoutNoReplyYet(labelValueRegex('回复内容', ['回复单位']))!;
    expect(read(regex, '回复单位：区城管局 回复内容：已安排清理。')).toBe('已安排清理。');
    expect(read(regex, '回复单位： 回复内容：  暂无回复')).toBeUndefined();
    expect(withoutNoReplyYet('^(\\d+)$')).toBeUndefined();
  });
});

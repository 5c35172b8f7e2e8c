import { describe, expect, it } from 'vitest';
import { labelValueRegex } from './field-words.js';

const read = (regex: string, text: string) => {
  const m = new RegExp(regex).exec(text);
  return m ? (m[1] ?? m[0]).trim() : undefined;
};

describe('a line of labels', () => {
  it('reads the value of its label up to the next label', () => {
    const regex = labelValueRegex('回复内容', ['回复单位']);
    expect(read(regex, '回复单位：区城管局 回复内容：已安排清理。')).toBe('已安排清理。');
  });
});

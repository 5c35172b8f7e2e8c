import { describe, expect, it } from 'vitest';
import { maskName, maskText } from './mask.js';

describe('maskText', () => {
  it('masks mobile numbers, keeping the first three and last four digits', () => {
    expect(maskText('联系电话13812345678，谢谢')).toBe('联系电话138****5678，谢谢');
    expect(maskText('电话 +86 139-1234-5678')).toBe('电话 +86 139****5678');
    expect(maskText('电话１３８１２３４５６７８或１３８－１２３４－５６７８')).toBe('电话１３８****５６７８或１３８****５６７８');
  });
  it('masks landlines written with an area code', () => {
    expect(maskText('请拨打0919-6181234')).toBe('请拨打0919-***1234');
  });
  it('masks 18-digit ID numbers including an X check digit', () => {
    expect(maskText('身份证610203199001011234号')).toBe('身份证610203********1234号');
    expect(maskText('证号61020319900101123X')).toBe('证号610203********123X');
  });
  it('leaves other numbers alone (dates, amounts, a 19-digit number)', () => {
    const text = '2026年11月28日 欠薪35000元 编号1234567890123456789';
    expect(maskText(text)).toBe(text);
  });
  it("masks the author's name wherever it appears, but not anonymous labels", () => {
    expect(maskText('我是张建国，张建国的房子漏水', ['张建国'])).toBe('我是张**，张**的房子漏水');
    expect(maskText('网友反映问题', ['网友'])).toBe('网友反映问题');
  });
});

describe('maskName', () => {
  it('keeps the surname only', () => {
    expect(maskName('李娜')).toBe('李*');
    expect(maskName('王')).toBe('*');
    expect(maskName('')).toBe('');
  });
});

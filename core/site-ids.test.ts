import { describe, expect, it } from 'vitest';
import { canonicalSiteId, isDigitSiteId } from './site-ids.js';

describe('canonicalSiteId', () => {
  it('drops the leading zeros of an all-digit id, keeping a lone 0', () => {
    expect(canonicalSiteId('0004')).toBe('4');
    expect(canonicalSiteId('0017')).toBe('17');
    expect(canonicalSiteId('17')).toBe('17');
    expect(canonicalSiteId('100')).toBe('100');
    expect(canonicalSiteId('1000200')).toBe('1000200');
    expect(canonicalSiteId('0')).toBe('0');
    expect(canonicalSiteId('000')).toBe('0');
    expect(canonicalSiteId('0000000000000000000000042')).toBe('42');
  });

  it('leaves every other id as it is', () => {
    for (const id of ['XJ0007', '0007a', 'T04', '0x10', '-0004', ' 0004', '0004 ', '０００４', '00.4', '', '2026-0007']) expect(canonicalSiteId(id)).toBe(id);
    expect(isDigitSiteId('')).toBe(false);
    expect(isDigitSiteId('٠٠٤')).toBe(false); // Arabic-Indic digits: not ASCII
  });

  it('tells two spellings of one number apart from two numbers', () => {
    const same = (a: string, b: string) => canonicalSiteId(a) === canonicalSiteId(b);
    expect(same('4', '0004')).toBe(true);
    expect(same('0004', '004')).toBe(true);
    expect(same('0', '0000')).toBe(true);
    expect(same('40', '0004')).toBe(false);
    expect(same('400', '4')).toBe(false);
    expect(same('XJ0004', 'XJ4')).toBe(false);
  });
});

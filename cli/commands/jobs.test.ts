import { describe, expect, it } from 'vitest';
import { failedJobSubject } from './jobs.js';

describe('failedJobSubject', () => {
  it('names the source, the site id and the title of a letter', () => {
    expect(failedJobSubject({ message: { sourceId: 'district', siteId: '1024', title: '东风路路灯不亮' } })).toBe('来源 district 留言 1024 《东风路路灯不亮》');
  });

  it('says a letter has no site id instead of printing undefined (production QA: a payload without one read 留言 undefined)', () => {
    const line = failedJobSubject({ message: { sourceId: 'district', title: '缺少编号' } });
    expect(line).toBe('来源 district 留言 （无网站编号） 《缺少编号》');
    expect(failedJobSubject({ message: {} })).not.toMatch(/undefined|null/);
  });

  it('names a stored message or a crawl, and nothing for a payload it cannot read', () => {
    expect(failedJobSubject({ messageId: 'm1' })).toBe('留言 m1');
    expect(failedJobSubject({ sourceId: 'city' })).toBe('来源 city');
    expect(failedJobSubject(undefined)).toBe('');
    expect(failedJobSubject({ messageId: '' })).toBe('');
  });
});

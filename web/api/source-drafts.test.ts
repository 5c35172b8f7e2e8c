import { describe, expect, it } from 'vitest';
import type { CrawledMessage } from '../../core/index.js';
import { previewOf } from './source-drafts.js';

const letter: CrawledMessage = { sourceId: 's', channel: 'district_mailbox', siteId: '100052', title: '路灯不亮', content: '东风路路灯不亮', fetchedAt: '2026-12-01T04:00:00.000Z' };

describe('previewOf', () => {
  it('calls a letter answered by its reply text, not by the 办理单位 it was sent to (the demo mailbox prints that before any reply)', () => {
    expect(previewOf({ ...letter, siteStatus: '待回复', replyUnit: '区水务局' }).replied).toBe(false);
    expect(previewOf({ ...letter, replyText: '  ' }).replied).toBe(false);
    expect(previewOf({ ...letter, siteStatus: '已回复', replyUnit: '区水务局', replyText: '已安排维修。' }).replied).toBe(true);
  });
});

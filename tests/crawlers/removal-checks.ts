/** What the removal tests share: the three-message fixture, and the check that one removal is reported once. */
import { expect } from 'vitest';
import { crawlSource, MemoryCrawlStateStore, removedStatus } from '../../crawlers/index.js';
import { removalSource, type DetailAnswer, type RemovalSite, type RemovalSiteMessage } from './removal-site.js';

export const removalFixture: RemovalSiteMessage[] = [
  { id: '3', title: '小区门口路灯长期不亮', content: '晚上出行很不方便，请尽快维修。', status: '待回复' },
  { id: '2', title: '菜市场占道经营', content: '早高峰车辆无法通行，希望管理。', status: '办理中' },
  { id: '1', title: '咨询医保报销流程', content: '异地就医如何备案？', status: '已办结' },
];

/** How often the detail of `id` was requested. */
export const detailRequests = (s: RemovalSite, id: string) => s.requests().filter((p) => p === `/detail?id=${id}`).length;

/**
 * On a site started with `removalFixture`: crawls it once, then has message 3's detail answer
 * `how`: the next run must hand it on once as removed with `reason(site url)` and its last text,
 * count it, raise nothing, close it; the run after must not fetch it again.
 */
export async function expectRemovedOnce(site: RemovalSite, how: DetailAnswer, reason: (url: string) => string): Promise<void> {
  const source = removalSource(site);
  const state = new MemoryCrawlStateStore();
  const first = await crawlSource(source, { state });
  site.answer('3', how);
  const removed = await crawlSource(source, { state });
  expect(removed.changes).toEqual([{ siteId: '3', kind: 'removed', fields: ['siteStatus'], reason: reason(site.url) }]);
  const before = first.messages.find((m) => m.siteId === '3');
  expect({ ...removed.messages[0], fetchedAt: undefined }).toEqual({ ...before, siteStatus: removedStatus, fetchedAt: undefined });
  expect(removed.health.removedItems).toBe(1);
  expect(removed.health.pageErrors).toEqual([]);
  expect(removed.health.layoutAlert).toBeUndefined();
  expect((await state.get(source.id))?.items['3']).toMatchObject({ open: false, siteStatus: removedStatus });

  site.resetRequests();
  const later = await crawlSource(source, { state });
  expect(detailRequests(site, '3')).toBe(0);
  expect(later.changes).toEqual([]);
  expect(later.health.removedItems).toBe(0);
}

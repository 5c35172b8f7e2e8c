/**
 * The slow re-check of closed messages, against a real HTTP site on 127.0.0.1: a closed message
 * no longer on the list whose reply is edited is noticed as a change once `recheckClosedAfter` has
 * passed; one deleted later is reported removed once, with its text; at most `recheckClosedPerRun`
 * are re-checked per run, oldest check first, after the list walk and the open revisits and within
 * `maxPagesPerRun`; every re-check answering "removed" raises a layout alert instead; `off`
 * disables it. Time is driven by moving the state's last-check timestamps back, not by sleeping.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, MemoryCrawlStateStore, removedStatus, type SourceDefinition } from '../../crawlers/index.js';
import { removalSource, startRemovalSite, type RemovalSite, type RemovalSiteMessage } from './removal-site.js';

const day = 86_400_000;

let site: RemovalSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

const detailPaths = (s: RemovalSite) => s.requests().filter((p) => p.startsWith('/detail?id='));
const detailRequests = (s: RemovalSite, id: string) => s.requests().filter((p) => p === `/detail?id=${id}`).length;

/** Moves the last check of the given items back by that many days (as if the time had passed). */
async function checkedDaysAgo(state: MemoryCrawlStateStore, source: SourceDefinition, days: Record<string, number>): Promise<void> {
  const s = await state.get(source.id);
  if (!s) throw new Error('no state');
  for (const [id, d] of Object.entries(days)) {
    const item = s.items[id];
    if (!item) throw new Error(`no item ${id}`);
    item.lastCheckedAt = new Date(Date.now() - d * day).toISOString();
  }
  await state.put(source.id, s);
}

const lastChecked = async (state: MemoryCrawlStateStore, source: SourceDefinition, id: string) => Date.parse((await state.get(source.id))?.items[id]?.lastCheckedAt ?? '');

const closed = (id: string, reply = `答复${id}`): RemovalSiteMessage => ({ id, title: `来信${id}`, content: `内容${id}`, status: '已办结', reply });

describe('the slow re-check of closed messages', () => {
  it('notices a reply edited after the message closed and left the list, once recheckClosedAfter has passed', async () => {
    site = await startRemovalSite([{ id: '9', title: '路灯不亮', content: '请维修', status: '办理中' }, closed('2'), closed('1')]);
    const source = removalSource(site, undefined, 'recheckClosedAfter: 3d, recheckClosedPerRun: 5');
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    expect(first.changes.map((c) => c.kind)).toEqual(['new', 'new', 'new']);
    expect(first.health.recheckedItems).toBe(0);

    site.edit('1', { reply: '答复1（已更正：维修已于次日完成）' });
    site.answer('1', 'ok', { listed: false });
    site.resetRequests();
    const early = await crawlSource(source, { state });
    expect(detailRequests(site, '1')).toBe(0); // checked just now: not due
    expect(early.changes).toEqual([]);
    expect(early.health.recheckedItems).toBe(0);

    await checkedDaysAgo(state, source, { '1': 4, '2': 4 });
    site.resetRequests();
    const due = await crawlSource(source, { state });
    expect(due.changes).toEqual([{ siteId: '1', kind: 'changed', fields: ['replyText'] }]);
    expect(due.messages.map((m) => [m.siteId, m.siteStatus, m.replyText])).toEqual([['1', '已办结', '答复1（已更正：维修已于次日完成）']]);
    expect(due.health.recheckedItems).toBe(2); // '2' too: re-checked, unchanged
    expect(due.health.changedItems).toBe(1);
    expect(due.health.pageErrors).toEqual([]);
    // After the list walk and the open revisit (of '9'), never before.
    const paths = site.requests();
    expect(paths.slice(0, 2).sort()).toEqual(['/detail?id=9', '/list.html']);
    expect(paths.slice(2).sort()).toEqual(['/detail?id=1', '/detail?id=2']);
    // Both last-check times move on, changed or not.
    for (const id of ['1', '2']) expect(await lastChecked(state, source, id)).toBeGreaterThan(Date.now() - 60_000);

    site.resetRequests();
    const after = await crawlSource(source, { state });
    expect(detailPaths(site)).toEqual(['/detail?id=9']);
    expect(after.changes).toEqual([]);
    expect(after.health.recheckedItems).toBe(0);
  });

  it('reports a closed message deleted later (404) as removed once, with its text as last seen', async () => {
    site = await startRemovalSite([closed('2'), closed('1')]);
    const source = removalSource(site, undefined, 'recheckClosedAfter: 1d');
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    site.answer('1', '404');
    await checkedDaysAgo(state, source, { '1': 2 });
    const removed = await crawlSource(source, { state });
    expect(removed.changes).toEqual([{ siteId: '1', kind: 'removed', fields: ['siteStatus'], reason: '详情页返回 HTTP 404' }]);
    const before = first.messages.find((m) => m.siteId === '1');
    expect({ ...removed.messages[0], fetchedAt: undefined }).toEqual({ ...before, siteStatus: removedStatus, fetchedAt: undefined });
    expect(removed.health).toMatchObject({ removedItems: 1, recheckedItems: 1, pageErrors: [] });
    expect(removed.health.layoutAlert).toBeUndefined();
    expect((await state.get(source.id))?.items['1']).toMatchObject({ open: false, siteStatus: removedStatus });

    // Removed messages are not re-checked again, however old their last check.
    await checkedDaysAgo(state, source, { '1': 30 });
    site.resetRequests();
    const later = await crawlSource(source, { state });
    expect(detailRequests(site, '1')).toBe(0);
    expect(later.changes).toEqual([]);
    expect(later.health.removedItems).toBe(0);
  });

  it('re-checks at most recheckClosedPerRun per run, oldest check first', async () => {
    site = await startRemovalSite(['5', '4', '3', '2', '1'].map((id) => closed(id)));
    const source = removalSource(site, undefined, 'recheckClosedAfter: 1d, recheckClosedPerRun: 2');
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    await checkedDaysAgo(state, source, { '1': 5, '2': 9, '3': 7, '4': 8, '5': 6 });

    site.resetRequests();
    const one = await crawlSource(source, { state });
    expect(detailPaths(site).sort()).toEqual(['/detail?id=2', '/detail?id=4']);
    expect(one.health.recheckedItems).toBe(2);
    site.resetRequests();
    const two = await crawlSource(source, { state });
    expect(detailPaths(site).sort()).toEqual(['/detail?id=3', '/detail?id=5']);
    expect(two.health.recheckedItems).toBe(2);
    expect([one.changes, two.changes]).toEqual([[], []]);
    // '1' (checked most recently of the five) is next.
    site.resetRequests();
    await crawlSource(source, { state });
    expect(detailPaths(site)).toEqual(['/detail?id=1']);
  });

  it('moves the last check of a re-check that keeps failing on, so one broken page does not hold the queue', async () => {
    site = await startRemovalSite([closed('2'), closed('1')]);
    const source = removalSource(site, undefined, 'recheckClosedAfter: 1d, recheckClosedPerRun: 1');
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    site.answer('1', '500');
    await checkedDaysAgo(state, source, { '1': 3, '2': 2 });
    site.resetRequests();
    const failing = await crawlSource(source, { state });
    expect(detailPaths(site)).toEqual(['/detail?id=1', '/detail?id=1']); // first attempt + 1 retry
    expect(failing.health.recheckedItems).toBe(1);
    expect(failing.health.pageErrors.map((e) => e.error)).toEqual([expect.stringMatching(/重试 1 次后仍失败.*500/)]);
    expect(failing.changes).toEqual([]);
    expect((await state.get(source.id))?.items['1']).toMatchObject({ open: false, siteStatus: '已办结' });
    site.resetRequests();
    await crawlSource(source, { state });
    expect(detailPaths(site).filter((p) => p !== '/detail?id=9')).toEqual(['/detail?id=2']); // 9 is open: revisited anyway
  });

  it('stays within maxPagesPerRun: only what the list walk left of it', async () => {
    site = await startRemovalSite(['3', '2', '1'].map((id) => closed(id)));
    const source = removalSource(site, undefined, 'recheckClosedAfter: 1d, recheckClosedPerRun: 5, maxPagesPerRun: 2');
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    await checkedDaysAgo(state, source, { '1': 4, '2': 3, '3': 2 });
    site.resetRequests();
    const run = await crawlSource(source, { state });
    expect(site.requests()).toEqual(['/list.html', '/detail?id=1']);
    expect(run.health.recheckedItems).toBe(1);
  });

  it('raises a layout alert instead of removals when every re-check answers 404, and tries them again next run', async () => {
    site = await startRemovalSite(['4', '3', '2', '1'].map((id) => closed(id)));
    const source = removalSource(site, undefined, 'recheckClosedAfter: 1d');
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    for (const id of ['1', '2', '3', '4']) site.answer(id, '404', { listed: true });
    await checkedDaysAgo(state, source, { '1': 2, '2': 2, '3': 2, '4': 2 });
    // A new message read fine in the same run: the guard judges the re-checks on their own.
    site.add({ id: '5', title: '新来信', content: '内容5', status: '待回复' });
    const all = await crawlSource(source, { state });
    expect(all.changes).toEqual([{ siteId: '5', kind: 'new' }]);
    expect(all.health.removedItems).toBe(0);
    expect(all.health.recheckedItems).toBe(4);
    expect(all.health.layoutAlert).toMatch(/复查已办结留言时 4 个详情页都答复已删除.*详情页地址可能已改版/);
    const items = (await state.get(source.id))?.items ?? {};
    expect(Object.values(items).filter((k) => k.removed)).toEqual([]);
    for (const id of ['1', '2', '3', '4']) expect(await lastChecked(state, source, id)).toBeLessThan(Date.now() - day);

    // One of four deleted while the others answer: a removal, and the rest move on.
    for (const id of ['2', '3', '4']) site.answer(id, 'ok');
    const one = await crawlSource(source, { state });
    expect(one.changes).toEqual([{ siteId: '1', kind: 'removed', fields: ['siteStatus'], reason: '详情页返回 HTTP 404' }]);
    expect(one.health.layoutAlert).toBeUndefined();
    for (const id of ['2', '3', '4']) expect(await lastChecked(state, source, id)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('stops re-checking a closed message first seen longer ago than recheckClosedFor, and drops its text', async () => {
    site = await startRemovalSite([{ id: '9', title: '路灯不亮', content: '请维修', status: '办理中' }, closed('2'), closed('1')]);
    const source = removalSource(site, undefined, 'recheckClosedAfter: 3d, recheckClosedFor: 30d');
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    expect((await state.get(source.id))?.items['1']?.fields?.content).toBe('内容1');
    // Message 1 was first seen 40 days ago, message 2 ten: both last checked five days ago.
    const s = (await state.get(source.id))!;
    s.items['1']!.firstSeenAt = new Date(Date.now() - 40 * day).toISOString();
    s.items['2']!.firstSeenAt = new Date(Date.now() - 10 * day).toISOString();
    await state.put(source.id, s);
    await checkedDaysAgo(state, source, { '1': 5, '2': 5 });
    for (const id of ['1', '2']) site.answer(id, 'ok', { listed: false });
    site.resetRequests();
    const run = await crawlSource(source, { state });
    expect(detailPaths(site).filter((p) => p !== '/detail?id=9')).toEqual(['/detail?id=2']); // 9 is open: revisited anyway
    expect(run.health.recheckedItems).toBe(1);
    const after = (await state.get(source.id))!;
    expect(after.items['1']?.fields).toBeUndefined(); // past the age: no text kept
    expect(after.items['2']?.fields?.content).toBe('内容2');
    // `off` means no age limit.
    expect(removalSource(site, undefined, 'recheckClosedFor: off').watch.recheckClosedFor).toBe(0);
  });

  it('re-checks nothing when disabled (off or 0), and then keeps no text of closed messages', async () => {
    for (const setting of ['off', '0']) {
      site = await startRemovalSite([closed('2'), closed('1')]);
      const source = removalSource(site, undefined, `recheckClosedAfter: ${setting}`);
      expect(source.watch.recheckClosedAfter).toBe(0);
      const state = new MemoryCrawlStateStore();
      await crawlSource(source, { state });
      expect((await state.get(source.id))?.items['1']?.fields).toBeUndefined();
      site.edit('1', { reply: '新答复' });
      site.answer('1', 'ok', { listed: false });
      await checkedDaysAgo(state, source, { '1': 400, '2': 400 });
      site.resetRequests();
      const run = await crawlSource(source, { state });
      expect(detailPaths(site)).toEqual([]);
      expect(run.changes).toEqual([]);
      expect(run.health.recheckedItems).toBe(0);
      await site.close();
      site = undefined;
    }
  });
});

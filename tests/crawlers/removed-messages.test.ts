/**
 * Messages a site takes down: a known open message whose detail answers 404/410, shows the
 * source's `removedText` notice, or is redirected to the home page, the list or any page that is
 * not one of the source's detail pages, is reported once, as status 已从网站删除 with its text as
 * last seen, and not revisited (the same without an HTTP answer saying so: removed-in-page.test.ts);
 * an HTTP redirect to another detail page is a move, not a removal; a 404
 * of a never-seen item and a 500 stay page errors; a message that comes back is seen again with its
 * real status; a run in which every detail answers "removed" raises a layout alert instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, MemoryCrawlStateStore, removedStatus } from '../../crawlers/index.js';
import { detailRequests, expectRemovedOnce, removalFixture as fixture } from './removal-checks.js';
import { removalSource, startRemovalSite, type RemovalSite } from './removal-site.js';

let site: RemovalSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('messages removed from a watched site', () => {
  it('reports a known open message whose detail answers 404 once, with its text kept, and stops revisiting it', async () => {
    site = await startRemovalSite(fixture);
    const source = removalSource(site);
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    expect(first.changes.map((c) => c.kind)).toEqual(['new', 'new', 'new']);

    site.answer('3', '404');
    const removed = await crawlSource(source, { state });
    expect(removed.changes).toEqual([{ siteId: '3', kind: 'removed', fields: ['siteStatus'], reason: '详情页返回 HTTP 404' }]);
    expect(removed.messages).toHaveLength(1);
    const before = first.messages.find((m) => m.siteId === '3');
    const after = removed.messages[0];
    expect(after?.siteStatus).toBe(removedStatus);
    // Everything but the status is as last seen, so the store changes nothing but the status.
    expect({ ...after, siteStatus: undefined, fetchedAt: undefined }).toEqual({ ...before, siteStatus: undefined, fetchedAt: undefined });
    expect(removed.health.removedItems).toBe(1);
    expect(removed.health.changedItems).toBe(0);
    expect(removed.health.pageErrors).toEqual([]);
    expect(removed.health.openItems).toBe(1);
    expect(removed.health.lastSuccessAt).toBeDefined();
    const known = (await state.get(source.id))?.items['3'];
    expect(known).toMatchObject({ open: false, siteStatus: removedStatus });
    expect(known?.removed).toBeDefined();

    site.resetRequests();
    const later = await crawlSource(source, { state });
    expect(detailRequests(site, '3')).toBe(0);
    expect(detailRequests(site, '2')).toBe(1); // the other open message is still revisited
    expect(later.changes).toEqual([]);
    expect(later.health.removedItems).toBe(0);
  });

  it('keeps a 404 of a never-seen item a page error', async () => {
    site = await startRemovalSite(fixture);
    const source = removalSource(site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    site.add({ id: '4', title: '新来信', content: '内容', status: '待回复' });
    site.answer('4', '404', { listed: true });
    const result = await crawlSource(source, { state });
    expect(result.changes).toEqual([]);
    expect(result.health.removedItems).toBe(0);
    expect(result.health.pageErrors).toEqual([{ url: `${site.url}/detail?id=4`, error: '详情页返回 HTTP 404（留言 4）' }]);
    // No known message: kept only as never read, its detail tried again next run (crawlers/README.md, Details not read).
    expect((await state.get(source.id))?.items['4']).toMatchObject({ unfetched: true, fieldHashes: {} });
  });

  it('treats a 500 on a revisit as a fault: retried, reported, the message stays open and is revisited next run', async () => {
    site = await startRemovalSite(fixture);
    const source = removalSource(site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    site.answer('2', '500');
    site.resetRequests();
    const failing = await crawlSource(source, { state });
    expect(detailRequests(site, '2')).toBe(2); // first attempt + 1 retry
    expect(failing.changes).toEqual([]);
    expect(failing.health.removedItems).toBe(0);
    expect(failing.health.pageErrors.map((e) => e.error)).toEqual([expect.stringMatching(/重试 1 次后仍失败.*500/)]);
    expect((await state.get(source.id))?.items['2']).toMatchObject({ open: true, siteStatus: '办理中' });

    site.answer('2', 'ok');
    site.resetRequests();
    const recovered = await crawlSource(source, { state });
    expect(detailRequests(site, '2')).toBe(1);
    expect(recovered.changes).toEqual([]);
    expect(recovered.health.pageErrors).toEqual([]);
  });

  it('raises a layout alert instead of removals when every detail answers 404 (detail pages moved)', async () => {
    const open = [4, 5, 6, 7].map((n) => ({ id: String(n), title: `来信${n}`, content: `内容${n}`, status: '待回复' }));
    site = await startRemovalSite(open);
    const source = removalSource(site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    for (const m of open) site.answer(m.id, '404', { listed: true });
    const moved = await crawlSource(source, { state });
    expect(moved.changes).toEqual([]);
    expect(moved.messages).toEqual([]);
    expect(moved.health.removedItems).toBe(0);
    expect(moved.health.layoutAlert).toMatch(/4 个详情页都答复已删除.*详情页地址可能已改版/);
    expect(moved.health.openItems).toBe(4);
    // One of four taken down while the others answer: a removal.
    for (const m of open.slice(1)) site.answer(m.id, 'ok');
    const one = await crawlSource(source, { state });
    expect(one.changes).toEqual([{ siteId: '4', kind: 'removed', fields: ['siteStatus'], reason: '详情页返回 HTTP 404' }]);
    expect(one.health.layoutAlert).toBeUndefined();
  });

  it('reads a 410 the crawler cannot parse as a removal too', async () => {
    site = await startRemovalSite(fixture);
    const source = removalSource(site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    site.answer('2', '410');
    const result = await crawlSource(source, { state });
    expect(result.changes).toEqual([{ siteId: '2', kind: 'removed', fields: ['siteStatus'], reason: '详情页返回 HTTP 410' }]);
    expect(result.messages.map((m) => [m.siteId, m.siteStatus, m.content])).toEqual([['2', removedStatus, fixture[1]?.content]]);
    expect(result.health.pageErrors).toEqual([]);
  });

  it('recognises the removedText notice page, not the footer of a normal page, and sees a message that comes back', async () => {
    site = await startRemovalSite(fixture);
    const source = removalSource(site, '信件不存在|已被删除');
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    // Every page's footer says 已被删除: normal pages are not removals.
    expect(first.changes.map((c) => c.kind)).toEqual(['new', 'new', 'new']);
    const unchanged = await crawlSource(source, { state });
    expect(unchanged.changes).toEqual([]);

    site.answer('3', 'notice');
    const removed = await crawlSource(source, { state });
    expect(removed.changes).toEqual([{ siteId: '3', kind: 'removed', fields: ['siteStatus'], reason: '详情页显示“信件不存在”' }]);
    expect(removed.messages[0]).toMatchObject({ siteId: '3', siteStatus: removedStatus, title: fixture[0]?.title, content: fixture[0]?.content });

    // Without removedText the same notice page is a page error (no content), never a removal.
    const plain = removalSource(site);
    const plainState = new MemoryCrawlStateStore();
    site.answer('3', 'ok');
    await crawlSource(plain, { state: plainState });
    site.answer('3', 'notice');
    const noPattern = await crawlSource(plain, { state: plainState });
    expect(noPattern.changes).toEqual([]);
    expect(noPattern.health.pageErrors.map((e) => e.error)).toEqual([expect.stringMatching(/详情页缺少字段/)]);

    // Back on the site: the list shows it, its detail is fetched, its status changes back.
    site.answer('3', 'ok');
    site.resetRequests();
    const back = await crawlSource(source, { state });
    expect(detailRequests(site, '3')).toBe(1);
    expect(back.changes).toContainEqual({ siteId: '3', kind: 'changed', fields: ['siteStatus'] });
    expect(back.messages.find((m) => m.siteId === '3')?.siteStatus).toBe('待回复');
    const restored = (await state.get(source.id))?.items['3'];
    expect(restored).toMatchObject({ open: true, siteStatus: '待回复' });
    expect(restored?.removed).toBeUndefined();
    // Removed again later: reported again (it is a new event).
    site.answer('3', '404');
    const again = await crawlSource(source, { state });
    expect(again.changes).toEqual([{ siteId: '3', kind: 'removed', fields: ['siteStatus'], reason: '详情页返回 HTTP 404' }]);
  });

  describe('a known message whose detail is redirected', () => {
    it('reads a redirect to the home page as a removal, handed on once', async () => {
      site = await startRemovalSite(fixture);
      await expectRemovedOnce(site, 'to-home', (url) => `详情页被转到网站首页（${url}/）`);
    });

    it('reads a redirect to the list page, or to a page that is not a detail page, as a removal', async () => {
      site = await startRemovalSite(fixture);
      const source = removalSource(site);
      const state = new MemoryCrawlStateStore();
      await crawlSource(source, { state });
      site.answer('3', 'to-list');
      site.answer('2', 'to-error-page');
      const removed = await crawlSource(source, { state });
      expect(removed.changes).toEqual(
        expect.arrayContaining([
          { siteId: '3', kind: 'removed', fields: ['siteStatus'], reason: `详情页被转到列表页（${site.url}/list.html）` },
          { siteId: '2', kind: 'removed', fields: ['siteStatus'], reason: `详情页被转到非详情页地址（${site.url}/error.html?from=letter）` },
        ]),
      );
      expect(removed.changes).toHaveLength(2);
      expect(removed.messages.map((m) => [m.siteId, m.siteStatus]).sort()).toEqual([
        ['2', removedStatus],
        ['3', removedStatus],
      ]);
      expect(removed.health.pageErrors).toEqual([]);
    });

    it('follows a redirect to another detail page (a moved message): not a removal', async () => {
      site = await startRemovalSite(fixture);
      const source = removalSource(site);
      const state = new MemoryCrawlStateStore();
      await crawlSource(source, { state });
      site.answer('3', 'moved');
      site.resetRequests();
      const moved = await crawlSource(source, { state });
      expect(site.requests()).toContain('/detail?id=3-new'); // the redirect was followed
      expect(moved.changes).toEqual([]);
      expect(moved.messages).toEqual([]);
      expect(moved.health.removedItems).toBe(0);
      expect(moved.health.pageErrors).toEqual([]);
      expect((await state.get(source.id))?.items['3']).toMatchObject({ open: true, siteStatus: '待回复' });
      expect((await state.get(source.id))?.items['3']?.removed).toBeUndefined();
    });

    it('raises a layout alert instead of removals when every detail is redirected to the home page', async () => {
      const open = [4, 5, 6, 7].map((n) => ({ id: String(n), title: `来信${n}`, content: `内容${n}`, status: '待回复' }));
      site = await startRemovalSite(open);
      const source = removalSource(site);
      const state = new MemoryCrawlStateStore();
      await crawlSource(source, { state });
      for (const m of open) site.answer(m.id, 'to-home', { listed: true });
      const all = await crawlSource(source, { state });
      expect(all.changes).toEqual([]);
      expect(all.messages).toEqual([]);
      expect(all.health.removedItems).toBe(0);
      expect(all.health.layoutAlert).toMatch(/4 个详情页都答复已删除.*详情页地址可能已改版/);
      expect(all.health.openItems).toBe(4);
      expect(Object.values((await state.get(source.id))?.items ?? {}).filter((k) => k.removed)).toEqual([]);
    });
  });
});

/**
 * Messages a site takes down without an HTTP answer saying so (HTTP 200 each): a meta refresh or an
 * inline script sending the browser to the home page or the list, the list page answered at the
 * detail's address, a message box saying the message is gone and a step back, the home page itself
 * at the detail's address. Each is reported once as 已从网站删除; an in-page redirect to another
 * detail page is a move; a message box that says something else stays a page error; a run in which
 * every detail page sends the browser away raises a layout alert instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, MemoryCrawlStateStore, removedStatus } from '../../crawlers/index.js';
import { expectRemovedOnce, removalFixture as fixture } from './removal-checks.js';
import { removalSource, startRemovalSite, type RemovalSite } from './removal-site.js';

let site: RemovalSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('a known message whose detail sends the browser away without an HTTP redirect (HTTP 200)', () => {
  it('reads a meta refresh to the home page as a removal, handed on once', async () => {
    site = await startRemovalSite(fixture);
    await expectRemovedOnce(site, 'meta-to-home', (url) => `详情页跳转到网站首页（${url}/）`);
  });

  it('reads an inline script sending the browser to the list, and the list page answered at the detail address, as removals', async () => {
    site = await startRemovalSite(fixture);
    // The script page also carries the footer that mentions 已被删除: the redirect, not the notice, is the reason.
    const source = removalSource(site, '信件不存在|已被删除');
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    site.answer('3', 'script-to-list');
    site.answer('2', 'list-body');
    const removed = await crawlSource(source, { state });
    expect(removed.changes).toEqual(
      expect.arrayContaining([
        { siteId: '3', kind: 'removed', fields: ['siteStatus'], reason: `详情页跳转到列表页（${site.url}/list.html）` },
        { siteId: '2', kind: 'removed', fields: ['siteStatus'], reason: `详情页显示为列表页（${site.url}/detail?id=2）` },
      ]),
    );
    expect(removed.changes).toHaveLength(2);
    expect(removed.messages.map((m) => [m.siteId, m.siteStatus]).sort()).toEqual([
      ['2', removedStatus],
      ['3', removedStatus],
    ]);
    expect(removed.health.removedItems).toBe(2);
    expect(removed.health.pageErrors).toEqual([]);
    expect(removed.health.layoutAlert).toBeUndefined();
  });

  it('follows a meta refresh to another detail page (a moved message): not a removal', async () => {
    site = await startRemovalSite(fixture);
    const source = removalSource(site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    site.answer('3', 'meta-moved');
    site.edit('3', { status: '办理中' });
    site.resetRequests();
    const moved = await crawlSource(source, { state });
    expect(site.requests()).toContain('/detail?id=3-new'); // the refresh was followed
    expect(moved.changes).toEqual([{ siteId: '3', kind: 'changed', fields: ['siteStatus'] }]);
    expect(moved.health.removedItems).toBe(0);
    expect(moved.health.pageErrors).toEqual([]);
    expect(moved.health.layoutAlert).toBeUndefined();
    const known = (await state.get(source.id))?.items['3'];
    expect(known).toMatchObject({ open: true, siteStatus: '办理中' });
    expect(known?.removed).toBeUndefined();

    site.resetRequests();
    const later = await crawlSource(source, { state });
    expect(later.changes).toEqual([]);
    expect(later.health.removedItems).toBe(0);
    expect(later.health.pageErrors).toEqual([]);
  });

  it('raises a layout alert instead of removals when every detail page sends the browser away or shows the list', async () => {
    const open = [4, 5, 6, 7].map((n) => ({ id: String(n), title: `来信${n}`, content: `内容${n}`, status: '待回复' }));
    site = await startRemovalSite(open);
    const source = removalSource(site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    const hows = ['meta-to-home', 'script-to-list', 'list-body', 'meta-to-home'] as const;
    open.forEach((m, i) => site?.answer(m.id, hows[i] ?? 'ok', { listed: true }));
    // A new message whose detail shows the list too (a changed layout whose pages the list rules match) counts in the guard.
    site.add({ id: '8', title: '来信8', content: '内容8', status: '待回复' });
    site.answer('8', 'list-body', { listed: true });
    const all = await crawlSource(source, { state });
    expect(all.changes).toEqual([]);
    expect(all.messages).toEqual([]);
    expect(all.health.removedItems).toBe(0);
    expect(all.health.pageErrors[0]).toEqual({ url: `${site.url}/detail?id=8`, error: expect.stringMatching(/详情页缺少字段/) });
    expect(all.health.layoutAlert).toMatch(/5 个详情页都答复已删除（其中已知留言 4 条）.*详情页地址可能已改版/);
    expect(all.health.openItems).toBe(4);
    expect(Object.values((await state.get(source.id))?.items ?? {}).filter((k) => k.removed)).toEqual([]);
  });

  it('reads a message box saying the message is gone, then a step back, as a removal', async () => {
    site = await startRemovalSite(fixture);
    await expectRemovedOnce(site, 'alert-back', () => '详情页提示“该信件不存在或已被删除！”后返回上一页');
  });

  it('keeps a message box that says something else (系统繁忙) a page error: the message stays open and is fetched again', async () => {
    site = await startRemovalSite(fixture);
    const source = removalSource(site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    site.answer('3', 'alert-busy');
    const busy = await crawlSource(source, { state });
    expect(busy.changes).toEqual([]);
    expect(busy.health.removedItems).toBe(0);
    expect(busy.health.pageErrors).toEqual([{ url: `${site.url}/detail?id=3`, error: '详情页只弹出提示“系统繁忙，请稍后再试”并返回，未显示留言 3' }]);
    expect((await state.get(source.id))?.items['3']).toMatchObject({ open: true, siteStatus: '待回复' });

    site.answer('3', 'ok');
    site.edit('3', { status: '办理中' });
    const back = await crawlSource(source, { state });
    expect(back.changes).toEqual([{ siteId: '3', kind: 'changed', fields: ['siteStatus'] }]);
    expect(back.health.pageErrors).toEqual([]);
  });

  it('reads the home page answered at the detail address (its counter and date changed since) as a removal, fetching the home page once a run', async () => {
    site = await startRemovalSite(fixture);
    const source = removalSource(site);
    const state = new MemoryCrawlStateStore();
    const first = await crawlSource(source, { state });
    expect(site.requests()).not.toContain('/'); // no page without a message, no home page fetched
    site.answer('3', 'home-body');
    site.answer('2', 'home-body');
    site.resetRequests();
    const removed = await crawlSource(source, { state });
    expect(removed.changes.map((c) => [c.siteId, c.kind, c.reason]).sort()).toEqual([
      ['2', 'removed', `详情页显示为网站首页（${site.url}/detail?id=2）`],
      ['3', 'removed', `详情页显示为网站首页（${site.url}/detail?id=3）`],
    ]);
    expect(site.requests().filter((p) => p === '/')).toHaveLength(1);
    expect(removed.health.removedItems).toBe(2);
    expect(removed.health.pageErrors).toEqual([]);
    expect(removed.messages.find((m) => m.siteId === '3')?.content).toBe(first.messages.find((m) => m.siteId === '3')?.content);
  });

  it('does not take a page without a message for the home page when it is another page (a notice without removedText stays a page error)', async () => {
    site = await startRemovalSite(fixture);
    const source = removalSource(site);
    const state = new MemoryCrawlStateStore();
    await crawlSource(source, { state });
    site.answer('3', 'notice', { listed: true });
    const notice = await crawlSource(source, { state });
    expect(notice.changes).toEqual([]);
    expect(notice.health.removedItems).toBe(0);
    expect(notice.health.pageErrors).toEqual([{ url: `${site.url}/detail?id=3`, error: expect.stringMatching(/详情页缺少字段/) }]);
  });
});

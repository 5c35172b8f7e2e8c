/**
 * The console's 采集来源 page: a source the store still knows but the source file no longer has
 * reads 不在来源文件中, not 正常 (QA: a removed source showed 正常 fifty minutes after removal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSource, putCrawlState, type StoredCrawlState } from '../workflow/index.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
let heldUntil = '';
beforeAll(async () => {
  f = await openConsoleFixture({ sourceIds: ['in-file', 'recovered', 'failing', 'throttled', 'switched-off'], disabledSourceIds: ['switched-off'] });
  const now = new Date().toISOString();
  const before = new Date(Date.now() - 3600_000).toISOString();
  const alert = '布局告警：列表首页原有 5 条，本次解析出 0 条：网站可能改版';
  // One whose site changed an hour ago and reads well again; one failing since its last success.
  await ensureSource(f.store.db, { id: 'recovered', name: '省市转办件', channel: 'forwarded' });
  await putCrawlState(f.store.db, 'recovered', { sourceId: 'recovered', health: { lastRunAt: now, lastSuccessAt: now, lastErrorAt: before, lastError: alert, itemsFound: 5, pagesFetched: 1 } });
  await ensureSource(f.store.db, { id: 'failing', name: '网络问政平台', channel: 'other_web' });
  await putCrawlState(f.store.db, 'failing', { sourceId: 'failing', health: { lastRunAt: now, lastSuccessAt: before, lastErrorAt: now, lastError: '重试 4 次后仍失败：网站返回 HTTP 503', itemsFound: 0, pagesFetched: 1 } });
  // One whose site answered 429 with Retry-After: 3600 ten minutes ago: not to be visited for 50 minutes more.
  const until = new Date(Date.now() + 50 * 60_000).toISOString();
  await ensureSource(f.store.db, { id: 'throttled', name: '市长信箱', channel: 'city_mailbox' });
  await putCrawlState(f.store.db, 'throttled', { sourceId: 'throttled', items: {}, health: { lastRunAt: now, lastSuccessAt: before, lastErrorAt: now, lastError: '网站返回 HTTP 429 并要求 60 分钟后再访问（Retry-After）', itemsFound: 0, pagesFetched: 1, heldOff: { until, status: 429 } } as StoredCrawlState['health'] });
  heldUntil = new Date(until).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
  // Crawled (and failing) before the source file switched it off with `enabled: false` (production QA 2026-11-30).
  await ensureSource(f.store.db, { id: 'switched-off', name: '人民网领导留言板', channel: 'other_web' });
  await putCrawlState(f.store.db, 'switched-off', { sourceId: 'switched-off', health: { lastRunAt: before, lastSuccessAt: before, lastErrorAt: before, lastError: '浏览器列表页失败', itemsFound: 0, pagesFetched: 0 } });
  for (const [id, name] of [['in-file', '印台区区长信箱'], ['taken-out', '演示：印台区区长信箱']] as const) {
    await ensureSource(f.store.db, { id, name, channel: 'district_mailbox' });
    // Both crawled fine a moment ago: only the source file tells them apart.
    await putCrawlState(f.store.db, id, { sourceId: id, health: { lastRunAt: now, lastSuccessAt: now, itemsFound: 3, pagesFetched: 4 } });
  }
});
afterAll(async () => {
  await f?.close();
});

describe('采集来源', () => {
  it('shows a source no longer in the source file as removed, and does not count it as normal', async () => {
    const { context, page } = await f.signIn('egov');
    try {
      await page.goto(`${f.url}/#/sources`);
      await page.waitForSelector('#sources tbody tr');
      const status = async (id: string) => (await page.locator('#sources tbody tr', { hasText: id }).locator('td').nth(2).textContent())?.trim();
      expect(await status('in-file')).toBe('正常');
      expect(await status('taken-out')).toBe('不在来源文件中');
      // A source the file switches off is not crawled: 已停用, not 采集出错 from its last run.
      expect(await status('switched-off')).toBe('已停用（不采集）');
      expect(await page.textContent('.page-head .muted')).toMatch(/^共 6 个 · 正常 /);
      const problem = async (id: string) => (await page.locator('#sources tbody tr', { hasText: id }).locator('td.problem').textContent())?.trim();
      // QA: the recovered source read 正常 beside 布局告警…网站可能改版.
      expect(await status('recovered')).toBe('正常');
      expect(await problem('recovered')).toMatch(/^已恢复（.+ 出错：布局告警：列表首页原有 5 条，本次解析出 0 条：网站可能改版）$/);
      expect(await problem('failing')).toBe('重试 4 次后仍失败：网站返回 HTTP 503');
      expect(await problem('in-file')).toBe('');
      // QA: a site that asked for an hour's pause read as 采集出错 with the 429 only, saying nothing of until when.
      expect(await status('throttled')).toBe('网站要求暂停访问');
      expect(await problem('throttled')).toMatch(new RegExp(`^网站要求暂停访问至 (\\d+月\\d+日 )?${heldUntil}（Retry-After），到时再采集$`));
    } finally {
      await context.close();
    }
  });
});

/**
 * The console's 采集来源 page: a source the store still knows but the source file no longer has
 * reads 不在来源文件中, not 正常 (QA: a removed source showed 正常 fifty minutes after removal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSource, putCrawlState } from '../workflow/index.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await openConsoleFixture({ sourceIds: ['in-file'] });
  const now = new Date().toISOString();
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
      expect(await page.textContent('.page-head .muted')).toBe('共 2 个 · 正常 1 · 异常 0');
    } finally {
      await context.close();
    }
  });
});

/**
 * The review queue holding more cases than the page lists (after a long holiday): the page says
 * at the end of its list how many newer cases are not listed yet, instead of a count above the
 * list that the list does not reach. Real PostgreSQL, the app's web server and chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
  for (let i = 1; i <= 102; i++) {
    await f.addMessage({ title: `第${i}号：东风路${i}号楼前路灯不亮`, content: `东风路${i}号楼前的路灯坏了${i}天，晚上出行不便，请尽快修复。`, author: `市民${i}`, category: '投诉', confidence: 0.8 });
  }
}, 180_000);

afterAll(async () => {
  await f?.close();
});

describe('console: a review queue longer than the page', () => {
  it('says how many newer cases are not listed yet, and not once the list holds them all', async () => {
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#queue .queue-item');
    expect(await page.textContent('#queue-count')).toBe('待审核 102 条');
    expect(await page.locator('#queue .queue-item').count()).toBe(100);
    expect(await page.textContent('#queue-more')).toBe('以上是最早的 100 条，另有 2 条较新的留言，审核后依次列出');
    // Three registered with Enter: the rest fit on the page, and the note goes.
    for (let i = 0; i < 3; i++) {
      const before = await page.textContent('#queue-count');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.textContent('#queue-count')).not.toBe(before);
    }
    expect(await page.textContent('#queue-count')).toBe('待审核 99 条');
    await page.reload();
    await page.waitForSelector('#queue .queue-item');
    expect(await page.locator('#queue .queue-item').count()).toBe(99);
    expect(await page.locator('#queue-more').count()).toBe(0);
    await context.close();
  });
});

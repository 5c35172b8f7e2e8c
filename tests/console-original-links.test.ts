/**
 * A message's page address is text from the internet: in a real browser, the console makes 原文 a
 * link only for an http(s) address. A `javascript:` or `data:` address in the store (a source
 * module's or a JSONL file's, recorded before intake dropped them: pipeline/stages/normalize-message.ts)
 * is no link on the review page nor on the case page (its letter and its copies); an http(s) one is.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
const ids: Record<string, string> = {};

beforeAll(async () => {
  f = await openConsoleFixture();
  ids.script = await f.addMessage({ title: '路灯不亮请维修', content: '东风路路灯一周不亮。', author: '孙磊', category: '投诉', confidence: 0.9, unit: '区交通运输局', copy: true, url: 'javascript:fetch("/api/workflow/users").then((r)=>r.text()).then(alert)' });
  ids.data = await f.addMessage({ title: '自来水浑浊', content: '东坡村自来水浑浊。', author: '郑强', category: '投诉', confidence: 0.9, unit: '区水务局', url: 'data:text/html,<script>alert(1)</script>' });
  ids.web = await f.addMessage({ title: '公交站缺少遮阳棚', content: '建议公交站增加遮阳棚。', author: '吴倩', category: '建议', confidence: 0.9, unit: '区交通运输局', url: 'https://www.yintai.gov.cn/mailbox/show?id=88' });
});

afterAll(async () => {
  await f?.close();
});

/** Every link's address on the page's main part. */
const links = (page: Page) => page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));

describe('console: 原文 links', () => {
  it('links only an http(s) address, on the case page (letter and copies) and the review page', async () => {
    const { context, page } = await f.signIn('egov');
    for (const id of [ids.script!, ids.data!]) {
      await page.goto(`${f.url}/#/case/${id}`);
      await page.waitForSelector('#case-content');
      // The console's own documents of the case (打印交办单, 打印办理记录) aside: a path on this server.
      expect((await links(page)).filter((href) => !/^(#|https?:)/.test(href) && !/^\/api\/workflow\/cases\/[\w-]+\/(record|assignment-sheet)\.html$/.test(href))).toEqual([]);
      expect(await page.locator('main a', { hasText: '原文' }).count()).toBe(0);
    }
    await page.goto(`${f.url}/#/case/${ids.web}`);
    await page.waitForSelector('#case-content');
    expect(await page.locator('main a', { hasText: '原文' }).getAttribute('href')).toBe('https://www.yintai.gov.cn/mailbox/show?id=88');

    await page.goto(`${f.url}/#/review`);
    await page.waitForSelector('#review-title');
    const seen: string[] = [];
    for (;;) {
      const title = (await page.textContent('#review-title')) ?? '';
      seen.push(title);
      const shown = (await links(page)).filter((href) => !href.startsWith('#'));
      expect(shown, title).toEqual(title.includes('遮阳棚') ? ['https://www.yintai.gov.cn/mailbox/show?id=88'] : []);
      if (seen.length === 3) break;
      await page.keyboard.press('j');
      await page.waitForFunction((before) => document.querySelector('#review-title')?.textContent !== before, title);
    }
    expect(seen.sort()).toEqual(['公交站缺少遮阳棚', '自来水浑浊', '路灯不亮请维修']);
    await context.close();
  });
});

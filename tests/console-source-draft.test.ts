/**
 * The console's 起草新来源 page (#/sources/draft, web/console/js/pages/source-draft.js) in Chromium:
 * the admin follows 采集来源's link, gives a look-alike mailbox's list page (tests/crawlers/fixtures/
 * mailbox-layouts, served on 127.0.0.1), sees the draft's progress, then its YAML (read-only, 复制,
 * 下载), its notes and the trial's letters; a letter whose title is markup on the site is shown as
 * text (nothing of the site's runs in the console); a bad address is refused in Chinese with the
 * form kept as typed; the link is the admin's alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';
import { cards } from './crawlers/fixtures/mailbox-layouts/cards.js';
import { letters, type Letter } from './crawlers/fixtures/mailbox-layouts/index.js';
import { serve, type Served } from './crawlers/fixtures/mailbox-layouts/serve.js';

// Written on the site as escaped text: the crawler reads `<img …>` as the title's characters.
const hostileTitle = '<img src=x onerror="window.__drafted=1">路灯不亮';
const hostile: Letter = { ...letters[1]!, key: '1299', title: hostileTitle.replace(/</g, '&lt;').replace(/>/g, '&gt;') };
const shown: Letter[] = [hostile, ...letters];

let f: ConsoleFixture;
let site: Served;
beforeAll(async () => {
  f = await openConsoleFixture();
  site = await serve(() => cards.pages(shown));
}, 60_000);
afterAll(async () => {
  await site?.close();
  await f?.close();
});

describe('起草新来源', () => {
  it('drafts a source from the page: progress, then the YAML, notes and the trial letters, shown as text', async () => {
    const { context, page } = await f.signIn('admin');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/sources`);
      await page.click('#source-draft-link');
      await page.waitForSelector('#source-draft-form');

      // Not an http(s) address: refused in Chinese, nothing typed lost.
      await page.fill('#draft-list-url', 'ftp://example.gov.cn/list');
      await page.fill('#draft-name', '演示区长信箱');
      await page.click('#draft-start');
      await page.waitForFunction(() => document.querySelector('#draft-error')?.textContent?.includes('应以 http:// 或 https:// 开头'));
      expect(await page.inputValue('#draft-name')).toBe('演示区长信箱');
      expect(await page.inputValue('#draft-list-url')).toBe('ftp://example.gov.cn/list');

      await page.fill('#draft-list-url', site.url + cards.listPath);
      await page.fill('#draft-id', 'demo-letters');
      await page.selectOption('#draft-channel', 'district_mailbox');
      await page.click('#draft-start');
      // Progress while it runs: the state and what it has read.
      await page.waitForFunction(() => /正在读取网站页面并起草|正在按草稿试抓|已完成/.test(document.querySelector('#draft-status')?.textContent ?? ''));
      expect(await page.isDisabled('#draft-start')).toBe(true);
      expect(page.url()).toMatch(/#\/sources\/draft\?job=[0-9a-f-]{36}$/);
      await page.waitForSelector('#draft-result', { timeout: 60_000 });
      expect(await page.textContent('#draft-status')).toContain('已完成');

      const yaml = await page.inputValue('#draft-yaml');
      expect(yaml).toContain('sources:');
      expect(yaml).toContain('id: demo-letters');
      expect(await page.getAttribute('#draft-yaml', 'readonly')).not.toBeNull();
      expect(await page.textContent('#draft-how-to-add')).toContain('下载后加入来源文件');
      expect(await page.locator('#draft-notes').count()).toBe(1);

      // The trial's letters: title, time, status, reply; the site's markup as text.
      const rows = page.locator('#draft-preview tbody tr');
      expect(await rows.count()).toBe(shown.length);
      const titles = await page.locator('#draft-preview tbody td.title-cell').allTextContents();
      expect(titles).toContain(hostileTitle);
      expect(await page.locator('#draft-preview img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __drafted?: number }).__drafted)).toBeUndefined();
      const answered = letters.find((l) => l.reply)!;
      const row = rows.filter({ hasText: answered.title });
      expect(await row.locator('td').nth(3).textContent()).toBe(cards.status(answered));
      expect(await row.locator('td.replied').textContent()).toBe('有答复');
      expect(await row.locator('td').nth(2).textContent()).toContain(answered.postedAt.slice(0, 4));

      // 下载: the YAML as a file named for the source.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#draft-download')]);
      expect(download.suggestedFilename()).toBe('demo-letters.yaml');

      // A reload follows the same draft again.
      await page.reload();
      await page.waitForSelector('#draft-result');
      expect(await page.inputValue('#draft-yaml')).toBe(yaml);
      // The refused address's answer (400) is the one error the browser logs.
      expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('offers the link to the admin only', async () => {
    const { context, page } = await f.signIn('egov');
    try {
      await page.goto(`${f.url}/#/sources`);
      await page.waitForSelector('#sources');
      expect(await page.locator('#source-draft-link').count()).toBe(0);
      await page.goto(`${f.url}/#/sources/draft`);
      await page.waitForSelector('.error-box');
      expect(await page.textContent('.error-box')).toBe('只有系统管理员可以起草新来源');
    } finally {
      await context.close();
    }
  });
});

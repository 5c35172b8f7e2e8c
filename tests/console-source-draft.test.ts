/**
 * The console's 起草新来源 page (#/sources/draft, web/console/js/pages/source-draft.js) in Chromium:
 * the admin follows 采集来源's link, gives a look-alike mailbox's list page (tests/crawlers/fixtures/
 * mailbox-layouts, served on 127.0.0.1), sees the draft's progress, then its YAML (read-only, 复制,
 * 下载), its notes and the trial's letters; a letter whose title is markup on the site is shown as
 * text (nothing of the site's runs in the console); a bad address is refused in Chinese with the
 * form kept as typed; 加入来源文件 appends it to the source file and says it takes effect on
 * restart; 取消 stops a draft waiting on a slow site, the page saying 已取消; the link is the
 * admin's alone.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, watchPageErrors, type ConsoleFixture } from './console-fixture.js';
import { cards } from './crawlers/fixtures/mailbox-layouts/cards.js';
import { letters, type Letter } from './crawlers/fixtures/mailbox-layouts/index.js';
import { serve, type Served } from './crawlers/fixtures/mailbox-layouts/serve.js';
import { serveSlowSite, type SlowSite } from './source-draft-slow-site.js';
import { SourceDrafts } from '../web/index.js';

// Written on the site as escaped text: the crawler reads `<img …>` as the title's characters.
const hostileTitle = '<img src=x onerror="window.__drafted=1">路灯不亮';
const hostile: Letter = { ...letters[1]!, key: '1299', title: hostileTitle.replace(/</g, '&lt;').replace(/>/g, '&gt;') };
const shown: Letter[] = [hostile, ...letters];

const fileText = `sources:
  - id: yintai-mailbox
    name: 印台区区长信箱
    channel: district_mailbox
    startUrls: ['http://127.0.0.1:{{demoPort}}/list_1.html']
    list: { items: 'ul > li', fields: { title: a, content: p, detailUrl: { selector: a, attr: href }, siteId: { selector: a, attr: href } } }
`;
let f: ConsoleFixture;
let site: Served;
let slow: SlowSite;
let dir: string;
let sourceFile: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-console-drafts-'));
  sourceFile = path.join(dir, 'sources.yaml');
  await writeFile(sourceFile, fileText);
  f = await openConsoleFixture({ sourceDrafts: new SourceDrafts({ sourceFile: { path: sourceFile, vars: { demoPort: 3100 } } }) });
  site = await serve(() => cards.pages(shown));
  slow = await serveSlowSite();
}, 60_000);
afterAll(async () => {
  await slow?.close();
  await site?.close();
  await f?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
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
      expect(await page.textContent('#draft-how-to-add')).toContain(`追加到 ${sourceFile}`);
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

      // 加入来源文件: written, and said to take effect on restart.
      await page.click('#draft-add');
      await page.waitForSelector('#draft-added');
      expect(await page.textContent('#draft-added')).toMatch(new RegExp(`^已由 admin 于 .+ 加入来源文件 ${sourceFile}（原文件已备份为 ${sourceFile}\\.\\d{8}-\\d{6}\\.bak）。民声主程序只在启动时读取来源文件：重启民声主程序.*后生效`));
      expect(await readFile(sourceFile, 'utf8')).toMatch(/\n {2}- id: demo-letters\n/);

      // A reload follows the same draft again, and shows it added.
      await page.reload();
      await page.waitForSelector('#draft-result');
      expect(await page.inputValue('#draft-yaml')).toBe(yaml);
      expect(await page.locator('#draft-add').count()).toBe(0);
      expect(await page.textContent('#draft-added')).toContain('重启后生效');
      // The refused address's answer (400) is the one error the browser logs.
      expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('取消 stops a draft waiting on a slow site at once: the page says 已取消, and a draft may start again', async () => {
    const { context, page } = await f.signIn('admin');
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${f.url}/#/sources/draft`);
      await page.waitForSelector('#source-draft-form');
      expect(await page.locator('#draft-cancel').count()).toBe(0);
      await page.fill('#draft-list-url', `${slow.url}/slow-list.html`);
      await page.click('#draft-start');
      await page.waitForSelector('#draft-cancel');
      await expect.poll(() => slow.waiting()).toBe(1);
      const t0 = Date.now();
      await page.click('#draft-cancel');
      await page.waitForFunction(() => document.querySelector('#draft-status')?.textContent?.includes('已取消'), null, { timeout: 5_000 });
      // At once: waiting on the site, the draft would have ended at its page's 20 s limit.
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(await page.textContent('#draft-status')).toMatch(/^已取消 由 admin 于 .+ 取消（已读取 1 个页面）；可修改后重新起草（admin 于 .+ 开始）$/);
      expect(await page.locator('#draft-cancel').count()).toBe(0);
      expect(await page.isDisabled('#draft-start')).toBe(false);
      expect(await page.textContent('#draft-error')).toBe('');
      expect(await page.inputValue('#draft-list-url')).toBe(`${slow.url}/slow-list.html`);
      // The site's page was let go of, not left to its time limit.
      await expect.poll(() => slow.cutOff(), { timeout: 5_000 }).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

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

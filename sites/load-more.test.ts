/** The load-more shape in a real browser (Debian chromium): the script fills the list, #show_more pages on. */
import { chromium } from 'playwright';
import { describe, expect, it } from 'vitest';
import { sampleMessages, startSite } from './index.js';

describe('load-more in a browser', () => {
  it('renders the first batch, loads the rest with #show_more, then hides the button', async () => {
    const site = await startSite({ shape: 'load-more', messages: sampleMessages(12, 4), pageSize: 5 });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(site.startUrls[0]!);
      const rows = page.locator('ul.replyList > li');
      await expect.poll(() => rows.count()).toBe(5);
      await page.click('#show_more');
      await expect.poll(() => rows.count()).toBe(10);
      await page.click('#show_more');
      await expect.poll(() => rows.count()).toBe(12);
      expect(await page.isVisible('#show_more')).toBe(false);
      const hrefs = await page.locator('ul.replyList > li > a.title').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(site.messages().map((m) => `/liuyan/detail.html?tid=${m.id}`));
      expect(await page.locator('ul.replyList > li > em.domainType').first().textContent()).toBe(site.messages()[0]!.type);
    } finally {
      await browser.close();
      await site.close();
    }
  });
});

/**
 * The console's 采集来源 › 非本区留言 in chromium, after a real crawl of the look-alike GBK city
 * mailbox through the pipeline on PostgreSQL: the count per source, the list (newest first, the
 * reason, 原文 opened safely, the site's text as text), search by title, 转入受理 with a required
 * note, and the case page's event saying who brought the message back and why. Leaders read the
 * list without the button; handling units do not see it. 属地不明 and 其他区县 are told apart (a
 * filter, and the count of 属地不明 letters on the centre's review page and the board), and an
 * admin has a source's letters judged again with the completed gazetteer (重新判断).
 */
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createPipeline, crawlStage, InProcessQueue, RecheckScopeRuns, type Pipeline } from '../pipeline/index.js';
import { startSite, type ControlledSite } from '../sites/index.js';
import { createWebServer } from '../web/index.js';
import type { Store } from '../workflow/index.js';
import { createUser } from '../workflow/users/index.js';
import { chromiumArgs, password, signInToConsole } from './console-fixture.js';
import { cityMailboxMessages, cityMailboxSource } from './helpers/city-mailbox.js';
import { openTestPostgresStore } from './helpers/services.js';
import { exampleSource } from './crawlers/helpers.js';
import { sharedClassifier } from './pipeline-helpers.js';

const sourceId = 'example-gbk-city';
let site: ControlledSite;
let store: Store;
let queue: InProcessQueue;
let pipeline: Pipeline;
let app: FastifyInstance;
let url: string;
let browser: Browser;
let recheckRuns: RecheckScopeRuns;

beforeAll(async () => {
  site = await startSite({ shape: 'gbk-html', messages: cityMailboxMessages.map((m) => ({ ...m })) });
  store = await openTestPostgresStore();
  queue = new InProcessQueue({ concurrency: 2 });
  pipeline = createPipeline({ store, queue, classifier: await sharedClassifier(), logger: silentLogger, crawl: crawlStage({ store, sources: [await cityMailboxSource(site)], config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }) });
  await pipeline.start({ concurrency: 2 });
  await store.db.unit.create({ data: { id: 'u-water', name: '区水务局', keywords: ['供水'] } });
  for (const [username, role] of [['egov', 'egov_centre'], ['leader', 'leader'], ['water', 'unit'], ['admin', 'admin']] as const) {
    await createUser(store.db, { username, displayName: username, role, password, ...(role === 'unit' ? { unitId: 'u-water' } : {}) });
  }
  // 重新判断 uses the source file as an admin completed it (陈炉镇 listed), as the main job would after a restart.
  const completed = await exampleSource('gbk-html', site);
  recheckRuns = new RecheckScopeRuns({ store, sources: [completed], queue });
  app = await createWebServer({
    store,
    logger: silentLogger,
    queue,
    sourceIds: [sourceId],
    loginRateLimit: { max: 1000, timeWindowMs: 60_000 },
    recheckRuns,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  await pipeline.requestCrawl(sourceId);
  await queue.idle(60_000);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await recheckRuns?.stop();
  await app?.close();
  await queue?.close();
  await store?.close();
  await site?.close();
});

const signIn = (username: string) => signInToConsole(browser, url, username);

describe('采集来源 › 非本区留言', () => {
  it('lists the excluded messages with their reasons, searches by title, and brings one back with a note', async () => {
    const { context, page } = await signIn('egov');
    try {
      await page.goto(`${url}/#/sources`);
      const row = page.locator('#sources tbody tr', { hasText: sourceId });
      await row.waitFor();
      expect((await row.locator('td').nth(7).textContent())?.trim()).toBe('2');
      await row.locator('td.excluded a').click();
      await page.waitForSelector('#excluded tbody tr[data-id]');
      expect(page.url()).toContain(`#/sources/excluded?sourceId=${sourceId}`);
      expect(await page.textContent('#excluded-count')).toBe('共 2 条');
      const rows = page.locator('#excluded tbody tr');
      expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.siteId))).toEqual(['300002', '300001']);
      // The site's text is text: the <b> in a title is shown, never made an element.
      const chenlu = rows.nth(0);
      expect(await chenlu.locator('.excluded-title').textContent()).toBe('陈炉镇上街村<b>停水</b>三天');
      expect(await page.locator('#excluded b').count()).toBe(0);
      expect(await chenlu.locator('td.reason .reason-text').textContent()).toBe('未提及印台区的地名或单位');
      expect(await chenlu.locator('td.reason .badge.kind').textContent()).toBe('属地不明');
      expect(await rows.nth(1).locator('td.reason .reason-text').textContent()).toBe('所属区县为王益区，不是印台区');
      expect(await rows.nth(1).locator('td.reason .badge.kind').textContent()).toBe('其他区县');
      const original = chenlu.locator('a.original');
      expect(await original.getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+show\.asp\?id=300002$/);
      expect([await original.getAttribute('target'), await original.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer']);
      await chenlu.locator('.excluded-title').click();
      expect(await chenlu.locator('.message-text').textContent()).toBe(cityMailboxMessages[1]!.content);

      await page.fill('#excluded-filters input[name=q]', '噪音');
      await page.click('#excluded-filters button[type=submit]');
      await page.waitForFunction(() => document.querySelector('#excluded-count')?.textContent === '共 1 条');
      expect(await page.locator('#excluded tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.siteId))).toEqual(['300001']);

      await page.goto(`${url}/#/sources/excluded`);
      await page.waitForFunction(() => document.querySelector('#excluded-count')?.textContent === '共 2 条');
      const target = page.locator('#excluded tbody tr[data-site-id="300002"]');
      await target.locator('details.bring-back summary').click();
      await target.locator('button', { hasText: '确认转入' }).click();
      expect(await target.locator('.form-error').textContent()).toBe('请填写转入受理的理由');
      await target.locator('textarea[name=note]').fill('涉及陈炉镇，地名表漏列');
      await target.locator('button', { hasText: '确认转入' }).click();
      await page.waitForSelector('.toast.ok');
      await page.waitForFunction(() => document.querySelector('#excluded-count')?.textContent === '共 1 条');
      await queue.idle(60_000);

      await page.goto(`${url}/#/sources/excluded?status=brought_back`);
      const back = page.locator('#excluded tbody tr[data-site-id="300002"]');
      await back.locator('.brought-back a').waitFor();
      expect(await back.locator('.brought-back').textContent()).toContain('涉及陈炉镇，地名表漏列');
      await back.locator('.brought-back a').click();
      await page.waitForSelector('#timeline li[data-type="brought_back"]');
      const event = (await page.textContent('#timeline li[data-type="brought_back"]')) ?? '';
      expect(event).toContain('非本区留言转入受理');
      expect(event).toContain('egov');
      expect(event).toContain('说明：涉及陈炉镇，地名表漏列');
      expect(event).toContain('采集时的排除原因：未提及印台区的地名或单位');
      expect(await page.textContent('#case-title')).toBe('陈炉镇上街村<b>停水</b>三天');

      await page.goto(`${url}/#/sources`);
      await page.locator('#sources tbody tr', { hasText: sourceId }).waitFor();
      expect((await page.locator('#sources tbody tr', { hasText: sourceId }).locator('td').nth(7).textContent())?.trim()).toBe('1');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('shows leaders the list without 转入受理, and handling units nothing', async () => {
    const leader = await signIn('leader');
    try {
      await leader.page.goto(`${url}/#/sources/excluded`);
      await leader.page.waitForSelector('#excluded tbody tr[data-id]');
      expect(await leader.page.locator('#excluded details.bring-back').count()).toBe(0);
    } finally {
      await leader.context.close();
    }
    const unit = await signIn('water');
    try {
      expect(await unit.page.locator('#nav a', { hasText: '采集来源' }).count()).toBe(0);
      const res = await unit.page.request.get(`${url}/api/console/sources/excluded`);
      expect(res.status()).toBe(403);
    } finally {
      await unit.context.close();
    }
  }, 60_000);

  it('tells 属地不明 from 其他区县, counts the first where the centre and the board look, and lets an admin judge them again', async () => {
    site.addMessage({ id: '300010', title: '永安村路灯坏了半个月', content: '陈炉镇永安村村口的路灯坏了半个月，晚上出行不便。', author: '赵先生', status: '待回复', district: undefined });
    await pipeline.requestCrawl(sourceId);
    await queue.idle(60_000);
    const egov = await signIn('egov');
    try {
      // The centre's home (分类审核) says how many 属地不明 letters wait, linking to them.
      await egov.page.goto(`${url}/#/review`);
      const link = egov.page.locator('#unclear-excluded');
      await link.waitFor();
      expect(await link.textContent()).toBe('属地不明待查看 1 条');
      await link.click();
      await egov.page.waitForFunction(() => document.querySelector('#excluded-count')?.textContent === '共 1 条');
      expect(await egov.page.locator('#excluded tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.siteId))).toEqual(['300010']);
      expect(await egov.page.locator('#excluded-filters select[name=exclusionKind]').inputValue()).toBe('no_place');
      await egov.page.selectOption('#excluded-filters select[name=exclusionKind]', 'other_district');
      await egov.page.click('#excluded-filters button[type=submit]');
      await egov.page.waitForFunction(() => [...document.querySelectorAll('#excluded tbody tr')].map((tr) => (tr as HTMLElement).dataset.siteId).join() === '300001');
      // Only admins judge again.
      expect(await egov.page.locator('#recheck-scope').count()).toBe(0);
    } finally {
      await egov.context.close();
    }
    const leader = await signIn('leader');
    try {
      await leader.page.goto(`${url}/#/board`);
      await leader.page.locator('#unclear-excluded').waitFor();
      expect(await leader.page.textContent('#unclear-excluded')).toBe('属地不明待查看 1 条');
    } finally {
      await leader.context.close();
    }

    const admin = await signIn('admin');
    try {
      await admin.page.goto(`${url}/#/sources/excluded`);
      await admin.page.locator('#recheck-hint').waitFor();
      await admin.page.goto(`${url}/#/sources/excluded?sourceId=${sourceId}`);
      admin.page.once('dialog', (d) => void d.accept());
      await admin.page.click('#recheck-scope');
      await admin.page.locator('#recheck-done').waitFor();
      expect(await admin.page.textContent('#recheck-done')).toBe('重新判断 2 条：转入受理 1 条，仍排除 1 条（原因更新 0 条）');
      await admin.page.waitForFunction(() => document.querySelector('#excluded-count')?.textContent === '共 1 条');
      await queue.idle(60_000);
      const message = await store.db.message.findFirstOrThrow({ where: { sourceId, siteId: '300010' }, include: { case: { include: { events: true } } } });
      expect(message.case?.state).toBe('awaiting_review');
      expect(message.case?.events.find((e) => e.type === 'brought_back')).toMatchObject({ actor: 'admin', role: 'admin', data: expect.objectContaining({ note: '地名表更新后重新判断：提及陈炉镇' }) });
      // Nothing 属地不明 is left: the count is gone from the board.
      await admin.page.goto(`${url}/#/board`);
      await admin.page.locator('.page-head h2').waitFor();
      expect(await admin.page.locator('#unclear-excluded').count()).toBe(0);
    } finally {
      await admin.context.close();
    }
  }, 120_000);
});

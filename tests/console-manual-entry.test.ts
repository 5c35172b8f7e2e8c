/**
 * The console's 录入留言 page in chromium, over the real pipeline (in-process queue) on
 * PostgreSQL: the centre reaches it from 分类审核, enters a 转办单 and follows the link to its new
 * case, whose log names the 转办编号 and who entered it; entering the number again says so and
 * links the same case; a refusal by the server keeps what was typed; a copy of a case's letter
 * says it was linked to that case; the same letter sent again is refused, and 确为另一位群众的来信
 * enters it; so is the same writer's letter of the same day typed again with a typo fixed; a message's text is shown as text. Leaders have no such link
 * and cannot open the page. On a 1366×768 desktop the form starts with no channel chosen and says
 * every missing field at once, takes its dates with date pickers (a 留言日期 after today said
 * beside the field), keeps a readable width, keeps a letter typed and not yet entered across leaving
 * the page and a reload, and shows a refusal of the server once, in its words.
 */
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createPipeline, InProcessQueue, type Pipeline } from '../pipeline/index.js';
import { createWebServer } from '../web/index.js';
import type { Store } from '../workflow/index.js';
import { createUser } from '../workflow/users/index.js';
import { chromiumArgs, password, signInToConsole, watchPageErrors } from './console-fixture.js';
import { openTestPostgresStore } from './helpers/services.js';
import { sharedClassifier } from './pipeline-helpers.js';

let store: Store;
let queue: InProcessQueue;
let pipeline: Pipeline;
let app: FastifyInstance;
let url: string;
let browser: Browser;

beforeAll(async () => {
  store = await openTestPostgresStore();
  queue = new InProcessQueue({ concurrency: 2 });
  pipeline = createPipeline({ store, queue, classifier: await sharedClassifier(), logger: silentLogger });
  await pipeline.start({ concurrency: 2 });
  for (const [username, role] of [['egov', 'egov_centre'], ['leader', 'leader']] as const) await createUser(store.db, { username, displayName: username, role, password });
  app = await createWebServer({ store, logger: silentLogger, queue, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await queue?.close();
  await store?.close();
});

const letter = {
  forwardNo: 'SZB-2026-1128',
  title: '陈炉镇<img src=x onerror="window.hacked=1">公交停运',
  content: '省长信箱转办：陈炉镇到城区的公交车近十天停运，群众出行困难，请核实处理。<script>window.hacked=2</script>',
};

/** A day in Beijing `days` from today, YYYY-MM-DD. */
const beijingDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** Counts the entries a page sends (POST /api/console/messages). */
function countEntries(page: Page): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/console/messages')) n += 1;
  });
  return () => n;
}

/** The messages shown beside the form's fields, in the form's order. */
const fieldErrors = (page: Page) => page.locator('#entry-form .field-error').allTextContents();

describe('录入留言 in the console', () => {
  it('enters a 转办单 from 分类审核 and links to its case; the number entered again links the same case', async () => {
    const { context, page } = await signInToConsole(browser, url, 'egov');
    const errors = watchPageErrors(page);
    await page.goto(`${url}/#/review`);
    await page.click('#entry-link');
    await page.waitForSelector('#entry-form');
    await page.selectOption('#entry-channel', 'forwarded');
    expect(await page.isVisible('#entry-forward-no')).toBe(true);
    await page.selectOption('#entry-origin', 'province');
    await page.fill('#entry-forward-no', letter.forwardNo);
    // The 转办单's own deadline (上级办理时限), which 交办 keeps the due date within.
    await page.fill('#entry-upper-deadline', '2026-12-03');
    await page.fill('#entry-title', letter.title);
    await page.fill('#entry-content', letter.content);
    await page.fill('#entry-author', '赵先生');
    await page.fill('#entry-posted-at', '2026-11-27');
    await page.click('#entry-submit');
    await page.waitForSelector('#entry-case-link');
    expect(await page.textContent('#entry-result')).toContain('已录入并生成案件');
    const ledgerNo = (await page.textContent('#entry-case-link'))!;
    expect(ledgerNo).toMatch(/^YT-/);
    // Cleared for the next 转办单, the channel and level kept.
    expect(await page.inputValue('#entry-title')).toBe('');
    expect(await page.inputValue('#entry-origin')).toBe('province');
    expect(await page.inputValue('#entry-upper-deadline')).toBe('');
    expect((await store.db.message.findFirstOrThrow()).forwarding).toEqual({ originLevel: 'province', forwardNo: 'SZB-2026-1128', upperDeadline: '2026-12-03' });

    await page.click('#entry-case-link');
    await page.waitForSelector('#case-title');
    expect(await page.textContent('#case-title')).toBe(letter.title);
    expect(await page.locator('#view img').count()).toBe(0);
    const entered = page.locator('#timeline li[data-type="entered_by_hand"]');
    await expect.poll(() => entered.textContent()).toContain('手工录入留言');
    // Nobody crawled it: its case's creation is 录入并生成台账, not 采集并生成台账.
    expect(await page.textContent('#timeline li[data-type="case_created"] strong')).toBe('录入并生成台账');
    const shown = (await entered.textContent())!;
    expect(shown).toContain('转办编号：SZB-2026-1128');
    expect(shown).toContain('转办层级：省级转办');
    expect(shown).toContain('上级办理时限：2026-12-03');
    expect(shown).toContain('手工录入（省市转办）');

    // The same 转办单 again: nothing new, a link to the same case.
    await page.goto(`${url}/#/enter`);
    await page.waitForSelector('#entry-form');
    await page.selectOption('#entry-channel', 'forwarded');
    await page.selectOption('#entry-origin', 'province');
    await page.fill('#entry-forward-no', letter.forwardNo);
    await page.fill('#entry-title', '陈炉镇公交停运（重复录入）');
    await page.fill('#entry-content', '重复的转办单');
    await page.click('#entry-submit');
    await page.waitForSelector('#entry-result');
    expect(await page.textContent('#entry-result')).toContain('已录入过');
    expect(await page.textContent('#entry-case-link')).toBe(ledgerNo);
    expect(await store.db.message.count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    await context.close();
  });

  it('says a copy of a case’s letter (a WeChat post) was linked to that case', async () => {
    const { context, page } = await signInToConsole(browser, url, 'egov');
    await page.goto(`${url}/#/enter`);
    await page.waitForSelector('#entry-form');
    await page.selectOption('#entry-channel', 'other_web');
    expect(await page.isVisible('#entry-forward-no')).toBe(false);
    await page.fill('#entry-title', letter.title);
    await page.fill('#entry-content', letter.content);
    // 渠道说明 is required for another channel: said beside the field, nothing sent.
    await page.click('#entry-submit');
    await expect.poll(() => page.locator('.field-error').allTextContents()).toContain('请填写渠道说明（如：微信公众号）');
    await page.fill('#entry-channel-note', '微信公众号“印台发布”');
    await page.click('#entry-submit');
    await page.waitForSelector('#entry-case-link');
    expect(await page.textContent('#entry-result')).toContain('已作为该案件的重复留言并入');
    const first = await store.db.message.findFirstOrThrow({ where: { sourceId: 'manual-forwarded' }, include: { case: true } });
    expect(await page.textContent('#entry-case-link')).toBe(first.case!.ledgerNo);
    await context.close();
  });

  it('refuses the same letter sent again (after a network error) and offers 确为另一位群众的来信, which enters it', async () => {
    const { context, page } = await signInToConsole(browser, url, 'egov');
    const errors = watchPageErrors(page);
    const same = { title: '庙湾镇卫生院夜间无人值班', content: '庙湾镇卫生院晚上没有医生值班，急病只能去城区。' };
    const fill = async () => {
      await page.selectOption('#entry-channel', 'district_mailbox');
      await page.fill('#entry-title', same.title);
      await page.fill('#entry-content', same.content);
    };
    await page.goto(`${url}/#/enter`);
    await page.waitForSelector('#entry-form');
    await fill();
    await page.click('#entry-submit');
    await page.waitForSelector('#entry-case-link');
    expect(await page.isVisible('#entry-allow-same')).toBe(false);
    // The clerk did not see it go through and enters it again.
    await fill();
    await page.click('#entry-submit');
    await expect.poll(() => page.textContent('#entry-error')).toMatch(/^与已录入的留言（案件 YT-\d{4}-\d{6}）相同，未重复录入。如确为另一位群众的来信，请勾选“确为另一位群众的来信”后再点录入。$/);
    expect(await page.isVisible('#entry-allow-same')).toBe(true);
    expect(await page.inputValue('#entry-title')).toBe(same.title);
    expect(await store.db.message.count({ where: { title: same.title } })).toBe(1);
    // It really is another citizen's letter: ticked, it is entered and joins the case as a copy.
    await page.check('#entry-allow-same');
    await page.click('#entry-submit');
    await expect.poll(() => page.textContent('#entry-result')).toContain('已作为该案件的重复留言并入');
    expect(await store.db.message.count({ where: { title: same.title } })).toBe(2);
    expect(await page.isVisible('#entry-allow-same')).toBe(false);
    expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    await context.close();
  });

  it('refuses the same writer’s letter of the same day typed again with a typo fixed, saying it is nearly identical, and 确为另一位群众的来信 enters it', async () => {
    const { context, page } = await signInToConsole(browser, url, 'egov');
    const errors = watchPageErrors(page);
    const letter = {
      title: '广阳镇卫生院药品短缺',
      content: '广阳镇卫生院常用的降压药和降糖药经常断货，村里的老人每个月都要跑到城区医院去开药，来回车费加上挂号费负担很重。卫生院说是上面配送不及时。希望区卫健局协调药品配送，保证乡镇卫生院常用药品供应。',
    };
    const fill = async (content: string) => {
      await page.selectOption('#entry-channel', 'district_mailbox');
      await page.fill('#entry-title', letter.title);
      await page.fill('#entry-content', content);
      await page.fill('#entry-author', '吴秀英');
      await page.fill('#entry-posted-at', '2026-11-20');
    };
    await page.goto(`${url}/#/enter`);
    await page.waitForSelector('#entry-form');
    await fill(letter.content.replace('降糖药', '降糖要'));
    await page.click('#entry-submit');
    await page.waitForSelector('#entry-case-link');
    // The typo noticed: typed again, corrected.
    await fill(letter.content);
    await page.click('#entry-submit');
    await expect.poll(() => page.textContent('#entry-error')).toMatch(/^与已录入的留言（案件 YT-\d{4}-\d{6}）几乎相同（同一留言人、同一留言时间，内容相似度 9\d%），未重复录入。如确为另一位群众的来信，请勾选“确为另一位群众的来信”后再点录入。$/);
    expect(await page.isVisible('#entry-allow-same')).toBe(true);
    expect(await store.db.message.count({ where: { author: '吴秀英' } })).toBe(1);
    await page.check('#entry-allow-same');
    await page.click('#entry-submit');
    await expect.poll(() => page.textContent('#entry-result')).toContain('已作为该案件的重复留言并入');
    expect(await store.db.message.count({ where: { author: '吴秀英' } })).toBe(2);
    expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    await context.close();
  });

  it('offers leaders no 录入留言 and keeps them off the page', async () => {
    const { context, page } = await signInToConsole(browser, url, 'leader');
    await page.goto(`${url}/#/review`);
    await page.waitForSelector('#queue-count');
    expect(await page.locator('#entry-link').count()).toBe(0);
    await page.goto(`${url}/#/enter`);
    await expect.poll(() => page.evaluate(() => location.hash)).not.toBe('#/enter');
    expect(await page.locator('#entry-form').count()).toBe(0);
    await context.close();
  });
});

describe('录入留言: the form a clerk fills in on a 1366×768 desktop', () => {
  const desktop = { viewport: { width: 1366, height: 768 } };

  it('starts with no channel chosen: an empty 录入 names every missing field at once, 请选择渠道 first, and sends nothing', async () => {
    const { context, page } = await signInToConsole(browser, url, 'egov', desktop);
    const entries = countEntries(page);
    await page.goto(`${url}/#/enter`);
    await page.waitForSelector('#entry-form');
    expect(await page.inputValue('#entry-channel')).toBe('');
    expect(await page.locator('#entry-channel option:checked').textContent()).toBe('（请选择渠道）');
    await page.click('#entry-submit');
    await expect.poll(() => fieldErrors(page)).toEqual(['请选择渠道', '请填写标题', '请填写内容']);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('entry-channel');
    // A channel chosen: what that channel needs joins the list, the rest stays.
    await page.selectOption('#entry-channel', 'forwarded');
    await page.click('#entry-submit');
    await expect.poll(() => fieldErrors(page)).toEqual(['请填写转办编号', '请填写标题', '请填写内容']);
    expect(entries()).toBe(0);
    await context.close();
  });

  it('takes its dates with date pickers and says a 留言日期 after today beside the field, sending nothing', async () => {
    const { context, page } = await signInToConsole(browser, url, 'egov', desktop);
    const entries = countEntries(page);
    await page.goto(`${url}/#/enter`);
    await page.waitForSelector('#entry-form');
    expect(await page.getAttribute('#entry-posted-at', 'type')).toBe('date');
    expect(await page.getAttribute('#entry-upper-deadline', 'type')).toBe('date');
    // The picker offers no day after today (Beijing).
    expect(await page.getAttribute('#entry-posted-at', 'max')).toBe(beijingDay(0));
    await page.selectOption('#entry-channel', 'forwarded');
    await page.fill('#entry-forward-no', 'SZB-2026-2001');
    await page.fill('#entry-upper-deadline', beijingDay(10));
    await page.fill('#entry-title', '城关街道路灯不亮');
    await page.fill('#entry-content', '城关街道路灯不亮半个月了。');
    await page.fill('#entry-posted-at', beijingDay(1));
    await page.click('#entry-submit');
    await expect.poll(() => fieldErrors(page)).toEqual(['留言时间不能晚于现在']);
    expect(await page.locator('label.field', { has: page.locator('#entry-posted-at') }).locator('.field-error').textContent()).toBe('留言时间不能晚于现在');
    // A date typed half (the month only) is said, not sent as no date.
    await page.fill('#entry-posted-at', '');
    await page.focus('#entry-posted-at');
    await page.keyboard.type('11');
    await page.click('#entry-submit');
    await expect.poll(() => fieldErrors(page)).toEqual(['留言日期不完整：请填写年、月、日，或清空']);
    expect(entries()).toBe(0);
    await context.close();
  });

  it('is a readable width, its 录入 button as wide as its word', async () => {
    const { context, page } = await signInToConsole(browser, url, 'egov', desktop);
    await page.goto(`${url}/#/enter`);
    await page.waitForSelector('#entry-form');
    const width = async (selector: string) => Math.round((await page.locator(selector).boundingBox())!.width);
    // It stretched across the window: 1326 px, the button 1292 px.
    expect(await width('#entry-form')).toBeLessThanOrEqual(920);
    expect(await width('#entry-submit')).toBeLessThan(120);
    expect(await width('#entry-title')).toBeGreaterThan(600);
    await context.close();
  });

  it('keeps a letter typed and not yet entered when the clerk leaves the page or reloads it, and forgets it once entered', async () => {
    const { context, page } = await signInToConsole(browser, url, 'egov', desktop);
    await page.goto(`${url}/#/enter`);
    await page.waitForSelector('#entry-form');
    await page.selectOption('#entry-channel', 'forwarded');
    await page.selectOption('#entry-origin', 'province');
    await page.fill('#entry-forward-no', 'SZB-2026-3001');
    await page.fill('#entry-author', '刘女士');
    await page.fill('#entry-title', '红土镇自来水浑浊');
    await page.fill('#entry-content', '省长信箱转办：红土镇近一周自来水浑浊发黄，无法饮用，请核实处理。');
    // 返回分类审核 (or the menu) and back: everything typed is there again (it was an empty form).
    await page.click('#entry-form a[href="#/review"]');
    await page.waitForSelector('#entry-link');
    await page.click('#entry-link');
    await page.waitForSelector('#entry-form');
    const typed = async () => Promise.all(['#entry-channel', '#entry-origin', '#entry-forward-no', '#entry-author', '#entry-title', '#entry-content'].map((s) => page.inputValue(s)));
    const letterTyped = ['forwarded', 'province', 'SZB-2026-3001', '刘女士', '红土镇自来水浑浊', '省长信箱转办：红土镇近一周自来水浑浊发黄，无法饮用，请核实处理。'];
    expect(await typed()).toEqual(letterTyped);
    expect(await page.isVisible('#entry-forward-no')).toBe(true);
    await page.reload();
    await page.waitForSelector('#entry-form');
    expect(await typed()).toEqual(letterTyped);
    // Entered: the letter is gone from the form and stays gone; the channel and level stay for the next 转办单.
    await page.click('#entry-submit');
    await page.waitForSelector('#entry-result');
    await page.reload();
    await page.waitForSelector('#entry-form');
    expect(await typed()).toEqual(['forwarded', 'province', '', '', '', '']);
    await context.close();
  });

  it('shows a refusal of the server once, in its own words, and keeps what was typed', async () => {
    const { context, page } = await signInToConsole(browser, url, 'egov', desktop);
    // The clerk's computer runs three days ahead: its tomorrow passes the page's check, the server refuses it.
    await page.clock.setFixedTime(new Date(Date.now() + 3 * 86_400_000));
    await page.goto(`${url}/#/enter`);
    await page.waitForSelector('#entry-form');
    await page.selectOption('#entry-channel', 'other_web');
    await page.fill('#entry-channel-note', '微信公众号“印台发布”');
    await page.fill('#entry-title', '城关街道路灯不亮');
    await page.fill('#entry-content', '城关街道路灯不亮半个月了。');
    await page.fill('#entry-posted-at', beijingDay(1));
    await page.click('#entry-submit');
    // Was 参数 留言时间 无效：留言时间不能晚于现在.
    await expect.poll(() => page.textContent('#entry-error')).toBe('留言时间不能晚于现在');
    expect(await page.inputValue('#entry-title')).toBe('城关街道路灯不亮');
    expect(await page.inputValue('#entry-channel-note')).toBe('微信公众号“印台发布”');
    expect(await page.inputValue('#entry-posted-at')).toBe(beijingDay(1));
    expect(await store.db.message.count({ where: { title: '城关街道路灯不亮' } })).toBe(0);
    await context.close();
  });
});

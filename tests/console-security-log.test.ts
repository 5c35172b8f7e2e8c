/**
 * 安全审计 in a real browser against the running app: the admin has the page in the navigation,
 * reads sign-ins newest first with their address, filters them by account, kind and date (the
 * filters kept in the address), and reaches one account's records from the 账号 page; a hostile
 * name typed at sign-in and a hostile User-Agent are shown as text, never as markup; other roles
 * have no menu item and no page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate, maskName } from '../workflow/index.js';
import { openConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});

afterAll(async () => {
  await f?.close();
});

const hostileName = '<img src=x onerror=alert(1)>';
const hostileAgent = 'Mozilla/5.0 <img src=x onerror=alert(2)><script>alert(3)</script>';

describe('console: 安全审计', () => {
  it("is the admin's alone: in the admin's navigation, in no other role's, nor reached by its address", async () => {
    const admin = await f.signIn('admin');
    expect(await admin.page.locator('#nav a[href="#/security-log"]').textContent()).toBe('安全审计');
    await admin.context.close();
    const { context, page } = await f.signIn('egov');
    expect(await page.textContent('#nav')).not.toContain('安全审计');
    await page.goto(`${f.url}/#/security-log`);
    await expect.poll(() => page.url()).not.toContain('security-log');
    expect(await page.locator('#security-log').count()).toBe(0);
    await context.close();
  });

  it('shows the admin who signed in from where, filtered, with what was typed shown as text', async () => {
    // Someone types markup as the name, from a browser whose User-Agent is markup too.
    const hostile = await f.browser.newContext({ userAgent: hostileAgent, locale: 'zh-CN' });
    const attempt = await hostile.newPage();
    await attempt.goto(f.url);
    await attempt.fill('#username', hostileName);
    await attempt.fill('#password', 'anything-at-all');
    await attempt.click('form.login button[type=submit]');
    await expect.poll(() => attempt.textContent('.form-error')).toBe('用户名或密码错误');
    await hostile.close();

    const { context, page } = await f.signIn('admin');
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.click('#nav a[href="#/security-log"]');
    await page.waitForSelector('#security-log tbody tr[data-kind]');
    // Newest first: the admin's own sign-in, then the hostile attempt.
    const kinds = await page.locator('#security-log tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.kind));
    expect(kinds.slice(0, 2)).toEqual(['sign_in', 'sign_in_failed']);
    const own = page.locator('#security-log tbody tr').first();
    expect(await own.locator('td').allTextContents()).toEqual([expect.stringMatching(/^\d{4}\/\d{1,2}\/\d{1,2}\u00a0\d{2}:\d{2}:\d{2}$/u), '系统管理员（admin）', '登录成功', '127.0.0.1', expect.stringContaining('登录控制台')]);

    const failed = page.locator('#security-log tbody tr[data-kind=sign_in_failed]').first();
    expect(await failed.locator('.account-cell').textContent()).toBe('（无此账号）');
    expect(await failed.locator('.details-cell').textContent()).toBe(`用户名不存在（输入 ${maskName(hostileName)}，已隐去中间字符）浏览器：${hostileAgent}`);
    expect(await failed.locator('.user-agent').textContent()).toBe(`浏览器：${hostileAgent}`);
    // Text, not markup: no element was made from it, and nothing ran.
    expect(await page.locator('#security-log img, #security-log script').count()).toBe(0);

    // By account and kind: the form goes to the address and the list follows it.
    await page.selectOption('#security-log-filters select[name=account]', 'egov');
    await page.selectOption('#security-log-filters select[name=recordKind]', 'sign_in');
    await page.click('#security-log-filters button[type=submit]');
    await expect.poll(() => page.url()).toContain('account=egov&recordKind=sign_in');
    await expect.poll(() => page.textContent('#security-log-count')).toBe('共 1 条');
    expect(await page.locator('#security-log tbody tr .account-cell').allTextContents()).toEqual(['电子政务中心 王敏（egov）']);

    // Names no account has, and a day with nothing.
    await page.goto(`${f.url}/#/security-log?account=(unknown)`);
    await expect.poll(() => page.textContent('#security-log-count')).toBe('共 1 条');
    expect(await page.locator('#security-log tbody tr').getAttribute('data-kind')).toBe('sign_in_failed');
    await page.goto(`${f.url}/#/security-log?from=${chinaDate(new Date(Date.now() + 86_400_000))}`);
    await expect.poll(() => page.textContent('#security-log tbody')).toBe('没有符合条件的记录');
    await page.goto(`${f.url}/#/security-log?from=2026-12-02&to=2026-12-01`);
    await expect.poll(() => page.textContent('#security-log-error')).toContain('开始日期 2026-12-02 晚于结束日期 2026-12-01');

    // From the 账号 page, one account's records.
    await page.goto(`${f.url}/#/accounts`);
    await page.click('#users tr[data-username=egov] a.security-log-link');
    await expect.poll(() => page.textContent('#security-log-count')).toBe('共 2 条');
    expect(await page.inputValue('#security-log-filters select[name=account]')).toBe('egov');
    expect(await page.locator('#security-log tbody tr td:nth-child(3)').allTextContents()).toEqual(['登录成功', '账号变更']);

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

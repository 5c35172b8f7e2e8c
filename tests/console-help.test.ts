/**
 * 使用说明 in a real browser against the running app: the link in the header opens it for every
 * role, the signed-in role's own section comes first and is marked, a handling unit's account
 * gets the page too, the user's name is shown as text (never markup), and the sign-in page links
 * to the guide before anyone signs in.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../workflow/users/index.js';
import { openConsoleFixture, password, watchPageErrors, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
  // An admin may type anything as a name: it must reach the page as text.
  await createUser(f.store.db, { username: 'water2', displayName: '<img src=x onerror="window.__owned=1">水务局 陈静', role: 'unit', unitId: 'u-water', password });
  // As the default accounts are named: the role's own name.
  await createUser(f.store.db, { username: 'duchashi2', displayName: '区政府督查室', role: 'supervision', password });
});

afterAll(async () => {
  await f?.close();
});


async function openHelp(page: Page) {
  await page.click('#help-link');
  await page.waitForSelector('.help-section.mine');
  expect(page.url()).toMatch(/#\/help$/);
}

/** The titles of the role sections in page order. */
const roleTitles = (page: Page) => page.locator('section[id^="help-role-"] > h3').evaluateAll((els) => els.map((e) => e.firstChild?.textContent ?? ''));

describe('console: 使用说明', () => {
  it("shows the e-government centre's section first, with its keys", async () => {
    const { context, page } = await f.signIn('egov');
    const errors = watchPageErrors(page);
    await openHelp(page);
    const mine = page.locator('.help-section.mine');
    expect(await mine.getAttribute('id')).toBe('help-role-egov_centre');
    expect(await mine.locator('h3').textContent()).toBe('区电子政务管理中心您的角色');
    expect(await mine.textContent()).toContain('「确认建议并登记」');
    expect(await mine.locator('kbd').allTextContents()).toEqual(expect.arrayContaining(['j', 'Enter', 'x', 'm', 'b']));
    expect((await roleTitles(page))[0]).toBe('区电子政务管理中心');
    expect(await page.locator('.help-section.mine').count()).toBe(1);
    // The shared sections are there for everyone.
    for (const id of ['help-procedure', 'help-deadlines', 'help-suggestions', 'help-bulletin', 'help-export', 'help-sources', 'help-faq']) {
      expect(await page.locator(`#${id}`).count(), id).toBe(1);
    }
    expect(await page.textContent('#help-who')).toBe('您的角色：区电子政务管理中心（电子政务中心 王敏）');
    expect(await page.textContent('#view')).not.toContain('null');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a handling unit's own section first, and its name and unit as text", async () => {
    for (const username of ['roads', 'water2']) {
      const { context, page } = await f.signIn(username);
      const errors = watchPageErrors(page);
      await openHelp(page);
      expect(await page.locator('.help-section.mine').getAttribute('id')).toBe('help-role-unit');
      expect((await roleTitles(page))[0]).toBe('承办单位');
      expect(await page.locator('.help-section.mine').textContent()).toContain('「报送办理情况」');
      // The unit's pages in the header are still there, and the guide's link is marked as current.
      expect(await page.textContent('#nav')).toBe('台账本单位退回督查看板通报统计数据导出');
      // Where its returns went (the cases leave its ledger): the guide names the page and its 去向.
      expect(await page.locator('.help-section.mine').textContent()).toContain('「本单位退回」（页首导航）：本单位退回交办的案件');
      expect(await page.getAttribute('#help-link', 'class')).toContain('active');
      if (username === 'water2') {
        expect(await page.textContent('#help-who')).toBe('您的角色：承办单位（<img src=x onerror="window.__owned=1">水务局 陈静 · 区水务局）');
        expect(await page.locator('#help-who img').count()).toBe(0);
        expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('names a default account once in the header and in 使用说明, and a unit account with its role and unit', async () => {
    const named = await f.signIn('duchashi2');
    expect(await named.page.textContent('#user .who')).toBe('区政府督查室');
    // 使用说明 names it once too (it read 区政府督查室（区政府督查室）).
    await openHelp(named.page);
    expect(await named.page.textContent('#help-who')).toBe('您的角色：区政府督查室');
    await named.context.close();
    const unit = await f.signIn('roads');
    expect(await unit.page.textContent('#user .who small')).toMatch(/^承办单位 · 区/);
    await unit.context.close();
  });

  it('is linked from the sign-in page, with every role and a way back', async () => {
    const context = await f.browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto(f.url);
    await page.click('#login-help');
    await page.waitForSelector('.help-section');
    expect(await roleTitles(page)).toEqual(['区电子政务管理中心', '区政府办', '区政府领导', '区政府督查室', '承办单位', '系统管理员']);
    expect(await page.locator('.help-section.mine').count()).toBe(0);
    expect(await page.locator('#help-who').count()).toBe(0);
    await page.click('#help-login');
    await page.waitForSelector('#username');
    await page.fill('#username', 'leader');
    await page.fill('#password', password);
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('#logout');
    expect(page.url()).toMatch(/#\/board$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/**
 * The admin's 账号 page in a real browser against the running app: the role of a new account is
 * an explicit choice (never a privileged default), the username's pattern compiles in the
 * browser, a new password is set through a form typed twice (no window.prompt), and an account
 * can be disabled (it cannot sign in, its sessions end) and enabled again.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, password, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture();
});

afterAll(async () => {
  await f?.close();
});

const login = (username: string, pw: string) =>
  fetch(`${f.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: pw }) });

async function openAccounts(page: Page) {
  await page.goto(`${f.url}/#/accounts`);
  await page.waitForSelector('#users tbody tr');
}

/** Fails the test on any window.prompt/alert/confirm and collects console errors. */
function watch(page: Page): { errors: string[] } {
  const seen = { errors: [] as string[] };
  page.on('dialog', async (d) => {
    seen.errors.push(`dialog: ${d.type()} ${d.message()}`);
    await d.dismiss();
  });
  page.on('console', (m) => m.type() === 'error' && seen.errors.push(m.text()));
  return seen;
}

describe('console: creating accounts', () => {
  it('wraps a field\'s error under it instead of widening the field (创建账号 sent empty, 1366×768)', async () => {
    const { context, page } = await f.signIn('admin', { viewport: { width: 1366, height: 768 } });
    await openAccounts(page);
    const form = page.locator('#user-form');
    const input = form.locator('input[name=username]');
    const before = (await input.boundingBox())!;
    await form.locator('button[type=submit]').click();
    const error = form.locator('.field', { has: page.locator('input[name=username]') }).locator('.field-error');
    expect(await error.textContent()).toBe('用户名应为 2 到 40 位字母、数字、下划线、点或连字符');
    const after = (await input.boundingBox())!;
    const note = (await error.boundingBox())!;
    expect(after.width).toBe(before.width);
    expect(note.width).toBeLessThanOrEqual(after.width + 0.5);
    expect(note.y).toBeGreaterThanOrEqual(after.y + after.height - 0.5);
    await context.close();
  });

  it('asks for the role every time, and a unit for a unit account only', async () => {
    const { context, page } = await f.signIn('admin');
    const seen = watch(page);
    let posts = 0;
    page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/api/workflow/users') && (posts += 1));
    await openAccounts(page);
    const form = page.locator('#user-form');
    expect(await form.locator('select[name=role]').inputValue()).toBe('');
    expect(await form.locator('select[name=unitId]').isDisabled()).toBe(true);
    await form.locator('input[name=username]').fill('new-unit');
    await form.locator('input[name=displayName]').fill('住建局 周明');
    await form.locator('input[name=password]').fill('housing-pass-1');
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.field-error').allTextContents()).toEqual(['请选择角色']);
    await form.locator('select[name=role]').selectOption('unit');
    expect(await form.locator('select[name=unitId]').isDisabled()).toBe(false);
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.field-error').allTextContents()).toEqual(['承办单位账号必须选择所属单位']);
    expect(posts).toBe(0);
    await form.locator('select[name=unitId]').selectOption('u-housing');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.textContent('#users')).toContain('住建局 周明');
    expect(await f.store.db.user.findUniqueOrThrow({ where: { username: 'new-unit' } })).toMatchObject({ role: 'unit', unitId: 'u-housing' });
    // After a creation the form is empty again: no role, no unit; the next account needs its own choice.
    expect(await form.locator('select[name=role]').inputValue()).toBe('');
    expect(await form.locator('select[name=unitId]').isDisabled()).toBe(true);
    await form.locator('input[name=username]').fill('next-one');
    await form.locator('input[name=displayName]').fill('下一个账号');
    await form.locator('input[name=password]').fill('next-pass-123');
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.field-error').allTextContents()).toEqual(['请选择角色']);
    expect(await f.store.db.user.count({ where: { username: 'next-one' } })).toBe(0);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('creates one account on a double-click, with no error after the success', async () => {
    const { context, page } = await f.signIn('admin');
    const seen = watch(page);
    const answers: number[] = [];
    page.on('response', (r) => r.request().method() === 'POST' && r.url().endsWith('/api/workflow/users') && answers.push(r.status()));
    await openAccounts(page);
    const form = page.locator('#user-form');
    await form.locator('input[name=username]').fill('twice');
    await form.locator('input[name=displayName]').fill('水务局 吴芳');
    await form.locator('select[name=role]').selectOption('unit');
    await form.locator('select[name=unitId]').selectOption('u-water');
    await form.locator('input[name=password]').fill('water-pass-12');
    await form.locator('button[type=submit]').dblclick();
    await expect.poll(() => page.textContent('#users')).toContain('水务局 吴芳');
    await page.waitForTimeout(1500); // room for a second answer, were one sent
    expect(answers).toEqual([200]);
    expect(await page.locator('#toasts .toast.error').count()).toBe(0);
    expect(await f.store.db.user.count({ where: { username: 'twice' } })).toBe(1);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('answers 409 用户名已存在, never a server error, to two creations of one name at once', async () => {
    const { context, page } = await f.signIn('admin');
    await openAccounts(page);
    // Two admins (or two tabs) at the same moment: both pass the name check while hashing.
    const statuses = await page.evaluate(async () => {
      const csrf = decodeURIComponent(/(?:^|;\s*)ms_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '');
      const body = JSON.stringify({ username: 'same-time', displayName: '同时创建', role: 'gov_office', password: 'same-time-pass' });
      const post = () => fetch('/api/workflow/users', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body }).then(async (r) => [r.status, ((await r.json()) as { error?: { message?: string } }).error?.message ?? '']);
      return Promise.all([post(), post()]);
    });
    expect(statuses.map(([status]) => status).sort()).toEqual([200, 409]);
    expect(statuses.find(([status]) => status === 409)?.[1]).toBe('用户名已存在：same-time');
    expect(await f.store.db.user.count({ where: { username: 'same-time' } })).toBe(1);
    await context.close();
  });

  it('checks the username with a pattern the browser accepts', async () => {
    const { context, page } = await f.signIn('admin');
    const seen = watch(page);
    await openAccounts(page);
    const valid = (value: string) =>
      page.$eval('#user-form input[name=username]', (el, v) => {
        const input = el as HTMLInputElement;
        input.value = v;
        return input.checkValidity();
      }, value);
    expect(await valid('ab-c.d_1')).toBe(true);
    expect(await valid('a b')).toBe(false);
    expect(await valid('名字')).toBe(false);
    expect(await valid('x')).toBe(false);
    expect(seen.errors.filter((e) => /pattern|regular expression/i.test(e))).toEqual([]);
    const form = page.locator('#user-form');
    await form.locator('input[name=username]').fill('bad name');
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.field-error').first().textContent()).toBe('用户名应为 2 到 40 位字母、数字、下划线、点或连字符');
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});

describe('console: managing accounts', () => {
  it('sets another account\'s password through a form typed twice, not a prompt, and signs out whoever held the old one', async () => {
    const leader = await f.signIn('leader');
    expect((await leader.page.request.get(`${f.url}/api/console/ledger`)).status()).toBe(200);
    const { context, page } = await f.signIn('admin');
    const seen = watch(page);
    await openAccounts(page);
    // No 重设密码 on the admin's own row: their own password takes the 原密码 (修改我的密码 above).
    expect(await page.locator('#users tr[data-username="admin"] .reset-password').count()).toBe(0);
    await page.locator('#users tr[data-username="leader"] .reset-password').click();
    const form = page.locator('#reset-form');
    await form.waitFor();
    expect(await form.locator('input[type=password]').count()).toBe(2);
    await form.locator('input[name=password]').fill('short');
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.field-error').allTextContents()).toEqual(['密码至少 8 位']);
    await form.locator('input[name=password]').fill('leader-new-pass');
    await form.locator('input[name=again]').fill('leader-new-pasz');
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.field-error').allTextContents()).toEqual(['两次输入的密码不一致']);
    expect((await login('leader', password)).status).toBe(200);
    await form.locator('input[name=again]').fill('leader-new-pass');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('#reset-form').count()).toBe(0);
    // The open browser session and the sign-in checked above, both under the old password.
    await expect.poll(() => page.textContent('#toasts')).toContain('该账号已登录的 2 处已退出');
    expect((await leader.page.request.get(`${f.url}/api/console/ledger`)).status()).toBe(401);
    await leader.context.close();
    expect((await login('leader', 'leader-new-pass')).status).toBe(200);
    expect((await login('leader', password)).status).toBe(401);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('disables an account: it cannot sign in and its open sessions end; enabled, it signs in anew', async () => {
    const water = await f.signIn('water');
    expect((await water.page.request.get(`${f.url}/api/console/ledger`)).status()).toBe(200);
    const { context, page } = await f.signIn('admin');
    await openAccounts(page);
    // No button to disable oneself.
    expect(await page.locator('#users tr[data-username="admin"] .toggle-disabled').count()).toBe(0);
    await page.locator('#users tr[data-username="water"] .toggle-disabled').click();
    await expect.poll(() => page.textContent('#users tr[data-username="water"]')).toContain('已停用');
    expect(await page.textContent('#users tr[data-username="water"] .toggle-disabled')).toBe('启用');
    // The open session is over: the API refuses it, and the console sends the user to sign in.
    expect((await water.page.request.get(`${f.url}/api/console/ledger`)).status()).toBe(401);
    expect(await (await water.page.request.get(`${f.url}/api/session`)).json()).toEqual({ user: null });
    expect(await f.store.db.session.count({ where: { userId: (await f.store.db.user.findUniqueOrThrow({ where: { username: 'water' } })).id } })).toBe(0);
    await water.page.goto(`${f.url}/#/board`);
    await water.page.reload();
    await water.page.waitForSelector('#username');
    // The right password is told the account is disabled; a wrong one learns nothing more.
    const refused = await login('water', password);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('该账号已停用，请联系系统管理员');
    const guessed = await login('water', 'not-the-password');
    expect(guessed.status).toBe(401);
    expect(((await guessed.json()) as { error: { message: string } }).error.message).toBe('用户名或密码错误');
    // Enabled again: a new sign-in works; the old session does not come back.
    await page.locator('#users tr[data-username="water"] .toggle-disabled').click();
    await expect.poll(() => page.textContent('#users tr[data-username="water"]')).toContain('正常');
    expect((await water.page.request.get(`${f.url}/api/console/ledger`)).status()).toBe(401);
    expect((await login('water', password)).status).toBe(200);
    // Only an admin may do it.
    const egov = await f.signIn('egov');
    const csrf = (await egov.context.cookies()).find((c) => c.name === 'ms_csrf')!.value;
    const res = await egov.page.request.post(`${f.url}/api/workflow/users/water/disabled`, { data: { disabled: true }, headers: { 'x-csrf-token': csrf } });
    expect(res.status()).toBe(403);
    await egov.context.close();
    await water.context.close();
    await context.close();
  });
});

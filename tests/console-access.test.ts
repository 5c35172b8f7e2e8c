/**
 * The console's server-side guards and exports, in a real browser against the running app: a
 * handling unit sees only its own cases (in the page and in the API), CSRF and sign-in are
 * enforced, login attempts are limited, and an export downloads, opens and holds the right rows
 * (CSV with BOM, XLSX), with personal data masked and the export logged.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { allJobs, createQueue } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { createWebServer } from '../web/index.js';
import { createUser, setPassword } from '../workflow/users/index.js';
import { openConsoleFixture, password, signInToConsole, type ConsoleFixture } from './console-fixture.js';
import { deleteQueuePrefix, testRedisUrl, uniqueName } from './helpers/services.js';

let f: ConsoleFixture;
const ids: Record<string, string> = {};
const ledgerNo = async (id: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id } })).ledgerNo;

beforeAll(async () => {
  f = await openConsoleFixture();
  ids.road1 = await f.addMessage({ title: '印台大道路灯不亮', content: '路灯一周不亮，联系电话13812345678。', author: '孙磊', category: '投诉', confidence: 0.9, unit: '区交通运输局' });
  ids.road2 = await f.addMessage({ title: '公交站缺少遮阳棚', content: '建议公交站增加遮阳棚。', author: '吴倩', category: '建议', confidence: 0.9, unit: '区交通运输局' });
  ids.water = await f.addMessage({ title: '自来水浑浊', content: '东坡村自来水浑浊，身份证号610203199001011234。', author: '郑强', category: '投诉', confidence: 0.9, unit: '区水务局', copy: true });
  ids.waiting = await f.addMessage({ title: '咨询医保', content: '医保怎么缴费？', author: '李娜', category: '咨询', confidence: 0.9, unit: '区交通运输局' });
  await f.assignTo(ids.road1, 'u-roads');
  await f.assignTo(ids.road2, 'u-roads');
  await f.assignTo(ids.water, 'u-water');
});

afterAll(async () => {
  await f?.close();
});

/** Runs `fn` against a second web server on the fixture's store, with its own options, then closes it. */
async function withServer<T>(options: Omit<Parameters<typeof createWebServer>[0], 'store' | 'logger'>, fn: (base: string) => Promise<T>): Promise<T> {
  const app = await createWebServer({ store: f.store, logger: silentLogger, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const address = app.server.address();
    return await fn(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  } finally {
    await app.close();
  }
}

describe('console: a handling unit', () => {
  it('sees only its own cases in the ledger, the case page and the API', async () => {
    const { context, page } = await f.signIn('roads');
    expect(await page.textContent('#nav')).not.toContain('分类审核');
    // A unit starts on its to-do (待我办理), not the whole ledger (QA).
    await expect.poll(() => page.url()).toContain('#/ledger?todo=true');
    expect(await page.isChecked('#ledger-filters input[name=todo]')).toBe(true);
    await page.goto(`${f.url}/#/ledger`);
    await page.waitForSelector('#ledger tbody tr a');
    const shown = await page.locator('#ledger tbody tr a').allTextContents();
    expect(shown.sort()).toEqual([await ledgerNo(ids.road1!), await ledgerNo(ids.road2!)].sort());
    // Its 状态 filter offers only the states its cases can be in, from 交办 on (QA: 待审核分类,
    // 已登记, 不予受理 … listed 0 cases; and a case it returned leaves its ledger at once, so not
    // 承办单位已退回 nor the states of the office's new 拟办); an office is offered every state.
    const offered = () => page.locator('#ledger-filters select[name=state] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(await offered()).toEqual(['', 'assigned', 'reported', 'reviewed', 'reply_approved', 'replied', 'closed', 'archived']);
    await page.goto(`${f.url}/#/export`);
    await page.waitForSelector('#export-form');
    expect(await page.locator('#export-form select[name=state] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).not.toContain('awaiting_review');
    // Every case a unit sees is registered: 审核状态 (待审核, 不予受理) would match nothing, so it is not offered.
    expect(await page.locator('#export-form select[name=review]').count()).toBe(0);
    const office = await f.signIn('office');
    await office.page.goto(`${f.url}/#/ledger`);
    await office.page.waitForSelector('#ledger-filters select[name=state]');
    expect(await office.page.locator('#ledger-filters select[name=state] option').count()).toBe(1 + 14);
    await office.context.close();
    await page.goto(`${f.url}/#/ledger`);
    await page.waitForSelector('#ledger tbody tr a');
    // Asking for another unit's cases changes nothing.
    await page.goto(`${f.url}/#/ledger?unitId=u-water`);
    await expect.poll(() => page.textContent('#ledger-count')).toContain('共 2 件');
    // Another unit's case and a case not yet assigned are not found: the page says only why a
    // case may not be in its ledger, the same words for every such case.
    await page.goto(`${f.url}/#/case/${ids.water}`);
    await expect.poll(() => page.textContent('#case-not-ours')).toBe('本单位台账中没有此案件：案件未交办给本单位，或本单位已退回交办（退回后由区政府办重新拟办，不再由本单位办理）。 返回本单位台账');
    const api = page.request;
    expect((await api.get(`${f.url}/api/workflow/cases/${ids.waiting}`)).status()).toBe(404);
    expect((await api.get(`${f.url}/api/console/review`)).status()).toBe(403);
    expect((await api.get(`${f.url}/api/crawl-states`)).status()).toBe(403);
    const ledger = (await (await api.get(`${f.url}/api/console/ledger?unitId=u-water`)).json()) as { total: number };
    expect(ledger.total).toBe(2);
    // 待我办理: both of its cases wait for its report.
    await page.goto(`${f.url}/#/ledger`);
    await page.check('#ledger-filters input[name=todo]');
    await page.click('#ledger-filters button[type=submit]');
    await expect.poll(() => page.url()).toContain('todo=true');
    await expect.poll(() => page.textContent('#ledger-count')).toContain('共 2 件');
    // Its own case page offers the unit's steps.
    await page.goto(`${f.url}/#/case/${ids.road1}`);
    await page.waitForSelector('#case-actions details');
    expect(await page.textContent('#case-actions')).toContain('报送办理情况');
    await context.close();
  });
});

describe('console: accounts', () => {
  it('lets the admin create a unit account, which signs in and changes its own password', async () => {
    const { context, page } = await f.signIn('admin');
    await page.goto(`${f.url}/#/accounts`);
    await page.waitForSelector('#user-form');
    await page.fill('#user-form input[name=username]', 'housing');
    await page.fill('#user-form input[name=displayName]', '住建局 周明');
    await page.selectOption('#user-form select[name=role]', 'unit');
    await page.selectOption('#user-form select[name=unitId]', 'u-housing');
    await page.fill('#user-form input[name=password]', 'housing-pass-1');
    await page.click('#user-form button[type=submit]');
    await expect.poll(() => page.textContent('#users')).toContain('住建局 周明');
    await context.close();
    const unit = await f.browser.newContext();
    const p = await unit.newPage();
    await p.goto(f.url);
    await p.fill('#username', 'housing');
    await p.fill('#password', 'housing-pass-1');
    await p.click('form.login button[type=submit]');
    await p.waitForSelector('#logout');
    expect(await p.textContent('#user')).toContain('区住建局');
    await p.goto(`${f.url}/#/accounts`);
    await p.fill('#password-form input[name=oldPassword]', 'housing-pass-1');
    await p.fill('#password-form input[name=password]', 'housing-pass-2');
    await p.fill('#password-form input[name=again]', 'housing-pass-2');
    await p.click('#password-form button[type=submit]');
    await expect.poll(() => p.textContent('#toasts')).toContain('密码已修改');
    const login = (pw: string) => fetch(`${f.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'housing', password: pw }) });
    expect((await login('housing-pass-2')).status).toBe(200);
    expect((await login('housing-pass-1')).status).toBe(401);
    await unit.close();
    // An account named after its unit (as offices often name them) does not repeat the name under it.
    await createUser(f.store.db, { username: 'housing-desk', displayName: '区住建局', role: 'unit', unitId: 'u-housing', password });
    const desk = await f.signIn('housing-desk');
    expect(await desk.page.textContent('#user .who')).toBe('区住建局承办单位');
    expect(await desk.page.textContent('#user .who small')).toBe('承办单位');
    await desk.context.close();
  });
});

describe('console: server-side guards', () => {
  it('answers 401 without a session and 403 for a state change without the CSRF token', async () => {
    const anonymous = await f.browser.newContext();
    expect((await anonymous.request.get(`${f.url}/api/console/ledger`)).status()).toBe(401);
    await anonymous.close();
    const { context, page } = await f.signIn('egov');
    const res = await page.request.post(`${f.url}/api/workflow/cases/${ids.waiting}/register`, { data: { category: '咨询' } });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('CSRF');
    const cookies = await context.cookies();
    const csrf = cookies.find((c) => c.name === 'ms_csrf')!.value;
    const wrong = await page.request.post(`${f.url}/api/workflow/cases/${ids.waiting}/register`, { data: { category: '咨询' }, headers: { 'x-csrf-token': `${csrf}x` } });
    expect(wrong.status()).toBe(403);
    const ok = await page.request.post(`${f.url}/api/workflow/cases/${ids.waiting}/register`, { data: { category: '咨询' }, headers: { 'x-csrf-token': csrf } });
    expect(ok.status()).toBe(200);
    await context.close();
  });

  it('keeps the queue dashboard and metrics for admins only', async () => {
    const queue = await createQueue({ redisUrl: undefined, queuePrefix: 'unused', workerConcurrency: 1 }, silentLogger);
    try {
      await withServer({ queue }, async (base) => {
        const as = async (username: string) => {
          const res = await fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
          return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
        };
        expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
        expect((await fetch(`${base}/api/metrics`)).status).toBe(401);
        const egov = await as('egov');
        expect((await fetch(`${base}/admin/queues`, { headers: { cookie: egov.cookie } })).status).toBe(403);
        const admin = await as('admin');
        // The in-process queue has no dashboard (404 with a Chinese explanation); metrics answer.
        const board = await fetch(`${base}/admin/queues`, { headers: { cookie: admin.cookie } });
        expect(board.status).toBe(404);
        expect((await fetch(`${base}/api/metrics`, { headers: { cookie: admin.cookie } })).status).toBe(200);
      });
    } finally {
      await queue.close();
    }
  });

  it('shows the BullMQ dashboard to an admin in a browser at /admin/queues, in Chinese', async () => {
    // The address docs/production.md gives, without a trailing slash: the page's scripts are named
    // relative to its <base href>, which the console's CSP (base-uri 'none') used to void, leaving
    // the dashboard on its loading screen.
    const prefix = uniqueName('msboard');
    const queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, definitions: allJobs });
    try {
      await withServer({ queue }, async (base) => {
        const { context, page } = await signInToConsole(f.browser, base, 'admin');
        try {
          await page.goto(`${base}/admin/queues`);
          await page.getByText('register-message').first().waitFor({ state: 'visible', timeout: 20_000 });
          // bull-board's own words in Chinese (its zh-CN translation), not English.
          await page.getByText('队列', { exact: true }).first().waitFor({ state: 'visible', timeout: 5_000 });
          expect(await page.locator('body').innerText()).not.toMatch(/queues/i);
        } finally {
          await context.close();
        }
      });
    } finally {
      await queue.close();
      await deleteQueuePrefix(prefix);
    }
  });

  it('limits login attempts per address and per account', async () => {
    await withServer({ loginRateLimit: { max: 3, timeWindowMs: 60_000 } }, async (base) => {
      const url = `${base}/api/session/login`;
      const login = (username: string, pass: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: pass }) });
      expect((await login('leader', 'bad-1')).status).toBe(401);
      expect((await login('leader', 'bad-2')).status).toBe(401);
      expect((await login('leader', password)).status).toBe(200);
      const blocked = await login('leader', password);
      expect(blocked.status).toBe(429);
      expect(((await blocked.json()) as { error: { message: string } }).error.message).toContain('登录尝试过于频繁');
    });
    // Per account: five failures lock the account even with the right password afterwards.
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${f.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'office', password: `wrong-${i}` }) });
      expect(r.status).toBe(401);
    }
    const locked = await fetch(`${f.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'office', password }) });
    expect(locked.status).toBe(429);
    // The count is in the store: another console process (or this one restarted) refuses it too,
    // and the account name is matched whatever its case.
    await withServer({}, async (base) => {
      const again = await fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'Office', password }) });
      expect(again.status).toBe(429);
      expect(((await again.json()) as { error: { message: string } }).error.message).toContain('该账号登录失败次数过多');
      // An admin's new password lifts the lock.
      await setPassword(f.store.db, { username: 'office', password, actor: { userId: 'admin', username: 'admin', role: 'admin' } });
      const after = await fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'office', password }) });
      expect(after.status).toBe(200);
    });
  });

  it('behind a reverse proxy, limits logins per client address, not per proxy', async () => {
    await withServer({ loginRateLimit: { max: 2, timeWindowMs: 60_000 }, trustProxy: '127.0.0.1' }, async (base) => {
      const url = `${base}/api/session/login`;
      const from = (client: string, username: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: JSON.stringify({ username, password: 'wrong' }) });
      expect((await from('10.0.0.1', 'nobody-a')).status).toBe(401);
      expect((await from('10.0.0.1', 'nobody-b')).status).toBe(401);
      expect((await from('10.0.0.1', 'nobody-c')).status).toBe(429);
      // Another member of staff, behind the same proxy, is not held up.
      expect((await from('10.0.0.2', 'nobody-d')).status).toBe(401);
    });
  });

  it('sends its cookies Secure only when told it is behind HTTPS', async () => {
    const setCookies = (secureCookies: boolean | undefined) =>
      withServer({ secureCookies }, async (base) => {
        const res = await fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password }) });
        expect(res.status).toBe(200);
        return res.headers.getSetCookie();
      });
    const secure = await setCookies(true);
    expect(secure).toHaveLength(2);
    for (const c of secure) expect(c).toMatch(/; Secure/);
    expect(secure.find((c) => c.startsWith('ms_session='))).toMatch(/HttpOnly/);
    for (const c of await setCookies(undefined)) expect(c).not.toMatch(/Secure/);
  });
});

describe('console: export', () => {
  it('downloads a masked CSV with BOM and the filtered rows, and logs it', async () => {
    const { context, page } = await f.signIn('egov');
    await page.goto(`${f.url}/#/export`);
    await page.waitForSelector('#export-form');
    await page.selectOption('#export-format', 'csv');
    // The centre chooses among 待审核, 已登记 and 不予受理.
    expect(await page.locator('#export-form select[name=review] option').count()).toBe(4);
    // 每件一行 is the default; this export asks for every message, copies included.
    expect(await page.inputValue('#export-rows-per')).toBe('case');
    await page.selectOption('#export-rows-per', 'message');
    expect(await page.isChecked('#export-masked')).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-start')]);
    const file = path.join(tmpdir(), `console-export-${Date.now()}.csv`);
    await download.saveAs(file);
    const text = await readFile(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toContain('台账编号');
    expect(lines.length - 1).toBe(await f.store.db.message.count({ where: { caseId: { not: null } } }));
    expect(text).toContain('138****5678');
    expect(text).not.toContain('13812345678');
    expect(text).toContain('610203********1234');
    expect(text).toContain('孙*');
    expect(text).not.toContain('孙磊');
    await expect.poll(() => page.textContent('#export-log')).toContain('完成');
    const log = await f.store.db.exportLog.findFirstOrThrow({ where: { format: 'csv' } });
    expect(log).toMatchObject({ actor: 'egov', via: 'console', masked: true, status: 'done', rows: lines.length - 1 });
    // The file stays listed with its state and a download link after the page is opened again.
    await page.reload();
    await page.waitForSelector('#export-jobs tbody tr[data-job]');
    const row = page.locator('#export-jobs tbody tr[data-job]').first();
    expect(await row.textContent()).toContain('可下载');
    expect(await row.textContent()).toContain('每条留言一行');
    expect(await row.locator('a').getAttribute('href')).toMatch(/^\/api\/exports\/[0-9a-f-]{36}\/file$/);
    expect(await page.isHidden('#export-progress-card')).toBe(true);
    await context.close();
  });

  it('downloads an XLSX filtered by category, one row per case by registration date, unmasked, that opens with the rows', async () => {
    const { context, page } = await f.signIn('duchashi');
    await page.goto(`${f.url}/#/export`);
    await page.waitForSelector('#export-form');
    await page.selectOption('#export-format', 'xlsx');
    await page.selectOption('#export-date-basis', 'registered');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await page.fill('#export-form input[name=from]', '2020-01-01');
    await page.fill('#export-form input[name=to]', today);
    await page.selectOption('#export-form select[name=category]', '投诉');
    await page.uncheck('#export-masked');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-start')]);
    const file = path.join(tmpdir(), `console-export-${Date.now()}.xlsx`);
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe('台账编号');
    const titleCol = header.indexOf('标题') + 1;
    const titles: string[] = [];
    sheet.eachRow((row, n) => n > 1 && titles.push(String(row.getCell(titleCol).value)));
    // 投诉: road1 and the water case, its copy counted in the case's row.
    expect(titles.sort()).toEqual(['印台大道路灯不亮', '自来水浑浊'].sort());
    expect(header).toContain('登记时间（导出时间依据）');
    const countCol = header.indexOf('留言条数') + 1;
    const counts: Record<string, unknown> = {};
    sheet.eachRow((row, n) => n > 1 && (counts[String(row.getCell(titleCol).value)] = row.getCell(countCol).value));
    expect(counts).toEqual({ 印台大道路灯不亮: 1, 自来水浑浊: 2 });
    expect(JSON.stringify(sheet.getSheetValues())).toContain('13812345678');
    await context.close();
  });
});

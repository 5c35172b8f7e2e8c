/**
 * The security audit trail (workflow/audit) on the real store, through the running app: a sign-in,
 * a failed one, a lockout and a sign-out each leave one row with the client's address (the
 * connection's, or with MINSHENG_TRUST_PROXY the one the proxy names, never one a browser makes up);
 * a name no account has is kept masked and no password anywhere; an admin's 停用 and 重设密码 leave
 * the sessions they end on the record; the admin's API lists the rows filtered by account, kind
 * and date, other roles get 403; attempts over the per-address limit leave one row per address and
 * window; the rows are read back by another app on a new connection to the
 * store; and the database keeps them append-only for 180 days while the app keeps a year.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createWebServer } from '../web/index.js';
import { chinaDate, openStore, purgeOldSignInLog, type Store } from '../workflow/index.js';
import { openConsoleFixture, password, type ConsoleFixture } from './console-fixture.js';
import { openTestPgliteStore, testDatabaseUrl } from './helpers/services.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture({ launchBrowser: false });
});

afterAll(async () => {
  await f?.close();
});

const userAgent = 'Mozilla/5.0 (security-log test)';

const login = (base: string, username: string, pw: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': userAgent, ...headers }, body: JSON.stringify({ username, password: pw }) });

/** A signed-in API client: GET with a path, POST with a body. */
async function signIn(base: string, username: string, pw = password, headers: Record<string, string> = {}) {
  const res = await login(base, username, pw, headers);
  expect(res.status).toBe(200);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = decodeURIComponent(cookies.find((c) => c.startsWith('ms_csrf='))!.slice('ms_csrf='.length));
  return (path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: cookies.join('; '), 'user-agent': userAgent, ...(body === undefined ? {} : { 'content-type': 'application/json', 'x-csrf-token': csrf }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

interface Listed {
  total: number;
  items: { id: string; at: string; kind: string; kindName: string; username: string | null; accountName: string | null; nameTried: string | null; address: string | null; userAgent: string | null; details: string }[];
}

const list = async (as: Awaited<ReturnType<typeof signIn>>, query: Record<string, string>): Promise<Listed> => {
  const res = await as(`/api/console/security-log?${new URLSearchParams(query)}`);
  const body = (await res.json()) as Listed;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
};

const rowsOf = (username: string) => f.store.db.signInLog.findMany({ where: { username }, orderBy: { id: 'asc' } });

describe('the sign-in log', () => {
  it('records a sign-in, a failure, a lockout and a sign-out, each once, with the address the server sees', async () => {
    // A browser cannot name its own address: without MINSHENG_TRUST_PROXY X-Forwarded-For is ignored.
    const office = await signIn(f.url, 'office', password, { 'x-forwarded-for': '203.0.113.9' });
    expect(await rowsOf('office')).toMatchObject([{ kind: 'sign_in', address: '127.0.0.1', userAgent, reason: null }]);

    expect((await login(f.url, 'leader', 'not-the-password')).status).toBe(401);
    expect(await rowsOf('leader')).toMatchObject([{ kind: 'sign_in_failed', reason: 'wrong_password', address: '127.0.0.1', nameTried: null }]);

    // Five failures lock the account (default policy): one row each, and one 账号锁定 with the fifth.
    for (let i = 1; i <= 5; i += 1) expect((await login(f.url, 'water', `wrong-pass-${i}`)).status).toBe(401);
    const water = await rowsOf('water');
    expect(water.map((r) => [r.kind, r.reason])).toEqual([...Array.from({ length: 5 }, () => ['sign_in_failed', 'wrong_password']), ['locked', null]]);
    expect(water.at(-1)).toMatchObject({ count: 5, address: '127.0.0.1' });
    // Trying on while locked (even with the right password) is on the record, not counted again.
    expect((await login(f.url, 'water', password)).status).toBe(429);
    expect((await rowsOf('water')).at(-1)).toMatchObject({ kind: 'sign_in_failed', reason: 'locked' });

    expect((await office('/api/session/logout', {})).status).toBe(200);
    expect((await rowsOf('office')).map((r) => [r.kind, r.address])).toEqual([
      ['sign_in', '127.0.0.1'],
      ['sign_out', '127.0.0.1'],
    ]);
    // Signing out twice (the session already gone) records nothing more.
    await office('/api/session/logout', {});
    expect(await rowsOf('office')).toHaveLength(2);
  });

  it('keeps a name no account has masked, and never a password', async () => {
    expect((await login(f.url, 'administrator', 'typed-secret-1')).status).toBe(401);
    // A password typed into the name field: only its first and last character are kept.
    expect((await login(f.url, 'Tr0ub4dor&3', 'typed-secret-2')).status).toBe(401);
    // A name differing from an account's only in case counts towards that account's lockout, and is recorded under it.
    expect((await login(f.url, 'Leader', password)).status).toBe(401);
    const unknown = await f.store.db.signInLog.findMany({ where: { reason: 'unknown_account' }, orderBy: { id: 'asc' } });
    expect(unknown.map((r) => [r.username, r.nameTried])).toEqual([
      [null, 'a***********r'],
      [null, 'T*********3'],
      ['leader', 'L****r'],
    ]);
    const everything = JSON.stringify(await f.store.db.signInLog.findMany(), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    for (const secret of ['Tr0ub4dor&3', 'typed-secret', 'wrong-pass', 'not-the-password', password]) expect(everything).not.toContain(secret);
    // The lockout's counters hold no name tried either (keyed by a hash), though they count it.
    const counters = await f.store.db.loginFailure.findMany();
    expect(counters.length).toBeGreaterThan(0);
    for (const c of counters) expect(c.username).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(counters).toLowerCase()).not.toContain('tr0ub4dor');
    expect(JSON.stringify(counters)).not.toContain('administrator');
    // A count that no longer locks anything is swept at the next sign-in, so mistyped names do not pile up.
    const stale = `sha256:${'0'.repeat(64)}`;
    await f.store.db.loginFailure.create({ data: { username: stale, count: 1, lastFailedAt: new Date(Date.now() - 3_600_000) } });
    await signIn(f.url, 'egov');
    expect(await f.store.db.loginFailure.findUnique({ where: { username: stale } })).toBeNull();
  });

  it("records the sessions an admin's 停用 and 重设密码 end, beside the account change", async () => {
    const admin = await signIn(f.url, 'admin');
    await signIn(f.url, 'roads');
    expect((await admin('/api/workflow/users/roads/disabled', { disabled: true })).status).toBe(200);
    expect((await admin('/api/workflow/users/roads/disabled', { disabled: false })).status).toBe(200);
    await signIn(f.url, 'roads');
    expect((await admin('/api/workflow/users/roads/password', { password: 'roads-new-pass-1' })).status).toBe(200);
    expect((await rowsOf('roads')).map((r) => [r.kind, r.reason, r.actor, r.count])).toEqual([
      ['sign_in', null, null, null],
      ['sessions_ended', 'disabled', 'admin', 1],
      ['sign_in', null, null, null],
      ['sessions_ended', 'password_reset', 'admin', 1],
    ]);
    const ended = await list(admin, { account: 'roads', recordKind: 'sign_out' });
    expect(ended.items.map((r) => [r.kindName, r.accountName, r.details])).toEqual([
      ['退出', '交通运输局 刘伟（roads）', '系统管理员（admin）重设密码，该账号已登录的 1 处随之退出'],
      ['退出', '交通运输局 刘伟（roads）', '系统管理员（admin）停用账号，该账号已登录的 1 处随之退出'],
    ]);
    const changes = await list(admin, { account: 'roads', recordKind: 'account' });
    expect(changes.items.map((r) => [r.kindName, r.username, r.details])).toEqual([
      ['账号变更', 'admin', '为 交通运输局 刘伟（roads） 重设密码'],
      ['账号变更', 'admin', '启用账号 交通运输局 刘伟（roads）'],
      ['账号变更', 'admin', '停用账号 交通运输局 刘伟（roads）'],
      // The fixture created the account (no actor: the install-time seed's way).
      ['账号变更', 'system', '创建账号 交通运输局 刘伟（roads），角色：承办单位'],
    ]);
  });
});

describe("the admin's 安全审计 API", () => {
  it('lists the rows newest first, filtered by account, kind and Beijing date, in pages', async () => {
    const admin = await signIn(f.url, 'admin');
    const locked = await list(admin, { account: 'water', recordKind: 'locked' });
    expect(locked.total).toBe(1);
    expect(locked.items[0]).toMatchObject({ kindName: '账号锁定', accountName: '水务局 陈静（water）', address: '127.0.0.1', userAgent, details: '连续登录失败 5 次，暂时锁定（管理员重设密码可立即解除）' });
    const failed = await list(admin, { account: 'water', recordKind: 'sign_in_failed' });
    expect(failed.items.map((r) => r.details)).toEqual(['账号锁定期间再次尝试（未核对密码）', ...Array.from({ length: 5 }, () => '密码错误')]);
    const signedIn = await list(admin, { account: 'office', recordKind: 'sign_in' });
    expect(signedIn.items.map((r) => [r.kindName, r.accountName, r.address, r.details])).toEqual([['登录成功', '区政府办 李强（office）', '127.0.0.1', '登录控制台']]);
    const unknown = await list(admin, { account: '(unknown)' });
    expect(unknown.items.map((r) => [r.kindName, r.accountName, r.nameTried, r.details])).toEqual([
      ['登录失败', null, 'T*********3', '用户名不存在（输入 T*********3，已隐去中间字符）'],
      ['登录失败', null, 'a***********r', '用户名不存在（输入 a***********r，已隐去中间字符）'],
    ]);

    // An export is on the list as 数据导出, by its actor.
    await f.store.db.exportLog.create({ data: { actor: 'egov', role: 'egov_centre', via: 'console', format: 'xlsx', filters: {}, masked: false, rows: 12, status: 'done', finishedAt: new Date() } });
    const exports = await list(admin, { recordKind: 'export' });
    expect(exports.items.map((r) => [r.kindName, r.accountName, r.details])).toEqual([['数据导出', '电子政务中心 王敏（egov）', 'XLSX，12 行，含个人信息（未脱敏），控制台']]);

    const all = await list(admin, { limit: '200' });
    expect(all.total).toBe(all.items.length);
    expect(new Set(all.items.map((r) => r.kind))).toEqual(new Set(['sign_in', 'sign_in_failed', 'locked', 'sign_out', 'account', 'export']));
    const times = all.items.map((r) => r.at);
    expect(times).toEqual([...times].sort().reverse());
    const first = await list(admin, { limit: '3' });
    const second = await list(admin, { limit: '3', offset: '3' });
    expect([...first.items, ...second.items].map((r) => r.id)).toEqual(all.items.slice(0, 6).map((r) => r.id));
    expect(second.total).toBe(all.total);

    const today = chinaDate(new Date());
    const tomorrow = chinaDate(new Date(Date.now() + 86_400_000));
    expect((await list(admin, { from: today, to: today, limit: '200' })).total).toBe(all.total);
    expect((await list(admin, { from: tomorrow })).total).toBe(0);
  });

  it('refuses every other role (403) and a bad filter (400), in Chinese', async () => {
    // roads: a handling unit, with the password its reset above gave it.
    for (const [username, pw] of [['egov', password], ['leader', password], ['duchashi', password], ['roads', 'roads-new-pass-1']] as const) {
      const as = await signIn(f.url, username, pw);
      const res = await as('/api/console/security-log?recordKind=sign_in');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/无权执行此操作（需要：系统管理员）/);
    }
    expect((await fetch(`${f.url}/api/console/security-log`)).status).toBe(401);
    const admin = await signIn(f.url, 'admin');
    const bad = await admin('/api/console/security-log?recordKind=guess');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^参数 记录类型 无效/);
    const reversed = await admin('/api/console/security-log?from=2026-12-02&to=2026-12-01');
    expect(((await reversed.json()) as { error: { message: string } }).error.message).toBe('开始日期 2026-12-02 晚于结束日期 2026-12-01');
  });

  it('is read back by another app on a new connection to the store, which records the address a trusted proxy names', async () => {
    const schema = (f.store as Store & { schema: string }).schema;
    const store = await openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 2 });
    const app = await createWebServer({ store, logger: silentLogger, trustProxy: '127.0.0.1', loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      await signIn(base, 'duchashi', password, { 'x-forwarded-for': '198.51.100.23' });
      const admin = await signIn(base, 'admin');
      expect((await list(admin, { account: 'duchashi', recordKind: 'sign_in' })).items.map((r) => r.address)).toContain('198.51.100.23');
      // What the first app recorded is there for the second.
      expect((await list(admin, { account: 'office' })).items.map((r) => r.kindName)).toEqual(['退出', '登录成功', '账号变更']);
      expect((await list(admin, { account: 'water', recordKind: 'locked' })).total).toBe(1);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('keeping the sign-in log', () => {
  it('keeps a year; the database refuses any change, and removing a row younger than 180 days', async () => {
    const store = await openTestPgliteStore();
    try {
      const db = store.db;
      const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
      for (const days of [400, 200, 100]) await db.signInLog.create({ data: { kind: 'sign_in', at: daysAgo(days), username: `u${days}`, address: '10.0.0.1' } });
      expect(await purgeOldSignInLog(db)).toBe(1);
      expect((await db.signInLog.findMany({ orderBy: { at: 'asc' } })).map((r) => r.username)).toEqual(['u200', 'u100']);
      await expect(store.sql.exec(`UPDATE "SignInLog" SET "address" = '10.9.9.9'`)).rejects.toThrow(/append-only/);
      await expect(store.sql.exec(`DELETE FROM "SignInLog" WHERE "username" = 'u100'`)).rejects.toThrow(/append-only/);
      await expect(store.sql.exec(`TRUNCATE "SignInLog"`)).rejects.toThrow(/append-only/);
      // Past the six months the law asks for, a row may go (the app's own sweep waits a year).
      await store.sql.exec(`DELETE FROM "SignInLog" WHERE "username" = 'u200'`);
      expect(await db.signInLog.count()).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('attempts over the per-address limit', () => {
  it('are refused with one row per address and window, not one per attempt', async () => {
    const schema = (f.store as Store & { schema: string }).schema;
    const store = await openStore({ databaseUrl: testDatabaseUrl, schema, poolSize: 2 });
    const app = await createWebServer({ store, logger: silentLogger, trustProxy: '127.0.0.1', loginRateLimit: { max: 2, timeWindowMs: 60_000 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      const limited = () => f.store.db.signInLog.findMany({ where: { reason: 'rate_limited' }, orderBy: { id: 'asc' } });
      const settled = async (rows: number) => {
        // The row is written beside the 429, not before it.
        for (let i = 0; i < 100 && (await limited()).length < rows; i += 1) await new Promise((r) => setTimeout(r, 20));
      };
      // Two attempts pass to the handler (each recorded as itself), the next six are refused: one row.
      for (let i = 0; i < 2; i += 1) expect((await login(base, 'leader', `flood-${i}`, from('192.0.2.7'))).status).toBe(401);
      for (let i = 0; i < 6; i += 1) expect((await login(base, 'leader', `flood-more-${i}`, from('192.0.2.7'))).status).toBe(429);
      await settled(1);
      // Another address over the limit is its own row.
      for (let i = 0; i < 3; i += 1) await login(base, 'admin', `flood-${i}`, from('192.0.2.8'));
      await settled(2);
      await new Promise((r) => setTimeout(r, 200));
      const rows = await limited();
      expect(rows.map((r) => [r.kind, r.address, r.username, r.nameTried, r.count, r.userAgent])).toEqual([
        ['sign_in_failed', '192.0.2.7', null, null, 2, userAgent],
        ['sign_in_failed', '192.0.2.8', null, null, 2, userAgent],
      ]);
      const admin = await signIn(f.url, 'admin');
      const failed = await list(admin, { recordKind: 'sign_in_failed', limit: '200' });
      expect(failed.items.filter((r) => r.address === '192.0.2.7').map((r) => r.details)).toEqual([
        '同一地址登录尝试过于频繁（超过 2 次），其后的尝试未核对用户名和密码即被拒绝；每个时段只记录第一次',
        '密码错误',
        '密码错误',
      ]);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

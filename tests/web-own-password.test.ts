/**
 * POST /api/workflow/users/:username/password through the running app, as a hostile insider would
 * call it: a handling unit cannot test guesses at another account's password (the answer is the
 * same refusal, right guess or wrong, and the password stays); a wrong 原密码 of one's own account
 * counts towards the sign-in lockout and is in the sign-in log; and changing one's own password ends
 * the account's other sessions (a stolen cookie) while the browser that changed it stays signed in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleFixture, password, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await openConsoleFixture({ launchBrowser: false });
});

afterAll(async () => {
  await f?.close();
});

const login = (username: string, pw: string) =>
  fetch(`${f.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: pw }) });

/** A signed-in API client of `username`: GET with a path, POST with a body (cookie and CSRF token). */
async function signIn(username: string, pw = password) {
  const res = await login(username, pw);
  expect(res.status).toBe(200);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = decodeURIComponent(cookies.find((c) => c.startsWith('ms_csrf='))!.slice('ms_csrf='.length));
  return async (path: string, body?: unknown) => {
    const answer = await fetch(`${f.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: cookies.join('; '), ...(body === undefined ? {} : { 'content-type': 'application/json', 'x-csrf-token': csrf }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: answer.status, json: (await answer.json()) as { error?: { message: string }; sessionsEnded?: number } };
  };
}

describe("another account's password", () => {
  it('is no oracle for a handling unit: a right and a wrong guess get the same refusal, and nothing changes', async () => {
    const roads = await signIn('roads');
    const wrong = await roads('/api/workflow/users/admin/password', { oldPassword: 'not-the-password', password: 'taken-over-123' });
    const right = await roads('/api/workflow/users/admin/password', { oldPassword: password, password: 'taken-over-123' });
    expect(wrong.status).toBe(403);
    expect(right).toEqual(wrong);
    expect(right.json.error?.message).toBe('只能修改自己的密码；其他账号的密码由系统管理员重设');
    expect((await login('admin', password)).status).toBe(200);
    expect((await login('admin', 'taken-over-123')).status).toBe(401);
  });
});

describe('one’s own password', () => {
  it('counts a wrong 原密码 towards the lockout, as a wrong sign-in, and records it', async () => {
    const water = await signIn('water');
    for (let i = 1; i <= 5; i += 1) {
      const tried = await water('/api/workflow/users/water/password', { oldPassword: `guess-${i}-wrong`, password: 'water-new-pass' });
      expect(tried.status).toBe(403);
    }
    // Locked: the right 原密码 changes nothing now, and sign-in is refused too.
    const locked = await water('/api/workflow/users/water/password', { oldPassword: password, password: 'water-new-pass' });
    expect(locked.status).toBe(429);
    expect((await login('water', password)).status).toBe(429);
    const rows = await f.store.db.signInLog.findMany({ where: { username: 'water' }, orderBy: { id: 'asc' } });
    // Five wrong 原密码 and the lock they caused; then the sign-in tried while locked.
    expect(rows.map((r) => [r.kind, r.reason])).toEqual([
      ['sign_in', null],
      ...Array.from({ length: 5 }, () => ['sign_in_failed', 'wrong_old_password']),
      ['locked', null],
      ['sign_in_failed', 'locked'],
    ]);
    // An admin's new password lifts the lock, as for a sign-in lockout.
    const admin = await signIn('admin');
    expect((await admin('/api/workflow/users/water/password', { password: 'water-reset-123' })).status).toBe(200);
    expect((await login('water', 'water-reset-123')).status).toBe(200);
  });

  it('ends the account’s other sessions and keeps the one that changed it', async () => {
    const here = await signIn('leader');
    const stolen = await signIn('leader');
    const changed = await here('/api/workflow/users/leader/password', { oldPassword: password, password: 'leader-new-pass' });
    expect(changed).toEqual({ status: 200, json: { ok: true, sessionsEnded: 1 } });
    expect((await stolen('/api/workflow/me')).status).toBe(401);
    expect((await here('/api/workflow/me')).status).toBe(200);
    expect((await login('leader', 'leader-new-pass')).status).toBe(200);
  });
});

describe('an admin’s own password', () => {
  it('needs the 原密码 like anyone’s: a stolen admin cookie cannot set a new one, and each try is counted and recorded', async () => {
    const stolen = await signIn('admin');
    const before = await f.store.db.signInLog.count({ where: { username: 'admin', reason: 'wrong_old_password' } });
    const blind = await stolen('/api/workflow/users/admin/password', { password: 'taken-over-123' });
    const wrong = await stolen('/api/workflow/users/admin/password', { oldPassword: 'not-the-password', password: 'taken-over-123' });
    expect(blind).toEqual({ status: 403, json: { error: expect.objectContaining({ message: '原密码不正确' }) } });
    expect(wrong).toEqual(blind);
    expect((await login('admin', 'taken-over-123')).status).toBe(401);
    expect(await f.store.db.signInLog.count({ where: { username: 'admin', reason: 'wrong_old_password' } })).toBe(before + 2);
    // With the 原密码 the change is made (and undone, for whoever signs in as admin next).
    expect((await stolen('/api/workflow/users/admin/password', { oldPassword: password, password: 'admin-new-pass' })).status).toBe(200);
    expect((await stolen('/api/workflow/users/admin/password', { oldPassword: 'admin-new-pass', password })).status).toBe(200);
  });
});

/**
 * `minsheng users reset-password`: on PostgreSQL (the store opened by the command) and beside a
 * main job holding the store (through its API, the local token only). The new password signs in,
 * the lockout is lifted, open sessions end, and a console session may not use the route.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { createSession } from '../workflow/console-queries/index.js';
import { accountLockRemainingMs, checkSignIn, recordLoginFailure, seedDefaultUsers, type Store } from '../workflow/index.js';
import { startMainJobStandIn, type MainJobStandIn } from './helpers/main-job-stand-in.js';
import { openTestPostgresStore, testDatabaseUrl } from './helpers/services.js';

let store: Store & { schema: string };
let dir: string;
let job: MainJobStandIn | undefined;
let adminPassword = '';

beforeAll(async () => {
  store = await openTestPostgresStore();
  await seedDefaultUsers(store.db, { adminPassword: 'old-admin-password' });
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-reset-'));
}, 60_000);
afterAll(async () => {
  await job?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

async function lockAndSignIn(username: string) {
  for (let i = 0; i < 5; i++) await recordLoginFailure(store.db, username);
  const user = await store.db.user.findUniqueOrThrow({ where: { username } });
  await createSession(store.db, { userId: user.id, userAgent: 'test' });
  expect(await accountLockRemainingMs(store.db, username)).toBeGreaterThan(0);
}

const signsIn = async (username: string, password: string) => 'actor' in (await checkSignIn(store.db, username, password));
const sessionsOf = async (username: string) => store.db.session.count({ where: { userId: (await store.db.user.findUniqueOrThrow({ where: { username } })).id } });

const newPasswordOf = (out: string) => /设置新密码：(\S+)/.exec(out)?.[1];

describe('minsheng users reset-password', () => {
  it('on PostgreSQL: shows a new password once, which signs in; lifts the lock, ends the sessions, logs the step', async () => {
    await lockAndSignIn('admin');
    let out = '';
    let err = '';
    const code = await main(['users', 'reset-password', 'admin'], {
      env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, MINSHENG_DATA_DIR: dir, DOTENV_CONFIG_QUIET: 'true' },
      io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
    });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('已为 系统管理员（admin） 设置新密码：');
    const password = newPasswordOf(out)!;
    expect(password).toMatch(/^\S{16}$/);
    adminPassword = password;
    expect(out).toContain('已结束该账号的 1 个登录会话');
    expect(await signsIn('admin', password)).toBe(true);
    expect(await signsIn('admin', 'old-admin-password')).toBe(false);
    expect(await accountLockRemainingMs(store.db, 'admin')).toBe(0);
    expect(await sessionsOf('admin')).toBe(0);
    expect(await store.db.event.findFirst({ where: { type: 'password_set', actor: 'cli-admin' } })).not.toBeNull();
  });

  it('names an unknown account in Chinese and changes nothing', async () => {
    let err = '';
    const code = await main(['users', 'reset-password', 'nobody'], {
      env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, MINSHENG_DATA_DIR: dir, DOTENV_CONFIG_QUIET: 'true' },
      io: { stdout: () => undefined, stderr: (t) => void (err += t) },
    });
    expect(code).not.toBe(0);
    expect(err).toContain('用户不存在：nobody');
  });

  it('beside the main job: through its API with the local token; a console session is refused', async () => {
    job = await startMainJobStandIn(store, dir);
    await lockAndSignIn('egov');
    const r = await job.minsheng(['users', 'reset-password', 'egov']);
    expect(r.err).toContain('经其接口重置');
    expect(r.code).toBe(0);
    const password = newPasswordOf(r.out)!;
    expect(await signsIn('egov', password)).toBe(true);
    expect(await accountLockRemainingMs(store.db, 'egov')).toBe(0);
    expect(await sessionsOf('egov')).toBe(0);

    // An administrator signed in on the console may not use the command line's route (the console has its own, with the old password or an admin's say).
    const login = await fetch(`${job.url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
    expect(login.status).toBe(200);
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = decodeURIComponent(cookies.find((c) => c.startsWith('ms_csrf='))!.slice('ms_csrf='.length));
    const refused = await fetch(`${job.url}/api/cli/users/reset-password`, {
      method: 'POST',
      headers: { cookie: cookies.join('; '), 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ username: 'leader' }),
    });
    expect(refused.status).toBe(403);
    expect(await signsIn('admin', adminPassword)).toBe(true);
  }, 120_000);
});

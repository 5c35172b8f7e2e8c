/**
 * Console sign-in, sign-out and refusals as state changes with their audit rows (sign-in-log.ts),
 * each in one transaction: a session is never opened or ended, and a failure never counted towards
 * the lockout, without its row. The web layer (web/auth/session-auth.ts) decides what is refused;
 * these record it.
 */
import type { Db } from '../store/index.js';
import { createSession, deleteSession } from '../console-queries/sessions.js';
import type { Actor } from '../users/actor.js';
import { clearLoginFailures, defaultLockoutPolicy, recordLoginFailure, type LockoutPolicy } from '../users/login-failures.js';
import { appendSignInLog, maskName, type SignInClient } from './sign-in-log.js';

/** Why the sign-in handler refused: wrong name or password (counted towards the lockout), a disabled account's right password, or an account locked at the time. */
export type SignInRefusal = 'wrong_credentials' | 'disabled' | 'locked';

/**
 * The account a typed name stands for: the one of that exact name (`exact`), else the one whose
 * name differs only in case (the lockout counts its failures: login-failures.ts accountKey), else
 * none. One query whatever the answer, so the time a refusal takes tells no more than before about
 * which names exist.
 */
async function accountTried(db: Db, name: string): Promise<{ username: string; exact: boolean } | null> {
  const [row] = await db.$queryRaw<{ username: string }[]>`
    SELECT "username" FROM "User" WHERE lower("username") = ${name.trim().toLowerCase()}
    ORDER BY ("username" = ${name}) DESC, "username" LIMIT 1`;
  return row ? { username: row.username, exact: row.username === name } : null;
}

/**
 * Opens a console session for a verified actor: the account's failures forgotten, the browser's
 * previous session (`replacing`) ended, a new one created (no fixation) and `sign_in` recorded
 * with the client's address and browser.
 */
export async function startConsoleSession(
  db: Db,
  input: { actor: Actor; client: SignInClient; replacing?: string | undefined; now?: Date },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    await clearLoginFailures(tx, input.actor.username);
    if (input.replacing) await deleteSession(tx, input.replacing);
    const session = await createSession(tx, { userId: input.actor.userId, userAgent: input.client.userAgent, now });
    await appendSignInLog(tx, { kind: 'sign_in', at: now, username: input.actor.username, client: input.client });
    return session;
  });
}

/**
 * Records a refused sign-in. Wrong credentials are counted towards the lockout, and the failure
 * that reaches the limit is followed by a `locked` row; a disabled account's right password and
 * an attempt while locked are recorded but not counted (as before). The name is recorded as the
 * account it stands for; a name no account has is kept masked (maskName), never whole, and no
 * password is ever stored. `oldPassword`: the wrong password was the 原密码 of a signed-in account's
 * 修改密码 (change-own-password.ts), recorded as such. Returns the running failure count (0 when not
 * counted) and whether this attempt locked the account.
 */
export async function recordFailedSignIn(
  db: Db,
  input: { name: string; refused: SignInRefusal; client: SignInClient; policy?: LockoutPolicy; now?: Date; oldPassword?: boolean },
): Promise<{ failures: number; locked: boolean }> {
  const now = input.now ?? new Date();
  const policy = input.policy ?? defaultLockoutPolicy;
  const account = await accountTried(db, input.name);
  const who = { username: account?.username ?? null, nameTried: account?.exact ? null : maskName(input.name) };
  const wrong = input.oldPassword ? 'wrong_old_password' : 'wrong_password';
  const reason = input.refused === 'wrong_credentials' ? (account?.exact ? wrong : 'unknown_account') : input.refused;
  return db.$transaction(async (tx) => {
    const failures = input.refused === 'wrong_credentials' ? await recordLoginFailure(tx, input.name, policy, now) : 0;
    await appendSignInLog(tx, { kind: 'sign_in_failed', at: now, ...who, reason, client: input.client });
    // Exactly one attempt reaches the limit: concurrent failures get distinct counts.
    const locked = failures === policy.failures;
    if (locked) await appendSignInLog(tx, { kind: 'locked', at: now, ...who, client: input.client, count: failures });
    return { failures, locked };
  });
}

/** Signs a session out and records `sign_out`; nothing is recorded for a session already gone (expired, ended by an admin). */
export async function endConsoleSession(db: Db, input: { token: string; actor: Actor; client: SignInClient; now?: Date }): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const ended = await deleteSession(tx, input.token);
    if (ended) await appendSignInLog(tx, { kind: 'sign_out', at: now, username: input.actor.username, client: input.client });
    return ended;
  });
}

/**
 * Records that an address went over the per-address sign-in limit (`sign_in_failed`, reason
 * `rate_limited`, `count` the limit). The web layer calls it for the first refusal of each window
 * only, so a flood from one address adds one row a window, not one per request; no name is known
 * (the request is refused before its body is read).
 */
export async function recordRateLimitedSignIn(db: Db, input: { client: SignInClient; limit: number; now?: Date }): Promise<void> {
  await appendSignInLog(db, { kind: 'sign_in_failed', at: input.now ?? new Date(), reason: 'rate_limited', client: input.client, count: input.limit });
}

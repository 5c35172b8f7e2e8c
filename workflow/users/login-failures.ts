/**
 * Account lockout for console sign-in: failed attempts are counted per account name in the store
 * (table LoginFailure), so every console process behind a load balancer sees the same count and a
 * restart does not reset it. Failures count towards the limit while each comes within `lockMs` of
 * the one before; at the limit the account is refused until `lockMs` after the last failure, even
 * with the right password. A successful sign-in clears the count. Rows are keyed by a hash of the
 * name tried (accountKey), never the name.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../store/index.js';

export interface LockoutPolicy {
  /** Failed sign-ins that lock the account. */
  failures: number;
  /** How long the lock lasts after the last failure, and how close failures must be to add up. */
  lockMs: number;
}

/** @default 5 failures, 15 minutes */
export const defaultLockoutPolicy: LockoutPolicy = { failures: 5, lockMs: 15 * 60_000 };

/**
 * The row's key for a name tried: the SHA-256 of the name in lower case (names are compared
 * case-insensitively, as the sign-in form does). Not the name itself: what is typed into the name
 * field is sometimes a password, and failures of names no account has are counted too.
 */
const accountKey = (username: string) => `sha256:${createHash('sha256').update(username.trim().toLowerCase()).digest('hex')}`;

/** Milliseconds the account is still locked for; 0 when it may sign in. */
export async function accountLockRemainingMs(db: Db, username: string, policy: LockoutPolicy = defaultLockoutPolicy, now: Date = new Date()): Promise<number> {
  const row = await db.loginFailure.findUnique({ where: { username: accountKey(username) } });
  if (!row || row.count < policy.failures) return 0;
  return Math.max(0, row.lastFailedAt.getTime() + policy.lockMs - now.getTime());
}

/**
 * Counts one failed sign-in and returns the account's running count. One statement, so attempts
 * made at the same moment through different processes are all counted (also inside a transaction:
 * workflow/audit/record-sign-in.ts writes the attempt's audit row with it).
 */
export async function recordLoginFailure(db: Pick<Db, '$queryRaw'>, username: string, policy: LockoutPolicy = defaultLockoutPolicy, now: Date = new Date()): Promise<number> {
  const since = new Date(now.getTime() - policy.lockMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "LoginFailure" ("username", "count", "lastFailedAt") VALUES (${accountKey(username)}, 1, ${now})
    ON CONFLICT ("username") DO UPDATE SET
      "count" = CASE WHEN "LoginFailure"."lastFailedAt" > ${since} THEN "LoginFailure"."count" + 1 ELSE 1 END,
      "lastFailedAt" = ${now}
    RETURNING "count"`;
  return Number(rows[0]?.count ?? 1);
}

/** Forgets an account's failures (after a successful sign-in, or when an admin resets its password). */
export async function clearLoginFailures(db: Pick<Db, 'loginFailure'>, username: string): Promise<void> {
  await db.loginFailure.deleteMany({ where: { username: accountKey(username) } });
}

/**
 * Removes counts that no longer lock anything (the last failure more than `lockMs` ago): without
 * it, every name ever mistyped stayed in the table for good. Called at each successful sign-in.
 */
export async function purgeStaleLoginFailures(db: Pick<Db, 'loginFailure'>, policy: LockoutPolicy = defaultLockoutPolicy, now: Date = new Date()): Promise<number> {
  return (await db.loginFailure.deleteMany({ where: { lastFailedAt: { lt: new Date(now.getTime() - policy.lockMs) } } })).count;
}

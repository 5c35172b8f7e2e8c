/**
 * The sign-in log (table SignInLog): the security audit trail of console sign-in that 等保 2.0
 * 安全审计 asks for — who signed in, when and from which address, failed attempts, lockouts,
 * sign-outs, and sessions ended by an admin's 停用 or 重设密码. Account changes themselves stay in
 * the event log (`user_created`, `password_set`, `user_disabled`, `user_enabled`: a state change
 * written with its change, in one transaction) and exports in ExportLog; the admin's 安全审计 page
 * reads the three together (list-security-log.ts).
 *
 * Why a table of its own and not Event:
 * - Volume. Event is kept for ever (the database refuses every DELETE) and is the case history.
 *   Sign-in failures come at an attacker's pace: the per-address limit lets 30 attempts a minute
 *   reach the sign-in handler, 43 200 a day from one address, and each writes one or two rows here.
 *   In Event they could never be removed; here a row may be deleted once it is 180 days old (the
 *   database refuses anything younger, and any UPDATE), and every successful sign-in removes those
 *   older than `signInLogRetentionMs` (a year). So the table holds at most a year: a year of normal
 *   use (a few hundred sign-ins a day) is about 100 000 rows, some 30 MB; a sustained attack from
 *   one address adds at most 86 400 rows a day (failure and lockout rows; about 320 bytes each with
 *   the indexes, measured with a usual browser's User-Agent: under 30 MB a day). Attempts beyond the
 *   per-address limit are answered 429 with one row per address and window (`rate_limited`, its first
 *   refusal: one more row a minute). Many addresses attacking at once are held only by their number
 *   and the retention.
 * - The event log's readers. Each console process's 建议准确率 cache (suggestion-agreement-cache.ts)
 *   counts events by id in a window of the newest 2000; a burst of sign-in rows there would use the
 *   window up and, unless listed as outside the figures, make every sign-in re-read the reviewed cases.
 * - Shape. A sign-in belongs to no case; the audit page filters it by account and by time, with
 *   an index on each, which Event has no need of.
 */
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';

/** What a row records. `sessions_ended`: an admin's 停用 or 重设密码 signed the account out. */
export type SignInLogKind = 'sign_in' | 'sign_in_failed' | 'locked' | 'sign_out' | 'sessions_ended';

/**
 * Why a sign-in failed, or why sessions ended. `rate_limited`: an address over the per-address limit,
 * refused before its name or password was read (no name; `count` the limit); one row per address per
 * window of the limit, for its first refusal. `wrong_old_password`: a signed-in account's 修改密码
 * with a wrong 原密码 (counted towards the lockout as a wrong sign-in is: change-own-password.ts).
 */
export type SignInLogReason = 'wrong_password' | 'wrong_old_password' | 'unknown_account' | 'disabled' | 'locked' | 'password_reset' | 'rate_limited';

/** Where a request came from, as the server sees it. */
export interface SignInClient {
  /** The client's address (Fastify's request.ip: X-Forwarded-For only when MINSHENG_TRUST_PROXY trusts the proxy). */
  address?: string | undefined;
  /** The User-Agent header as sent (cut to `userAgentLength`). */
  userAgent?: string | undefined;
}

export interface SignInLogEntry {
  kind: SignInLogKind;
  at: Date;
  username?: string | null;
  nameTried?: string | null;
  reason?: SignInLogReason | null;
  client?: SignInClient;
  actor?: string | null;
  count?: number | null;
}

/** Rows older than this are removed (at each successful sign-in). The database keeps every row for 180 days whatever this says. */
export const signInLogRetentionMs = 365 * 86_400_000;
/** A User-Agent is kept to this many characters. */
export const userAgentLength = 200;
/** An address is kept to this many characters (an IPv6 address with a zone is under 50). */
const addressLength = 64;

/**
 * A name tried that no account has, as it may be stored and shown: its first and last character
 * with a star for each one between (`r**t`, `<*************>`). The name may be a password typed
 * into the wrong field, so it is never stored whole; the shape is enough to tell `root` or
 * `administrator` being tried from a colleague's typo.
 */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Appends one row; callers pass their transaction, so the row is written with what it records. */
export async function appendSignInLog(tx: Pick<Prisma.TransactionClient, 'signInLog'>, entry: SignInLogEntry): Promise<void> {
  await tx.signInLog.create({
    data: {
      kind: entry.kind,
      at: entry.at,
      username: entry.username ?? null,
      nameTried: entry.nameTried ?? null,
      reason: entry.reason ?? null,
      address: entry.client?.address?.slice(0, addressLength) || null,
      userAgent: entry.client?.userAgent?.slice(0, userAgentLength) || null,
      actor: entry.actor ?? null,
      count: entry.count ?? null,
    },
  });
}

/** Removes the rows older than the retention; returns how many. */
export async function purgeOldSignInLog(db: Pick<Db, 'signInLog'>, now: Date = new Date()): Promise<number> {
  return (await db.signInLog.deleteMany({ where: { at: { lt: new Date(now.getTime() - signInLogRetentionMs) } } })).count;
}

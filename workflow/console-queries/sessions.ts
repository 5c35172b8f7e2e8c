/**
 * Console sessions, kept on the server. The browser holds a random token in an httpOnly cookie;
 * the table keeps only its SHA-256, so a leaked database cannot be replayed as cookies. Each
 * session carries its own CSRF token (double-submit: the console echoes it in a header).
 * Sessions expire after a fixed idle time and die when the account is disabled.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/index.js';
import type { Actor, Role } from '../users/actor.js';

/** A live session: who is signed in and the CSRF token the console must echo. */
export interface SessionInfo {
  actor: Actor;
  displayName: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Idle lifetime of a session. @default 8 hours (a working day) */
export const sessionIdleMs = 8 * 60 * 60 * 1000;
const touchEveryMs = 5 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Opens a session for a verified user; returns the cookie token (shown once) and the CSRF token. */
export async function createSession(
  db: Pick<Db, 'session'>,
  input: { userId: string; userAgent?: string | undefined; now?: Date; idleMs?: number },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + (input.idleMs ?? sessionIdleMs));
  await db.session.create({
    data: { id: hashToken(token), userId: input.userId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt, userAgent: input.userAgent?.slice(0, 300) ?? null },
  });
  return { token, csrfToken, expiresAt };
}

/**
 * The session behind a cookie token, or null (unknown, expired, or the account disabled or gone).
 * Slides the expiry forward at most every few minutes, so a busy console does not write per request.
 */
export async function findSession(db: Db, token: string, options: { now?: Date; idleMs?: number } = {}): Promise<SessionInfo | null> {
  if (!token || token.length > 200) return null;
  const now = options.now ?? new Date();
  const id = hashToken(token);
  const session = await db.session.findUnique({ where: { id } });
  if (!session || session.expiresAt <= now) return null;
  const user = await db.user.findUnique({ where: { id: session.userId } });
  if (!user || user.disabled) return null;
  let expiresAt = session.expiresAt;
  if (now.getTime() - session.lastSeenAt.getTime() > touchEveryMs) {
    expiresAt = new Date(now.getTime() + (options.idleMs ?? sessionIdleMs));
    await db.session.update({ where: { id }, data: { lastSeenAt: now, expiresAt } });
  }
  return {
    actor: { userId: user.id, username: user.username, role: user.role as Role, unitId: user.unitId ?? undefined },
    displayName: user.displayName,
    csrfToken: session.csrfToken,
    expiresAt,
  };
}

/**
 * Ends every session of an account but the one whose cookie token is `except` (the browser that
 * changed the account's own password stays signed in); returns how many ended.
 */
export async function deleteUserSessions(db: Pick<Db, 'session'>, userId: string, options: { except?: string | undefined } = {}): Promise<number> {
  const keep = options.except ? { NOT: { id: hashToken(options.except) } } : {};
  return (await db.session.deleteMany({ where: { userId, ...keep } })).count;
}

/** Ends a session (sign-out). Unknown tokens are ignored: returns whether one ended. */
export async function deleteSession(db: Pick<Db, 'session'>, token: string): Promise<boolean> {
  return (await db.session.deleteMany({ where: { id: hashToken(token) } })).count > 0;
}

/** Removes expired sessions; returns how many. */
export async function purgeExpiredSessions(db: Db, now = new Date()): Promise<number> {
  return (await db.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}

/** The display name and unit name of a user, for the console's header. */
export async function describeUser(db: Db, userId: string): Promise<{ displayName: string; unit: string | null } | null> {
  const user = await db.user.findUnique({ where: { id: userId }, include: { unit: { select: { name: true } } } });
  return user ? { displayName: user.displayName, unit: user.unit?.name ?? null } : null;
}

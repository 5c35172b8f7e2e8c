/**
 * An actor as staff read it in a message about who started something: 「张三（zhangsan）」 for an
 * account whose display name differs, the bare username otherwise (a retired account, the local
 * command line's `local-cli`), and 民声主程序 for the system acting by itself.
 */
import type { Db } from '../store/index.js';
import { systemActor, type Actor } from './actor.js';

export async function actorName(db: Db, actor: Actor): Promise<string> {
  if (actor.userId === systemActor.userId) return '民声主程序';
  return accountName(db, actor.username);
}

/** 「张三（zhangsan）」 for an account whose display name differs, else the bare username (also inside a case step's transaction). */
export async function accountName(db: Pick<Db, 'user'>, username: string): Promise<string> {
  const user = await db.user.findUnique({ where: { username }, select: { displayName: true } });
  return user ? shownAs(user.displayName, username) : username;
}

/** The one way an account is written for staff, given its display name. */
const shownAs = (displayName: string, username: string) => (displayName !== username ? `${displayName}（${username}）` : username);

/**
 * How staff read each of these usernames (as `accountName` does; the system's own `system` as
 * 民声主程序), in one query: the names shown beside a case's events, proposals, reports and visits.
 */
export async function accountNames(db: Pick<Db, 'user'>, usernames: Iterable<string>): Promise<Record<string, string>> {
  const wanted = [...new Set(usernames)];
  if (wanted.length === 0) return {};
  const users = await db.user.findMany({ where: { username: { in: wanted } }, select: { username: true, displayName: true } });
  const display = new Map(users.map((u) => [u.username, u.displayName]));
  return Object.fromEntries(
    wanted.map((username) => {
      const shown = display.get(username);
      if (shown === undefined) return [username, username === systemActor.username ? '民声主程序' : username];
      return [username, shownAs(shown, username)];
    }),
  );
}

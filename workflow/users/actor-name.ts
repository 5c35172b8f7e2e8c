/**
 * An actor as staff read it in a message about who started something: 「张三（zhangsan）」 for an
 * account whose display name differs, the bare username otherwise (a retired account), 民声主程序
 * for the system acting by itself, and 本机命令行 for the server's command line acting as
 * its local administrator (`minsheng reclassify`, `export`, … through the main job or on the store).
 */
import type { Db } from '../store/index.js';
import { systemActor, type Actor } from './actor.js';

/**
 * The usernames of the command line's local administrator, which no account has: `local-cli`
 * (web/auth/session-auth.ts `localAdmin`, a command through the running main job) and `cli-admin`
 * (cli/with-store.ts `cliAdmin`, a command on the store itself). A case's log shows them beside
 * every case a `minsheng reclassify` changed, so they are named in words too.
 */
const commandLineUsernames = new Set(['local-cli', 'cli-admin']);
const commandLineName = '本机命令行';

export async function actorName(db: Db, actor: Actor): Promise<string> {
  if (actor.userId === systemActor.userId && !commandLineUsernames.has(actor.username)) return '民声主程序';
  return accountName(db, actor.username);
}

/** 「张三（zhangsan）」 for an account whose display name differs, else the bare username (also inside a case step's transaction). */
export async function accountName(db: Pick<Db, 'user'>, username: string): Promise<string> {
  const user = await db.user.findUnique({ where: { username }, select: { displayName: true } });
  if (user) return shownAs(user.displayName, username);
  return commandLineUsernames.has(username) ? commandLineName : username;
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
      if (shown === undefined) return [username, username === systemActor.username ? '民声主程序' : commandLineUsernames.has(username) ? commandLineName : username];
      return [username, shownAs(shown, username)];
    }),
  );
}

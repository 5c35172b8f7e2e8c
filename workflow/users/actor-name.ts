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
  return user && user.displayName !== username ? `${user.displayName}（${username}）` : username;
}

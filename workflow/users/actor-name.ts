/**
 * An actor as staff read it in a message about who started something: 「张三（zhangsan）」 for an
 * account whose display name differs, the bare username otherwise (a retired account, the local
 * command line's `local-cli`), and 民声主程序 for the system acting by itself.
 */
import type { Db } from '../store/index.js';
import { systemActor, type Actor } from './actor.js';

export async function actorName(db: Db, actor: Actor): Promise<string> {
  if (actor.userId === systemActor.userId) return '民声主程序';
  const user = await db.user.findUnique({ where: { username: actor.username }, select: { displayName: true } });
  return user && user.displayName !== actor.username ? `${user.displayName}（${actor.username}）` : actor.username;
}

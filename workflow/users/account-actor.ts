/**
 * The actor of a named account, for work done at the server's command line on a staff member's
 * behalf (`minsheng cases propose --as office`): the events name that account, and its role is
 * checked by the use case as on the console. An unknown or disabled account is refused.
 */
import { ForbiddenError, NotFoundError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor, Role } from './actor.js';

export async function accountActor(db: Db, username: string): Promise<Actor> {
  const user = await db.user.findUnique({ where: { username } });
  if (!user) throw new NotFoundError(`账号不存在：${username}`);
  if (user.disabled) throw new ForbiddenError(`账号 ${username} 已停用`);
  return { userId: user.id, username: user.username, role: user.role as Role, unitId: user.unitId ?? undefined };
}

/**
 * An admin disables or re-enables a staff account. A disabled account cannot sign in
 * (verifyPassword) and its open sessions are deleted at once, so re-enabling it later does not
 * bring an old session back; findSession refuses disabled accounts too. Sessions so ended are in
 * the sign-in log (sessions_ended), beside the event.
 */
import { BadInputError, NotFoundError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { appendEvent } from '../events/append-event.js';
import { appendSignInLog } from '../audit/sign-in-log.js';
import { deleteUserSessions } from '../console-queries/sessions.js';
import { requireRole, type Actor } from './actor.js';

export async function setUserDisabled(db: Db, input: { username: string; disabled: boolean; actor: Actor }): Promise<{ username: string; disabled: boolean; sessionsEnded: number }> {
  requireRole(input.actor, ['admin']);
  if (input.disabled && input.actor.username === input.username) throw new BadInputError('不能停用自己正在使用的账号');
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { username: input.username } });
    if (!user) throw new NotFoundError(`用户不存在：${input.username}`);
    await tx.user.update({ where: { id: user.id }, data: { disabled: input.disabled } });
    const sessionsEnded = input.disabled ? await deleteUserSessions(tx, user.id) : 0;
    if (sessionsEnded > 0) await appendSignInLog(tx, { kind: 'sessions_ended', at: new Date(), username: user.username, actor: input.actor.username, reason: 'disabled', count: sessionsEnded });
    await appendEvent(tx, {
      type: input.disabled ? 'user_disabled' : 'user_enabled',
      actor: input.actor.username,
      role: input.actor.role,
      data: { username: user.username, sessionsEnded },
    });
    return { username: user.username, disabled: input.disabled, sessionsEnded };
  });
}

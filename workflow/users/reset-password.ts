/**
 * 重置密码 at the server's own command line (`minsheng users reset-password`): the way back in for
 * an account whose password nobody has. On PostgreSQL the first start prints the generated
 * passwords in its log only, so an administrator who missed that log, or forgot admin's password,
 * had no way in but editing the database. Being at the machine's command line (the store's own
 * credentials, or the main job's local token) is the authority, as for every command there.
 *
 * A new password is generated, set as an admin sets one (the lockout lifted, `password_set` in the
 * event log), and the account's open sessions end: whoever held the old password is signed out.
 */
import type { Db } from '../store/index.js';
import type { Actor } from './actor.js';
import { accountName } from './actor-name.js';
import { setPassword } from './manage-users.js';
import { generatePassword } from './password.js';

export interface PasswordReset {
  /** The account as staff read it: 系统管理员（admin）. */
  shownAs: string;
  /** The new password, to be shown this once; it is stored only as its hash. */
  password: string;
  sessionsEnded: number;
  /** The account is disabled: the new password does not let it sign in until it is enabled. */
  disabled: boolean;
}

export async function resetPassword(db: Db, input: { username: string; actor: Actor }): Promise<PasswordReset> {
  const password = generatePassword();
  const { sessionsEnded } = await setPassword(db, { username: input.username, password, actor: input.actor, endSessions: true });
  const user = await db.user.findUniqueOrThrow({ where: { username: input.username } });
  return { shownAs: await accountName(db, user.username), password, sessionsEnded, disabled: user.disabled };
}

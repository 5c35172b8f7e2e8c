/**
 * 修改密码 (the 账号 page's own form): a signed-in account changes its own password. The 原密码 is
 * checked as a sign-in's password is, because a session is not the password: whoever holds an
 * unlocked browser or a stolen cookie must not learn the password by trying, nor keep the account
 * by changing it blind. So a wrong 原密码 counts towards the account's lockout (workflow/users/
 * login-failures.ts) and is in the sign-in log (`wrong_old_password`), and while the account is
 * locked no change is tried. The change ends the account's other sessions (a colleague's browser
 * or a stolen cookie signed in with the old password), the changing browser's own excepted.
 *
 * An admin gives the 原密码 too: an admin's stolen cookie is the one most worth taking over, and
 * without this check it could set a new admin password and lock the real admin out. Another
 * account's password is not this use case: only an admin sets it, without that account's password
 * (users/manage-users.ts setPassword), and the web route refuses anyone else before looking at any
 * password. The way back in when nobody has admin's password is the server's command line
 * (`minsheng users reset-password`), not the console.
 */
import { AppError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { accountLockRemainingMs, defaultLockoutPolicy, type LockoutPolicy } from '../users/login-failures.js';
import { setPassword, verifyPassword } from '../users/manage-users.js';
import { recordFailedSignIn } from './record-sign-in.js';
import type { SignInClient } from './sign-in-log.js';

export interface ChangeOwnPasswordInput {
  actor: Actor;
  oldPassword: string | undefined;
  password: string;
  /** Where the request came from, for the sign-in log's row of a wrong 原密码. */
  client: SignInClient;
  /** The cookie token of the session that asks: it stays signed in. @default none: every session of the account ends */
  keepSession?: string | undefined;
  /** The console's lockout (the same as its sign-in's). @default 5 failures in 15 minutes */
  policy?: LockoutPolicy | undefined;
  now?: Date;
}

export async function changeOwnPassword(db: Db, input: ChangeOwnPasswordInput): Promise<{ sessionsEnded: number }> {
  const { actor } = input;
  const policy = input.policy ?? defaultLockoutPolicy;
  const lockedMs = await accountLockRemainingMs(db, actor.username, policy, input.now);
  const lockedHelp = actor.role === 'admin' ? '或在服务器上运行 minsheng users reset-password 重设密码' : '或请系统管理员重设密码';
  if (lockedMs > 0) throw new AppError('RATE_LIMITED', `本账号密码连续输错次数过多，已暂时锁定，请 ${Math.ceil(lockedMs / 60_000)} 分钟后再试，${lockedHelp}`);
  if (!(await verifyPassword(db, actor.username, input.oldPassword ?? ''))) {
    const { locked } = await recordFailedSignIn(db, { name: actor.username, refused: 'wrong_credentials', oldPassword: true, client: input.client, policy, ...(input.now ? { now: input.now } : {}) });
    throw new AppError('FORBIDDEN', locked ? `原密码不正确；连续输错 ${policy.failures} 次，本账号已暂时锁定 ${Math.ceil(policy.lockMs / 60_000)} 分钟` : '原密码不正确');
  }
  return setPassword(db, { username: actor.username, password: input.password, actor, endSessions: true, keepSession: input.keepSession });
}

/** Staff accounts: create (admin), verify a login, change a password, seed a fresh install. */
import { clearLoginFailures } from './login-failures.js';
import { z } from 'zod';
import { AppError, BadInputError, NotFoundError, accountPasswordLength } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { appendEvent } from '../events/append-event.js';
import { appendSignInLog } from '../audit/sign-in-log.js';
import { deleteUserSessions } from '../console-queries/sessions.js';
import { requireRole, roleNames, roles, type Actor, type Role } from './actor.js';
import { checkPassword, generatePassword, hashPassword } from './password.js';

export const createUserSchema = z.object({
  username: z.string().trim().regex(/^[A-Za-z0-9_.-]{2,40}$/, '用户名应为 2 到 40 位字母、数字、下划线、点或连字符'),
  displayName: z.string().trim().min(1).max(60),
  password: z.string().min(accountPasswordLength.min, `密码至少 ${accountPasswordLength.min} 位`).max(accountPasswordLength.max),
  role: z.enum(roles),
  unitId: z.string().min(1).optional(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  disabled: boolean;
}

function view(u: { id: string; username: string; displayName: string; role: string; unitId: string | null; disabled: boolean }): UserView {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role as Role, unitId: u.unitId, disabled: u.disabled };
}

/** Creates an account. `actor` must be an admin; omit it only for the install-time seed. */
export async function createUser(db: Db, input: CreateUserInput, actor?: Actor): Promise<UserView> {
  if (actor) requireRole(actor, ['admin']);
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) throw new BadInputError(`账号信息有误：${parsed.error.issues[0]?.message ?? ''}`);
  const data = parsed.data;
  if (data.role === 'unit' && !data.unitId) throw new BadInputError('承办单位账号必须指定所属单位');
  if (data.role !== 'unit' && data.unitId) throw new BadInputError('只有承办单位账号可以指定所属单位');
  const unit = data.unitId ? await db.unit.findUnique({ where: { id: data.unitId } }) : null;
  if (data.unitId && !unit) throw new NotFoundError(`单位不存在：${data.unitId}`);
  // A unit taken out of the directory (retireUnitsNotIn) keeps its accounts but gets no new ones.
  if (unit && !unit.active) throw new BadInputError(`${unit.name}已停用（不在承办单位目录中），不能再为它新建账号`);
  if (await db.user.findUnique({ where: { username: data.username } })) throw new AppError('CONFLICT', `用户名已存在：${data.username}`);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { username: data.username, displayName: data.displayName, passwordHash, role: data.role, unitId: data.unitId ?? null },
      });
      await appendEvent(tx, { type: 'user_created', actor: actor?.username ?? 'system', role: actor?.role ?? 'system', data: { username: user.username, role: user.role, unitId: user.unitId } });
      return view(user);
    });
  } catch (error) {
    // The same name created meanwhile (a double-click, two admins): the check above passed for
    // both while the password was hashed, and the unique index refuses the second.
    if ((error as { code?: unknown }).code === 'P2002') throw new AppError('CONFLICT', `用户名已存在：${data.username}`, { cause: error });
    throw error;
  }
}

/** What a sign-in attempt found: the actor, or why it is refused. */
export type SignInCheck = { actor: Actor } | { refused: 'wrong_credentials' | 'disabled' };

/**
 * Checks a sign-in. `disabled` is said only when the password is right, so it tells nothing to
 * someone guessing; an unknown user and a wrong password are both `wrong_credentials`. Hashes even
 * for unknown users so timing does not reveal which usernames exist.
 */
export async function checkSignIn(db: Db, username: string, password: string): Promise<SignInCheck> {
  const user = await db.user.findUnique({ where: { username } });
  if (!user) {
    await checkPassword(password, dummyHash ??= await hashPassword('dummy-password'));
    return { refused: 'wrong_credentials' };
  }
  if (!(await checkPassword(password, user.passwordHash))) return { refused: 'wrong_credentials' };
  if (user.disabled) return { refused: 'disabled' };
  return { actor: { userId: user.id, username: user.username, role: user.role as Role, unitId: user.unitId ?? undefined } };
}

/** The actor for a right password of an enabled account, else null (unknown user, wrong password, disabled). */
export async function verifyPassword(db: Db, username: string, password: string): Promise<Actor | null> {
  const check = await checkSignIn(db, username, password);
  return 'actor' in check ? check.actor : null;
}
let dummyHash: string | undefined;

/**
 * Sets an account's password (its own, with the old password checked by the caller:
 * audit/change-own-password.ts; or any as admin) and lifts its lockout. With `endSessions` the
 * account's open sessions end in the same transaction, so no session outlives the old password even
 * if the process stops half-way (recorded in the sign-in log: sessions_ended), but for the one whose
 * cookie token is `keepSession` (the browser that changed its own password); returns how many ended.
 */
export async function setPassword(db: Db, input: { username: string; password: string; actor: Actor; endSessions?: boolean; keepSession?: string | undefined }): Promise<{ sessionsEnded: number }> {
  if (input.actor.username !== input.username) requireRole(input.actor, ['admin']);
  if (input.password.length < accountPasswordLength.min) throw new BadInputError(`密码至少 ${accountPasswordLength.min} 位`);
  const user = await db.user.findUnique({ where: { username: input.username } });
  if (!user) throw new NotFoundError(`用户不存在：${input.username}`);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    // A new password lifts a lockout: the usual way out for staff who forgot theirs.
    await clearLoginFailures(tx, user.username);
    await appendEvent(tx, { type: 'password_set', actor: input.actor.username, role: input.actor.role, data: { username: user.username } });
    const sessionsEnded = input.endSessions ? await deleteUserSessions(tx, user.id, { except: input.keepSession }) : 0;
    if (sessionsEnded > 0) await appendSignInLog(tx, { kind: 'sessions_ended', at: new Date(), username: user.username, actor: input.actor.username, reason: 'password_reset', count: sessionsEnded });
    return { sessionsEnded };
  });
}

export async function listUsers(db: Db, actor: Actor): Promise<UserView[]> {
  requireRole(actor, ['admin']);
  return (await db.user.findMany({ orderBy: { username: 'asc' } })).map(view);
}

/** The accounts a fresh install gets: one per office role (unit accounts are created by the admin per unit). */
export const defaultAccounts: { username: string; displayName: string; role: Role }[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
  { username: 'egov', displayName: '区电子政务管理中心', role: 'egov_centre' },
  { username: 'office', displayName: '区政府办', role: 'gov_office' },
  { username: 'leader', displayName: '区政府领导', role: 'leader' },
  { username: 'duchashi', displayName: '区政府督查室', role: 'supervision' },
];

/**
 * Seeds the default accounts when no user exists yet (a fresh install); does nothing otherwise.
 * The admin's password is `adminPassword` when given, else generated; the other accounts' are
 * generated. Returns the created accounts with their plain passwords, for the caller to print
 * once (they are not stored anywhere in clear).
 */
export async function seedDefaultUsers(
  db: Db,
  options: {
    adminPassword?: string | undefined;
    /**
     * Called with every account and password before the first is created, to keep them where staff
     * will find them: accounts created and then a kill (a power cut) before the passwords were kept
     * left accounts nobody could sign in to, and a store with users is never seeded again.
     */
    beforeCreate?: ((planned: SeededAccount[]) => Promise<void>) | undefined;
  } = {},
): Promise<SeededAccount[]> {
  if ((await db.user.count()) > 0) return [];
  const planned = defaultAccounts.map((account) => {
    const given = account.role === 'admin' ? options.adminPassword : undefined;
    return { account, password: given ?? generatePassword(), generated: given === undefined };
  });
  await options.beforeCreate?.(planned.map(({ account, password, generated }) => ({ username: account.username, role: account.role, password, generated })));
  const created: SeededAccount[] = [];
  for (const { account, password, generated } of planned) {
    try {
      await createUser(db, { ...account, password });
    } catch (error) {
      // Two console processes starting together on a new database (production): both found no
      // user, and the other created the first account. It seeds them all and prints their
      // passwords; this one prints none (its own would not be the stored ones).
      if (created.length === 0 && error instanceof AppError && error.code === 'CONFLICT') return [];
      throw error;
    }
    created.push({ username: account.username, role: account.role, password, generated });
  }
  return created;
}

/** A default account as seeded: its password is shown once (generated, or the configured admin password). */
export interface SeededAccount {
  username: string;
  role: Role;
  password: string;
  generated: boolean;
}

/** The staff-facing text that shows seeded accounts once (print it to the console at first start). */
export function describeSeededAccounts(created: SeededAccount[]): string {
  if (created.length === 0) return '';
  const lines = created.map((a) => `  ${a.username}（${roleNames[a.role]}）：${a.generated ? a.password : '（使用配置 MINSHENG_ADMIN_PASSWORD 中的密码）'}`);
  return ['已创建默认账号（密码只显示这一次，请登录后立即修改）：', ...lines, ''].join('\n');
}

/**
 * 安全审计 (admin only): the sign-in log, the account changes and system settings (系统设置: a source
 * added to the source file, a queue-loss notice dismissed) of the event log and the export log
 * as one list, newest first, paged, filtered by account, kind and Beijing date. Each row carries
 * its time, the account (as staff read it), its kind in Chinese, the client's address where one
 * was recorded (sign-in rows) and its details in Chinese; text typed by whoever signed in (a name
 * no account has, masked) and the browser's User-Agent are returned as data for the console to
 * show as text.
 */
import { beijingClock } from '../../core/index.js';
import { Prisma } from '../../prisma/generated/client.js';
import { exportLogFormatName, isCatalogueFormat } from '../exports/export-log.js';
import type { Db } from '../store/index.js';
import { requireRole, roleNames, type Actor, type ActorRole } from '../users/actor.js';
import { accountNames } from '../users/actor-name.js';
import { queueDataLossDismissedEvent } from './dismiss-queue-data-loss.js';
import { sourceFileAppendedEvent } from './source-file-change.js';

/** The kinds a row is filtered and shown by. */
export const securityLogKinds = ['sign_in', 'sign_in_failed', 'locked', 'sign_out', 'account', 'export', 'system'] as const;
export type SecurityLogKind = (typeof securityLogKinds)[number];

export const securityLogKindNames: Record<SecurityLogKind, string> = {
  sign_in: '登录成功',
  sign_in_failed: '登录失败',
  locked: '账号锁定',
  sign_out: '退出',
  account: '账号变更',
  export: '数据导出',
  system: '系统设置',
};

/** The account filter's value for failed sign-ins under a name no account has (no username contains parentheses). */
export const unknownAccountFilter = '(unknown)';

/** The event log's account changes (written with caseId null by workflow/users). */
const accountEventTypes = ['user_created', 'password_set', 'user_disabled', 'user_enabled'];

/** The event log's settings of the whole system (caseId null): a source added to the source file, a queue-loss notice dismissed. */
const systemEventTypes = [sourceFileAppendedEvent, queueDataLossDismissedEvent];

export interface SecurityLogFilter {
  /** A username: rows by that account or about it; `unknownAccountFilter`: sign-in failures under names no account has. */
  account?: string | undefined;
  kind?: SecurityLogKind | undefined;
  /** Beijing dates (YYYY-MM-DD), both included. */
  from?: string | undefined;
  to?: string | undefined;
  limit?: number;
  offset?: number;
}

export interface SecurityLogRow {
  /** Unique across the three sources (`l-12`, `e-40`, `x-<uuid>`). */
  id: string;
  at: string;
  kind: SecurityLogKind;
  kindName: string;
  /** The account the row is by (or, for a sign-in, of); null for a name no account has. */
  username: string | null;
  /** How staff read it: 张三（zhangsan）. */
  accountName: string | null;
  /** A name tried that no account has, masked (r**t). */
  nameTried: string | null;
  address: string | null;
  userAgent: string | null;
  details: string;
}

export interface SecurityLog {
  total: number;
  items: SecurityLogRow[];
}

interface RawRow {
  src: 'l' | 'e' | 'x';
  id: string;
  n: bigint;
  at: Date;
  kind: string;
  username: string | null;
  nameTried: string | null;
  reason: string | null;
  address: string | null;
  userAgent: string | null;
  actor: string | null;
  count: number | null;
  data: Record<string, unknown> | null;
}

const startOf = (date: string) => new Date(`${date}T00:00:00+08:00`);
const endOf = (date: string) => new Date(startOf(date).getTime() + 86_400_000);

/** ` AND <cond>` for each condition given. */
const and = (conditions: Prisma.Sql[]) => (conditions.length ? Prisma.sql` AND ${Prisma.join(conditions, ' AND ')}` : Prisma.empty);

/**
 * The three sources as one UNION ALL of the same columns (each branch names them all: a filter may
 * leave any one branch alone), each with only the rows the filter keeps; null when none can have any.
 */
function unionOf(filter: SecurityLogFilter): Prisma.Sql | null {
  const { account, kind } = filter;
  const unknown = account === unknownAccountFilter;
  const branches: Prisma.Sql[] = [];
  const period = (column: Prisma.Sql) => [...(filter.from ? [Prisma.sql`${column} >= ${startOf(filter.from)}`] : []), ...(filter.to ? [Prisma.sql`${column} < ${endOf(filter.to)}`] : [])];

  if (kind === undefined || ['sign_in', 'sign_in_failed', 'locked', 'sign_out'].includes(kind)) {
    const where = period(Prisma.sql`"at"`);
    // An admin's 停用 or 重设密码 ending the sessions is a sign-out the person did not make.
    if (kind) where.push(kind === 'sign_out' ? Prisma.sql`"kind" IN ('sign_out', 'sessions_ended')` : Prisma.sql`"kind" = ${kind}`);
    if (unknown) where.push(Prisma.sql`"username" IS NULL`);
    else if (account) where.push(Prisma.sql`("username" = ${account} OR "actor" = ${account})`);
    branches.push(Prisma.sql`SELECT 'l' AS src, "id"::text AS id, "id" AS n, "at", "kind", "username", "nameTried", "reason", "address", "userAgent", "actor", "count", NULL::jsonb AS data
      FROM "SignInLog" WHERE TRUE${and(where)}`);
  }
  if ((kind === undefined || kind === 'account' || kind === 'system') && !unknown) {
    const types = kind === 'account' ? accountEventTypes : kind === 'system' ? systemEventTypes : [...accountEventTypes, ...systemEventTypes];
    const where = [Prisma.sql`"caseId" IS NULL`, Prisma.sql`"type" IN (${Prisma.join(types)})`, ...period(Prisma.sql`"at"`)];
    if (account) where.push(Prisma.sql`("actor" = ${account} OR "data"->>'username' = ${account})`);
    branches.push(Prisma.sql`SELECT 'e' AS src, "id"::text AS id, "id" AS n, "at", "type" AS "kind", "data"->>'username' AS "username", NULL AS "nameTried", NULL AS "reason", NULL AS "address", NULL AS "userAgent", "actor", NULL::integer AS "count", "data"::jsonb AS data
      FROM "Event" WHERE ${Prisma.join(where, ' AND ')}`);
  }
  if ((kind === undefined || kind === 'export') && !unknown) {
    const where = period(Prisma.sql`"startedAt"`);
    if (account) where.push(Prisma.sql`"actor" = ${account}`);
    branches.push(Prisma.sql`SELECT 'x' AS src, "id", 0::bigint AS n, "startedAt" AS "at", 'export' AS "kind", NULL AS "username", NULL AS "nameTried", NULL AS "reason", NULL AS "address", NULL AS "userAgent", "actor", "rows" AS "count",
        jsonb_build_object('format', "format", 'masked', "masked", 'via', "via", 'status', "status", 'error', "error", 'volume', "filters"->>'归档卷') AS data
      FROM "ExportLog" WHERE TRUE${and(where)}`);
  }
  return branches.length ? Prisma.join(branches, ' UNION ALL ') : null;
}

const failureReasons: Record<string, string> = {
  wrong_password: '密码错误',
  wrong_old_password: '已登录时修改自己的密码，原密码错误',
  disabled: '账号已停用（密码正确）',
  locked: '账号锁定期间再次尝试（未核对密码）',
};

/** A `rate_limited` row: the first refusal of an address over the per-address limit in one window. */
const rateLimitedDetails = (limit: number | null) =>
  `同一地址登录尝试过于频繁（超过 ${limit ?? ''} 次），其后的尝试未核对用户名和密码即被拒绝；每个时段只记录第一次`;

/** The row's kind, and its details in Chinese; `name` shows an account as staff read it. */
function describe(r: RawRow, name: (username: string) => string): { kind: SecurityLogKind; details: string } {
  if (r.src === 'x') {
    const d = r.data ?? {};
    const outcome = d.status === 'failed' ? `，失败：${String(d.error ?? '')}` : d.status === 'running' ? '，进行中' : '';
    const format = String(d.format ?? '');
    // A 卷内目录 (export-log.ts) names its volume and counts cases.
    const what = isCatalogueFormat(format) ? `${exportLogFormatName(format)}，归档卷 ${String(d.volume ?? '')}，${r.count ?? 0} 件` : `${exportLogFormatName(format)}，${r.count ?? 0} 行`;
    return { kind: 'export', details: `${what}，${d.masked ? '已隐藏个人信息' : '含个人信息（未脱敏）'}，${d.via === 'cli' ? '命令行' : '控制台'}${outcome}` };
  }
  if (r.src === 'e' && r.kind === sourceFileAppendedEvent) {
    const d = r.data ?? {};
    return { kind: 'system', details: `在控制台把来源 ${String(d.sourceId ?? '')} 加入来源文件 ${String(d.file ?? '')}（原文件备份为 ${String(d.backup ?? '')}；列表页 ${String(d.listUrl ?? '')}），重启后生效` };
  }
  if (r.src === 'e' && r.kind === queueDataLossDismissedEvent) {
    return { kind: 'system', details: `对 ${beijingClock(Date.parse(String(r.data?.lostAt ?? ''))).slice(0, 16)} 发现的任务队列数据丢失提示标记“知道了”（不再向任何人显示）` };
  }
  if (r.src === 'e') {
    const subject = r.username ? name(r.username) : '（未知）';
    const role = roleNames[r.data?.role as ActorRole] ?? String(r.data?.role ?? '');
    const details: Record<string, string> = {
      user_created: `创建账号 ${subject}，角色：${role}`,
      password_set: r.username === r.actor ? '修改自己的密码' : `为 ${subject} 重设密码`,
      user_disabled: `停用账号 ${subject}`,
      user_enabled: `启用账号 ${subject}`,
    };
    return { kind: 'account', details: details[r.kind] ?? r.kind };
  }
  switch (r.kind) {
    case 'sign_in':
      return { kind: 'sign_in', details: '登录控制台' };
    case 'sign_in_failed':
      if (r.reason === 'unknown_account') {
        return { kind: 'sign_in_failed', details: r.username ? `用户名大小写不符（输入 ${r.nameTried ?? ''}）` : `用户名不存在（输入 ${r.nameTried ?? ''}，已隐去中间字符）` };
      }
      if (r.reason === 'rate_limited') return { kind: 'sign_in_failed', details: rateLimitedDetails(r.count) };
      return { kind: 'sign_in_failed', details: failureReasons[r.reason ?? ''] ?? '登录失败' };
    case 'locked':
      return { kind: 'locked', details: `连续登录失败 ${r.count ?? ''} 次，暂时锁定（管理员重设密码可立即解除）` };
    case 'sessions_ended':
      return { kind: 'sign_out', details: `${r.actor ? name(r.actor) : '管理员'}${r.reason === 'disabled' ? '停用账号' : '重设密码'}，该账号已登录的 ${r.count ?? 0} 处随之退出` };
    default:
      return { kind: 'sign_out', details: '本人退出' };
  }
}

/** The admin's 安全审计 list (see the module comment). */
export async function listSecurityLog(db: Db, input: { actor: Actor; filter?: SecurityLogFilter }): Promise<SecurityLog> {
  requireRole(input.actor, ['admin']);
  const filter = input.filter ?? {};
  const union = unionOf(filter);
  if (!union) return { total: 0, items: [] };
  const limit = Math.min(filter.limit ?? 50, 200);
  const offset = filter.offset ?? 0;
  const [counted, rows] = await Promise.all([
    db.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM (${union}) AS rows`,
    db.$queryRaw<RawRow[]>`SELECT * FROM (${union}) AS rows ORDER BY "at" DESC, src, n DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
  ]);
  const names = await accountNames(db, rows.flatMap((r) => [r.username, r.actor]).filter((u): u is string => Boolean(u)));
  const name = (username: string) => names[username] ?? username;
  return {
    total: Number(counted[0]?.total ?? 0),
    items: rows.map((r) => {
      const { kind, details } = describe(r, name);
      // A sign-in row is of its account (the one ended by an admin too); an account change or an export is by its actor.
      const username = r.src === 'l' ? r.username : r.actor;
      return {
        id: `${r.src}-${r.id}`,
        at: r.at.toISOString(),
        kind,
        kindName: securityLogKindNames[kind],
        username,
        accountName: username ? name(username) : null,
        nameTried: r.nameTried,
        address: r.address,
        userAgent: r.userAgent,
        details,
      };
    }),
  };
}

/**
 * What every API route does with a request before calling workflow/: parse its input with zod
 * (a failure is a Chinese BAD_INPUT naming the field) and take the signed-in actor. Also the one
 * query schema of the case list, shared by /api/console/ledger and /api/workflow/cases.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, categories, channels } from '../../core/index.js';
import { caseStates, type CaseFilter } from '../../workflow/cases/index.js';
import type { Actor } from '../../workflow/users/index.js';

/**
 * What staff call the API's fields (every key of the schemas in web/api/ and web/auth/): the
 * field named in a BAD_INPUT message. A key not listed is shown as it is.
 */
export const fieldNames: Readonly<Record<string, string>> = {
  id: '编号',
  // case steps (workflow-routes.ts)
  category: '类别',
  complexity: '复杂程度',
  urgency: '紧急程度',
  note: '说明',
  reasons: '不予受理理由',
  unitId: '承办单位',
  opinion: '拟办意见',
  assistUnitIds: '协办单位',
  approve: '是否同意',
  reason: '理由',
  progress: '办理进展',
  days: '天数',
  answer: '答复',
  text: '正文',
  accept: '是否通过',
  reviewText: '对外答复',
  acknowledgeFindings: '已知悉审查提示',
  satisfaction: '满意度',
  method: '回访方式',
  leaderMarked: '领导重点批示',
  highImpact: '影响较大',
  kind: '督办方式',
  title: '标题',
  content: '内容',
  caseId: '案件',
  proposalId: '所审批的拟办意见',
  items: '所选案件',
  shownUnitId: '页面上显示的承办单位',
  shownCategory: '页面上显示的类别',
  reportId: '页面上显示的办理情况或答复',
  assignmentId: '页面上显示的交办',
  dueDate: '页面上显示的办理时限',
  extensionId: '页面上显示的延期申请',
  replyText: '页面上显示的答复正文',
  suggestionKey: '页面上显示的分类建议',
  suggestionKeys: '页面上显示的分类建议',
  caseIds: '案件',
  as: '代办账号',
  references: '台账编号',
  before: '办结日期早于',
  intoCaseId: '并入的案件',
  expectedState: '页面上显示的案件状态',
  messageId: '留言',
  year: '年份',
  holidays: '节假日',
  workdays: '调休上班日',
  username: '用户名',
  displayName: '姓名或单位',
  password: '密码',
  oldPassword: '原密码',
  role: '角色',
  disabled: '停用',
  // periods, pages, review queue (workflow-routes.ts, console-routes.ts)
  from: '开始日期',
  to: '结束日期',
  limit: '每页条数',
  offset: '起始位置',
  threshold: '阈值',
  // exports (export-routes.ts)
  format: '格式',
  masked: '隐藏个人信息',
  filter: '筛选条件',
  channel: '渠道',
  state: '办理状态',
  review: '审核状态',
  rowsPer: '每行',
  dateBasis: '时间依据',
  // the case list (caseListQuery below)
  dueFrom: '时限自',
  dueTo: '时限至',
  overdue: '仅逾期',
  escalated: '仅专项督查',
  archived: '已归档',
  archiveVolume: '归档卷',
  volume: '归档卷',
  unreached: '仅无法联系',
  q: '搜索',
  hotIssue: '热点问题',
  todo: '待我办理',
  // excluded messages (console-routes.ts)
  sourceId: '来源',
  status: '状态',
  exclusionKind: '排除类别',
  // 本单位退回的案件 (console-routes.ts)
  awaiting: '仅待重新交办',
  // 重新判断 runs (console-routes.ts)
  runId: '重新判断的编号',
  // 手工录入 (entry-routes.ts)
  author: '留言人',
  postedAt: '留言时间',
  originLevel: '转办层级',
  forwardNo: '转办编号',
  upperDeadline: '上级办理时限',
  channelNote: '渠道说明',
  // 安全审计 (security-log-routes.ts)
  account: '账号',
  recordKind: '记录类型',
  // re-classification (cli-routes.ts)
  after: '起始案件',
  dryRun: '试运行',
  cases: '案件',
  suggestions: '分类建议',
  classification: '分类建议',
};

/** A zod issue path in staff's words: `filter.from` -> 筛选条件的开始日期, `reasons[0]` -> 不予受理理由第 1 项. */
export function fieldLabel(path: readonly PropertyKey[]): string {
  let label = '';
  for (const key of path) {
    const name = String(key);
    if (typeof key === 'number') label += `第 ${key + 1} 项`;
    else label += (label ? '的' : '') + ((Object.hasOwn(fieldNames, name) && fieldNames[name]) || name);
  }
  return label;
}

/**
 * Parses with zod; a failure is a Chinese BAD_INPUT naming the field: `参数 天数 无效：不能大于 30`,
 * or a schema's own message as it is when that names the field already (留言时间不能晚于现在, not
 * 参数 留言时间 无效：留言时间不能晚于现在).
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const label = fieldLabel(issue?.path ?? []);
  const message = issue?.message ?? '';
  throw new AppError('BAD_INPUT', label && message.includes(label) ? message : `参数 ${label || '请求'} 无效：${message}`, { details: { issues: result.error.issues } });
}

/** The signed-in actor (the auth hook already answered 401 for anonymous requests). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.actor;
}

/** A calendar date written YYYY-MM-DD that exists (2026-02-30 and 2026-13-01 are refused, not read as 0 rows). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
  }, '没有这一天（日期不存在）');
/** An optional query field; an empty form field counts as absent. */
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
export const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The case list's query string (workflow/cases/list-cases.ts). */
export const caseListQuery = z.object({
  state: optional(z.enum(caseStates)),
  category: optional(z.enum(categories)),
  unitId: optional(z.string().max(64)),
  channel: optional(z.enum(channels)),
  dueFrom: optional(isoDate),
  dueTo: optional(isoDate),
  overdue: optional(flag),
  escalated: optional(flag),
  archived: optional(flag),
  archiveVolume: optional(z.string().max(40)),
  unreached: optional(flag),
  q: optional(z.string().max(100)),
  hotIssue: optional(z.string().max(200)),
  todo: optional(flag),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
}) satisfies z.ZodType<CaseFilter>;

/** Whether a value parsed from a request holds a NUL character in any string (keys included), at any depth. */
export function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) pending.push(item);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [key, inner] of Object.entries(v)) pending.push(key, inner);
    }
  }
  return false;
}

/**
 * A preValidation hook for every route: a request whose path, query or body holds a NUL character
 * is refused (400 BAD_INPUT) before any route reads it. PostgreSQL cannot store NUL in text, so such
 * an id or note reached the store as a database error, answered 500 (服务器内部错误) and logged as a
 * bug; no staff input holds one.
 */
export async function refuseNulInput(request: FastifyRequest): Promise<void> {
  if (holdsNul(request.params) || holdsNul(request.query) || holdsNul(request.body)) throw new AppError('BAD_INPUT', '请求内容含有无效字符（NUL），请检查后重试');
}

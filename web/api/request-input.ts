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

/** Parses with zod; a failure is a Chinese BAD_INPUT naming the field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new AppError('BAD_INPUT', `参数 ${issue?.path.join('.') || '请求'} 无效：${issue?.message ?? ''}`, { details: { issues: result.error.issues } });
}

/** The signed-in actor (the auth hook already answered 401 for anonymous requests). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.actor;
}

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
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
  q: optional(z.string().max(100)),
  hotIssue: optional(z.string().max(200)),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
}) satisfies z.ZodType<CaseFilter>;

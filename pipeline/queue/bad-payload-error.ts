import type { z } from 'zod';
import { BadInputError } from '../../core/index.js';

/** A payload that fails its schema, or a poison message: retrying cannot help, so it goes straight to failed. */
export class BadPayloadError extends BadInputError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'BadPayloadError';
  }
}

/** Staff-facing reason for one schema issue, e.g. `message.content 过长（200345 字，上限 200000 字）`. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '数据';
  let value: unknown = input;
  for (const key of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return `缺少 ${where}`;
  switch (issue.code) {
    case 'too_big':
      return `${where} 过长（${typeof value === 'string' ? `${value.length} 字，` : ''}上限 ${String(issue.maximum)}）`;
    case 'too_small':
      return `${where} 为空或过短（下限 ${String(issue.minimum)}）`;
    case 'invalid_type':
      return `${where} 类型错误（应为 ${issue.expected}）`;
    case 'invalid_value':
      return `${where} 取值无效`;
    case 'unrecognized_keys':
      return `${where} 含有未知字段 ${issue.keys.join('、')}`;
    default:
      return `${where} 无效：${issue.message}`;
  }
}

/** Validates a payload against its job's schema before any work (house style 7). */
export function parsePayload<P>(definition: { name: string; schema: z.ZodType<P> }, payload: unknown): P {
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) {
    const reasons = parsed.error.issues.slice(0, 5).map((i) => describeIssue(i, payload));
    throw new BadPayloadError(`任务 ${definition.name} 的数据无效：${reasons.join('；')}`);
  }
  return parsed.data;
}

/**
 * zod's messages in Simplified Chinese for the whole process (they reach staff through the API,
 * the CLI and the job reports). Installed on import: core/index.ts imports this, so every entry
 * point (server, CLI, workers, tests) gets it before any schema runs. A schema's own message
 * (`z.string().regex(re, '日期格式应为 YYYY-MM-DD')`) still wins over these.
 *
 * zod's zh-CN locale is the base; the issues staff meet most (missing, wrong type, too short or
 * long, not one of the options) are phrased here without its English type names ("期望 array").
 */
import { z } from 'zod';

const typeNames: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值(true/false)',
  array: '列表',
  object: '对象',
  date: '日期',
  null: '空值',
  nan: '非数字',
  undefined: '空',
};
const typeName = (t: string) => typeNames[t] ?? t;
const receivedType = (input: unknown) => (input === null ? 'null' : Array.isArray(input) ? 'array' : Number.isNaN(input) ? 'nan' : typeof input);

const zhCN = z.locales.zhCN().localeError;

/** The message of a required field that is absent (code `invalid_type`), for callers that word it their own way. */
export const missingFieldMessage = '缺少此项';

/** The process-wide error map: Chinese for every issue, through zod's zh-CN for the rarer ones. */
export const chineseErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return missingFieldMessage;
      if (issue.expected === 'int' && typeof issue.input === 'number') return '应为整数';
      return `应为${typeName(issue.expected)}，实际为${typeName(receivedType(issue.input))}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `应为 ${String(issue.values[0])}` : `应为以下之一：${issue.values.map(String).join('、')}`;
    case 'too_small': {
      const n = String(issue.minimum);
      if (issue.origin === 'string') return issue.exact ? `应为 ${n} 个字` : issue.minimum === 1 ? '不能为空' : `至少 ${n} 个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return issue.exact ? `应为 ${n} 项` : `至少 ${n} 项`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return issue.inclusive ? `不能小于 ${n}` : `应大于 ${n}`;
      break;
    }
    case 'too_big': {
      const n = String(issue.maximum);
      if (issue.origin === 'string') return issue.exact ? `应为 ${n} 个字` : `最多 ${n} 个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return issue.exact ? `应为 ${n} 项` : `最多 ${n} 项`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return issue.inclusive ? `不能大于 ${n}` : `应小于 ${n}`;
      break;
    }
    case 'invalid_format':
      // A pattern, UUID, e-mail ... staff need not see which; a required prefix or part they do.
      if (!['starts_with', 'ends_with', 'includes'].includes(issue.format)) return '格式不对';
      break;
    case 'unrecognized_keys':
      return `有未知字段：${issue.keys.join('、')}`;
    case 'invalid_union':
      return '格式不对';
  }
  return zhCN?.(issue);
};

z.config({ localeError: chineseErrorMap });

/**
 * Reads a source file (YAML or JSON), validates every source, and explains problems in Chinese,
 * naming the field (`sources[1].list.items`) and the source id, so staff can fix the file.
 */
import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { BadInputError, missingFieldMessage } from '../../core/index.js';
import { hasModule, moduleNames } from '../modules/registry.js';
import { configSourceSchema, moduleSourceSchema, sourceFileKeys, sourceFileSchema, type FieldSpec, type SourceDefinition } from './schema.js';
import { closestKey, describeJsonError, describeYamlError, lineOfPath } from './source-file-errors.js';

export interface LoadSourceOptions {
  /** Values for `{{name}}` placeholders in the file's strings (e.g. demoPort). */
  vars?: Record<string, string | number>;
}

/** Loads and validates a source file. Throws BadInputError whose message names the bad field. */
export async function loadSourceFile(path: string, options: LoadSourceOptions = {}): Promise<SourceDefinition[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BadInputError(`无法读取来源文件 ${path}：${(error as Error).message}`, { cause: error });
  }
  return parseSourceText(text, path, options);
}

/** Same as loadSourceFile on text already read; `origin` names it in errors. */
export function parseSourceText(text: string, origin: string, options: LoadSourceOptions = {}): SourceDefinition[] {
  let raw: unknown;
  let doc: Document | undefined;
  const lines = new LineCounter();
  if (origin.toLowerCase().endsWith('.json')) {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new BadInputError(`来源文件 ${origin} 不是有效的 JSON：${describeJsonError(error as Error, text)}`, { cause: error });
    }
  } else {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    const [syntax] = doc.errors;
    if (syntax) throw new BadInputError(`来源文件 ${origin} 不是有效的 YAML：${describeYamlError(syntax, text, lines)}`, { cause: syntax });
    raw = doc.toJS();
  }
  // `第 N 行` of a field path, when the file is YAML (JSON files are named by the path alone).
  const lineOf = (path: (string | number)[]) => {
    const line = doc ? lineOfPath(doc, lines, path) : undefined;
    return line === undefined ? '' : `（第 ${line} 行）`;
  };
  if (raw === null || raw === undefined) throw new BadInputError(`来源文件 ${origin} 是空的：应以 sources: 开头，列出要抓取的来源（见 crawlers/README.md）`);
  raw = substitute(raw, options.vars ?? {}, origin);
  if (Array.isArray(raw)) raw = { sources: raw };
  const file = sourceFileSchema.safeParse(raw);
  if (!file.success) {
    const issue = firstIssue(file.error.issues);
    throw new BadInputError(`来源文件 ${origin}：${describeIssue(issue, [])}${lineOf(issuePath(issue, []))}`);
  }
  const seen = new Set<string>();
  return file.data.sources.map((entry, i) => {
    const at = [`sources[${i}]`];
    const here = ['sources', i];
    const id = typeof entry === 'object' && entry && 'id' in entry ? String((entry as { id: unknown }).id) : undefined;
    const label = `来源文件 ${origin}${id ? `，来源 ${id}` : ''}`;
    const kind = typeof entry === 'object' && entry && 'kind' in entry ? (entry as { kind: unknown }).kind : 'config';
    const schema = kind === 'module' ? moduleSourceSchema : configSourceSchema;
    if (kind !== 'module' && kind !== 'config') throw new BadInputError(`${label}：${at[0]}.kind 应为 config 或 module，实际为 ${JSON.stringify(kind)}${lineOf([...here, 'kind'])}`);
    const parsed = schema.safeParse(entry);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error.issues);
      throw new BadInputError(`${label}：${describeIssue(issue, at)}${lineOf(issuePath(issue, here))}`);
    }
    const source = parsed.data as SourceDefinition;
    if (seen.has(source.id)) throw new BadInputError(`${label}：${at[0]}.id 重复：${source.id}${lineOf([...here, 'id'])}`);
    seen.add(source.id);
    if (source.encoding && !iconv.encodingExists(source.encoding)) throw new BadInputError(`${label}：${at[0]}.encoding 不是已知的编码：${source.encoding}（如 utf-8、gbk、gb18030、big5）${lineOf([...here, 'encoding'])}`);
    const problem = checkSemantics(source);
    // A problem starts with the field path it is about (`list.fields.siteId.regex 的正则表达式无效…`).
    if (problem) throw new BadInputError(`${label}：${at[0]}.${problem}${lineOf([...here, ...(problem.split(' ', 1)[0] ?? '').split('.')])}`);
    return source;
  });
}

/**
 * The issue to explain first: a key the format does not know, when there is one. A mistyped key
 * (`startUrl`) also makes the key it stands for missing, and "缺少 startUrls" would hide the typo.
 */
function firstIssue(issues: z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  return issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
}

/** Where an issue points in the file: the object's path, and for an unknown key the key itself. */
function issuePath(issue: z.core.$ZodIssue | undefined, prefix: (string | number)[]): (string | number)[] {
  if (!issue) return prefix;
  const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
  return keys?.[0] ? [...path, keys[0]] : path;
}

function checkSemantics(source: SourceDefinition): string | undefined {
  if (source.kind === 'module') {
    return hasModule(source.module) ? undefined : `module 未知：${source.module}（可用：${moduleNames().join('、') || '无'}）`;
  }
  const mapped = new Set<string>([...Object.keys(source.list.fields), ...Object.keys(source.detail?.fields ?? {})]);
  for (const f of source.detail?.cells?.order ?? []) if (f && f !== 'skip') mapped.add(f);
  for (const required of ['title', 'content'] as const) {
    if (!mapped.has(required)) return `${required} 未在 list.fields、detail.fields 或 detail.cells 中映射（必填字段）`;
  }
  if (!mapped.has('siteId') && !mapped.has('detailUrl')) return 'list.fields 至少要映射 siteId 或 detailUrl 之一（用于识别留言）';
  if (source.detail && source.detail.url.includes('{detailUrl}') && !source.list.fields.detailUrl) {
    return 'detail.url 使用了 {detailUrl}，但 list.fields 未映射 detailUrl';
  }
  if (source.pagination.type === 'load-more' && source.list.format !== 'html') return 'pagination 为 load-more 时 list.format 必须为 html';
  if (source.pagination.type === 'next-link' && source.list.format !== 'html') return 'pagination 为 next-link 时 list.format 必须为 html';
  const regexes: [string, string | undefined][] = [
    ['list.bodyRegex', source.list.bodyRegex],
    ['detail.bodyRegex', source.detail?.bodyRegex],
    ...fieldRegexes('list.fields', source.list.fields),
    ...fieldRegexes('detail.fields', source.detail?.fields ?? {}),
  ];
  for (const [where, pattern] of regexes) {
    if (pattern === undefined) continue;
    try {
      new RegExp(pattern);
    } catch (error) {
      return `${where} 的正则表达式无效：${pattern}（检查括号是否配对，. * + ? ( ) [ ] 等作普通字符时前面加 \\）（${(error as Error).message}）`;
    }
  }
  return undefined;
}

function fieldRegexes(prefix: string, fields: Partial<Record<string, FieldSpec>>): [string, string | undefined][] {
  return Object.entries(fields).map(([name, spec]) => [`${prefix}.${name}.regex`, typeof spec === 'object' ? spec.regex : undefined]);
}

function substitute(value: unknown, vars: Record<string, string | number>, origin: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => {
      if (!(name in vars)) throw new BadInputError(`来源文件 ${origin}：占位符 {{${name}}} 没有给值（命令行用 --var ${name}=值；已有：${Object.keys(vars).join('、') || '无'}）`);
      return String(vars[name]);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars, origin));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars, origin)]));
  }
  return value;
}

const typeNames: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值(true/false)',
  array: '列表',
  object: '对象',
};

/** One zod issue in Chinese, with the full field path. */
export function describeIssue(issue: z.core.$ZodIssue | undefined, prefix: string[]): string {
  if (!issue) return '格式错误';
  const path = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
    .join('.')
    .replace(/\.\[/g, '[');
  const field = path || '(文件根)';
  const anyIssue = issue as z.core.$ZodIssue & Record<string, unknown>;
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.message === missingFieldMessage) return `缺少必填字段 ${field}`;
      return `${field} 应为${typeNames[String(anyIssue.expected)] ?? String(anyIssue.expected)}`;
    }
    case 'invalid_value':
      return `${field} 的值无效，应为 ${(anyIssue.values as unknown[]).map((v) => JSON.stringify(v)).join('、')} 之一`;
    case 'unrecognized_keys': {
      const keys = anyIssue.keys as string[];
      const guesses = keys.map((k) => closestKey(k, sourceFileKeys)).filter((k): k is string => k !== undefined);
      const guess = guesses.length > 0 ? `（是否应为 ${[...new Set(guesses)].join('、')}？）` : '';
      return `${field ? `${field} 中` : ''}有未知字段：${keys.join('、')}${guess}`;
    }
    case 'too_small':
      return anyIssue.origin === 'array' ? `${field} 至少需要 ${String(anyIssue.minimum)} 项` : anyIssue.origin === 'string' ? `${field} 不能为空` : `${field} 不能小于 ${String(anyIssue.minimum)}`;
    case 'too_big':
      return `${field} 不能大于 ${String(anyIssue.maximum)}`;
    case 'invalid_format':
      return anyIssue.format === 'url' ? `${field} 不是有效的网址` : `${field} 格式不对：${issue.message}`;
    case 'invalid_union': {
      const note = (anyIssue.note as string | undefined) === 'No matching discriminator' ? '，type 应为 none、path、query、offset、next-link、post-form、json-body、aspnet-postback、load-more 之一' : '';
      // The branch that got furthest: not the one rejecting the value's type outright.
      const branches = (anyIssue.errors as z.core.$ZodIssue[][] | undefined) ?? [];
      const first = (branches.find((b) => b[0] && !(b[0].code === 'invalid_type' && b[0].path.length === 0)) ?? branches.at(-1))?.[0];
      if (first && first.code === 'invalid_type' && first.path.length === 0 && !note) return `${field} 格式不对：应为文本（选择器/路径）或字段规则对象`;
      if (!note && first) return describeIssue({ ...first, path: [...issue.path, ...first.path] } as z.core.$ZodIssue, prefix);
      return `${field} 格式不对${note}`;
    }
    default:
      return `${field}：${issue.message}`;
  }
}

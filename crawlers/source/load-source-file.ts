/**
 * Reads a source file (YAML or JSON), validates every source, and explains problems in Chinese,
 * naming the field (`sources[1].list.items`) and the source id, so staff can fix the file.
 */
import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { z } from 'zod';
import { BadInputError, decodeUtf8File, describeIssue as describeFileIssue, firstIssue, issuePath, parseStructuredText, unreadableFileReason } from '../../core/index.js';
import { hasModule, moduleNames } from '../modules/registry.js';
import { configSourceSchema, moduleSourceSchema, sourceFileKeys, sourceFileSchema, type FieldSpec, type SourceDefinition } from './schema.js';

export interface LoadSourceOptions {
  /** Values for `{{name}}` placeholders in the file's strings (e.g. demoPort). */
  vars?: Record<string, string | number>;
}

/** Loads and validates a source file (UTF-8, core's decodeUtf8File). Throws BadInputError whose message names the bad field. */
export async function loadSourceFile(path: string, options: LoadSourceOptions = {}): Promise<SourceDefinition[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new BadInputError(`无法读取来源文件 ${path}：${unreadableFileReason(error, '来源文件')}`, { cause: error });
  }
  return parseSourceText(decodeUtf8File(bytes, '来源文件', path), path, options);
}

/**
 * The configured source file (MINSHENG_SOURCES) as every process of the installation loads it:
 * `{{demoPort}}` is MINSHENG_DEMO_PORT, as for `minsheng crawl` and `sources check`, so a copy of the
 * shipped yintai.yaml (its district mailbox on the demo mailbox's port) starts `npm start`,
 * `minsheng worker` and `minsheng scheduler` too instead of stopping on a placeholder without a value.
 */
export function loadConfiguredSourceFile(path: string, config: { demoPort: number }): Promise<SourceDefinition[]> {
  return loadSourceFile(path, { vars: { demoPort: config.demoPort } });
}

/** Same as loadSourceFile on text already read; `origin` names it in errors. */
export function parseSourceText(text: string, origin: string, options: LoadSourceOptions = {}): SourceDefinition[] {
  const file = parseStructuredText(text, origin, '来源文件', { topList: 'sources' });
  let raw = file.data;
  // `第 N 行` of a field path (YAML and JSON alike).
  const lineOf = (path: (string | number)[]) => {
    const line = file.positionOf(path)?.line;
    return line === undefined ? '' : `（第 ${line} 行）`;
  };
  if (raw === null || raw === undefined) throw new BadInputError(`来源文件 ${origin} 是空的：应以 sources: 开头，列出要抓取的来源（见 crawlers/README.md）`);
  raw = substitute(raw, options.vars ?? {}, origin);
  if (Array.isArray(raw)) raw = { sources: raw };
  const checked = sourceFileSchema.safeParse(raw);
  if (!checked.success) {
    const issue = firstIssue(checked.error.issues);
    throw new BadInputError(`来源文件 ${origin}：${describeIssue(issue, [])}${lineOf(issuePath(issue, []))}`);
  }
  const seen = new Set<string>();
  return checked.data.sources.map((entry, i) => {
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
  if (source.pagination.type === 'cursor' && source.pagination.from !== 'siteId' && !(source.pagination.from in source.list.fields)) {
    return `pagination.from（${source.pagination.from}）必须是 siteId 或 list.fields 中映射的字段`;
  }
  const regexes: [string, string | undefined][] = [
    ['list.bodyRegex', source.list.bodyRegex],
    ['detail.bodyRegex', source.detail?.bodyRegex],
    ...fieldRegexes('list.fields', source.list.fields),
    ...fieldRegexes('detail.fields', source.detail?.fields ?? {}),
    ['detail.reply.bodyRegex', source.detail?.reply?.bodyRegex],
    ...fieldRegexes('detail.reply.fields', source.detail?.reply?.fields ?? {}),
    ...fieldRegexes('detail.reply.page', source.detail?.reply?.page ?? {}),
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

/** One zod issue of a source file in Chinese, with the full field path (core's wording, the source format's keys and unions). */
export function describeIssue(issue: z.core.$ZodIssue | undefined, prefix: string[]): string {
  return describeFileIssue(issue, prefix, { knownKeys: sourceFileKeys, describeUnion });
}

/** The source format's unions: a pagination type, or a field given as a selector or a rule object. */
function describeUnion(issue: z.core.$ZodIssue & Record<string, unknown>, field: string): string | undefined {
  const note = (issue.note as string | undefined) === 'No matching discriminator' ? '，type 应为 none、path、query、offset、next-link、cursor、post-form、json-body、aspnet-postback、load-more 之一' : '';
  if (note) return `${field} 格式不对${note}`;
  const branches = (issue.errors as z.core.$ZodIssue[][] | undefined) ?? [];
  const first = (branches.find((b) => b[0] && !(b[0].code === 'invalid_type' && b[0].path.length === 0)) ?? branches.at(-1))?.[0];
  if (first && first.code === 'invalid_type' && first.path.length === 0) return `${field} 格式不对：应为文本（选择器/路径）或字段规则对象`;
  return undefined;
}

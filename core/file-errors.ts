/**
 * Mistakes in the files staff write by hand (the source file, the unit directory) explained in
 * Chinese: YAML and JSON syntax errors with their line, column and what usually causes them (the
 * parsers' own texts are English), where a field sits in the file, a zod issue with its field path,
 * and the known key a mistyped one was probably meant to be.
 *
 * The `yaml` package is required only when a file is YAML or a position is asked for: a JSON file
 * that is right costs JSON.parse alone, and the classifier, which loads the unit directory, keeps
 * its cold start (about 30 ms of yaml's loading).
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, LineCounter, YAMLError } from 'yaml';
import type { z } from 'zod';
import { BadInputError } from './errors.js';
import { missingFieldMessage } from './zod-locale.js';

const requireModule = createRequire(import.meta.url);
/** The yaml package, loaded on first use (Node resolves it to the same module `import` would). */
const yaml = (): typeof Yaml => requireModule('yaml') as typeof Yaml;

/** What a YAML error code usually means in a hand-written source file. */
const yamlHints: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: '缩进用了制表符（Tab）：YAML 只能用空格缩进',
  BAD_INDENT: '缩进不对：同一层的字段要用同样多的空格对齐，下一层比上一层多缩进；用 [ ] 或 { } 写的值要在同一行内写完或配对',
  BLOCK_AS_IMPLICIT_KEY: '缩进不对，或值中有未加引号的“: ”：检查下一行是否比本行的字段缩进多了；值中含“: ”时请给整个值加引号',
  MULTILINE_IMPLICIT_KEY: '缩进不对：字段名要写在一行内，检查本行和下一行的缩进',
  DUPLICATE_KEY: '同一层中有重复的字段名（每个字段只能写一次）',
  BAD_DQ_ESCAPE: '双引号中的反斜杠写法无效（如 "\\d"）：正则表达式请用单引号，如 regex: \'id=(\\d+)\'',
  MISSING_CHAR: '缺少配对的引号或括号',
  BAD_SCALAR_START: '值以 @ 或 ` 等保留字符开头：请给整个值加引号',
  UNEXPECTED_TOKEN: '有多余或无法识别的内容：检查引号是否配对、列表项（- ）与字段的缩进是否正确',
  BLOCK_IN_FLOW: '用 [ ] 或 { } 写的值中不能换行写子字段',
  MULTIPLE_DOCS: '文件中有多个 YAML 文档（---）：来源文件只能有一个',
  NON_STRING_KEY: '字段名应为文本',
};

/**
 * Why a file staff named could not be read, in Chinese: the system's own text (`ENOENT: no such
 * file or directory, open 'x.yaml'`) is English. `what` names the file in the folder case
 * (来源文件, 单位目录). Another error keeps its own text.
 */
export function unreadableFileReason(error: unknown, what: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return '文件不存在';
  if (code === 'EACCES' || code === 'EPERM') return '没有读取权限';
  if (code === 'EISDIR') return `这是一个目录，请给出${what}`;
  return error instanceof Error ? error.message : String(error);
}

/** The Chinese explanation of a YAML syntax error, with its line and column and the line itself. */
export function describeYamlError(error: YAMLError, text: string, lines: LineCounter): string {
  const at = lines.linePos(error.pos[0]);
  const hint = yamlHints[error.code] ?? 'YAML 格式错误';
  return `第 ${at.line} 行第 ${at.col} 列：${hint}${excerpt(text, at.line)}`;
}

/** The Chinese explanation of a JSON syntax error (Node's text is English and counts characters). */
export function describeJsonError(error: Error, text: string): string {
  const hint = /Unexpected end/i.test(error.message) ? '文件不完整（缺少结尾的 } 或 ]）' : '格式错误：检查多余的逗号、缺少的引号或括号（JSON 的字段名和文本都要用双引号）';
  const position = /Unexpected end/i.test(error.message) ? undefined : (/position (\d+)/.exec(error.message)?.[1] ?? jsonErrorPosition(text));
  if (position === undefined) return hint;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const col = Number(position) - before.lastIndexOf('\n');
  return `第 ${line} 行第 ${col} 列附近${hint}${excerpt(text, line)}`;
}

/**
 * Where JSON.parse fails on `text`, for the errors whose message gives no position (Node 20's
 * "Unexpected token ']', … is not valid JSON"): the shortest prefix that is not merely unfinished
 * ends at the bad character. Unfinished prefixes fail with "Unexpected end" or at their own end,
 * and every prefix of an unfinished one is unfinished too, so a binary search finds it.
 */
function jsonErrorPosition(text: string): number | undefined {
  const broken = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const message = (error as Error).message;
      if (/Unexpected end/i.test(message)) return false;
      const at = /position (\d+)/.exec(message)?.[1];
      return at === undefined || Number(at) < length;
    }
  };
  if (!broken(text.length)) return undefined;
  let low = 0;
  let high = text.length; // broken(high) holds; broken(low) does not
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (broken(mid)) high = mid;
    else low = mid;
  }
  return high - 1;
}

function excerpt(text: string, line: number): string {
  const shown = text.split(/\r?\n/)[line - 1];
  // Tabs shown as spaces: the terminal would otherwise print them as a replacement character.
  return shown === undefined || shown.trim() === '' ? '' : `\n  ${line} | ${shown.replace(/\t/g, '    ').slice(0, 160)}`;
}

/** A place in a file, both 1-based. */
export interface FilePosition {
  line: number;
  col: number;
}

/**
 * Where the deepest node of `path` present in the document starts: the key when the path ends at
 * a key that is there, else the nearest enclosing field (a missing field is reported at the block
 * that lacks it). Undefined for a document without positions. A bare list at the top stands for
 * `topList` (the source file's `sources:`).
 */
export function positionOfPath(doc: Document, lines: LineCounter, path: (string | number)[], topList?: string): FilePosition | undefined {
  const { isMap, isScalar, isSeq } = yaml();
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  const rest = isSeq(node) && topList !== undefined && path[0] === topList ? path.slice(1) : path;
  for (const part of rest) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? undefined : lines.linePos(offset);
}

/** The line (1-based) of `path` in the document, as positionOfPath finds it; `sources` is the top list. */
export function lineOfPath(doc: Document, lines: LineCounter, path: (string | number)[]): number | undefined {
  return positionOfPath(doc, lines, path, 'sources')?.line;
}

/**
 * `text` without the byte-order mark that Windows editors (Notepad, Excel's "CSV UTF-8", WPS)
 * put at the start of a UTF-8 file: JSON.parse and a line-by-line reader would take it for part of
 * the first value, and refuse the first line of an otherwise good file.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A hand-written file read as data, and where a field path sits in it. */
export interface StructuredFile {
  /** The file's content as plain data (undefined or null for an empty file). */
  data: unknown;
  /** Where `path` sits in the file (JSON and YAML alike); undefined when it cannot be told. */
  positionOf(path: (string | number)[]): FilePosition | undefined;
}

/**
 * Parses a file staff wrote, as JSON when `origin` ends in .json and as YAML otherwise, and throws
 * BadInputError naming `what` (来源文件, 单位目录), the file, and the line and column of a syntax
 * error in Chinese. Positions of fields are found on demand, for an error message: JSON is YAML's
 * flow style, so the yaml parser locates fields of JSON files too.
 */
export function parseStructuredText(file: string, origin: string, what: string, options: { topList?: string } = {}): StructuredFile {
  const text = withoutBom(file);
  let data: unknown;
  let located: { doc: Document; lines: LineCounter } | undefined;
  const locate = () => {
    if (!located) {
      const { LineCounter: Lines, parseDocument } = yaml();
      const lines = new Lines();
      located = { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false }), lines };
    }
    return located;
  };
  if (origin.toLowerCase().endsWith('.json')) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new BadInputError(`${what} ${origin} 不是有效的 JSON：${describeJsonError(error as Error, text)}`, { cause: error });
    }
  } else {
    const { doc, lines } = locate();
    const [syntax] = doc.errors;
    if (syntax) throw new BadInputError(`${what} ${origin} 不是有效的 YAML：${describeYamlError(syntax, text, lines)}`, { cause: syntax });
    data = doc.toJS();
  }
  return {
    data,
    positionOf: (path) => {
      const { doc, lines } = locate();
      return doc.errors.length > 0 ? undefined : positionOfPath(doc, lines, path, options.topList);
    },
  };
}

/** `（第 N 行第 M 列）` for a position, or nothing. */
export function atPosition(position: FilePosition | undefined): string {
  return position ? `（第 ${position.line} 行第 ${position.col} 列）` : '';
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}

/**
 * The known key a mistyped one was probably meant to be (`startUrl` → `startUrls`, `titel` →
 * `title`): same letters ignoring case, or at most two edits away (one for short keys).
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    if (candidate === key) continue;
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    const allowed = Math.min(2, Math.floor(candidate.length / 3));
    if (distance <= allowed && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

/** Levenshtein distance where two neighbours swapped (titel/title) count as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_v, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const up = rows[i - 1] as number[];
      let value = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(value);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

const typeNames: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值(true/false)',
  array: '列表',
  object: '对象',
};

export interface DescribeIssueOptions {
  /** The keys the file format knows, to guess what a mistyped one meant. @default none: no guess */
  knownKeys?: readonly string[];
  /** The format's own wording of a union issue at `field`; undefined falls back to the closest branch's issue. */
  describeUnion?: (issue: z.core.$ZodIssue & Record<string, unknown>, field: string) => string | undefined;
}

/** The full field path of an issue under `prefix`: `sources[1].list.items`, `units[3].keywords`. */
export function issueField(issue: z.core.$ZodIssue, prefix: string[]): string {
  return [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))].join('.').replace(/\.\[/g, '[');
}

/** One zod issue in Chinese, with the full field path. */
export function describeIssue(issue: z.core.$ZodIssue | undefined, prefix: string[], options: DescribeIssueOptions = {}): string {
  if (!issue) return '格式错误';
  const field = issueField(issue, prefix) || '(文件根)';
  const anyIssue = issue as z.core.$ZodIssue & Record<string, unknown>;
  switch (issue.code) {
    case 'invalid_type': {
      // Chinese when core's messages are installed; zod's English otherwise.
      if (issue.message === missingFieldMessage || / received undefined$/.test(issue.message)) return `缺少必填字段 ${field}`;
      return `${field} 应为${typeNames[String(anyIssue.expected)] ?? String(anyIssue.expected)}`;
    }
    case 'invalid_value':
      return `${field} 的值无效，应为 ${(anyIssue.values as unknown[]).map((v) => JSON.stringify(v)).join('、')} 之一`;
    case 'unrecognized_keys': {
      const keys = anyIssue.keys as string[];
      const guesses = keys.map((k) => closestKey(k, options.knownKeys ?? [])).filter((k): k is string => k !== undefined);
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
      const own = options.describeUnion?.(anyIssue, field);
      if (own !== undefined) return own;
      // The branch that got furthest: not the one rejecting the value's type outright.
      const branches = (anyIssue.errors as z.core.$ZodIssue[][] | undefined) ?? [];
      const first = (branches.find((b) => b[0] && !(b[0].code === 'invalid_type' && b[0].path.length === 0)) ?? branches.at(-1))?.[0];
      if (first) return describeIssue({ ...first, path: [...issue.path, ...first.path] } as z.core.$ZodIssue, prefix, options);
      return `${field} 格式不对`;
    }
    default:
      return `${field}：${issue.message}`;
  }
}

/**
 * The issue to explain first: a key the format does not know, when there is one. A mistyped key
 * (`startUrl`) also makes the key it stands for missing, and "缺少 startUrls" would hide the typo.
 */
export function firstIssue(issues: z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  return issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
}

/** Where an issue points in the file: the object's path, and for an unknown key the key itself. */
export function issuePath(issue: z.core.$ZodIssue | undefined, prefix: (string | number)[]): (string | number)[] {
  if (!issue) return prefix;
  const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
  return keys?.[0] ? [...path, keys[0]] : path;
}

/**
 * Source-file mistakes explained to the centre's staff in Chinese: YAML and JSON syntax errors
 * with their line and what usually causes them (the parsers' own texts are English), the line a
 * field sits on, and the known key a mistyped one was probably meant to be.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type YAMLError } from 'yaml';

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

/** The Chinese explanation of a YAML syntax error, with its line and column and the line itself. */
export function describeYamlError(error: YAMLError, text: string, lines: LineCounter): string {
  const at = lines.linePos(error.pos[0]);
  const hint = yamlHints[error.code] ?? 'YAML 格式错误';
  return `第 ${at.line} 行第 ${at.col} 列：${hint}${excerpt(text, at.line)}`;
}

/** The Chinese explanation of a JSON syntax error (Node's text is English and counts characters). */
export function describeJsonError(error: Error, text: string): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  const hint = /Unexpected end/i.test(error.message) ? '文件不完整（缺少结尾的 } 或 ]）' : '格式错误：检查多余的逗号、缺少的引号或括号（JSON 的字段名和文本都要用双引号）';
  if (position === undefined) return hint;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const col = Number(position) - before.lastIndexOf('\n');
  return `第 ${line} 行第 ${col} 列附近${hint}${excerpt(text, line)}`;
}

function excerpt(text: string, line: number): string {
  const shown = text.split(/\r?\n/)[line - 1];
  // Tabs shown as spaces: the terminal would otherwise print them as a replacement character.
  return shown === undefined || shown.trim() === '' ? '' : `\n  ${line} | ${shown.replace(/\t/g, '    ').slice(0, 160)}`;
}

/**
 * The line (1-based) of the deepest node of `path` present in the document: the key's line when
 * the path ends at a key that is there, else the line of the nearest enclosing field (a missing
 * field is reported on the line of the block that lacks it). Undefined for a document without positions.
 */
export function lineOfPath(doc: Document, lines: LineCounter, path: (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  // A bare list at the top is read as `sources:`.
  const rest = isSeq(node) && path[0] === 'sources' ? path.slice(1) : path;
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
  return offset === undefined ? undefined : lines.linePos(offset).line;
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

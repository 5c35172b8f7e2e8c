/**
 * Files staff write or export by hand (source definitions, the unit directory, a calendar year, a
 * list of 台账编号, messages and training data) are read as UTF-8 only. A file saved on a Chinese
 * Windows PC as "ANSI" is GBK: read as UTF-8 anyway it would become U+FFFD garbage, silently
 * (a source's selectors that never match, a unit named with mojibake, case numbers not found).
 * So a byte sequence that is not UTF-8 is refused, naming the file and its first such line, and
 * telling staff to save the file as UTF-8. A UTF-8 byte order mark (Notepad's "UTF-8 with BOM")
 * is accepted and dropped. A file in GBK that happens to be valid UTF-8 (rare with Chinese text,
 * possible with a few short words) cannot be told apart and is read as UTF-8.
 */
import { BadInputError } from './errors.js';

/** Why a line is refused, in staff's words (after `第 N 行`). */
export const notUtf8Problem = '不是 UTF-8 编码（可能以 GBK/ANSI 保存）：请将文件另存为 UTF-8 后重新处理';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** One line's bytes as text (a leading BOM dropped), or undefined when they are not UTF-8. */
export function decodeUtf8Line(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The lines of a file's bytes (split at LF, a CR before it kept), each decoded on its own:
 * undefined for a line that is not UTF-8, so a reader may skip it and report its number.
 */
export function decodeUtf8Lines(bytes: Uint8Array): (string | undefined)[] {
  const lines: (string | undefined)[] = [];
  let start = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, start)) {
    lines.push(decodeUtf8Line(bytes.subarray(start, at)));
    start = at + 1;
  }
  lines.push(decodeUtf8Line(bytes.subarray(start)));
  return lines;
}

/**
 * A whole file's bytes as text, without its BOM. Not UTF-8: BadInputError naming it as
 * `${what} ${origin}` (来源文件 sources.yaml) and its first line that is not.
 */
export function decodeUtf8File(bytes: Uint8Array, what: string, origin: string): string {
  const text = decodeUtf8Line(bytes);
  if (text !== undefined) return text;
  const line = decodeUtf8Lines(bytes).findIndex((l) => l === undefined) + 1;
  throw new BadInputError(`${what} ${origin} 第 ${line} 行${notUtf8Problem}`);
}

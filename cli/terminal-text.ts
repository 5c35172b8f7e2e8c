/**
 * Text for a terminal. Display width: CJK and full-width characters take two columns; times are
 * shown in Beijing time, as everywhere staff read them. Untrusted text is made safe to print by
 * `printable` / `printableLines` (core/visible-text.ts, which the log lines use too).
 */
export { printable, printableLines } from '../core/visible-text.js';
import { jsonWithBidiEscaped, withBidiShown } from '../core/visible-text.js';
import type { CliIo } from './program.js';

/**
 * The command's output streams as staff read them: every write shows the bidi controls it holds as
 * U+FFFD (core withBidiShown). A title, writer's name, unit name or note stored before intake
 * dropped them would otherwise reorder its line (a "Trojan source" spoof: a title read as another
 * case). The one place for every command, so a printer that forgot `printable` is covered too;
 * `--json` output escapes them first (`jsonOutput`), keeping the data as stored.
 */
export function shownIo(io: CliIo): CliIo {
  return { stdout: (text) => io.stdout(withBidiShown(text)), stderr: (text) => io.stderr(withBidiShown(text)) };
}

/** A value as the commands print `--json`: indented, bidi controls written as their escape (\u202e), so a program reads the stored text. */
export function jsonOutput(value: unknown): string {
  return `${jsonWithBidiEscaped(JSON.stringify(value, null, 2))}\n`;
}

const wide = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/;

/** Emoji and the CJK extensions beyond the first plane (𠀀, U+20000…): two columns. */
const wideAstral = /^[\u{1F300}-\u{1F64F}\u{1F680}-\u{1F6FF}\u{1F900}-\u{1F9FF}\u{1FA70}-\u{1FAFF}\u{20000}-\u{3FFFD}]$/u;
/** Combining marks, format characters and skin-tone modifiers: drawn on the character before. */
const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}\u{1F3FB}-\u{1F3FF}]$/u;

/** Columns the text takes in a terminal (CJK, full-width characters and emoji count two). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += zeroWidth.test(ch) ? 0 : wide.test(ch) || wideAstral.test(ch) ? 2 : 1;
  return w;
}

/**
 * The text cut to at most `width` columns, ending in … when cut (a title in a one-line-per-case
 * list: a letter's title may be hundreds of characters, which made one case fill the screen).
 */
export function clipToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * Wraps text to `width` columns, keeping its line breaks: between any two Chinese characters, or
 * at spaces between other words; punctuation stays with what comes before it (a line may then
 * run over by a few columns).
 */
export function wrapText(text: string, width: number): string {
  const cjk = '\\u2E80-\\uA4CF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFF60';
  const closing = '[，。、；：？！）》」』”’]*';
  const token = new RegExp(`[${cjk}]${closing}|[^\\s${cjk}]+${closing}|\\s+`, 'gu');
  return text
    .split('\n')
    .map((line) => {
      const lines: string[] = [];
      let current = '';
      for (const piece of line.match(token) ?? []) {
        // Punctuation never starts a line (`版本.json.gz`, `JSON）` stay whole).
        if (current.trim() && !/^[.,;:!?)\]}，。、；：？！）》」』”’]/u.test(piece) && displayWidth(current) + displayWidth(piece) > width) {
          lines.push(current.trimEnd());
          current = piece.trimStart();
        } else {
          current += piece;
        }
      }
      lines.push(current.trimEnd());
      return lines.join('\n');
    })
    .join('\n');
}

/** A size in MB with one decimal (1 MB = 2^20 bytes), as the commands print file sizes. */
export function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

/** An ISO time as staff read it everywhere (console, `sources status`): Beijing time, `2026/11/28 21:25:34`. */
export function beijingTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
}

/** Rows of cells as aligned columns (by display width), each line indented by `indent`. */
export function formatTable(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell) + 2))).join('').trimEnd()).join('\n') + '\n';
}

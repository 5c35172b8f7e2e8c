/**
 * The message files of `classify` and `dedup`: JSON Lines, one message `{id, title, content, …}`
 * a line. Both commands check a line the same way and report a bad one the same way: a line on
 * stderr and an `{line, id?, error}` row in the output, in the line's place; the command then ends
 * with exit code 2 (failIfBad), so neither a script nor a person misses it. The file is UTF-8: a
 * line in another encoding (Notepad's ANSI, GBK) is such a bad line, not garbled text.
 * The files are checked before either is opened: the input must be a readable file and the output
 * must not be the input (opening it would empty the input).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { BadInputError, decodeUtf8Line, notUtf8Problem } from '../core/index.js';
import { checkInputFile, checkNotAnInput, checkOutputFile } from './arguments.js';
import type { CliContext } from './program.js';

/** A line that holds a message. */
export interface MessageLine {
  line: number;
  /** The id as written (a number stays a number), or undefined when the line has none. */
  rawId: string | number | undefined;
  /** The id as text: `1` and `"1"` are the same id. */
  id: string | undefined;
  title: string;
  content: string;
  row: Record<string, unknown>;
  /** Set when an earlier line had the same id: that line's number, and whether its title and content were the same. */
  repeatOf?: { line: number; sameText: boolean };
}

export interface BadLine {
  line: number;
  rawId: string | number | undefined;
  /** Why the line cannot be used, in Chinese. */
  problem: string;
}

export interface MessageLineRules {
  /** A line without an id is bad (dedup: its decisions name messages by id). @default false */
  requireId?: boolean;
  /** Checks of the command's own fields; returns the problem in Chinese, or undefined. */
  check?: (row: Record<string, unknown>) => string | undefined;
}

const isId = (v: unknown): v is string | number => (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v));
const textDigest = (title: string, content: string) => createHash('sha1').update(title).update('\u0000').update(content).digest('base64');

/** Checks one line; `seen` holds the ids of earlier lines (id -> line and digest of its text). */
export function parseMessageLine(text: string, line: number, seen: Map<string, { line: number; digest: string }>, rules: MessageLineRules = {}): MessageLine | BadLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { line, rawId: undefined, problem: '不是有效的 JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { line, rawId: undefined, problem: '不是一个留言对象（应为 {"id":…,"title":…,"content":…}）' };
  }
  const row = parsed as Record<string, unknown>;
  const rawId = isId(row.id) ? row.id : undefined;
  const bad = (problem: string): BadLine => ({ line, rawId, problem });
  if (row.id !== undefined && row.id !== null && rawId === undefined) return bad('id 应为文字或数字');
  if (rawId === undefined && rules.requireId) return bad('缺少 id');
  const wrongType = (['title', 'content'] as const).filter((f) => row[f] !== undefined && row[f] !== null && typeof row[f] !== 'string');
  if (wrongType.length > 0) return bad(`${wrongType.join(' 和 ')} 应为文字`);
  const title = typeof row.title === 'string' ? row.title : '';
  const content = typeof row.content === 'string' ? row.content : '';
  if (typeof row.title !== 'string' && typeof row.content !== 'string') return bad('缺少 title 和 content');
  if (title.trim() === '' && content.trim() === '') return bad('标题和内容都为空');
  const problem = rules.check?.(row);
  if (problem) return bad(problem);
  const id = rawId === undefined ? undefined : String(rawId);
  const message: MessageLine = { line, rawId, id, title, content, row };
  if (id !== undefined) {
    const digest = textDigest(title, content);
    const earlier = seen.get(id);
    if (earlier) message.repeatOf = { line: earlier.line, sameText: earlier.digest === digest };
    else seen.set(id, { line, digest });
  }
  return message;
}

export function isBadLine(x: MessageLine | BadLine): x is BadLine {
  return 'problem' in x;
}

/** The Chinese words for an id met again (`1` and `"1"` are one id). */
export function repeatedIdText(message: MessageLine): string {
  const r = message.repeatOf!;
  return `id「${message.id}」与第 ${r.line} 行重复${r.sameText ? '（标题和内容也相同）' : '（标题或内容不同）'}`;
}

export interface MessageFile {
  /** The lines in order: blank lines are left out, bad ones come as BadLine. */
  lines: AsyncIterable<MessageLine | BadLine>;
  /** Writes one output row (JSON). */
  write(row: object): Promise<void>;
  /** Reports a bad line: stderr, and its error row in the output. */
  reportBad(bad: BadLine): Promise<void>;
  /** Closes the output (everything good is written). */
  close(): Promise<void>;
  /** Throws (exit code 2) when a line was bad: called last, after the command's summary. */
  failIfBad(): void;
  readonly badLines: number;
}

/** The lines of a byte stream (split at LF), still bytes. */
async function* byteLines(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of input) {
    let buffer: Buffer = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    for (let at = buffer.indexOf(0x0a); at !== -1; at = buffer.indexOf(0x0a)) {
      yield buffer.subarray(0, at);
      buffer = buffer.subarray(at + 1);
    }
    rest = buffer;
  }
  if (rest.length > 0) yield rest;
}

/**
 * The lines of a file of one entry a line (`--input`, `messages add --file`), numbered from 1, each
 * decoded as UTF-8 on its own, without a trailing CR or a leading BOM (the file's, or one pasted with
 * a line from another file). A line that is not UTF-8 comes as `text: undefined`: read anyway, it
 * would be U+FFFD garbage, and one line in another encoding spoils only itself. The whole-file
 * readers (source file, calendar, …) decode with core's decodeUtf8File, in the same words.
 */
export async function* utf8Lines(input: AsyncIterable<Buffer>): AsyncGenerator<{ line: number; text: string | undefined }> {
  let line = 0;
  for await (const bytes of byteLines(input)) {
    line++;
    yield { line, text: decodeUtf8Line(bytes)?.replace(/\r$/, '') };
  }
}

/**
 * The refusal of message files (`classify`/`dedup --input`, `evaluate --data`) that hold no message
 * line at all, empty or only blank lines: most often a wrong path or the wrong file, so the command
 * says so (exit code 2) rather than succeed with nothing done.
 */
export function noMessagesIn(files: string): BadInputError {
  return new BadInputError(`输入文件 ${files} 中没有留言（空文件或只有空行）`);
}

/**
 * Checks and opens `--input` and `--output` (in that order, refusing the same file for both). An
 * input without a single non-blank line is refused (noMessagesIn) before the output is created, so
 * no empty output file is left behind (nor an existing one emptied).
 */
export async function openMessageFile(ctx: CliContext, flags: { input: string; output: string }, rules: MessageLineRules = {}): Promise<MessageFile> {
  const inputPath = await checkInputFile('--input', flags.input);
  const outputPath = await checkOutputFile('--output', flags.output);
  await checkNotAnInput('--output', flags.output, [{ flag: '--input', file: flags.input }]);
  const input = createReadStream(inputPath);
  await once(input, 'open').catch((error: unknown) => {
    throw new BadInputError(`无法读取输入文件 ${flags.input}`, { cause: error });
  });
  async function* fileLines(): AsyncGenerator<MessageLine | BadLine> {
    const seen = new Map<string, { line: number; digest: string }>();
    for await (const { line, text } of utf8Lines(input)) {
      if (text === undefined) {
        yield { line, rawId: undefined, problem: notUtf8Problem };
        continue;
      }
      if (text.trim() === '') continue;
      yield parseMessageLine(text, line, seen, rules);
    }
  }
  const rest = fileLines();
  const first = await rest.next();
  if (first.done) {
    input.destroy();
    throw noMessagesIn(flags.input);
  }
  const output = createWriteStream(outputPath, 'utf8');
  await once(output, 'open').catch((error: unknown) => {
    input.destroy();
    throw new BadInputError(`无法写入输出文件 ${flags.output}`, { cause: error });
  });
  let badLines = 0;
  const write = async (row: object) => {
    if (!output.write(JSON.stringify(row) + '\n')) await once(output, 'drain');
  };
  async function* lines(): AsyncGenerator<MessageLine | BadLine> {
    yield first.value;
    yield* rest;
  }
  return {
    lines: lines(),
    write,
    async reportBad(bad) {
      badLines++;
      const error = `第 ${bad.line} 行无法处理：${bad.problem}`;
      ctx.io.stderr(error + '\n');
      await write(bad.rawId === undefined ? { line: bad.line, error } : { line: bad.line, id: bad.rawId, error });
    },
    async close() {
      output.end();
      await once(output, 'finish');
    },
    failIfBad() {
      // The bad lines make the run fail (exit code 2) so scripts notice.
      if (badLines > 0) throw new BadInputError(`${badLines} 行有误已跳过（见上，输出中有对应的 error 行）`);
    },
    get badLines() {
      return badLines;
    },
  };
}

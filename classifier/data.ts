/**
 * Reading labelled rows from JSON Lines files (the shared data's layout: id, source, label,
 * title, content, unit, reply). Rows without a usable category label are kept for the unit
 * model when they name a unit or a topic, and otherwise counted as skipped, never silently lost.
 */
import { fileURLToPath } from 'node:url';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BadInputError } from '../core/errors.js';
import { withoutBom } from '../core/file-errors.js';
import { decodeUtf8Lines, notUtf8Problem } from '../core/utf8-text.js';
import { isValidLabel } from './labels.js';
import type { TrainingExample } from './types.js';

/** A row of a shared-data file, as much as the classifier reads. */
export interface LabeledRow extends TrainingExample {
  id: string;
  reply?: string | undefined;
}

export interface ReadResult {
  /** Rows with a valid category label. */
  labeled: LabeledRow[];
  /** Rows without one but with a unit or topic (usable for the unit model only). */
  unitOnly: LabeledRow[];
  skipped: number;
  /** Where and why rows were skipped (the first 20), for the staff to fix. */
  problems: string[];
}

export interface ReadFilesResult extends ReadResult {
  /** The files without a single non-blank line (empty, blank lines, a byte order mark): most often a wrong path. */
  emptyFiles: string[];
}

/** The shared data folder, ../shared/data/messages relative to the repository. */
export function defaultSharedDataDir(): string {
  return fileURLToPath(new URL('../../shared/data/messages', import.meta.url));
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export interface ReadOptions {
  /**
   * A line that is not a JSON object is skipped and named in `problems` like a row without a
   * usable label (evaluation: one broken line should not hide the figures of the rest), instead
   * of failing the whole read (training: a broken file should be fixed first). @default false
   */
  skipMalformed?: boolean;
}

/** Parses JSON Lines text; `name` appears in errors. Throws BadInputError on malformed JSON unless `skipMalformed`. */
export function parseLabeledRows(text: string, name: string, options: ReadOptions = {}): ReadResult {
  return parseLabeledLines(withoutBom(text).split('\n'), name, options);
}

/** parseLabeledRows on a file's lines; a line that is not UTF-8 (undefined: decodeUtf8Lines) is malformed. */
function parseLabeledLines(lines: (string | undefined)[], name: string, options: ReadOptions): ReadResult {
  const result: ReadResult = { labeled: [], unitOnly: [], skipped: 0, problems: [] };
  const skip = (line: number, why: string) => {
    result.skipped++;
    if (result.problems.length < 20) result.problems.push(`${name} 第 ${line} 行：${why}`);
  };
  const malformed = (line: number, why: string, cause?: unknown) => {
    if (!options.skipMalformed) throw new BadInputError(`${name} 第 ${line} 行${why}`, { cause });
    skip(line, why);
  };
  lines.forEach((line, i) => {
    if (line === undefined) {
      malformed(i + 1, notUtf8Problem);
      return;
    }
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      malformed(i + 1, '不是有效的 JSON', error);
      return;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      malformed(i + 1, '不是一个留言对象（应为 JSON 对象 {"title":…,"content":…,"label":…}）');
      return;
    }
    const r = raw as Record<string, unknown>;
    const title = typeof r.title === 'string' ? r.title : '';
    const content = typeof r.content === 'string' ? r.content : '';
    if (title.trim() === '' && content.trim() === '') {
      skip(i + 1, '标题和内容都为空');
      return;
    }
    if (r.label !== undefined && r.label !== null && typeof r.label !== 'string') {
      skip(i + 1, `类别标签应为文字：${JSON.stringify(r.label)}`);
      return;
    }
    const row: LabeledRow = {
      id: str(r.id) ?? `${path.basename(name)}:${i + 1}`,
      title,
      content,
      // Without a label, the site's own type when it names a category (咨询问题, 建言, 举报 …: labels.ts).
      label: str(r.label) ?? (str(r.typeRaw) !== undefined && isValidLabel(str(r.typeRaw)!) ? str(r.typeRaw)! : ''),
      unit: str(r.unit) ?? str(r.topic),
      source: str(r.source) ?? path.basename(name, '.jsonl'),
      reply: str(r.reply),
    };
    if (row.label && isValidLabel(row.label)) result.labeled.push(row);
    else if (row.unit) result.unitOnly.push(row);
    else skip(i + 1, row.label ? `未知的类别标签“${row.label}”` : '没有类别标签');
  });
  return result;
}

/**
 * Reads and merges several files. Each line is UTF-8 (core/utf8-text.ts): one that is not is a
 * malformed line (training refuses the file, naming the line; evaluation skips it and says so).
 */
export function readLabeledFiles(files: string[], options: ReadOptions = {}): ReadFilesResult {
  const all: ReadFilesResult = { labeled: [], unitOnly: [], skipped: 0, problems: [], emptyFiles: [] };
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new BadInputError(`无法读取数据文件 ${file}`, { cause: error });
    }
    const one = parseLabeledLines(decodeUtf8Lines(bytes), file, options);
    if (one.labeled.length + one.unitOnly.length + one.skipped === 0) all.emptyFiles.push(file);
    all.labeled.push(...one.labeled);
    all.unitOnly.push(...one.unitOnly);
    all.skipped += one.skipped;
    all.problems.push(...one.problems.slice(0, Math.max(0, 20 - all.problems.length)));
  }
  return all;
}

/** The shared data's files (`*.jsonl` of the folder, sorted): the default models' training data. */
export function sharedDataFiles(dir = defaultSharedDataDir()): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Every shared-data row (those with a category, then those with a unit or topic only), in that
 * order: the out-of-scope model's weak rows are drawn from them (out-of-scope-training.ts).
 */
export function readSharedDataRows(dir = defaultSharedDataDir()): LabeledRow[] {
  const data = readLabeledFiles(sharedDataFiles(dir));
  return [...data.labeled, ...data.unitOnly];
}

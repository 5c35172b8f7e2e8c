/**
 * 加入来源文件: a console draft (source-drafts.ts) appended to the source file the main job loaded
 * (MINSHENG_SOURCES). The file is written only when it loads before and after as the main job loads
 * it, its `sources:` list ends it (crawlers/source/append-source.ts: the rest stays byte for byte),
 * and it has no source of the draft's id; a copy of it is kept first (`<file>.<time>.bak`) and the
 * new text replaces it in one rename. The built-in demo file and the files shipped with the program
 * are never written. The running processes read the file at start only: the source is crawled once
 * they are restarted (重启后生效).
 */
import { constants } from 'node:fs';
import { copyFile, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { AppError, beijingClock, describeError } from '../../core/index.js';

export interface SourceFileTarget {
  /** The source file the main job of this process loaded (MINSHENG_SOURCES). */
  path: string;
  /** Its `{{placeholders}}`' values, as the main job loads it. */
  vars: Record<string, string | number>;
  /** One of the files shipped with the program (crawlers/sources/): never written to. @default false */
  builtIn?: boolean | undefined;
}

export interface AddedToSourceFile {
  file: string;
  /** The copy of the file as it was before. */
  backup: string;
  sourceId: string;
  addedAt: string;
  addedBy: string;
}

const byHand = '请下载草稿后手工加入来源文件';

/** `20261201-032015`: the backup's name, in Beijing time as staff read the clock. */
const stamp = (at: Date) => beijingClock(at.getTime()).replace(/[-:]/g, '').replace(' ', '-');

/** Why this target cannot be written at all (the demo file, a shipped one, JSON); undefined when it can be tried. */
export function sourceFileRefusal(target: SourceFileTarget | undefined): string | undefined {
  if (!target) return `本系统正在使用内置演示来源文件（未设置 MINSHENG_SOURCES），不能写入：${byHand}（MINSHENG_SOURCES 指向该文件），重启民声主程序后生效`;
  if (target.builtIn) return `来源文件 ${target.path} 是随程序提供的内置文件，不能写入：请把它复制到程序目录之外，用 MINSHENG_SOURCES 指向副本后重启，或${byHand}`;
  if (target.path.toLowerCase().endsWith('.json')) return `来源文件 ${target.path} 是 JSON 格式，不能自动追加：${byHand}`;
  return undefined;
}

/**
 * Appends the draft's source to the target file; CONFLICT (409) in staff's words when it may not
 * or cannot be done, the file then untouched.
 */
export async function addToSourceFile(target: SourceFileTarget | undefined, draft: { sourceId: string; yaml: string; comments: string[] }, addedBy: string, now = new Date()): Promise<AddedToSourceFile> {
  const refusal = sourceFileRefusal(target);
  if (refusal || !target) throw new AppError('CONFLICT', refusal ?? byHand);
  const file = target.path;
  const { appendSourceText, parseSourceText } = await import('../../crawlers/index.js');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError('CONFLICT', `无法读取来源文件 ${file}：${describeError(error)}`, { cause: error });
  }
  const load = (t: string) => parseSourceText(t, file, { vars: target.vars }).map((s) => s.id);
  let before: string[];
  try {
    before = load(text);
  } catch (error) {
    throw new AppError('CONFLICT', `来源文件 ${file} 现在就无法载入（${describeError(error)}）：请先修好它`, { cause: error });
  }
  if (before.includes(draft.sourceId)) throw new AppError('CONFLICT', `来源文件中已有编号为 ${draft.sourceId} 的来源，未加入：请换一个来源编号重新起草，或在来源文件中修改该来源`);
  let next: string;
  try {
    next = appendSourceText(text, draft.yaml, draft.comments);
    const after = load(next);
    if (after.length !== before.length + 1 || after[after.length - 1] !== draft.sourceId) throw new Error('加入后来源数目不符');
  } catch (error) {
    throw new AppError('CONFLICT', `${describeError(error)}（来源文件未改动）`, { cause: error });
  }
  const backup = `${file}.${stamp(now)}.bak`;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await copyFile(file, backup, constants.COPYFILE_EXCL);
    const { mode } = await stat(file);
    await writeFile(temporary, next, { mode, flag: 'wx' });
    // Changed by someone while the draft was checked: their change is kept, this one is not made.
    if ((await readFile(file, 'utf8')) !== text) throw new AppError('CONFLICT', '来源文件刚被修改过，未加入：请再点一次');
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    if (error instanceof AppError) throw error;
    throw new AppError('CONFLICT', `无法写入来源文件 ${file}：${describeError(error)}（来源文件未改动）`, { cause: error });
  }
  return { file, backup, sourceId: draft.sourceId, addedAt: now.toISOString(), addedBy };
}

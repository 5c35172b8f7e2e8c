/**
 * Checks of command-line values shared by the commands: every bad value is a BadInputError
 * (exit code 2) naming the flag, never silently replaced by a default.
 */
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError, categories, type Category } from '../core/index.js';
// The modules themselves, not their folders' index: the index brings the store (Prisma), and every
// command's registration imports this file.
import { parseIsoDate } from '../workflow/calendar/work-calendar.js';
import { caseStates, stateNames, type CaseState } from '../workflow/cases/state-machine.js';

/** An integer flag within [min, max]. */
export function integerFlag(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new BadInputError(`${flag} 应为 ${min} 到 ${max} 的整数：${value}`);
  }
  return n;
}

/** A case state given as its id (`assigned`) or its Chinese name (`已交办办理中`). */
export function caseStateFlag(flag: string, value: string): CaseState {
  const state = caseStates.find((s) => s === value || stateNames[s] === value);
  if (!state) throw new BadInputError(`${flag} 无效：${value}。可用：${caseStates.map((s) => `${s}（${stateNames[s]}）`).join('、')}`);
  return state;
}

/** One of the measures' five categories. */
export function categoryFlag(flag: string, value: string): Category {
  const category = categories.find((c) => c === value);
  if (!category) throw new BadInputError(`${flag} 应为 ${categories.join('、')}：${value}`);
  return category;
}

/** A YYYY-MM-DD flag naming a date that exists. */
export function dateFlag(flag: string, value: string): string {
  try {
    parseIsoDate(value);
  } catch (error) {
    throw new BadInputError(`${flag} ${(error as Error).message}`, { cause: error });
  }
  return value;
}

/** An optional --from/--to pair (or another pair of flags, `names`): each a real date, and the start not after the end. */
export function dateRangeFlags(from: string | undefined, to: string | undefined, names: readonly [string, string] = ['--from', '--to']): { from?: string; to?: string } {
  const [fromFlag, toFlag] = names;
  if (from !== undefined) dateFlag(fromFlag, from);
  if (to !== undefined) dateFlag(toFlag, to);
  if (from !== undefined && to !== undefined && from > to) throw new BadInputError(`${fromFlag} ${from} 晚于 ${toFlag} ${to}：开始日期不能晚于结束日期`);
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** Checks, before any work, that `file` can be created: its folder exists and is writable, and it is not a folder. */
export async function checkOutputFile(flag: string, file: string): Promise<string> {
  const target = path.resolve(file);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new BadInputError(`${flag} ${file} 是一个目录，请给出文件名`);
  await checkWritableDir(flag, path.dirname(target), file);
  return target;
}

/**
 * Checks, before any work, that `file` can be created where the command creates the folders it
 * lacks (`train --output`): it is not a folder, and its nearest existing folder is a writable folder
 * (not a file the path runs through).
 */
export async function checkOutputPath(flag: string, file: string): Promise<string> {
  const target = path.resolve(file);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new BadInputError(`${flag} ${file} 是一个目录，请给出文件名`);
  await checkOutputDir(flag, path.dirname(target), file);
  return target;
}

/**
 * Checks, before any work, that `file` is a readable file (not a folder): a missing, unreadable
 * or folder input is refused naming the path, not met later as a system error (EISDIR).
 */
export async function checkInputFile(flag: string, file: string): Promise<string> {
  const target = path.resolve(file);
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    throw new BadInputError(`无法读取输入文件 ${file}：${error.code === 'ENOENT' ? '文件不存在' : error.code === 'EACCES' ? '没有读取权限' : error.message}`, { cause: error });
  });
  if (info.isDirectory()) throw new BadInputError(`无法读取输入文件 ${file}：${flag} 给出的是一个目录，请给出文件名`);
  try {
    await access(target, constants.R_OK);
  } catch (error) {
    throw new BadInputError(`无法读取输入文件 ${file}：没有读取权限`, { cause: error });
  }
  return target;
}

/**
 * Refuses an output that is one of the inputs, before either is opened: opening the output
 * truncates it, so the input would be read empty and lost. The same file by another name (a
 * symbolic or hard link) counts: real paths are compared, and device and inode when both exist.
 */
export async function checkNotAnInput(outFlag: string, output: string, inputs: { flag: string; file: string }[]): Promise<void> {
  const out = await fileIdentity(output);
  if (!out) return;
  for (const input of inputs) {
    const one = await fileIdentity(input.file);
    if (!one) continue;
    const same = one.real === out.real || (one.ino !== undefined && one.ino === out.ino && one.dev === out.dev);
    if (same) {
      throw new BadInputError(`${outFlag} ${output} 与 ${input.flag} ${input.file} 是同一个文件：写出会清空输入。请另给一个输出文件名`);
    }
  }
}

/** Real path of `file` (of its folder when it does not exist yet), and device and inode when it exists. */
async function fileIdentity(file: string): Promise<{ real: string; dev?: number; ino?: number } | undefined> {
  const target = path.resolve(file);
  const info = await stat(target).catch(() => undefined);
  if (info) return { real: await realpath(target), dev: info.dev, ino: info.ino || undefined };
  const dir = await realpath(path.dirname(target)).catch(() => undefined);
  return dir ? { real: path.join(dir, path.basename(target)) } : undefined;
}

/** Checks, before any work, that `dir` is a writable folder or can be created inside a writable one (`given`: the path as typed, for the message). */
export async function checkOutputDir(flag: string, dir: string, given: string = dir): Promise<string> {
  const target = path.resolve(dir);
  let probe = target;
  // The nearest existing folder must be writable (the missing ones are created).
  while (!(await stat(probe).catch(() => undefined))) {
    const parent = path.dirname(probe);
    if (parent === probe) break;
    probe = parent;
  }
  await checkWritableDir(flag, probe, given);
  return target;
}

async function checkWritableDir(flag: string, dir: string, given: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new BadInputError(`${flag} ${given}：目录 ${dir} 不存在`);
  if (!info.isDirectory()) throw new BadInputError(`${flag} ${given}：${dir} 不是目录`);
  try {
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new BadInputError(`${flag} ${given}：没有写入目录 ${dir} 的权限`, { cause: error });
  }
}

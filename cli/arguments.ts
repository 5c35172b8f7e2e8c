/**
 * Checks of command-line values shared by the commands: every bad value is a BadInputError
 * (exit code 2) naming the flag, never silently replaced by a default.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError, categories, type Category } from '../core/index.js';
import { parseIsoDate } from '../workflow/calendar/index.js';
import { caseStates, stateNames, type CaseState } from '../workflow/cases/index.js';

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

/** An optional --from/--to pair: each a real date, and the start not after the end. */
export function dateRangeFlags(from: string | undefined, to: string | undefined): { from?: string; to?: string } {
  if (from !== undefined) dateFlag('--from', from);
  if (to !== undefined) dateFlag('--to', to);
  if (from !== undefined && to !== undefined && from > to) throw new BadInputError(`--from ${from} 晚于 --to ${to}：起始日期不能晚于结束日期`);
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

/** Checks, before any work, that `dir` is a writable folder or can be created inside a writable one. */
export async function checkOutputDir(flag: string, dir: string): Promise<string> {
  const target = path.resolve(dir);
  let probe = target;
  // The nearest existing folder must be writable (the missing ones are created).
  while (!(await stat(probe).catch(() => undefined))) {
    const parent = path.dirname(probe);
    if (parent === probe) break;
    probe = parent;
  }
  await checkWritableDir(flag, probe, dir);
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

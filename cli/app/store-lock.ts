/**
 * The embedded store (PGlite) must never be opened twice at once, by two processes or twice in
 * one: it aborts and can corrupt the data folder. Whoever opens it from this code base (the main
 * job, a CLI command) first takes `<dataDir>/minsheng-store.lock`, created atomically (written to
 * a temporary file, then hard-linked into place, so a reader never sees it half-written). A lock
 * whose process is gone is taken over. The run file (run-file.ts) is separate: it tells commands
 * how to reach a running main job; this lock also covers the seconds before the main job has
 * written it, and one command against another.
 */
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../core/index.js';
import { currentBoot, holderAlive, type BootMark } from './run-file.js';
import { beijingTime } from '../terminal-text.js';

export interface StoreLockOwner {
  pid: number;
  /** What holds the store, as staff would type it (`minsheng start`, `minsheng bulletin`). */
  command: string;
  startedAt: string;
  /** The start of the machine it was taken in: a lock of an earlier one is left by a power cut. */
  boot?: BootMark | undefined;
}

const fileName = 'minsheng-store.lock';
/** Lock files this process holds (so a leftover file naming our own pid is known to be stale). */
const held = new Set<string>();


async function readOwner(file: string): Promise<StoreLockOwner | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoreLockOwner;
  } catch {
    return undefined;
  }
}

/** The process holding the embedded store of this data folder, if any. */
export async function storeLockOwner(dataDir: string): Promise<StoreLockOwner | undefined> {
  const file = path.resolve(dataDir, fileName);
  const owner = await readOwner(file);
  if (!owner) return undefined;
  if (owner.pid === process.pid) return held.has(file) ? owner : undefined;
  return holderAlive(owner.pid, owner.boot) ? owner : undefined;
}

/**
 * Takes the embedded store's lock for `command`; returns its release. Throws CONFLICT, naming
 * the holder, when another process (or another opener in this one) has it.
 */
export async function lockEmbeddedStore(dataDir: string, command: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.resolve(dataDir, fileName);
  const me: StoreLockOwner = { pid: process.pid, command, startedAt: new Date().toISOString(), boot: currentBoot() };
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, JSON.stringify(me), { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(temp, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = await storeLockOwner(dataDir);
        if (owner || attempt > 0) throw storeBusyError(file, owner);
        await rm(file, { force: true }); // left by a process that is gone
      }
    }
  } finally {
    await rm(temp, { force: true });
  }
  held.add(file);
  return async () => {
    held.delete(file);
    const current = await readOwner(file);
    if (current?.pid === me.pid && current.startedAt === me.startedAt) await rm(file, { force: true });
  };
}

function storeBusyError(file: string, owner: StoreLockOwner | undefined): AppError {
  const who = owner ? `另一个民声进程（pid ${owner.pid}，${owner.command}，${beijingTime(owner.startedAt)} 起）` : '另一个民声进程';
  const what = owner?.command === 'minsheng start' ? '主程序正在启动或运行：请稍候再试（主程序启动后，本命令会经其接口执行），或先停止主程序' : '请等该命令结束后再试';
  return new AppError('CONFLICT', `内置数据库（${path.dirname(file)}）正由${who}使用，不能同时打开。${what}。若确认没有民声进程在运行，可删除锁文件 ${file}`, {
    details: owner ? { ...owner } : undefined,
  });
}

/**
 * The embedded store belongs to one process: PGlite must never be opened by two processes at
 * once. While the main job runs, it writes `<dataDir>/minsheng-run.json` (its pid, its API
 * address and a random local token, readable by this user only); a CLI command on the same data
 * folder then asks the running job over HTTP instead of opening the store itself.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { uptime } from 'node:os';
import path from 'node:path';

/**
 * Which start of the machine a process ran in. After a power cut the run file and the store lock
 * of the process that died are still there, and once the machine is up again their pid may well
 * name another program (pids are handed out afresh at each start): judged by the pid alone, the
 * main job refused to start (数据目录已被另一个民声进程使用) and every command tried to reach a
 * console that was gone. A file written in an earlier start of the machine names no live process.
 */
export interface BootMark {
  /** Linux's boot id (/proc/sys/kernel/random/boot_id), where there is one. */
  id?: string | undefined;
  /** Seconds the machine had been up when the file was written: a machine up for less now has started again since. */
  uptime: number;
}

let bootId: string | undefined | null = null;
/** This start of the machine, as far as it can be told. */
export function currentBoot(): BootMark {
  if (bootId === null) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
    } catch {
      bootId = undefined; // not Linux
    }
  }
  return { ...(bootId ? { id: bootId } : {}), uptime: uptime() };
}

/** Whether a file marked `boot` was written in an earlier start of the machine (files without the mark: unknown, so no). */
export function writtenBeforeRestart(boot: BootMark | undefined): boolean {
  if (!boot || typeof boot.uptime !== 'number') return false;
  const now = currentBoot();
  if (boot.id && now.id) return boot.id !== now.id;
  return now.uptime + 1 < boot.uptime;
}

export interface RunFile {
  pid: number;
  url: string;
  token: string;
  startedAt: string;
  /** Set by writeRunFile. */
  boot?: BootMark | undefined;
  /** Where it was read from: set by readRunFile (not written), for the advice when its process does not answer. */
  file?: string | undefined;
}

const fileName = 'minsheng-run.json';

/** Where the main job's run file lives in a data folder. */
export const runFilePath = (dataDir: string) => path.join(dataDir, fileName);

export function newLocalToken(): string {
  return randomBytes(24).toString('hex');
}

export async function writeRunFile(dataDir: string, run: RunFile): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, fileName);
  await writeFile(file, JSON.stringify({ ...run, boot: run.boot ?? currentBoot() }), { mode: 0o600 });
  return async () => {
    // Read directly: readRunFile ignores this process's own file.
    const current = await readFile(file, 'utf8').then((text) => JSON.parse(text) as RunFile, () => undefined);
    if (current?.pid === run.pid && current.token === run.token) await rm(file, { force: true });
  };
}

/** Whether process `pid` still runs (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process `pid` that wrote a file marked `boot` still runs (not a pid handed out again after a restart of the machine). */
export function holderAlive(pid: number, boot: BootMark | undefined): boolean {
  return isAlive(pid) && !writtenBeforeRestart(boot);
}

/** The running main job on this data folder, if any (a stale file of a dead process, or of an earlier start of the machine, is ignored). */
export async function readRunFile(dataDir: string): Promise<RunFile | undefined> {
  try {
    const file = path.join(dataDir, fileName);
    const run = JSON.parse(await readFile(file, 'utf8')) as RunFile;
    return run.pid !== process.pid && holderAlive(run.pid, run.boot) ? { ...run, file } : undefined;
  } catch {
    return undefined;
  }
}

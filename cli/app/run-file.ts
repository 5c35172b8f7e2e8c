/**
 * The embedded store belongs to one process: PGlite must never be opened by two processes at
 * once. While the main job runs, it writes `<dataDir>/minsheng-run.json` (its pid, its API
 * address and a random local token, readable by this user only); a CLI command on the same data
 * folder then asks the running job over HTTP instead of opening the store itself.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface RunFile {
  pid: number;
  url: string;
  token: string;
  startedAt: string;
}

const fileName = 'minsheng-run.json';

export function newLocalToken(): string {
  return randomBytes(24).toString('hex');
}

export async function writeRunFile(dataDir: string, run: RunFile): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, fileName);
  await writeFile(file, JSON.stringify(run), { mode: 0o600 });
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

/** The running main job on this data folder, if any (a stale file of a dead process is ignored). */
export async function readRunFile(dataDir: string): Promise<RunFile | undefined> {
  try {
    const run = JSON.parse(await readFile(path.join(dataDir, fileName), 'utf8')) as RunFile;
    return run.pid !== process.pid && isAlive(run.pid) ? run : undefined;
  } catch {
    return undefined;
  }
}

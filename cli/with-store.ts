/**
 * How a command reaches the store: directly (PostgreSQL, or an embedded store no process holds),
 * or through the running main job's API when it holds the embedded store (see app/run-file.ts).
 */
import { AppError } from '../core/index.js';
import { openStore, type Store } from '../workflow/index.js';
import { readRunFile, type RunFile } from './app/run-file.js';
import type { CliContext } from './program.js';

export async function withStore<T>(ctx: CliContext, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = ctx.config();
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: ctx.logger() });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The running main job that holds this embedded store, if any (never with PostgreSQL). */
export async function runningMainJob(ctx: CliContext): Promise<RunFile | undefined> {
  const config = ctx.config();
  return config.databaseUrl ? undefined : readRunFile(config.dataDir);
}

/** GETs a path of the running main job's API as the local administrator. */
export async function askMainJob<T>(run: RunFile, pathAndQuery: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(pathAndQuery, run.url), { headers: { 'x-minsheng-local-token': run.token } });
  } catch (error) {
    throw new AppError('UNAVAILABLE', `无法连接正在运行的民声进程（${run.url}）：${(error as Error).message}`, { cause: error });
  }
  if (!res.ok) throw new AppError('UNAVAILABLE', `正在运行的民声进程答复 HTTP ${res.status}`);
  return (await res.json()) as T;
}

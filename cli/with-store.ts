/**
 * How a command reaches the store: directly (PostgreSQL, or an embedded store no process holds),
 * or through the running main job's API when it holds the embedded store (see app/run-file.ts).
 * The embedded store is never opened while a main job runs or another command has it open
 * (app/store-lock.ts).
 */
import path from 'node:path';
import { AppError, errorCodes, type ErrorCode } from '../core/index.js';
import { openStore, type Store } from '../workflow/index.js';
import { readRunFile, type RunFile } from './app/run-file.js';
import { lockEmbeddedStore } from './app/store-lock.js';
import type { CliContext } from './program.js';

/**
 * Opens the store for `fn`. With the embedded store: refuses (CONFLICT) while the main job runs
 * on this data folder (commands that can go through its API check `runningMainJob` first), and
 * holds the store's lock meanwhile, so no other process opens it.
 */
export async function withStore<T>(ctx: CliContext, fn: (store: Store) => Promise<T>, command = 'minsheng 命令行'): Promise<T> {
  const config = ctx.config();
  let unlock: (() => Promise<void>) | undefined;
  if (!config.databaseUrl) {
    const running = await readRunFile(config.dataDir);
    if (running) throw mainJobHoldsStoreError(config.dataDir, running, command);
    unlock = await lockEmbeddedStore(config.dataDir, command);
  }
  try {
    const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: ctx.logger() });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  } finally {
    await unlock?.();
  }
}

/** The refusal of a command that cannot go through the running main job's API. */
export function mainJobHoldsStoreError(dataDir: string, run: RunFile, command: string): AppError {
  return new AppError(
    'CONFLICT',
    `内置数据库（${path.resolve(dataDir)}）正由民声主程序使用（pid ${run.pid}，${run.url}），${command} 不能同时打开它。` +
      '请先停止主程序（在运行 npm start 或 minsheng start 的终端按 Ctrl-C），再运行本命令；也可以在控制台中操作。',
  );
}

/** The running main job that holds this embedded store, if any (never with PostgreSQL). */
export async function runningMainJob(ctx: CliContext): Promise<RunFile | undefined> {
  const config = ctx.config();
  return config.databaseUrl ? undefined : readRunFile(config.dataDir);
}

/** Calls the running main job's API as the local administrator; its errors keep the server's own message. */
export async function fetchMainJob(run: RunFile, pathAndQuery: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(new URL(pathAndQuery, run.url), {
      method: init.method ?? 'GET',
      headers: { 'x-minsheng-local-token': run.token, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch (error) {
    throw new AppError('UNAVAILABLE', `无法连接正在运行的民声进程（${run.url}）：${(error as Error).message}`, { cause: error });
  }
  if (!res.ok) throw await mainJobError(res);
  return res;
}

/** GETs (or POSTs `body` to) a path of the running main job's API and returns its JSON answer. */
export async function askMainJob<T>(run: RunFile, pathAndQuery: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<T> {
  return (await (await fetchMainJob(run, pathAndQuery, init)).json()) as T;
}

/** The error of a failed answer: the server's code and Chinese message (web/errors.ts), or the bare status. */
export async function mainJobError(res: Response): Promise<AppError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const message = typeof error?.message === 'string' && error.message ? error.message : `正在运行的民声进程答复 HTTP ${res.status}`;
  const code: ErrorCode = typeof error?.code === 'string' && error.code in errorCodes ? (error.code as ErrorCode) : res.status === 400 ? 'BAD_INPUT' : 'UNAVAILABLE';
  return new AppError(code, message);
}

/**
 * How a command reaches the store: directly (PostgreSQL, or an embedded store no process holds),
 * or through the running main job's API when it holds the embedded store (see app/run-file.ts).
 * The embedded store is never opened while a main job runs or another command has it open
 * (app/store-lock.ts). Only the commands that set a store up create it (`start` through the main
 * job, `calendar load` through `create: true`); the others refuse a data folder without one, as it
 * is most often a wrong or missing MINSHENG_DATA_DIR, and an empty new store would answer "0 rows".
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError, errorCodes, type ErrorCode } from '../core/index.js';
import type { Store } from '../workflow/index.js';
import { systemActor, type Actor } from '../workflow/users/index.js';
import { describeFetchFailure } from '../crawlers/engine/network-errors.js';
import { holderAlive, readRunFile, type RunFile } from './app/run-file.js';
import { lockEmbeddedStore, storeLockOwner } from './app/store-lock.js';
import type { CliContext } from './program.js';

/**
 * Opens the store for `fn`. With the embedded store: refuses (CONFLICT) while the main job runs
 * on this data folder (commands that can go through its API check `runningMainJob` first), and
 * holds the store's lock meanwhile, so no other process opens it. Without `create`, a data folder
 * that holds no embedded store is refused (CONFIG), naming the folder and MINSHENG_DATA_DIR.
 */
/**
 * Who a command acts as when it opens the store itself: the administrator at this machine's
 * command line (events and logs name cli-admin; through a running main job it is local-cli).
 */
export const cliAdmin: Actor = { ...systemActor, username: 'cli-admin', role: 'admin' };

export async function withStore<T>(ctx: CliContext, fn: (store: Store) => Promise<T>, command = 'minsheng 命令行', options: { create?: boolean } = {}): Promise<T> {
  const config = ctx.config();
  let unlock: (() => Promise<void>) | undefined;
  if (!config.databaseUrl) {
    const running = await readRunFile(config.dataDir);
    if (running) throw mainJobHoldsStoreError(config.dataDir, running, command);
    const missing = () => !options.create && !embeddedStoreExists(config.dataDir);
    // Refused before the lock (which makes the folder) unless a process holds it: then its refusal says more.
    if (missing() && !(await storeLockOwner(config.dataDir))) throw noStoreError(ctx, command);
    unlock = await lockEmbeddedStore(config.dataDir, command);
    if (missing()) {
      await unlock();
      throw noStoreError(ctx, command);
    }
  }
  try {
    // Loaded here: the store brings Prisma and PGlite or pg, which every command would otherwise wait for.
    const { openStore } = await import('../workflow/index.js');
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

/** Whether the data folder holds an embedded store (openStore keeps it in `<dataDir>/pglite`). */
export function embeddedStoreExists(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'pglite'));
}

/** The refusal of a command that only reads the store, on a data folder that has none. */
function noStoreError(ctx: CliContext, command: string): AppError {
  const dataDir = path.resolve(ctx.config().dataDir);
  const setting = ctx.env.MINSHENG_DATA_DIR ? `MINSHENG_DATA_DIR=${ctx.env.MINSHENG_DATA_DIR}` : '未设置 MINSHENG_DATA_DIR，默认为当前目录下的 data';
  return new AppError(
    'CONFIG',
    `数据目录 ${dataDir} 中没有民声数据库（${setting}），${command} 没有可读取的数据。` +
      '请把 MINSHENG_DATA_DIR 设为主程序使用的数据目录（与运行 npm start 或 minsheng start 时相同），或使用 PostgreSQL 时设置 DATABASE_URL；数据库由 minsheng start 首次启动时建立。',
  );
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
    throw mainJobUnreachableError(run, error);
  }
  if (!res.ok) throw await mainJobError(res);
  return res;
}

/**
 * The refusal when the main job the run file names does not answer: fetch's own `fetch failed`
 * said in staff's words (as the crawler says it of a site), and what to do. A run file whose
 * process has died is already ignored (readRunFile), so a dead main job needs only a new start;
 * a live one that does not answer is starting or stopping, or its pid now names another program
 * (the run file left behind): then the file is to be deleted, as `minsheng start` also advises.
 */
function mainJobUnreachableError(run: RunFile, error: unknown): AppError {
  const why = describeFetchFailure(error, '民声主程序') ?? `无法连接民声主程序（${(error as Error).message}）`;
  const file = run.file ?? '数据目录中的 minsheng-run.json';
  const advice = holderAlive(run.pid, run.boot)
    ? `运行文件 ${file} 记录的进程（pid ${run.pid}）仍在，但其接口没有答复：主程序若正在启动或停止，请稍后再试；若本机没有民声主程序在运行（主程序停止时没有删除运行文件，该 pid 已是别的程序），请删除 ${file} 后再运行本命令。`
    : `主程序（pid ${run.pid}）已经停止：请重新启动主程序（npm start 或 minsheng start），或直接再运行本命令（将直接打开内置数据库）。`;
  return new AppError('UNAVAILABLE', `${why}，地址 ${run.url}。${advice}`, { cause: error });
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

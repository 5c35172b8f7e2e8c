/**
 * Backups of the embedded store (PGlite): everything minsheng keeps lives in its data folder's
 * `pglite` sub-folder (cases, messages, crawl watch state, accounts, calendar, finished exports),
 * so one gzipped tar of it is a whole backup. An office running the embedded default on one machine
 * has no database administrator; these are what it backs up and restores with (`minsheng backup`,
 * `minsheng restore`, and the main job's daily backup). PostgreSQL is backed up with its own tools
 * (pg_dump), which see every process's writes; `postgresBackupAdvice` says so to staff.
 *
 * Contract:
 * - a backup file is written under a temporary name and renamed when complete, so a file with a
 *   backup's name is never half-written (a crash mid-write leaves only `*.part`);
 * - a restore never deletes: the folder it replaces is renamed `pglite.before-restore-<time>`, and
 *   the backup is opened and checked in a folder of its own before anything is renamed, so a bad
 *   or foreign file is refused with the store untouched, and so is a backup of a store a newer
 *   minsheng migrated (this code could not open it: restore it with that version);
 * - the caller holds the embedded store's lock (cli/app/store-lock.ts) while it restores: this module
 *   does not know about processes.
 */
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import { AppError, BadInputError, beijingClock } from '../../core/index.js';
import { openEmbeddedClient } from './durable-pglite.js';
import type { Store } from './store-types.js';
import { migrationsNewerThan, readMigrations } from './migrate.js';

/** A backup in a backup folder. */
export interface BackupFile {
  file: string;
  bytes: number;
  /** When it was taken, as its name says (Beijing time, `yyyy-mm-dd HH:MM:ss`). */
  takenAt: string;
}

/** What a restore put in place, and where the store it replaced was kept. */
export interface RestoreResult {
  cases: number;
  messages: number;
  /** The data folder's previous `pglite`, renamed (undefined when the folder had no store). */
  keptAs?: string;
}

const namePattern = /^minsheng-backup-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.tar\.gz$/;

/** `minsheng-backup-20261128-203015.tar.gz`: Beijing time, so a folder sorts by name as by time. */
export function backupFileName(at: Date): string {
  return `minsheng-backup-${fileStamp(at)}.tar.gz`;
}

/** `20261128-203015`: Beijing time, for file and folder names. */
function fileStamp(at: Date): string {
  return beijingClock(at.getTime()).replace(/-/g, '').replace(' ', '-').replace(/:/g, '');
}

/**
 * Staff-facing advice for a store on PostgreSQL, where these commands do not apply. A
 * DATABASE_URL with Prisma's `?schema=NAME` cannot be handed to pg_dump as it is (`invalid URI
 * query parameter: "schema"`), and the dump must name the schema: given the URL, the advice says
 * so for it; without one (the console) it says how in general. A dump of one schema lacks the
 * pg_trgm extension (installed in `public`), so its restore installs it first or loses the ledger
 * search's trigram indexes (production QA 2026-11-30: pg_restore exit 1 on gin_trgm_ops).
 */
export function postgresBackupAdvice(databaseUrl?: string): string {
  const tail = 'minsheng backup、minsheng restore 和控制台的立即备份只用于内置数据库（未设置 DATABASE_URL 时）。';
  let schema: string | null = null;
  try {
    schema = databaseUrl ? new URL(databaseUrl).searchParams.get('schema') : null;
  } catch {
    // Not a URL: the general advice.
  }
  if (schema) {
    return (
      `使用 PostgreSQL 时，请用数据库自带的工具备份和恢复。本系统的数据在 schema ${schema} 中（DATABASE_URL 末尾的 ?schema=${schema}），` +
      `pg_dump 不认这个参数：请去掉它，改用 --schema=${schema}，例如：pg_dump --format=custom --schema=${schema} --file=minsheng.dump "postgresql://用户@主机:端口/数据库"。` +
      `恢复：这样导出的备份不含 pg_trgm 扩展（它在 public 中），没有它账本搜索的索引建不起来（pg_restore 报 operator class "public.gin_trgm_ops" does not exist），` +
      `所以先在空的新数据库中安装：psql "postgresql://用户@主机:端口/新数据库" -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm'，` +
      `再 pg_restore --dbname="postgresql://用户@主机:端口/新数据库" minsheng.dump。${tail}`
    );
  }
  return (
    '使用 PostgreSQL 时，请用数据库自带的工具备份和恢复，例如：pg_dump --format=custom --file=minsheng.dump "$DATABASE_URL"，恢复用 pg_restore' +
    `（DATABASE_URL 末尾有 ?schema=名称 时，去掉它，改加 --schema=名称：pg_dump 不认这个参数；这样的备份不含 pg_trgm 扩展，恢复前先在空的新数据库中执行 CREATE EXTENSION IF NOT EXISTS pg_trgm）。${tail}`
  );
}

/**
 * The embedded store as a gzipped tar (see Store.dumpDataDir). On PostgreSQL the request is refused
 * with the pg_dump advice as a CONFLICT (409 over HTTP): the installation is as it should be, the
 * backup just belongs to PostgreSQL's own tools, so it is no server fault (a 500).
 */
export async function dumpEmbeddedStore(store: Store): Promise<Blob> {
  if (!store.dumpDataDir) throw new AppError('CONFLICT', postgresBackupAdvice());
  return store.dumpDataDir();
}

/** Writes `data` to `file` under a temporary name first, then renames it into place. */
export async function writeFileAtomically(file: string, data: Blob | Uint8Array): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const part = `${file}.${process.pid}.part`;
  const bytes = data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : data;
  try {
    const handle = await open(part, 'w', 0o600); // a backup holds citizens' messages and password hashes
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(part, file);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
  return bytes.byteLength;
}

/** Takes a backup of the embedded store into `dir` (created when missing). */
export async function takeBackup(store: Store, dir: string, now = new Date()): Promise<BackupFile> {
  const file = path.resolve(dir, backupFileName(now));
  const bytes = await writeFileAtomically(file, await dumpEmbeddedStore(store));
  return { file, bytes, takenAt: beijingClock(now.getTime()) };
}

/** The backups in `dir`, newest first; a missing folder has none. Other files are ignored. */
export async function listBackups(dir: string): Promise<BackupFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: BackupFile[] = [];
  for (const name of names) {
    const m = namePattern.exec(name);
    if (!m) continue;
    const file = path.resolve(dir, name);
    found.push({ file, bytes: (await stat(file)).size, takenAt: `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}` });
  }
  return found.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/** Deletes all but the newest `keep` backups of `dir` (only files named as backups); returns what it deleted. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const old = (await listBackups(dir)).slice(Math.max(1, keep));
  for (const b of old) await rm(b.file, { force: true });
  return old.map((b) => b.file);
}

/**
 * Puts the backup `file` in place as the embedded store of `dataDir`. The backup is first unpacked
 * into `<dataDir>/pglite.restoring-<time>` and opened: it must be a PostgreSQL data folder holding
 * minsheng's tables, else BadInputError and nothing changes. Then the current `pglite` (if any) is
 * renamed `pglite.before-restore-<time>` and the restored folder takes its name. Migrations a
 * newer minsheng needs are applied when the store is next opened, as after an upgrade.
 */
export async function restoreEmbeddedStore(file: string, dataDir: string, now = new Date()): Promise<RestoreResult> {
  const data = await readBackupFile(file);
  const stamp = fileStamp(now);
  const live = path.resolve(dataDir, 'pglite');
  const staging = path.resolve(dataDir, `pglite.restoring-${stamp}`);
  await mkdir(dataDir, { recursive: true });
  await rm(staging, { recursive: true, force: true });
  let counts: { cases: number; messages: number };
  try {
    counts = await checkBackup(data, staging, file);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  let keptAs: string | undefined = path.resolve(dataDir, `pglite.before-restore-${stamp}`);
  try {
    await rename(live, keptAs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    keptAs = undefined;
  }
  await rename(staging, live);
  return { ...counts, ...(keptAs ? { keptAs } : {}) };
}

async function readBackupFile(file: string): Promise<Blob> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new BadInputError(`无法读取备份文件 ${file}：${(error as Error).message}`, { cause: error });
  }
  // gzip's magic number: anything else is not a backup this module wrote.
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new BadInputError(`${file} 不是民声备份文件（应为 minsheng backup 生成的 .tar.gz 文件）`);
  await checkGzipTar(bytes, file);
  return new Blob([new Uint8Array(bytes)]);
}

/**
 * Reads the whole gzip stream (its checksum and length are checked at the end) and the tar header
 * at its start, without keeping what it unpacks. PGlite's own unpacking of a broken file fails
 * with an error it does not hand back (an unhandled rejection), so a broken file must not reach it.
 */
async function checkGzipTar(bytes: Buffer, file: string): Promise<void> {
  let head = Buffer.alloc(0);
  try {
    await pipeline(Readable.from([bytes]), createGunzip(), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) if (head.length < 512) head = Buffer.concat([head, chunk]).subarray(0, 512);
    });
  } catch (error) {
    // zlib's text (`unexpected end of file`) is English: said in Chinese, zlib's own kept as the cause.
    throw new BadInputError(`备份文件 ${file} 已损坏或不完整（${gunzipFailure(error)}）`, { cause: error });
  }
  // A POSIX tar's first header says "ustar" at byte 257.
  if (head.length < 512 || head.subarray(257, 262).toString('latin1') !== 'ustar') throw new BadInputError(`${file} 不是民声备份文件（解压后不是 tar 归档）`);
}

/** Why gunzip failed, in staff's words, by zlib's error code. */
function gunzipFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'Z_BUF_ERROR') return '文件在结尾之前中断，可能没有复制完整，请重新复制备份文件';
  if (code === 'Z_DATA_ERROR') return '压缩数据校验失败，文件内容已被改动或损坏';
  return '无法解压';
}

/** Unpacks and opens the backup in `dir`; answers its case and message counts, or refuses it. */
async function checkBackup(data: Blob, dir: string, file: string): Promise<{ cases: number; messages: number }> {
  let client: PGlite | undefined;
  try {
    client = openEmbeddedClient(dir, { loadDataDir: data });
    await client.waitReady;
  } catch (error) {
    await client?.close().catch(() => undefined);
    throw new BadInputError(`备份文件 ${file} 已损坏或不是民声备份，无法打开：${(error as Error).message}`, { cause: error });
  }
  try {
    const [tables] = (await client.query<{ cases: string | null; messages: string | null }>(`SELECT to_regclass('"Case"')::text AS cases, to_regclass('"Message"')::text AS messages`)).rows;
    if (!tables?.cases || !tables.messages) throw new BadInputError(`备份文件 ${file} 中没有民声的数据表（案件、留言），不是民声备份`);
    // A newer minsheng's backup: the store opened after the restore would refuse it, with the store
    // it replaced already set aside; refuse it here instead, before anything is renamed.
    const applied = await client.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
    const newer = migrationsNewerThan(
      applied.rows.map((r) => r.migration_name),
      await readMigrations(),
    );
    if (newer.length > 0) throw new BadInputError(`备份文件 ${file} 来自较新版本的民声（本版本没有的数据库迁移：${newer.join('、')}），本版本不能恢复它：请用该版本或更新版本的民声恢复`);
    const [row] = (await client.query<{ cases: number; messages: number }>(`SELECT (SELECT count(*)::int FROM "Case") AS cases, (SELECT count(*)::int FROM "Message") AS messages`)).rows;
    return { cases: row?.cases ?? 0, messages: row?.messages ?? 0 };
  } finally {
    await client.close();
  }
}

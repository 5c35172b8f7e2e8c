/**
 * Backups of the embedded store (workflow/store/backup.ts, cli/app/daily-backups.ts, `minsheng
 * backup` / `minsheng restore`), on real PGlite stores in temporary folders: a backup restored
 * gives back exactly the cases of its moment, the replaced store is kept, a bad file is refused
 * with nothing changed, the daily backup takes one per day and keeps the newest, and the commands
 * refuse PostgreSQL with the pg_dump advice (and so does a main job on PostgreSQL asked for a backup,
 * with a 409: a refusal, not a server fault).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { startDailyBackups } from '../cli/app/daily-backups.js';
import { lockEmbeddedStore } from '../cli/app/store-lock.js';
import { main } from '../cli/main.js';
import { silentLogger, type Logger } from '../core/index.js';
import { backupFileName, ensureSource, listBackups, openStore, recordMessage, registerMessage, restoreEmbeddedStore, takeBackup, type Db } from '../workflow/index.js';
import { plainSuggestion } from './helpers/ledger-suggestion.js';
import { startMainJobStandIn } from './helpers/main-job-stand-in.js';
import { openTestPostgresStore, testDatabaseUrl, uniqueName } from './helpers/services.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-backup-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function enterCase(db: Db, title: string): Promise<string> {
  await ensureSource(db, { id: 'src-backup', name: '印台区区长信箱', channel: 'district_mailbox' });
  const { messageId } = await recordMessage(db, { sourceId: 'src-backup', channel: 'district_mailbox', siteId: randomBytes(4).toString('hex'), title, content: `${title}，请有关部门尽快处理。`, fetchedAt: new Date().toISOString() });
  return (await registerMessage(db, { messageId, classification: plainSuggestion })).caseId;
}

async function caseTitles(dataDir: string): Promise<string[]> {
  const store = await openStore({ dataDir });
  try {
    return (await store.db.case.findMany({ select: { title: true }, orderBy: { title: 'asc' } })).map((c) => c.title);
  } finally {
    await store.close();
  }
}

async function cli(env: Record<string, string>, argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { env: { LOG_LEVEL: 'silent', ...env }, io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) } });
  return { code, out, err };
}

// Each test opens, dumps and restores PGlite stores several times: 20–40 s alone, over the
// default 60 s when CI runs two test files at once on two loaded cores (seen once).
describe('a backup of the embedded store', { timeout: 180_000 }, () => {
  it('restores the cases of its moment and keeps the store it replaced', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const backupDir = path.join(dataDir, 'backups');
    const store = await openStore({ dataDir });
    let backupFile: string;
    try {
      await enterCase(store.db, '新华路路灯不亮');
      await enterCase(store.db, '阿庄镇垃圾无人清运');
      const backup = await takeBackup(store, backupDir, new Date('2026-11-28T12:30:15Z'));
      backupFile = backup.file;
      expect(path.basename(backup.file)).toBe('minsheng-backup-20261128-203015.tar.gz');
      expect(backup.bytes).toBe((await stat(backup.file)).size);
      // No half-written file is left beside it, and only its owner may read it.
      expect(await readdir(backupDir)).toEqual([path.basename(backup.file)]);
      expect((await stat(backup.file)).mode & 0o077).toBe(0);
      // Work after the backup: what a restore gives up.
      await enterCase(store.db, '城关街道噪音扰民');
    } finally {
      await store.close();
    }

    const restored = await restoreEmbeddedStore(backupFile, dataDir, new Date('2026-11-29T01:00:00Z'));
    expect(restored).toEqual({ cases: 2, messages: 2, keptAs: path.join(dataDir, 'pglite.before-restore-20261129-090000') });
    expect(await caseTitles(dataDir)).toEqual(['新华路路灯不亮', '阿庄镇垃圾无人清运']);
    // The replaced store is intact under its new name: it can be opened and holds the later case.
    const kept = await mkdtemp(path.join(tmpdir(), 'minsheng-backup-kept-'));
    dirs.push(kept);
    await rename(restored.keptAs!, path.join(kept, 'pglite'));
    expect(await caseTitles(kept)).toEqual(['城关街道噪音扰民', '新华路路灯不亮', '阿庄镇垃圾无人清运']);
  });

  it('refuses a file that is not a backup, or a broken one, and changes nothing', async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    const store = await openStore({ dataDir });
    let good: string;
    try {
      await enterCase(store.db, '王石凹街道供暖不热');
      good = (await takeBackup(store, path.join(dir, 'backups'))).file;
    } finally {
      await store.close();
    }
    const text = path.join(dir, 'notes.txt');
    await writeFile(text, '这不是备份');
    await expect(restoreEmbeddedStore(text, dataDir)).rejects.toThrow(/不是民声备份文件/);
    // A gzip whose content is cut off: the magic number is right, unpacking fails.
    const truncated = path.join(dir, 'truncated.tar.gz');
    await writeFile(truncated, (await readFile(good)).subarray(0, 4096));
    await expect(restoreEmbeddedStore(truncated, dataDir)).rejects.toThrow(/已损坏或不完整/);
    await expect(restoreEmbeddedStore(path.join(dir, 'missing.tar.gz'), dataDir)).rejects.toThrow(/无法读取备份文件/);
    // Nothing was renamed or left behind: the store is as it was.
    expect((await readdir(dataDir)).sort()).toEqual(['pglite']);
    expect(await caseTitles(dataDir)).toEqual(['王石凹街道供暖不热']);
  });

  it('refuses a PostgreSQL data folder that is not minsheng\'s', async () => {
    const dir = await tempDir();
    const other = new PGlite(path.join(dir, 'other'));
    await other.exec('CREATE TABLE notes (text text)');
    const tar = path.join(dir, 'other.tar.gz');
    await writeFile(tar, new Uint8Array(await (await other.dumpDataDir('gzip')).arrayBuffer()));
    await other.close();
    await expect(restoreEmbeddedStore(tar, path.join(dir, 'data'))).rejects.toThrow(/没有民声的数据表/);
    expect(existsSync(path.join(dir, 'data', 'pglite'))).toBe(false);
  });
});

describe('the main job\'s daily backup', { timeout: 180_000 }, () => {
  it('takes one backup per Beijing day, keeps the newest, and logs a failure without stopping', async () => {
    const dir = await tempDir();
    const store = await openStore({ dataDir: path.join(dir, 'data') });
    const lines: string[] = [];
    const logger: Logger = { ...silentLogger, info: (m: unknown) => void lines.push(String(m)), warn: (_o: unknown, m?: unknown) => void lines.push(String(m ?? _o)) } as Logger;
    let now = new Date('2026-11-27T15:00:00Z'); // 23:00 in Beijing
    const backupDir = path.join(dir, 'backups');
    const daily = startDailyBackups({ store, dir: backupDir, keep: 2, logger, firstCheckAfterMs: 3_600_000, now: () => now });
    try {
      expect((await daily.check())?.file).toBe(path.join(backupDir, backupFileName(now)));
      now = new Date('2026-11-27T15:59:00Z'); // the same Beijing day: nothing more
      expect(await daily.check()).toBeUndefined();
      now = new Date('2026-11-27T16:01:00Z'); // 00:01 the next Beijing day
      expect(await daily.check()).toBeDefined();
      now = new Date('2026-11-28T02:00:00Z');
      expect(await daily.check()).toBeUndefined();
      now = new Date('2026-11-29T02:00:00Z');
      await daily.check();
      expect((await listBackups(backupDir)).map((b) => b.takenAt)).toEqual(['2026-11-29 10:00:00', '2026-11-28 00:01:00']);
      expect(lines.at(-1)).toMatch(/^已自动备份内置数据库：.*；按保留 2 份的设置删除了较早的备份 1 份$/);
      // A folder that cannot be written: logged, no throw, and tried again at the next check.
      now = new Date('2026-11-30T02:00:00Z');
      const blocked = startDailyBackups({ store, dir: path.join(dir, 'file-not-folder'), keep: 2, logger, firstCheckAfterMs: 3_600_000, now: () => now });
      await writeFile(path.join(dir, 'file-not-folder'), '');
      expect(await blocked.check()).toBeUndefined();
      await blocked.stop();
      expect(lines.at(-1)).toMatch(/^自动备份内置数据库失败，一小时后重试：/);
    } finally {
      await daily.stop();
      await store.close();
    }
  });
});

describe('minsheng backup and restore', { timeout: 180_000 }, () => {
  it('back up a store no process holds, list it, and restore it once the store is free', async () => {
    const dir = await tempDir();
    const env = { MINSHENG_DATA_DIR: path.join(dir, 'data') };
    const store = await openStore({ dataDir: env.MINSHENG_DATA_DIR });
    try {
      await enterCase(store.db, '红土镇道路塌陷');
    } finally {
      await store.close();
    }
    const file = path.join(dir, 'copy.tar.gz');
    const backup = await cli(env, ['backup', '--output', file]);
    expect(backup).toMatchObject({ code: 0, err: '' });
    expect(backup.out).toContain(`已备份内置数据库：${file}`);
    const byDefault = await cli(env, ['backup']);
    expect(byDefault.code).toBe(0);
    const list = await cli(env, ['backup', '--list']);
    expect(list.out).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\t\\d+\\.\\d MB\\t${path.join(env.MINSHENG_DATA_DIR, 'backups')}/minsheng-backup-\\d{8}-\\d{6}\\.tar\\.gz\\n$`));

    // While another command holds the store, the restore is refused and changes nothing.
    const release = await lockEmbeddedStore(env.MINSHENG_DATA_DIR, 'minsheng bulletin');
    const busy = await cli(env, ['restore', '--input', file]);
    await release();
    expect(busy.code).not.toBe(0);
    expect(busy.err).toContain('minsheng bulletin');

    const restore = await cli(env, ['restore', '--input', file]);
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.out).toContain('已恢复内置数据库');
    expect(restore.out).toContain('案件 1 件，留言 1 条');
    expect(restore.out).toMatch(/原数据库已改名保留：.*pglite\.before-restore-\d{8}-\d{6}/);
    expect(await caseTitles(env.MINSHENG_DATA_DIR)).toEqual(['红土镇道路塌陷']);

    const bad = await cli(env, ['restore', '--input', path.join(dir, 'nothing.tar.gz')]);
    expect(bad.code).toBe(2);
  });

  it('refuse PostgreSQL, saying to use pg_dump', async () => {
    for (const argv of [['backup'], ['restore', '--input', 'x.tar.gz']]) {
      const answer = await cli({ DATABASE_URL: testDatabaseUrl }, argv);
      expect(answer.code).not.toBe(0);
      expect(answer.err).toContain('pg_dump');
    }
    // Prisma's ?schema= is no pg_dump parameter: the advice names the schema option instead, and
    // the command it gives dumps that schema.
    const schema = uniqueName('t');
    const store = await openStore({ databaseUrl: `${testDatabaseUrl}?schema=${schema}` });
    const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-pgdump-'));
    const restoredDb = uniqueName('restored');
    try {
      const answer = await cli({ DATABASE_URL: `${testDatabaseUrl}?schema=${schema}` }, ['backup']);
      expect(answer.err).toContain(`pg_dump --format=custom --schema=${schema} --file=minsheng.dump "postgresql://用户@主机:端口/数据库"`);
      const dump = path.join(dir, 'minsheng.dump');
      const run = spawnSync('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${dump}`, testDatabaseUrl], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const listed = spawnSync('pg_restore', ['--list', dump], { encoding: 'utf8' }).stdout;
      expect(listed).toContain(`TABLE ${schema} Case`);
      // Restored as the advice says into an empty database: whole, the trigram indexes included
      // (without pg_trgm there first, pg_restore failed on them and exited 1).
      const install = /psql "postgresql:\/\/用户@主机:端口\/新数据库" -c '([^']+)'/.exec(answer.err)?.[1];
      expect(install).toBe('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      const restoredUrl = new URL(testDatabaseUrl);
      restoredUrl.pathname = `/${restoredDb}`;
      await store.sql.exec(`CREATE DATABASE "${restoredDb}"`);
      expect(spawnSync('psql', [restoredUrl.href, '-c', install!], { encoding: 'utf8' }).status).toBe(0);
      const restored = spawnSync('pg_restore', [`--dbname=${restoredUrl.href}`, dump], { encoding: 'utf8' });
      expect(restored.stderr).toBe('');
      expect(restored.status).toBe(0);
      const indexes = spawnSync('psql', [restoredUrl.href, '-tAc', `SELECT indexname FROM pg_indexes WHERE schemaname = '${schema}' AND indexname LIKE '%searchText%' ORDER BY 1`], { encoding: 'utf8' }).stdout;
      expect(indexes.trim().split('\n')).toEqual(['Case_searchText_idx', 'Message_searchText_idx']);
    } finally {
      await store.sql.exec(`DROP DATABASE IF EXISTS "${restoredDb}"`);
      await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a backup asked of a main job on PostgreSQL', () => {
  it('is refused as a request (409, not a server fault) with the pg_dump advice, which the command prints, exiting non-zero', async () => {
    const store = await openTestPostgresStore();
    const dir = await tempDir();
    const job = await startMainJobStandIn(store, dir);
    try {
      const res = await job.postAsCommand('backup', {});
      expect(res.status).toBe(409);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('CONFLICT');
      expect(body.error.message).toContain('pg_dump --format=custom');
      // `minsheng backup` beside it (its run file found, no DATABASE_URL of its own): the advice, exit code 1.
      const answer = await job.minsheng(['backup', '--output', path.join(dir, 'never.tar.gz')]);
      expect(answer.code).toBe(1);
      expect(answer.err).toContain('错误：使用 PostgreSQL 时，请用数据库自带的工具备份和恢复');
      expect(existsSync(path.join(dir, 'never.tar.gz'))).toBe(false);
    } finally {
      await job.close();
      await store.close();
    }
  });
});

/**
 * 数据备份 in a real browser against the app on an embedded (PGlite) store: the administrator sees
 * the warning while there is no recent backup, takes one, sees it listed and downloads exactly the
 * file on disk; other roles get no page and no file; on PostgreSQL the page gives the pg_dump advice.
 */
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createWebServer } from '../web/index.js';
import { backupFileName, listBackups, openStore, type Store } from '../workflow/index.js';
import { createUser } from '../workflow/users/index.js';
import { chromiumArgs, openConsoleFixture, password, signInToConsole, watchPageErrors } from './console-fixture.js';

let dir: string;
let store: Store;
let app: FastifyInstance;
let url: string;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-console-backups-'));
  store = await openStore({ dataDir: path.join(dir, 'data') });
  await createUser(store.db, { username: 'admin', displayName: '系统管理员', role: 'admin', password });
  await createUser(store.db, { username: 'egov', displayName: '电子政务中心 王敏', role: 'egov_centre', password });
  app = await createWebServer({ store, logger: silentLogger, backups: { dir: path.join(dir, 'backups'), keep: 3 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('console: 数据备份 on the embedded store', () => {
  it('warns while there is no backup, takes one, lists it and downloads the file itself', async () => {
    const { context, page } = await signInToConsole(browser, url, 'admin');
    const errors = watchPageErrors(page);
    await page.click('#nav a[href="#/backups"]');
    await page.waitForSelector('#backup-list');
    expect(await page.textContent('#backup-warning')).toContain('还没有任何备份');
    expect(await page.textContent('#backup-list')).toContain('保留最近 3 份');

    await page.click('#backup-now');
    await expect.poll(() => page.textContent('#toasts'), { timeout: 60_000 }).toMatch(/已备份：minsheng-backup-\d{8}-\d{6}\.tar\.gz/);
    await page.waitForSelector('#backup-list table');
    expect(await page.locator('#backup-warning').count()).toBe(0);
    const [backup] = await listBackups(path.join(dir, 'backups'));
    expect(await page.locator('#backup-list tbody tr').allTextContents()).toEqual([`${backup!.takenAt}${(backup!.bytes / 1048576).toFixed(1)} MB${path.basename(backup!.file)}`]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#backup-list tbody a')]);
    expect(download.suggestedFilename()).toBe(path.basename(backup!.file));
    const saved = path.join(dir, 'downloaded.tar.gz');
    await download.saveAs(saved);
    expect((await readFile(saved)).equals(await readFile(backup!.file))).toBe(true);

    // A newest backup three days old (the main job has not run since): said plainly.
    await rename(backup!.file, path.join(dir, 'backups', backupFileName(new Date(Date.now() - 3 * 86_400_000))));
    await page.reload();
    await page.waitForSelector('#backup-warning');
    expect(await page.textContent('#backup-warning')).toMatch(/^最近一次备份是 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}，已超过两天。主程序每天运行时会自动备份/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is the administrator\'s alone: no page, no list and no file for other roles', async () => {
    const { context, page } = await signInToConsole(browser, url, 'egov');
    expect(await page.locator('#nav a[href="#/backups"]').count()).toBe(0);
    const [backup] = await listBackups(path.join(dir, 'backups'));
    const status = (p: string, method = 'GET') => page.evaluate(async ([p, method]) => (await fetch(p!, { method })).status, [p, method] as const);
    expect(await status('/api/console/backups')).toBe(403);
    expect(await status(`/api/console/backups/${path.basename(backup!.file)}`)).toBe(403);
    await context.close();
    // Nor anything but a listed backup, for the administrator either.
    const admin = await signInToConsole(browser, url, 'admin');
    expect(await admin.page.evaluate(async () => (await fetch('/api/console/backups/..%2Fdata%2Fpglite%2FPG_VERSION')).status)).toBe(404);
    await admin.context.close();
  });
});

describe('console: 数据备份 on PostgreSQL', () => {
  it('gives the pg_dump advice and no backup button', async () => {
    const f = await openConsoleFixture();
    try {
      const { context, page } = await f.signIn('admin');
      await page.goto(`${f.url}/#/backups`);
      await page.waitForSelector('#backup-list');
      expect(await page.textContent('#backup-list')).toContain('pg_dump');
      expect(await page.locator('#backup-now').count()).toBe(0);
      await context.close();
    } finally {
      await f.close();
    }
  });
});

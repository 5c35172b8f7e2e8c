/**
 * `minsheng --help` loads only what registering the commands needs: each command imports the
 * store (Prisma, PGlite, pg), the queue (BullMQ, ioredis), the classifier (jieba), the crawl engine,
 * the web server and the spreadsheet writer when it runs (bench/cli-startup.ts has the figures).
 * On the embedded default, `minsheng start` and a command on the embedded store load none of the
 * production-only libraries (BullMQ, ioredis, bull-board, the PostgreSQL driver): only REDIS_URL or
 * DATABASE_URL loads them.
 * The process is the real command, as staff run it: the modules it loaded are those a loader hook
 * saw resolved (ES modules) and those in its require cache at exit (CommonJS modules that CommonJS
 * modules required, which no loader hook sees), as in crawl-engine-parts.test.ts.
 */
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../workflow/index.js';
import { createModuleLog, fromPackage, type ModuleLog } from './helpers/module-log.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let log: ModuleLog;

beforeAll(async () => {
  log = await createModuleLog('cli-modules');
});
afterAll(async () => {
  await log.close();
});

/** The modules `minsheng <args>` loaded, and what it printed. */
async function modulesLoadedBy(args: string[], name: string, dataDir = log.dir): Promise<{ modules: string[]; stdout: string }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', log.importFlag, 'bin/minsheng.js', ...args], {
    cwd: root,
    env: { ...process.env, ...log.env(name), MINSHENG_DATA_DIR: dataDir },
  });
  return { modules: await log.read(name), stdout };
}

/**
 * The modules `minsheng start` loaded on the embedded default (PGlite, in-process queue, the demo
 * mailbox), once its console answers and it has shut down on SIGTERM (the require cache is written
 * at exit). Ports 0: any free port.
 */
async function modulesLoadedByMainJob(name: string): Promise<string[]> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...log.env(name), MINSHENG_DATA_DIR: path.join(log.dir, name), PORT: '0', MINSHENG_DEMO_PORT: '0' };
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', log.importFlag, 'bin/minsheng.js', 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b: Buffer) => void (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = Date.now();
  while (!output.includes('控制台：')) {
    if (child.exitCode !== null || Date.now() - started > 120_000) throw new Error(`主程序未能启动：\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  return log.read(name);
}

/** Production-only libraries: the queue on Redis, its dashboard, and the PostgreSQL driver (42-48 MiB together, bench/main-job-memory.ts). */
const productionPackages = ['bullmq', 'ioredis', '@bull-board/api', '@bull-board/fastify', '@bull-board/ui', 'pg', 'pg-pool', '@prisma/adapter-pg'];
const noneOf = (modules: string[], packages: string[]) => expect(Object.fromEntries(packages.map((pkg) => [pkg, fromPackage(modules, pkg)]))).toEqual(Object.fromEntries(packages.map((pkg) => [pkg, []])));

/** What registering the commands must not load: each takes from a tenth of a second to seconds. */
const heavyPackages = ['@prisma/client', '@electric-sql/pglite', 'pg', 'pglite-prisma-adapter', 'bullmq', 'ioredis', 'crawlee', '@crawlee/core', 'playwright', 'playwright-core', 'exceljs', 'fastify', '@node-rs/jieba', 'cheerio', 'pino-pretty'];

describe('minsheng start-up', () => {
  it('lists every command without loading the store, the queue, the classifier, the crawl engine or the web server', async () => {
    const { modules, stdout } = await modulesLoadedBy(['--help'], 'help');
    expect(stdout).toContain('cases');
    // The log saw the process's modules (commander lists the commands; zod checks the configuration).
    expect(fromPackage(modules, 'commander').length).toBeGreaterThan(0);
    expect(fromPackage(modules, 'zod').length).toBeGreaterThan(0);
    expect(Object.fromEntries(heavyPackages.map((pkg) => [pkg, fromPackage(modules, pkg)]))).toEqual(Object.fromEntries(heavyPackages.map((pkg) => [pkg, []])));
    expect(modules.filter((m) => m.includes('/prisma/generated/'))).toEqual([]);
  });

  it('loads the classifier when a command needs it', async () => {
    const { modules } = await modulesLoadedBy(['evaluate', '--help'], 'evaluate-help');
    expect(fromPackage(modules, '@node-rs/jieba')).toEqual([]);
    const input = path.join(log.dir, 'in.jsonl');
    await writeFile(input, `${JSON.stringify({ id: '1', title: '咨询医保缴费时间', content: '请问今年城乡居民医保什么时候开始缴费？' })}\n`);
    const classify = await modulesLoadedBy(['classify', '--input', input, '--output', path.join(log.dir, 'out.jsonl')], 'classify');
    expect(fromPackage(classify.modules, '@node-rs/jieba').length).toBeGreaterThan(0);
    expect(fromPackage(classify.modules, '@prisma/client')).toEqual([]);
  });

  it('a command on the embedded store loads neither the Redis queue nor the PostgreSQL driver', async () => {
    // An embedded store, created beforehand (as on every day after the first).
    const dataDir = path.join(log.dir, 'cases-list');
    await (await openStore({ dataDir })).close();
    const { modules, stdout } = await modulesLoadedBy(['cases', 'list', '--json', '--limit', '1'], 'cases-list', dataDir);
    expect(JSON.parse(stdout)).toBeDefined();
    // It did open the embedded store.
    expect(fromPackage(modules, '@electric-sql/pglite').length).toBeGreaterThan(0);
    noneOf(modules, productionPackages);
  }, 120_000);

  it('the main job on the embedded default loads neither the Redis queue, its dashboard nor the PostgreSQL driver', async () => {
    const modules = await modulesLoadedByMainJob('start');
    expect(fromPackage(modules, '@electric-sql/pglite').length).toBeGreaterThan(0);
    expect(fromPackage(modules, 'fastify').length).toBeGreaterThan(0);
    noneOf(modules, productionPackages);
  }, 180_000);
});

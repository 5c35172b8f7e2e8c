/**
 * `minsheng --help` loads only what registering the commands needs: each command imports the
 * store (Prisma, PGlite, pg), the queue (BullMQ, ioredis), the classifier (jieba), the crawl engine,
 * the web server and the spreadsheet writer when it runs (bench/cli-startup.ts has the figures).
 * The process is the real command, as staff run it: the modules it loaded are those a loader hook
 * saw resolved (ES modules) and those in its require cache at exit (CommonJS modules that CommonJS
 * modules required, which no loader hook sees), as in crawl-engine-parts.test.ts.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
async function modulesLoadedBy(args: string[], name: string): Promise<{ modules: string[]; stdout: string }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', log.importFlag, 'bin/minsheng.js', ...args], {
    cwd: root,
    env: { ...process.env, ...log.env(name), MINSHENG_DATA_DIR: log.dir },
  });
  return { modules: await log.read(name), stdout };
}

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
});

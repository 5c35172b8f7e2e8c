/**
 * The crawl engine loads Playwright only for sources that need a browser: the demo mailbox and
 * every HTTP source run on Crawlee's HTTP crawler alone, and the whole `crawlee` package and
 * Playwright (some 90 MB of the main job's resident memory, bench/main-job-memory.ts) stay unloaded.
 * Each case is a real child process, as `minsheng start` runs: the modules it loaded are those a
 * loader hook saw resolved (ES modules) and those in its require cache (CommonJS modules that
 * CommonJS modules required, which no loader hook sees).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModuleLog, fromPackage, type ModuleLog } from './helpers/module-log.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let log: ModuleLog;

beforeAll(async () => {
  log = await createModuleLog('crawl-parts');
});
afterAll(async () => {
  await log.close();
});

/** The modules a process loads when it loads the crawl engine for the sources of `sourceFile`. */
async function modulesLoadedFor(sourceFile: string, name: string): Promise<string[]> {
  const script = `
const { loadCrawlEngine, loadSourceFile } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'crawlers/index.ts')).href)});
await loadCrawlEngine(await loadSourceFile(${JSON.stringify(sourceFile)}, { vars: { base: 'http://127.0.0.1:9' } }));
`;
  await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', log.importFlag, '--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, ...log.env(name) },
  });
  return log.read(name);
}

describe('crawl engine parts', () => {
  it('loads neither Playwright nor the whole crawlee package for HTTP sources (the demo mailbox)', async () => {
    const urls = await modulesLoadedFor(path.join(root, 'crawlers/sources/demo.yaml'), 'demo');
    expect(fromPackage(urls, '@crawlee/cheerio').length).toBeGreaterThan(0);
    expect(fromPackage(urls, 'playwright')).toEqual([]);
    expect(fromPackage(urls, 'playwright-core')).toEqual([]);
    expect(fromPackage(urls, 'crawlee')).toEqual([]);
  }, 60_000);

  it('loads the browser part at start when a source has a "load more" list', async () => {
    const urls = await modulesLoadedFor(path.join(root, 'crawlers/sources/examples/load-more.yaml'), 'load-more');
    expect(fromPackage(urls, 'playwright').length).toBeGreaterThan(0);
    expect(fromPackage(urls, '@crawlee/playwright').length).toBeGreaterThan(0);
  }, 60_000);
});

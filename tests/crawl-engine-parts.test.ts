/**
 * The crawl engine loads Playwright only for sources that need a browser: the demo mailbox and
 * every HTTP source run on Crawlee's HTTP crawler alone, and the whole `crawlee` package and
 * Playwright (some 90 MB of the main job's resident memory, bench/main-job-memory.ts) stay unloaded.
 * Each case is a real child process, as `minsheng start` runs: the modules it loaded are those a
 * loader hook saw resolved (ES modules) and those in its require cache (CommonJS modules that
 * CommonJS modules required, which no loader hook sees).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-crawl-parts-'));
  // Runs on the loader thread: every resolved module's URL, one a line.
  await writeFile(
    path.join(dir, 'hooks.mjs'),
    `import fs from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  fs.appendFileSync(process.env.MODULE_LOG, result.url + '\\n');
  return result;
}`,
  );
  await writeFile(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The modules a process resolves when it loads the crawl engine for the sources of `sourceFile`. */
async function modulesLoadedFor(sourceFile: string, name: string): Promise<string[]> {
  const log = path.join(dir, `${name}.log`);
  const script = `
const { loadCrawlEngine, loadSourceFile } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'crawlers/index.ts')).href)});
await loadCrawlEngine(await loadSourceFile(${JSON.stringify(sourceFile)}, { vars: { base: 'http://127.0.0.1:9' } }));
const { createRequire } = await import('node:module');
console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));
`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(path.join(dir, 'register.mjs')).href, '--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, MODULE_LOG: log },
  });
  const required = JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
  return [...(await readFile(log, 'utf8')).split('\n').filter(Boolean), ...required];
}

const fromPackage = (urls: string[], pkg: string) => urls.filter((u) => u.includes(`/node_modules/${pkg}/`));

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

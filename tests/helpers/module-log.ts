/**
 * Which modules a child process loads, for tests that a part of the program stays unloaded (the
 * browser for HTTP sources, the store for `minsheng --help`). Pass `importFlag` to the child's
 * `node --import`: a loader hook writes every ES module it resolves to MODULE_LOG, and at exit the
 * process writes its require cache there too (CommonJS modules that CommonJS modules required,
 * which no loader hook sees). Read the log with `read(name)`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ModuleLog {
  /** A temporary folder for the test's own files too; removed by `close`. */
  dir: string;
  /** The value of `node --import` that records the modules. */
  importFlag: string;
  /** The environment that sends the child's records to the log `name`. */
  env(name: string): { MODULE_LOG: string };
  /** Every module the child of log `name` loaded, as file URLs or paths. */
  read(name: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function createModuleLog(prefix: string): Promise<ModuleLog> {
  const dir = await mkdtemp(path.join(tmpdir(), `minsheng-${prefix}-`));
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
  // On the main thread: the require cache, written when the process exits.
  await writeFile(
    path.join(dir, 'register.mjs'),
    `import fs from 'node:fs';
import { createRequire, register } from 'node:module';
register(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => fs.appendFileSync(process.env.MODULE_LOG, Object.keys(cache).join('\\n') + '\\n'));
`,
  );
  const logFile = (name: string) => path.join(dir, `${name}.log`);
  return {
    dir,
    importFlag: pathToFileURL(path.join(dir, 'register.mjs')).href,
    env: (name) => ({ MODULE_LOG: logFile(name) }),
    read: async (name) => (await readFile(logFile(name), 'utf8')).split('\n').filter(Boolean),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The modules of one package among those loaded. */
export const fromPackage = (modules: string[], pkg: string): string[] => modules.filter((m) => m.includes(`/node_modules/${pkg}/`));

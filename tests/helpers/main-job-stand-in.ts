/**
 * The main job as a command sees it: a web server over the test's store answering the local token,
 * named by the run file of a data folder. A `minsheng` process started with that folder (and no
 * DATABASE_URL) finds the run file and goes through the server's API, as it does while a real
 * main job holds the embedded store. Used by the commands that act through the main job
 * (`cases archive`, `cases propose`).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { newLocalToken, writeRunFile } from '../../cli/app/run-file.js';
import { silentLogger } from '../../core/index.js';
import { createWebServer } from '../../web/index.js';
import type { Store } from '../../workflow/index.js';

export interface MainJobStandIn {
  /** The server's address (http://127.0.0.1:port). */
  url: string;
  /** The local token it answers (x-minsheng-local-token). */
  token: string;
  /** `minsheng <args>` in a process of its own, as staff run it next to the main job. */
  minsheng(args: string[]): Promise<{ code: number | null; out: string; err: string }>;
  /** A POST to the command-line route `/api/cli/<route>` with the local token, as a command sends it. */
  postAsCommand(route: string, body: object): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `minsheng <args>` in a process of its own with the data folder `dataDir`, as staff run it next to
 * the main job: no DATABASE_URL or REDIS_URL, so it finds the main job by the folder's run file.
 */
export function runMinsheng(dataDir: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, MINSHENG_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['bin/minsheng.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => void (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (err += b.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

/** Serves `store` and writes the run file into `<parentDir>/data`. */
export async function startMainJobStandIn(store: Store, parentDir: string): Promise<MainJobStandIn> {
  const token = newLocalToken();
  const app = await createWebServer({ store, logger: silentLogger, localToken: token });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const dataDir = path.join(parentDir, 'data');
  await writeRunFile(dataDir, { pid: process.pid, url, token, startedAt: new Date().toISOString() });
  return {
    url,
    token,
    minsheng: (args) => runMinsheng(dataDir, args),
    postAsCommand: (route, body) =>
      fetch(`${url}/api/cli/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-minsheng-local-token': token }, body: JSON.stringify(body) }),
    close: () => app.close(),
  };
}

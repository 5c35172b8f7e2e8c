/**
 * Plumbing of the pipeline fault suites (tests/pipeline-*.test.ts): a private Redis that can be
 * restarted, a TCP proxy that can cut PostgreSQL off, worker child processes, a source file
 * pointed at a look-alike site, and the exactly-once check every suite ends with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { expect } from 'vitest';
import { Redis } from 'ioredis';
import { loadClassifier, type Classifier } from '../classifier/index.js';
import type { SourceDefinition } from '../crawlers/index.js';
import { writeSiteSourceFile } from './helpers/source-files.js';
import type { RunningSite } from '../sites/index.js';
import type { Store } from '../workflow/index.js';

export const repoDir = path.resolve(import.meta.dirname, '..');

let classifier: Promise<Classifier> | undefined;
/** The committed classifier, loaded once per test file. */
export function sharedClassifier(): Promise<Classifier> {
  return (classifier ??= loadClassifier());
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A redis-server of our own (no persistence), so restarting it disturbs no other test. */
export interface OwnRedis {
  url: string;
  port: number;
  /** SIGKILL: the data is gone, as after a crash of a Redis without persistence. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor('redis to answer', async () => {
      const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    }, 10_000, 50);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, kill, start, stop: kill };
}

/** A TCP proxy to a local port that can cut every connection and refuse new ones, then restore. */
export interface TcpProxy {
  port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore() {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A source file watching the site (the demo mailbox's definition, `paged-html` shape). */
export function sourceFileFor(site: RunningSite, options: { id?: string; every?: string } = {}): Promise<{ file: string; sources: SourceDefinition[]; cleanup: () => Promise<void> }> {
  return writeSiteSourceFile([site], options);
}

/** A `minsheng worker` child process. */
export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

export async function spawnWorker(env: Record<string, string>, args: string[] = []): Promise<WorkerProcess> {
  let output = '';
  const child = spawn(process.execPath, [path.join(repoDir, 'bin/minsheng.js'), 'worker', ...args], {
    cwd: repoDir,
    env: { LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => void (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (output += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  await Promise.race([
    waitFor('the worker to start', async () => output.includes('工作进程已启动'), 60_000, 100),
    exited.then((code) => {
      throw new Error(`worker exited early (${code}): ${output}`);
    }),
  ]);
  return { child, output: () => output, exited };
}

/**
 * The check every fault suite ends with: the store holds exactly the expected messages (per
 * source, each once), each has its case (but the `unregistered` ones), and every case exists once:
 * created once, its first message pointing back to it, every other message of it linked once as a
 * duplicate (de-duplication may rightly join similar letters), exact copies never in two cases.
 */
export async function expectExactlyOnce(store: Store, expected: Record<string, string[]>, options: { unregistered?: string[] } = {}): Promise<void> {
  const rows = await store.db.message.findMany({ select: { id: true, sourceId: true, siteId: true, caseId: true, contentHash: true, duplicateOfId: true } });
  const actual: Record<string, string[]> = {};
  for (const r of rows) (actual[r.sourceId] ??= []).push(r.siteId);
  for (const ids of Object.values(actual)) ids.sort();
  expect(actual).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, [...v].sort()])));
  expect(rows.filter((r) => r.caseId === null).map((r) => r.siteId).sort()).toEqual([...(options.unregistered ?? [])].sort());
  const byId = new Map(rows.map((r) => [r.id, r]));
  const cases = await store.db.case.findMany({ select: { id: true, ledgerNo: true, primaryMessageId: true } });
  expect(new Set(cases.map((c) => c.ledgerNo)).size).toBe(cases.length);
  expect(new Set(cases.map((c) => c.primaryMessageId)).size).toBe(cases.length);
  for (const c of cases) expect(byId.get(c.primaryMessageId)?.caseId).toBe(c.id);
  expect(await store.db.event.count({ where: { type: 'case_created' } })).toBe(cases.length);
  const registered = rows.filter((r) => r.caseId !== null);
  const primaries = new Set(cases.map((c) => c.primaryMessageId));
  const linked = registered.filter((r) => !primaries.has(r.id));
  expect(linked.filter((r) => r.duplicateOfId === null)).toEqual([]);
  expect(await store.db.event.count({ where: { type: 'duplicate_linked' } })).toBe(linked.length);
  const caseOfText = new Map<string, Set<string>>();
  for (const r of registered) (caseOfText.get(r.contentHash) ?? caseOfText.set(r.contentHash, new Set()).get(r.contentHash)!).add(r.caseId!);
  expect([...caseOfText.values()].filter((set) => set.size > 1)).toEqual([]);
}

/**
 * The embedded store's PGlite, opened so that a committed transaction is on the disk when the
 * commit returns, as it is with PostgreSQL.
 *
 * PGlite 0.5 starts its PostgreSQL with `-F` (fsync off), and its Node file layer (Emscripten's
 * NODEFS) has no fsync: PostgreSQL's fsync calls returned without touching the disk. A killed
 * process lost nothing (the operating system still held the writes), but a power cut or an
 * operating-system crash lost what Linux had not yet written back (up to about 30 s of work) and
 * could leave the store damaged, since data pages could reach the disk before the WAL that
 * describes them. Here:
 * - `-F` is dropped from PGlite's own start parameters, so PostgreSQL flushes the WAL at each
 *   commit and the data files at each checkpoint;
 * - the WAL is flushed with fsync (`wal_sync_method = fsync`): Emscripten's fdatasync does nothing;
 * - NODEFS's streams get an fsync that calls fsync(2) on the real file (or folder).
 * The price is one fsync per commit (bench/store-durability.ts measures it).
 */
import fs from 'node:fs';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * The PostgreSQL extensions the embedded store loads when it opens: pg_trgm, whose indexes serve
 * the ledger's text search (migration 20261205000000_ledger_search_trigram). PGlite can only load
 * an extension given when the instance is created, and a store holding those indexes cannot even
 * insert a case without it: every PGlite over a minsheng store is opened with these.
 */
export const pgliteExtensions = { pg_trgm };

/** What Emscripten hands a stream operation: the real file descriptor NODEFS opened. */
interface NodefsStream {
  nfd: number;
  node: { mode: number };
}
interface EmscriptenModule {
  NODEFS: { stream_ops: Record<string, unknown>; tryFSOperation<T>(f: () => T): T };
  FS: { isDir(mode: number): boolean };
}

/**
 * Errors of a folder's fsync that mean "this system cannot flush folders" (Windows refuses to,
 * some file systems say EINVAL). PostgreSQL ignores such errors for folders itself (fsync_fname);
 * reported to it here as EPERM or EACCES they would stop it (PANIC) at its first checkpoint.
 */
const folderCannotSync = new Set(['EPERM', 'EACCES', 'EINVAL', 'EBADF', 'EISDIR']);

/** fsync(2) of the file behind one of NODEFS's streams; a folder that cannot be flushed is passed over. */
function syncStream(mod: EmscriptenModule, stream: NodefsStream): void {
  mod.NODEFS.tryFSOperation(() => {
    try {
      fs.fsyncSync(stream.nfd);
    } catch (error) {
      if (mod.FS.isDir(stream.node.mode) && folderCannotSync.has((error as NodeJS.ErrnoException).code ?? '')) return;
      throw error;
    }
  });
}

/** NODEFS with a real fsync. The stream operations are shared by every file of the mount. */
class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, options: Parameters<NodeFS['init']>[1]): ReturnType<NodeFS['init']> {
    const result = await super.init(pg, options);
    const preRun = result.emscriptenOpts.preRun ?? [];
    result.emscriptenOpts.preRun = [
      ...preRun,
      (mod: EmscriptenModule) => {
        // tryFSOperation turns a Node error (EIO, ENOSPC) into the errno PostgreSQL reads; a failed
        // fsync then stops PostgreSQL (PANIC), as it does on a server, rather than losing a write silently.
        mod.NODEFS.stream_ops.fsync = (stream: NodefsStream) => syncStream(mod, stream);
      },
    ];
    return result;
  }
}

/**
 * The embedded store's shared buffers (PostgreSQL's page cache inside PGlite's WebAssembly memory).
 * PostgreSQL's default, 128MB, is what PGlite starts with, and PGlite touches all of it at start:
 * about 120 MB of the main job's resident memory, for a cache that the operating system's own
 * file cache backs anyway (NODEFS reads the store's files through it). 32MB holds the pages a
 * district's daily console work reads (bench/main-job-memory.ts measures both: memory and the
 * ledger's queries, same run).
 */
export const embeddedSharedBuffers = '32MB';

/** PGlite's own start parameters (`PGlite.defaultStartParams`), with the store's memory settings; `durable`: without fsync off. */
function startParams(durable: boolean, sharedBuffers: string): string[] {
  const defaults = (PGlite as unknown as { defaultStartParams?: unknown }).defaultStartParams;
  if (!Array.isArray(defaults) || !defaults.every((p) => typeof p === 'string')) {
    // A PGlite whose start-up this code does not know: refuse rather than run without flushing.
    throw new Error('所用 PGlite 版本不提供默认启动参数（PGlite.defaultStartParams），无法以写盘同步方式打开内置数据库');
  }
  const memory = ['-c', `shared_buffers=${sharedBuffers}`];
  if (!durable) return [...defaults, ...memory];
  return [...defaults.filter((p) => p !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync', ...memory];
}

export interface EmbeddedClientOptions {
  /** A backup to unpack into the (empty) folder first (backup.ts's restore check). */
  loadDataDir?: Blob;
  /**
   * Flush each commit to the disk. Only the benchmark turns it off, to measure what it costs.
   * @default true
   */
  durable?: boolean;
  /**
   * PostgreSQL's shared_buffers. Only the benchmark sets it, to compare with PostgreSQL's 128MB.
   * @default embeddedSharedBuffers
   */
  sharedBuffers?: string;
}

/** A PGlite over the store folder `dir` (created by PGlite when missing; its parent must exist). */
export function openEmbeddedClient(dir: string, options: EmbeddedClientOptions = {}): PGlite {
  const common: PGliteOptions = { extensions: pgliteExtensions, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) };
  const sharedBuffers = options.sharedBuffers ?? embeddedSharedBuffers;
  if (options.durable === false) return new PGlite(dir, { ...common, startParams: startParams(false, sharedBuffers) });
  return new PGlite({ ...common, fs: new DurableNodeFS(dir), startParams: startParams(true, sharedBuffers) });
}

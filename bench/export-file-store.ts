/**
 * What keeping a finished console export in the store costs (workflow/exports/export-files.ts):
 * copying a file of `--mb` MiB into ExportFileChunk and streaming it back, on PostgreSQL and on the
 * embedded PGlite, against copying the same file from disk to disk (the baseline, same run: the
 * ratio shows the store's cost over the folder the exports used before).
 *   NODE_OPTIONS=--expose-gc npx tsx bench/export-file-store.ts [--mb 20]
 * Needs PostgreSQL on 127.0.0.1 (the tests' `test` database; a fresh schema, dropped after).
 * Memory: peak RSS growth while storing and reading (garbage included, so it varies with the
 * collector), and with --expose-gc the heap and buffers still held after a collection once each step
 * is done, which must not grow with the file's size.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../workflow/index.js';
import { finishExportJob, readStoredExportFile, startExportJob, storeExportFile } from '../workflow/exports/index.js';
import type { Actor } from '../workflow/users/index.js';

const args = process.argv.slice(2);
const mbIndex = args.indexOf('--mb');
const mb = mbIndex >= 0 ? Number(args[mbIndex + 1]) : 20;
const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-bench-export-file-'));
const file = path.join(dir, 'export.csv');
// Incompressible bytes, as the store would see an XLSX (a zip).
await writeFile(file, randomBytes(mb * 1024 * 1024));

const gc = (globalThis as { gc?: () => void }).gc;
const held = () => {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

const seconds = async (work: () => Promise<unknown>) => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

async function measure(kind: string, store: Store): Promise<void> {
  const user = await store.db.user.create({ data: { username: `bench-${Date.now()}`, displayName: '基准', passwordHash: 'x', role: 'egov_centre' } });
  const actor: Actor = { userId: user.id, username: user.username, role: 'egov_centre' };
  const baseline = await seconds(() => copyFile(file, path.join(dir, 'copy.csv')));
  const job = await startExportJob(store.db, { actor, format: 'csv', filter: {}, masked: false, total: 0, fileName: 'bench.csv', dir });
  const heldBefore = held();
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  const stored = await seconds(() => storeExportFile(store.db, job.id, file, (tx, fileSize) => finishExportJob(tx, job.id, { rows: 0, total: 0, logId: 'bench', fileSize })));
  const storePeak = peakRss - rssBefore;
  peakRss = process.memoryUsage().rss;
  const readBefore = peakRss;
  let bytes = 0;
  const read = await seconds(async () => {
    for await (const piece of readStoredExportFile(store.db, job.id, mb * 1024 * 1024)) bytes += (piece as Buffer).byteLength;
  });
  const readPeak = peakRss - readBefore;
  const heldAfter = held() - heldBefore;
  if (bytes !== mb * 1024 * 1024) throw new Error(`read ${bytes} bytes, expected ${mb * 1024 * 1024}`);
  const rate = (s: number) => `${(mb / s).toFixed(0)} MiB/s`;
  process.stdout.write(
    `${kind.padEnd(10)} store ${stored.toFixed(2)} s (${rate(stored)}, ${(stored / baseline).toFixed(1)}x the disk copy), ` +
      `read back ${read.toFixed(2)} s (${rate(read)}, ${(read / baseline).toFixed(1)}x); disk copy ${baseline.toFixed(3)} s; ` +
      `RSS growth storing ${(storePeak / 2 ** 20).toFixed(0)} MiB, reading ${(readPeak / 2 ** 20).toFixed(0)} MiB` +
      (gc ? `; held after both, collected: ${(heldAfter / 2 ** 20).toFixed(1)} MiB` : '') +
      '\n',
  );
}

process.stderr.write(`文件 ${mb} MiB\n`);
try {
  const schema = `bench_export_file_${Date.now().toString(36)}`;
  const postgres = await openStore({ databaseUrl: 'postgresql://postgres@127.0.0.1:5432/test', schema, poolSize: 2 });
  try {
    await measure('PostgreSQL', postgres);
  } finally {
    await postgres.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await postgres.close();
  }
  const pglite = await openStore({ dataDir: path.join(dir, 'pglite') });
  try {
    await measure('PGlite', pglite);
  } finally {
    await pglite.close();
  }
} finally {
  clearInterval(sampler);
  await rm(dir, { recursive: true, force: true });
}

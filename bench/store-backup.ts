/**
 * What backing up the embedded store costs (workflow/store/backup.ts): a store of `--cases` real-sized
 * cases (registered through the ledger, as the pipeline does), backed up with `takeBackup`, against
 * the baseline of copying the same data folder file by file (`fs.cp`, same run: the ratio is the
 * dump's cost over a plain copy of a stopped store), then restored into another folder.
 * Also the pause a backup imposes on the running store: the longest wait of a query among queries
 * sent one after another while the backup runs (PGlite is one process: the dump runs between statements).
 *   npx tsx bench/store-backup.ts [--cases 2000]
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureSource, openStore, recordMessage, registerMessage, restoreEmbeddedStore, takeBackup } from '../workflow/index.js';

const args = process.argv.slice(2);
const casesIndex = args.indexOf('--cases');
const caseCount = casesIndex >= 0 ? Number(args[casesIndex + 1]) : 2000;
const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-bench-backup-'));
const dataDir = path.join(dir, 'data');

const seconds = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const start = process.hrtime.bigint();
  const value = await work();
  return [Number(process.hrtime.bigint() - start) / 1e9, value];
};

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

const store = await openStore({ dataDir });
try {
  await ensureSource(store.db, { id: 'bench', name: '印台区区长信箱', channel: 'district_mailbox' });
  const body = '我家住在城关街道某小区，楼下的路灯已经坏了一个多月，晚上出行很不方便，老人孩子容易摔倒，多次向物业反映没有结果，请有关部门尽快派人维修。';
  process.stderr.write(`正在建立 ${caseCount} 件案件的内置数据库…\n`);
  for (let i = 0; i < caseCount; i += 1) {
    const { messageId } = await recordMessage(store.db, { sourceId: 'bench', channel: 'district_mailbox', siteId: `b${i}`, title: `路灯不亮 ${i} ${randomBytes(3).toString('hex')}`, content: `${body}（第 ${i} 号楼，编号 ${randomBytes(6).toString('hex')}）`, fetchedAt: new Date().toISOString() });
    await registerMessage(store.db, { messageId, classification: { category: '投诉', confidence: 0.9, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: null } } });
    if ((i + 1) % 500 === 0) process.stderr.write(`  ${i + 1} / ${caseCount}\n`);
  }
  // The pause: queries one after another while the backup runs; the longest answer is the pause.
  const backupStarted = process.hrtime.bigint();
  let done = false;
  const backupPromise = takeBackup(store, path.join(dir, 'backups')).finally(() => (done = true));
  let waited = 0;
  let queries = 0;
  while (!done) {
    const [t] = await seconds(() => store.db.case.count());
    waited = Math.max(waited, t);
    queries += 1;
    // As requests arrive (macrotasks): an embedded query answers in microtasks alone, so a tight
    // loop of them would starve the backup's file writes and never let it finish.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const backup = await backupPromise;
  const backupSeconds = Number(process.hrtime.bigint() - backupStarted) / 1e9;
  await store.close();

  const dataBytes = await folderBytes(path.join(dataDir, 'pglite'));
  const [copySeconds] = await seconds(() => cp(path.join(dataDir, 'pglite'), path.join(dir, 'copy'), { recursive: true }));
  const [restoreSeconds, restored] = await seconds(() => restoreEmbeddedStore(backup.file, path.join(dir, 'restored')));
  const mib = (b: number) => (b / 1_048_576).toFixed(1);
  console.log(`cases ${caseCount}, store folder ${mib(dataBytes)} MiB, backup file ${mib(backup.bytes)} MiB (gzip)`);
  console.log('| step | seconds | ratio to copying the folder |');
  console.log('|---|---|---|');
  console.log(`| copy of the stopped store's folder (baseline) | ${copySeconds.toFixed(2)} | 1.00 |`);
  console.log(`| backup of the running store (checkpoint, dump, gzip, write) | ${backupSeconds.toFixed(2)} | ${(backupSeconds / copySeconds).toFixed(2)} |`);
  console.log(`| restore (check gzip and tar, unpack, open, count) | ${restoreSeconds.toFixed(2)} | ${(restoreSeconds / copySeconds).toFixed(2)} |`);
  console.log(`longest wait of ${queries} queries sent during the backup: ${waited.toFixed(2)} s; restored ${restored.cases} cases, ${restored.messages} messages`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

/**
 * What flushing each commit to the disk costs the embedded store (workflow/store/durable-pglite.ts):
 * letters recorded and registered through the ledger, as the pipeline does, on a store that calls
 * fsync(2) at each commit against the same on a store that does not (the baseline: PGlite as it
 * ships, fsync off), in rounds that alternate the two so that the machine's load falls on both.
 * Prints milliseconds per letter, fsync calls per letter and the ratio durable / baseline.
 *   npx tsx bench/store-durability.ts [--letters 300] [--rounds 3]
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureSource, openStore, recordMessage, registerMessage } from '../workflow/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const letters = option('--letters', 300);
const rounds = option('--rounds', 3);

// Counts fsync(2) calls (the durable store's file layer calls fs.fsyncSync).
let fsyncs = 0;
const realFsync = fs.fsyncSync;
fs.fsyncSync = (fd: number) => {
  fsyncs += 1;
  realFsync(fd);
};

const body = '我家住在城关街道某小区，楼下的路灯已经坏了一个多月，晚上出行很不方便，老人孩子容易摔倒，多次向物业反映没有结果，请有关部门尽快派人维修。';
const suggestion = { category: '投诉', confidence: 0.9, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: null } };

/** Milliseconds and fsync calls per letter on a new store. */
async function run(durable: boolean): Promise<{ ms: number; fsyncs: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-bench-durable-'));
  try {
    const store = await openStore({ dataDir: dir, durable });
    try {
      await ensureSource(store.db, { id: 'bench', name: '印台区区长信箱', channel: 'district_mailbox' });
      fsyncs = 0;
      const start = process.hrtime.bigint();
      for (let i = 0; i < letters; i += 1) {
        const { messageId } = await recordMessage(store.db, { sourceId: 'bench', channel: 'district_mailbox', siteId: `b${i}`, title: `路灯不亮 ${i}`, content: `${body}（第 ${i} 号楼，编号 ${randomBytes(6).toString('hex')}）`, fetchedAt: new Date().toISOString() });
        await registerMessage(store.db, { messageId, classification: suggestion });
      }
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      return { ms: ms / letters, fsyncs: fsyncs / letters };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

process.stderr.write(`每轮 ${letters} 封留言，共 ${rounds} 轮，交替测量…\n`);
const rows: { round: number; plain: number; durable: number; fsyncs: number }[] = [];
for (let round = 1; round <= rounds; round += 1) {
  const plain = await run(false);
  const durable = await run(true);
  rows.push({ round, plain: plain.ms, durable: durable.ms, fsyncs: durable.fsyncs });
  process.stderr.write(`  第 ${round} 轮完成\n`);
}
console.log('| round | fsync off (ms/letter) | fsync on (ms/letter) | fsync calls/letter | ratio on/off |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.round} | ${r.plain.toFixed(2)} | ${r.durable.toFixed(2)} | ${r.fsyncs.toFixed(1)} | ${(r.durable / r.plain).toFixed(2)} |`);
const ratios = rows.map((r) => r.durable / r.plain).sort((a, b) => a - b);
console.log(`median ratio ${ratios[Math.floor(ratios.length / 2)]?.toFixed(2)} (load ${(await import('node:os')).loadavg()[0]?.toFixed(1)})`);

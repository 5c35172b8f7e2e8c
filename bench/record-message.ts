/**
 * What recording a crawled letter costs with an all-digit site id against any other id
 * (workflow/intake/record-message.ts): an all-digit id takes the letter's advisory lock
 * (pg_advisory_xact_lock) in each record, and a letter new to the store one more indexed lookup
 * over its zero-paddings (letter-by-site-id.ts); an id such as `m123` takes neither. Each round
 * records `letters` new letters with all-digit ids and as many with non-digit ids through the real
 * recordMessage, then records each of them again (a re-crawl: the seen-again path), on a fresh
 * PostgreSQL schema and on a fresh embedded PGlite store (as shipped: fsync on each commit); the
 * order digit / non-digit alternates from round to round, so the machine's load falls on both
 * (after a warm-up of 100 letters, not measured).
 *
 *   npx tsx bench/record-message.ts [--letters 2000] [--rounds 2] [--stores postgres,pglite]
 *
 * Prints, per store and round, milliseconds per record for new letters and for letters seen again,
 * digit and non-digit, and the ratio digit / non-digit (the lock's and the padding lookup's cost,
 * measured within one run), then the median ratio over the rounds.
 * Needs PostgreSQL (DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test); its schema is
 * dropped after, the PGlite folder removed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/index.js';
import { ensureSource, openStore, recordMessage, type Store } from '../workflow/index.js';

const { values: args } = parseArgs({ options: { letters: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '2' }, stores: { type: 'string', default: 'postgres,pglite' } } });
const letters = Number(args.letters);
const rounds = Number(args.rounds);
const storeKinds = args.stores.split(',') as ('postgres' | 'pglite')[];
const databaseUrl = loadConfig().databaseUrl ?? 'postgresql://postgres@127.0.0.1:5432/test';
const say = (text: string) => process.stderr.write(`${text}\n`);
const body = '我家住在城关街道某小区，楼下的路灯已经坏了一个多月，晚上出行很不方便，老人孩子容易摔倒，多次向物业反映没有结果，请有关部门尽快派人维修。';

/** A fresh store of that kind, and how to remove it. */
async function freshStore(kind: 'postgres' | 'pglite'): Promise<{ store: Store; remove(): Promise<void> }> {
  if (kind === 'postgres') {
    const schema = `bench_record_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const store = await openStore({ databaseUrl, schema, poolSize: 4 });
    return {
      store,
      async remove() {
        await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await store.close();
      },
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-bench-record-'));
  const store = await openStore({ dataDir: dir });
  return {
    store,
    async remove() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Milliseconds per record of `ids`, one after the other, as new letters and then seen again. */
async function recordAll(store: Store, ids: string[]): Promise<{ fresh: number; again: number }> {
  const crawled = ids.map((siteId, i) => ({ sourceId: 'bench', channel: 'district_mailbox' as const, siteId, url: `http://127.0.0.1/letters/${siteId}`, title: `路灯不亮 ${siteId}`, content: `${body}（第 ${i} 号楼）`, fetchedAt: new Date().toISOString() }));
  let start = performance.now();
  for (const letter of crawled) await recordMessage(store.db, letter);
  const fresh = (performance.now() - start) / ids.length;
  start = performance.now();
  for (const letter of crawled) await recordMessage(store.db, { ...letter, fetchedAt: new Date().toISOString() });
  const again = (performance.now() - start) / ids.length;
  return { fresh, again };
}

const fmt = (n: number) => n.toFixed(2);
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
};
say(`每轮每种编号 ${letters} 封留言（新留言一遍、再次采集一遍），共 ${rounds} 轮，数字编号与非数字编号交替先后`);
const lines: string[] = [];
for (const kind of storeKinds) {
  const ratios: { fresh: number[]; again: number[] } = { fresh: [], again: [] };
  for (let round = 0; round < rounds; round++) {
    const { store, remove } = await freshStore(kind);
    try {
      await ensureSource(store.db, { id: 'bench', name: '印台区区长信箱', channel: 'district_mailbox' });
      const digitIds = Array.from({ length: letters }, (_, i) => String(100_000 + i));
      const otherIds = digitIds.map((id) => `m${id}`);
      // Warm-up (the first queries of a store compile and cache their plans): both kinds, not measured.
      await recordAll(store, Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? String(900_000 + i) : `w${i}`)));
      const load = loadavg()[0]!;
      const digitFirst = round % 2 === 0;
      const first = await recordAll(store, digitFirst ? digitIds : otherIds);
      const second = await recordAll(store, digitFirst ? otherIds : digitIds);
      const digit = digitFirst ? first : second;
      const other = digitFirst ? second : first;
      ratios.fresh.push(digit.fresh / other.fresh);
      ratios.again.push(digit.again / other.again);
      const line = `${kind} round ${round + 1} (load ${load.toFixed(1)}, ${digitFirst ? 'digit first' : 'non-digit first'}): new ${fmt(digit.fresh)} vs ${fmt(other.fresh)} ms = ${fmt(digit.fresh / other.fresh)}x; seen again ${fmt(digit.again)} vs ${fmt(other.again)} ms = ${fmt(digit.again / other.again)}x`;
      say(`- ${line}`);
      lines.push(line);
    } finally {
      await remove();
    }
  }
  lines.push(`${kind}: median digit / non-digit over ${rounds} rounds: new ${fmt(median(ratios.fresh))}x, seen again ${fmt(median(ratios.again))}x`);
}
process.stdout.write(`\nrecordMessage, ms per record, all-digit id vs non-digit id (${letters} letters each, per round)\n${lines.join('\n')}\n`);

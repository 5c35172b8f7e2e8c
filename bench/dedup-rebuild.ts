/**
 * How long a process takes to load the de-duplication index from the store at start
 * (StoreDedup.catchUp: every registered message's fingerprint and text, replayed in order), against
 * the floor of reading the same rows from PostgreSQL without building anything, at two store sizes.
 *   npx tsx bench/dedup-rebuild.ts [--sizes 10000,40000] [--older-rows] [--old-fingerprints]
 * --older-rows: messages registered before the index's decision was kept (Message.indexDecided
 * false), which the load decides again (and writes back: each size's load starts from rows with none kept).
 * --old-fingerprints: every message as the release before a fingerprint change left it (stored
 * `v` = FINGERPRINT_VERSION - 1, no decision kept): the first start after the upgrade recomputes,
 * decides and writes back each one; a second start (a fresh process on the same store) replays what
 * was written. Prints both and their ratio.
 * Memory per message is bench/dedup-scale.ts's figure (the same index).
 * Messages: real ones from ../shared/data, varied (another message's title appended to the body) so
 * that no two are the same text. Needs PostgreSQL on 127.0.0.1 (a fresh schema, dropped at the end).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fingerprint, FINGERPRINT_VERSION } from '../dedup/index.js';
import { loadRows } from '../dedup/eval/data.js';
import { openTestPostgresStore } from '../tests/helpers/services.js';
import { contentHashOf, ensureSource, StoreDedup } from '../workflow/index.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,40000' }, 'older-rows': { type: 'boolean', default: false }, 'old-fingerprints': { type: 'boolean', default: false } } });
const sizes = values.sizes!.split(',').map(Number).sort((a, b) => a - b);

const real = [...loadRows('jiamusi'), ...loadRows('dalian'), ...loadRows('beijing')];
const store = await openTestPostgresStore();
const db = store.db;
await ensureSource(db, { id: 'bench-src', name: '基准测试来源', channel: 'district_mailbox' });

let stored = 0;
/** Adds registered messages (with fingerprints and dedupSeq, as registration leaves them) up to `total`. */
async function fillTo(total: number): Promise<void> {
  while (stored < total) {
    const batch = [];
    for (let k = 0; k < 1000 && stored < total; k++, stored++) {
      const row = real[stored % real.length]!;
      const other = real[(stored * 7919 + 13) % real.length]!;
      const text = { title: row.title, content: `${row.content}${other.title}（${stored}）` };
      batch.push({
        id: randomUUID(),
        sourceId: 'bench-src',
        siteId: `b${stored}`,
        channel: 'district_mailbox' as const,
        title: text.title,
        content: text.content,
        contentHash: contentHashOf(text),
        fingerprint: fingerprint(text) as object,
        dedupSeq: BigInt(stored + 1),
        // The index's decision kept at registration (replayed); --older-rows: none kept, decided again.
        indexDecided: !values['older-rows'],
      });
    }
    await db.message.createMany({ data: batch });
    process.stderr.write(`\r写入留言 ${stored}/${total}`);
  }
  process.stderr.write('\n');
}

/** The floor: the same rows, in the same batches, read and parsed but not indexed. */
async function readOnly(): Promise<number> {
  let last = 0n;
  let n = 0;
  for (;;) {
    const rows = await db.message.findMany({
      where: { dedupSeq: { gt: last } },
      orderBy: { dedupSeq: 'asc' },
      take: 2000,
      select: { id: true, dedupSeq: true, fingerprint: true, title: true, content: true, sourceId: true, firstSeenAt: true, postedAt: true, duplicateOfId: true },
    });
    n += rows.length;
    last = rows.at(-1)?.dedupSeq ?? last;
    if (rows.length < 2000) return n;
  }
}

/** Every stored message as the release before the fingerprint change left it (undoes a write-back). */
async function toOlderRelease(): Promise<void> {
  await db.$executeRaw`UPDATE "Message" SET "fingerprint" = jsonb_set("fingerprint", '{v}', to_jsonb(${FINGERPRINT_VERSION - 1}::int)), "indexDecided" = false, "indexMatchId" = null`;
}

/** One process's start-up load: seconds, messages loaded, messages written back, index size. */
async function load(size: number): Promise<{ ms: number; loaded: number; rewritten: number; indexed: number }> {
  const dedup = new StoreDedup();
  let rewritten = 0;
  const t = performance.now();
  const loaded = await dedup.catchUp(db, (n, written) => {
    rewritten = written;
    process.stderr.write(`\r载入查重索引 ${n}/${size}`);
  });
  const ms = performance.now() - t;
  process.stderr.write('\n');
  return { ms, loaded, rewritten, indexed: dedup.size };
}

const lines: string[] = [];
const upgrade: string[] = [];
try {
  for (const size of sizes) {
    await fillTo(size);
    let t = performance.now();
    await readOnly();
    const readMs = performance.now() - t;
    if (values['old-fingerprints']) {
      await toOlderRelease();
      const first = await load(size);
      const second = await load(size);
      upgrade.push(
        `| ${size.toLocaleString('en')} | ${(first.ms / 1000).toFixed(1)} | ${first.rewritten} | ${(second.ms / 1000).toFixed(1)} | ${second.rewritten} | ${(first.ms / second.ms).toFixed(2)} | ${(readMs / 1000).toFixed(1)} |`,
      );
      continue;
    }
    // A load writes back the decisions it made: undone, so that each size measures the same work.
    if (values['older-rows']) await db.message.updateMany({ data: { indexDecided: false, indexMatchId: null } });
    const dedup = new StoreDedup();
    t = performance.now();
    const loaded = await dedup.catchUp(db, (n) => process.stderr.write(`\r载入查重索引 ${n}/${size}`));
    const loadMs = performance.now() - t;
    process.stderr.write('\n');
    lines.push(
      `| ${size.toLocaleString('en')} | ${(loadMs / 1000).toFixed(1)} | ${((loadMs / loaded) * 1000).toFixed(0)} | ${(readMs / 1000).toFixed(1)} | ${(loadMs / readMs).toFixed(2)} | ${dedup.size} |`,
    );
  }
} finally {
  await store.close();
}
process.stdout.write(
  values['old-fingerprints']
    ? ['| 留言数 | 升级后首次启动 s | 写回 | 第二次启动 s | 写回 | 首次/第二次 | 仅读取同样的行 s |', '|---|---|---|---|---|---|---|', ...upgrade].join('\n') + '\n'
    : ['| 留言数 | 载入查重索引 s | 每条 µs | 仅读取同样的行 s | 载入/读取 | 索引中的留言 |', '|---|---|---|---|---|---|', ...lines].join('\n') + '\n',
);

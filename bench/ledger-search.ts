/**
 * The ledger's text search and its count at district scale: does a search read the whole Case
 * table? The ledger query itself (workflow's listCases, and the count it makes, through
 * `ledgerWhere`) is timed on a store filled with `--sizes` cases, without the trigram index on
 * Case.searchText (Case.title and Case.ledgerNo before migration 20261210000000_ledger_search_fold;
 * bench/ledger-search-fold.ts compares the two) and with it, in the same run: the indexes the migrations made are
 * read from the store, dropped while the cases are written, then built again from their own
 * definitions; a copy of the cases with every other index of Case and no trigram index is kept
 * beside it, and each query's calls alternate between the two (the copy is renamed "Case" for its
 * turn), so that the two sides differ by the trigram indexes alone and a burst of load from other
 * jobs falls on both. On a store without them (the code before the migration) only the table as
 * it is is timed: the baseline.
 *
 * The cases are written by SQL (a real title from ../shared/data/messages, varied with one of the
 * district's towns; 144 cases a day, the newest 300 awaiting review, the next 2,700 in hand, the
 * rest archived), since registering 300,000 through the pipeline would take hours and the ledger's
 * query reads only the rows.
 *
 * Statistics: PostgreSQL's autovacuum analyses a table after bulk writes, so the bench runs
 * ANALYZE there; the embedded store has no autovacuum and minsheng never analyses it, so PGlite is
 * timed without statistics, as a user's store is (`--analyze` to give it some).
 *   npx tsx bench/ledger-search.ts [--store postgres|pglite] [--sizes 20000,100000,300000] [--runs 7]
 *     [--database-url URL] [--analyze]
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldForSearch } from '../core/search-fold.js';
import { chinaDate } from '../workflow/calendar/work-calendar.js';
import { ledgerWhere, listCases, type CaseFilter } from '../workflow/cases/index.js';
import { openStore, type Store } from '../workflow/index.js';
import type { Actor } from '../workflow/users/index.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const kind = arg('store', 'postgres');
const sizes = arg('sizes', '20000,100000,300000').split(',').map(Number);
const runs = Number(arg('runs', '7'));
const databaseUrl = arg('database-url', process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test');
const analyze = kind === 'postgres' || args.includes('--analyze');

const egov: Actor = { userId: 'u-egov', username: 'egov', role: 'egov_centre' };
const towns = ['城关街道', '陈炉镇', '王石凹街道', '印台街道', '三里洞街道', '红土镇', '广阳镇', '金锁关镇', '阿庄镇'];

interface Query {
  name: string;
  filter: CaseFilter;
  /** Time the count alone (the ledger's 共 N 件), not the whole page. */
  countOnly?: boolean;
}

/** The ledger number of case n of the fill (see fill()). */
let sampleLedgerNo = '';
const queries = (): Query[] => [
  { name: '搜索 4 字 噪音扰民 (0.3% of real titles)', filter: { q: '噪音扰民' } },
  { name: '搜索 3 字 公积金 (0.8%)', filter: { q: '公积金' } },
  { name: '搜索 无结果 地铁站台阶', filter: { q: '地铁站台阶' } },
  { name: `搜索 台账编号 ${sampleLedgerNo.toLowerCase()}`, filter: { q: sampleLedgerNo.toLowerCase() } },
  { name: '搜索 2 字 小区 (6%)', filter: { q: '小区' } },
  { name: '搜索 + 状态 噪音扰民, archived', filter: { q: '噪音扰民', state: 'archived' } },
  { name: '搜索 + 状态 噪音扰民, assigned', filter: { q: '噪音扰民', state: 'assigned' } },
  { name: '计数 噪音扰民 (count alone)', filter: { q: '噪音扰民' }, countOnly: true },
  { name: '计数 台账首页 no filter (count alone)', filter: {}, countOnly: true },
  { name: '台账首页 no filter (page)', filter: {} },
];

async function realTitles(): Promise<string[]> {
  const dir = fileURLToPath(new URL('../../shared/data/messages/', import.meta.url));
  const titles = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const title = (JSON.parse(line) as { title?: unknown }).title;
      if (typeof title === 'string' && title.trim()) titles.add(title.trim());
    }
  }
  return [...titles];
}

async function openBenchStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  if (kind === 'postgres') {
    const schema = `bench_ledger_search_${process.pid}`;
    const store = await openStore({ databaseUrl, schema });
    return {
      store,
      cleanup: async () => {
        await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await store.close();
      },
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-bench-ledger-search-'));
  const store = await openStore({ dataDir: dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Cases `from`..`to` (1-based; case 1 the newest), as described in the file comment. */
async function fill(store: Store, from: number, to: number, titleCount: number): Promise<void> {
  for (let start = from; start <= to; start += 50_000) {
    const end = Math.min(to, start + 49_999);
    await store.sql.query(
      `INSERT INTO "Case" (id, "ledgerNo", title, channel, "primaryMessageId", category, "categoryConfirmed", state, "unitId", "assignedAt", "dueDate", "archivedAt", "archiveCategory", "archiveVolume", "createdAt", "updatedAt")
       SELECT 'bench-' || g, 'YT-' || to_char(at, 'YYYY') || '-' || lpad(g::text, greatest(6, length(g::text)), '0'),
              CASE g % 3 WHEN 0 THEN town || t.title WHEN 1 THEN t.title ELSE t.title || '（' || town || '）' END,
              'district_mailbox', 'bench-m-' || g, cat, g > 300,
              CASE WHEN g <= 300 THEN 'awaiting_review' WHEN g <= 3000 THEN 'assigned' ELSE 'archived' END,
              NULL, CASE WHEN g > 300 THEN at END, CASE WHEN g > 300 THEN to_char(at + interval '3 days', 'YYYY-MM-DD') END,
              CASE WHEN g > 3000 THEN at + interval '10 days' END, CASE WHEN g > 3000 THEN cat END,
              CASE WHEN g > 3000 THEN to_char(at, 'YYYY') || '-' || cat END, at, at
       FROM (SELECT g, timestamp '2026-11-29 08:00' - g * interval '10 minutes' AS at,
                    ($3::text[])[1 + g % 9] AS town, ($4::text[])[1 + g % 5] AS cat
             FROM generate_series($1::int, $2::int) AS g) s
       JOIN bench_title t ON t.i = (s.g::bigint * 7919) % $5`,
      [start, end, towns, ['投诉', '咨询', '建议', '求助', '其他'], titleCount],
    );
  }
}

interface TrigramIndex {
  name: string;
  definition: string;
}

async function trigramIndexes(store: Store): Promise<TrigramIndex[]> {
  const rows = await store.sql.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'Case' AND indexdef ILIKE '%gin_trgm_ops%' ORDER BY indexname`,
  );
  return rows.map((r) => ({ name: r.indexname, definition: r.indexdef }));
}

const timed = async (work: () => Promise<unknown>): Promise<number> => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One call of the ledger query as staff make it: the whole page (listCases) or its count alone. */
async function call(store: Store, query: Query): Promise<number> {
  if (query.countOnly) return store.db.case.count({ where: ledgerWhere(egov, query.filter, chinaDate(new Date())) });
  return (await listCases(store.db, { actor: egov, filter: query.filter })).total;
}

type Side = 'with' | 'without';
/** Which copy of the cases is named "Case" now: the one with the trigram indexes, or the copy without them. */
let current: Side = 'with';
async function use(store: Store, side: Side): Promise<void> {
  if (side === current) return;
  await store.sql.exec('ALTER TABLE "Case" RENAME TO bench_case_swap; ALTER TABLE bench_case_other RENAME TO "Case"; ALTER TABLE bench_case_swap RENAME TO bench_case_other');
  current = side;
}

/**
 * Median time of each side, their calls alternating (with, without, without, with, …) after one
 * warm-up each, so that a burst of load from other jobs on the machine falls on both sides.
 */
async function measure(store: Store, query: Query, sides: Side[]): Promise<Map<Side, { ms: number; total: number }>> {
  const samples = new Map<Side, number[]>(sides.map((side) => [side, []]));
  const totals = new Map<Side, number>();
  for (let r = -1; r < runs; r += 1) {
    for (const side of r % 2 === 0 ? sides : [...sides].reverse()) {
      await use(store, side);
      let total = 0;
      const ms = await timed(async () => {
        total = await call(store, query);
      });
      if (r >= 0) samples.get(side)!.push(ms);
      totals.set(side, total);
    }
  }
  return new Map(sides.map((side) => [side, { ms: median(samples.get(side)!), total: totals.get(side)! }]));
}

const writeBlock = 50;
const writeBlocks = 6;
let written = 0;

/**
 * Time per case row written one statement at a time (as registration writes a case), in blocks of
 * `writeBlock` alternating between the sides; the rows are deleted afterwards so both sides keep
 * the same cases. Median of the blocks, per row.
 */
async function timeWrites(store: Store, sides: Side[], titleCount: number): Promise<Map<Side, number>> {
  const perRow = new Map<Side, number[]>(sides.map((side) => [side, []]));
  for (let r = 0; r < writeBlocks; r += 1) {
    for (const side of r % 2 === 0 ? sides : [...sides].reverse()) {
      await use(store, side);
      const ms = await timed(async () => {
        for (let i = 0; i < writeBlock; i += 1) {
          written += 1;
          await fill(store, 10_000_000 + written, 10_000_000 + written, titleCount);
        }
      });
      perRow.get(side)!.push(ms / writeBlock);
    }
  }
  for (const side of sides) {
    await use(store, side);
    // The written rows are archived ones (see fill), which the store's trigger keeps: lifted for the bench's own rows.
    await store.sql.exec(`ALTER TABLE "Case" DISABLE TRIGGER USER; DELETE FROM "Case" WHERE length("primaryMessageId") >= 16; ALTER TABLE "Case" ENABLE TRIGGER USER`);
  }
  return new Map(sides.map((side) => [side, median(perRow.get(side)!)]));
}

/** The plan of the ledger's search, to say whether the index was used (one line). */
async function searchPlan(store: Store, q: string): Promise<string> {
  const rows = await store.sql.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT count(*) FROM "Case" WHERE "searchText" LIKE $1`,
    [`%${foldForSearch(q)}%`],
  );
  const plan = rows.map((r) => r['QUERY PLAN']).join(' ');
  return /Bitmap Index Scan on "?Case_searchText/.test(plan) ? 'trigram index' : /Seq Scan/.test(plan) ? 'whole table' : 'other';
}

const titles = await realTitles();
const { store, cleanup } = await openBenchStore();
try {
  const indexes = await trigramIndexes(store);
  console.log(
    `store ${kind}${analyze ? ' (ANALYZE after each fill)' : ' (no statistics, as a user\'s embedded store)'}; ${titles.length} distinct real titles; median of ${runs} calls per query and side after one warm-up, ms`,
  );
  console.log(indexes.length ? `trigram indexes: ${indexes.map((i) => i.name).join(', ')}` : 'no trigram index in this store: baseline only');
  await store.sql.exec('CREATE TABLE bench_title (i int PRIMARY KEY, title text NOT NULL)'); // in the bench's own schema or store, dropped with it
  for (let i = 0; i < titles.length; i += 1000) {
    const chunk = titles.slice(i, i + 1000);
    await store.sql.query(`INSERT INTO bench_title SELECT i - 1 + $1, t FROM unnest($2::text[]) WITH ORDINALITY AS u(t, i)`, [i, chunk]);
  }
  let filled = 0;
  const sides: Side[] = indexes.length ? ['with', 'without'] : ['without'];
  if (!indexes.length) current = 'without';
  for (const size of sizes) {
    // The cases are added to the indexed table (the trigram indexes dropped, to time building them),
    // then copied to a table with every other index of Case and no trigram index.
    await use(store, sides[0]!);
    await store.sql.exec('DROP TABLE IF EXISTS bench_case_other');
    for (const index of indexes) await store.sql.exec(`DROP INDEX IF EXISTS "${index.name}"`);
    const fillMs = await timed(() => fill(store, filled + 1, size, titles.length));
    filled = size;
    const [sample] = await store.sql.query<{ ledgerNo: string }>(`SELECT "ledgerNo" FROM "Case" WHERE id = 'bench-12345'`);
    sampleLedgerNo = sample?.ledgerNo ?? 'YT-2026-012345';
    const [table] = await store.sql.query<{ mb: number }>(`SELECT round(pg_total_relation_size('"Case"') / 1048576.0)::int AS mb`);
    console.log(`\n${size} cases (filled in ${(fillMs / 1000).toFixed(1)} s; Case with its other indexes ${table?.mb} MiB)`);
    if (indexes.length) {
      await store.sql.exec('CREATE TABLE bench_case_other (LIKE "Case" INCLUDING ALL); INSERT INTO bench_case_other SELECT * FROM "Case"');
      const buildMs = await timed(async () => {
        for (const index of indexes) await store.sql.exec(index.definition);
      });
      const sizesMb = await store.sql.query<{ name: string; mb: number }>(
        `SELECT relname AS name, round(pg_relation_size(oid) / 1048576.0, 1)::float AS mb FROM pg_class WHERE relname = ANY($1) AND relnamespace = current_schema()::regnamespace ORDER BY 1`,
        [indexes.map((i) => i.name)],
      );
      console.log(`trigram indexes built in ${(buildMs / 1000).toFixed(1)} s (${sizesMb.map((s) => `${s.name} ${s.mb} MiB`).join(', ')})`);
    }
    if (analyze) await store.sql.exec(`ANALYZE "Case"${indexes.length ? '; ANALYZE bench_case_other' : ''}`);
    const plans = new Map<Side, string>();
    for (const side of sides) {
      await use(store, side);
      plans.set(side, `${await searchPlan(store, '噪音扰民')} / ${await searchPlan(store, '小区')}`);
    }
    console.log(`plan of the search 噪音扰民 / 小区: ${sides.map((side) => `${side} index: ${plans.get(side)}`).join('; ')}`);
    console.log(indexes.length ? '| query | cases found | without index | with index | ratio (without / with) |' : '| query | cases found | ms |');
    console.log(indexes.length ? '|---|---|---|---|---|' : '|---|---|---|');
    for (const query of queries()) {
      const m = await measure(store, query, sides);
      const b = m.get('without')!;
      const a = m.get('with');
      if (a && a.total !== b.total) throw new Error(`${query.name}: ${b.total} cases without the index, ${a.total} with it`);
      console.log(a ? `| ${query.name} | ${b.total} | ${b.ms.toFixed(1)} | ${a.ms.toFixed(1)} | ${(b.ms / a.ms).toFixed(2)} |` : `| ${query.name} | ${b.total} | ${b.ms.toFixed(1)} |`);
    }
    const writes = await timeWrites(store, sides, titles.length);
    const wb = writes.get('without')!;
    const wa = writes.get('with');
    console.log(
      wa
        ? `| 写入 one case row per statement (ms per row; what the indexes cost a registration) | ${writeBlocks * writeBlock} per side | ${wb.toFixed(2)} | ${wa.toFixed(2)} | ${(wb / wa).toFixed(2)} |`
        : `| 写入 one case row per statement (ms per row) | ${writeBlocks * writeBlock} | ${wb.toFixed(2)} |`,
    );
  }
} finally {
  await cleanup();
}

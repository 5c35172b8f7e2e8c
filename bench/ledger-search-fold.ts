/**
 * The ledger search with folding (full/half width, traditional/simplified, Latin case; migration
 * 20261210000000_ledger_search_fold) against the search before it, on two stores filled alike:
 * "before" has every migration but that one and is searched with the rule it had (ledger number in
 * capitals, title, message text and writer as written, trigram indexes on those columns); "after"
 * is the store as this release migrates it, searched by `ledgerWhere` (the folded columns and
 * their indexes). Each query's calls alternate between the two, so a burst of load from other jobs
 * falls on both; the ratio is after / before (1 = as fast). The fill is timed too: writing the
 * rows computes the folded columns in the database, which is what each registration pays.
 *
 * The stores are filled by SQL with `--sizes` cases, one message each (a real title and text from
 * ../shared/data/messages, one letter in 20 in traditional characters, a writer's name from a small
 * list), since registering them through the pipeline would take long and the search reads only the rows.
 *   npx tsx bench/ledger-search-fold.ts [--store pglite|postgres] [--sizes 5000,20000] [--runs 7]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js/cn2t';
import type { Prisma } from '../prisma/generated/client.js';
import { chinaDate } from '../workflow/calendar/work-calendar.js';
import { ledgerWhere } from '../workflow/cases/index.js';
import { applyMigrations, openStore, readMigrations, type Store } from '../workflow/index.js';
import type { Actor } from '../workflow/users/index.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const kind = arg('store', 'pglite');
const sizes = arg('sizes', '5000,20000').split(',').map(Number);
const runs = Number(arg('runs', '7'));
const databaseUrl = arg('database-url', process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test');
const egov: Actor = { userId: 'u-egov', username: 'egov', role: 'egov_centre' };
const writers = ['王先生', '李女士', '张建华', '刘伟', '陈静', '匿名', '网友', '赵丽', '孙建国', '周敏'];

const searches = [
  { name: '标题中的词 噪音扰民', q: '噪音扰民' },
  { name: '正文中的词 物业费', q: '物业费' },
  { name: '留言人 孙建国', q: '孙建国' },
  { name: '无结果 地铁站台阶', q: '地铁站台阶' },
  { name: '两个词 小区 供暖', q: '小区 供暖' },
  { name: '台账编号 yt-2026-0001', q: 'yt-2026-0001' },
];

async function realMessages(): Promise<{ title: string; content: string }[]> {
  const dir = fileURLToPath(new URL('../../shared/data/messages/', import.meta.url));
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const out: { title: string; content: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { title?: unknown; content?: unknown };
      if (typeof row.title !== 'string' || typeof row.content !== 'string' || !row.title.trim()) continue;
      const traditional = out.length % 20 === 7;
      out.push(traditional ? { title: toTraditional(row.title.trim()), content: toTraditional(row.content) } : { title: row.title.trim(), content: row.content });
    }
  }
  return out;
}

type Side = 'before' | 'after';

async function openSide(side: Side): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  const migrations = await readMigrations();
  const wanted = side === 'after' ? migrations : migrations.filter((m) => !m.name.endsWith('_ledger_search_fold'));
  if (kind === 'postgres') {
    const schema = `bench_fold_${side}_${process.pid}`;
    const store = await openStore({ databaseUrl, schema, migrate: false });
    await applyMigrations(store.sql, wanted);
    return { store, cleanup: async () => (await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`), await store.close()) };
  }
  const dir = await mkdtemp(path.join(tmpdir(), `minsheng-bench-fold-${side}-`));
  const store = await openStore({ dataDir: dir, migrate: false });
  await applyMigrations(store.sql, wanted);
  return { store, cleanup: async () => (await store.close(), await rm(dir, { recursive: true, force: true })) };
}

async function prepare(store: Store, texts: { title: string; content: string }[]): Promise<void> {
  await store.sql.exec(`CREATE TABLE bench_text (i int PRIMARY KEY, title text, content text); CREATE TABLE bench_writer (i int PRIMARY KEY, name text)`);
  for (let i = 0; i < texts.length; i += 500) {
    const chunk = texts.slice(i, i + 500);
    await store.sql.query(`INSERT INTO bench_text SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`, [chunk.map((_, j) => i + j), chunk.map((t) => t.title), chunk.map((t) => t.content)]);
  }
  await store.sql.query(`INSERT INTO bench_writer SELECT * FROM unnest($1::int[], $2::text[])`, [writers.map((_, i) => i), writers]);
  await store.sql.exec(`INSERT INTO "Source" (id, name, channel, definition, "updatedAt") VALUES ('bench-src', '区长信箱', 'district_mailbox', '{}', now())`);
}

/** Cases (and their one message) `from`..`to`, case 1 the newest. */
async function fill(store: Store, from: number, to: number, count: number): Promise<void> {
  for (let start = from; start <= to; start += 5_000) {
    const end = Math.min(to, start + 4_999);
    const rows = `SELECT g, timestamp '2026-11-29 08:00' - g * interval '10 minutes' AS at FROM generate_series(${start}, ${end}) AS g`;
    await store.sql.exec(
      `INSERT INTO "Case" (id, "ledgerNo", title, channel, "primaryMessageId", category, state, "createdAt", "updatedAt")
       SELECT 'bench-' || g, 'YT-' || to_char(at, 'YYYY') || '-' || lpad(g::text, 6, '0'), t.title, 'district_mailbox', 'bench-m-' || g, '投诉', 'assigned', at, at
       FROM (${rows}) s JOIN bench_text t ON t.i = (s.g::bigint * 7919) % ${count};
       INSERT INTO "Message" (id, "sourceId", "siteId", channel, title, content, author, "contentHash", "caseId", "firstSeenAt", "lastSeenAt")
       SELECT 'bench-m-' || g, 'bench-src', g::text, 'district_mailbox', t.title, t.content, w.name, md5(g::text), 'bench-' || g, at, at
       FROM (${rows}) s JOIN bench_text t ON t.i = (s.g::bigint * 7919) % ${count} JOIN bench_writer w ON w.i = s.g % ${writers.length}`,
    );
  }
}

/** The search before the folding: each word in the ledger number in capitals, or as written in the title or a message's text or writer. */
function unfoldedWhere(q: string, today: string): Prisma.CaseWhereInput {
  const words = q.split(/[\s\u3000]+/u).filter(Boolean);
  return {
    AND: [
      ledgerWhere(egov, {}, today),
      ...words.map((w) => ({ OR: [{ ledgerNo: { contains: w.toUpperCase() } }, { title: { contains: w } }, { messages: { some: { OR: [{ content: { contains: w } }, { author: { contains: w } }] } } }] })),
    ],
  };
}

/** The ledger's page as listCases reads it: the count and the first 50 rows, newest first. */
async function page(store: Store, where: Prisma.CaseWhereInput): Promise<number> {
  const [total] = await Promise.all([store.db.case.count({ where }), store.db.case.findMany({ where, orderBy: { createdAt: 'desc' }, take: 50, select: { id: true, title: true } })]);
  return total;
}

const timed = async (work: () => Promise<unknown>) => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const texts = await realMessages();
const stores = { before: await openSide('before'), after: await openSide('after') };
try {
  for (const side of ['before', 'after'] as const) await prepare(stores[side].store, texts);
  const today = chinaDate(new Date());
  let filled = 0;
  process.stdout.write(`${kind}; ${texts.length} real letters, 1 in 20 in traditional characters\n\n`);
  process.stdout.write(`| 案件数 | 查询 | 找到（之前 / 之后） | 之前 (ms) | 折叠后 (ms) | 之后 / 之前 |\n|---|---|---|---|---|---|\n`);
  for (const size of sizes) {
    const fillMs = { before: 0, after: 0 };
    for (const side of ['before', 'after'] as const) {
      process.stderr.write(`正在写入 ${size} 件（${side}）……\n`);
      fillMs[side] = await timed(() => fill(stores[side].store, filled + 1, size, texts.length));
      if (kind === 'postgres') await stores[side].store.sql.exec('ANALYZE "Case"; ANALYZE "Message"');
    }
    const added = size - filled;
    filled = size;
    process.stdout.write(`| ${size} | 写入 ${added} 件及其留言（ms/件） | | ${(fillMs.before / added).toFixed(3)} | ${(fillMs.after / added).toFixed(3)} | ${(fillMs.after / fillMs.before).toFixed(2)} |\n`);
    for (const s of searches) {
      const samples = { before: [] as number[], after: [] as number[] };
      const found = { before: 0, after: 0 };
      for (let r = -1; r < runs; r++) {
        for (const side of r % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const)) {
          const where = side === 'before' ? unfoldedWhere(s.q, today) : ledgerWhere(egov, { q: s.q }, today);
          const ms = await timed(async () => (found[side] = await page(stores[side].store, where)));
          if (r >= 0) samples[side].push(ms);
        }
      }
      const before = median(samples.before);
      const after = median(samples.after);
      process.stdout.write(`| ${size} | ${s.name} | ${found.before} / ${found.after} | ${before.toFixed(1)} | ${after.toFixed(1)} | ${(after / before).toFixed(2)} |\n`);
    }
  }
} finally {
  for (const side of ['before', 'after'] as const) await stores[side].cleanup();
}

/**
 * The ledger's search since it also reads the messages' text and writers' names (a citizen who
 * calls is found by their name, phone number or a phrase of their letter), against the search it
 * replaced (ledger number and title only), in the same run on the same store: each query's calls
 * alternate between the two rules, so a burst of load from other jobs falls on both. The ledger's
 * first page without a search is timed beside them for scale.
 *
 * The store is filled by SQL with `--sizes` cases, one message each (a real title and text from
 * ../shared/data/messages, a writer's name from a small list), 144 cases a day: registering them
 * through the pipeline would take hours, and the ledger's query reads only the rows.
 *   npx tsx bench/ledger-content-search.ts [--store postgres|pglite] [--sizes 20000,100000] [--runs 7]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Prisma } from '../prisma/generated/client.js';
import { chinaDate } from '../workflow/calendar/work-calendar.js';
import { ledgerWhere, type CaseFilter } from '../workflow/cases/index.js';
import { openStore, type Store } from '../workflow/index.js';
import type { Actor } from '../workflow/users/index.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const kind = arg('store', 'postgres');
const sizes = arg('sizes', '20000,100000').split(',').map(Number);
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
];

async function realMessages(): Promise<{ title: string; content: string }[]> {
  const dir = fileURLToPath(new URL('../../shared/data/messages/', import.meta.url));
  const out: { title: string; content: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { title?: unknown; content?: unknown };
      if (typeof row.title === 'string' && typeof row.content === 'string' && row.title.trim()) out.push({ title: row.title.trim(), content: row.content });
    }
  }
  return out;
}

async function openBenchStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  if (kind === 'postgres') {
    const schema = `bench_content_search_${process.pid}`;
    const store = await openStore({ databaseUrl, schema });
    return { store, cleanup: async () => (await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`), await store.close()) };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-bench-content-search-'));
  const store = await openStore({ dataDir: dir });
  return { store, cleanup: async () => (await store.close(), await rm(dir, { recursive: true, force: true })) };
}

/** Cases (and their one message) `from`..`to`, case 1 the newest. */
async function fill(store: Store, from: number, to: number, count: number): Promise<void> {
  for (let start = from; start <= to; start += 20_000) {
    const end = Math.min(to, start + 19_999);
    const rows = `SELECT g, timestamp '2026-11-29 08:00' - g * interval '10 minutes' AS at FROM generate_series(${start}, ${end}) AS g`;
    await store.sql.exec(
      `INSERT INTO "Case" (id, "ledgerNo", title, channel, "primaryMessageId", category, state, "createdAt", "updatedAt")
       SELECT 'bench-' || g, 'YT-' || to_char(at, 'YYYY') || '-' || lpad(g::text, 7, '0'), t.title, 'district_mailbox', 'bench-m-' || g, '投诉',
              CASE WHEN g <= 300 THEN 'awaiting_review' WHEN g <= 3000 THEN 'assigned' ELSE 'archived' END, at, at
       FROM (${rows}) s JOIN bench_text t ON t.i = (s.g::bigint * 7919) % ${count};
       INSERT INTO "Message" (id, "sourceId", "siteId", channel, title, content, author, "contentHash", "caseId", "firstSeenAt", "lastSeenAt")
       SELECT 'bench-m-' || g, 'bench-src', g::text, 'district_mailbox', t.title, t.content, w.name, md5(g::text), 'bench-' || g, at, at
       FROM (${rows}) s JOIN bench_text t ON t.i = (s.g::bigint * 7919) % ${count} JOIN bench_writer w ON w.i = s.g % ${writers.length}`,
    );
  }
}

const timed = async (work: () => Promise<unknown>) => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The search before: each word in the ledger number or the title only. */
function titleOnlyWhere(filter: CaseFilter, today: string): Prisma.CaseWhereInput {
  const words = (filter.q ?? '').split(/[\s\u3000]+/u).filter(Boolean);
  return { AND: [ledgerWhere(egov, { ...filter, q: undefined }, today), ...words.map((w) => ({ OR: [{ ledgerNo: { contains: w.toUpperCase() } }, { title: { contains: w } }] }))] };
}

/** The ledger's page as listCases reads it: the count and the first 50 rows, newest first. */
async function page(store: Store, where: Prisma.CaseWhereInput): Promise<number> {
  const [total] = await Promise.all([store.db.case.count({ where }), store.db.case.findMany({ where, orderBy: { createdAt: 'desc' }, take: 50, select: { id: true, title: true } })]);
  return total;
}

const { store, cleanup } = await openBenchStore();
try {
  const texts = await realMessages();
  await store.sql.exec(`CREATE TABLE bench_text (i int PRIMARY KEY, title text, content text); CREATE TABLE bench_writer (i int PRIMARY KEY, name text)`);
  for (let i = 0; i < texts.length; i += 500) {
    const chunk = texts.slice(i, i + 500);
    await store.sql.query(`INSERT INTO bench_text SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`, [chunk.map((_, j) => i + j), chunk.map((t) => t.title), chunk.map((t) => t.content)]);
  }
  await store.sql.query(`INSERT INTO bench_writer SELECT * FROM unnest($1::int[], $2::text[])`, [writers.map((_, i) => i), writers]);
  await store.sql.exec(`INSERT INTO "Source" (id, name, channel, definition, "updatedAt") VALUES ('bench-src', '区长信箱', 'district_mailbox', '{}', now())`);
  const today = chinaDate(new Date());
  let filled = 0;
  process.stdout.write(`| 案件数 | 查询 | 找到 | 仅标题 (ms) | 含正文与留言人 (ms) | 倍数 |\n|---|---|---|---|---|---|\n`);
  for (const size of sizes) {
    process.stderr.write(`正在写入 ${size} 件……\n`);
    await fill(store, filled + 1, size, texts.length);
    filled = size;
    if (kind === 'postgres') await store.sql.exec('ANALYZE "Case"; ANALYZE "Message"');
    const first = await (async () => {
      const samples: number[] = [];
      for (let r = 0; r < runs; r++) samples.push(await timed(() => page(store, ledgerWhere(egov, {}, today))));
      return median(samples);
    })();
    process.stdout.write(`| ${size} | 台账首页（无搜索） | ${size} | ${first.toFixed(1)} | | |\n`);
    for (const s of searches) {
      const samples = { before: [] as number[], after: [] as number[] };
      let found = 0;
      for (let r = -1; r < runs; r++) {
        for (const side of r % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const)) {
          const where = side === 'before' ? titleOnlyWhere({ q: s.q }, today) : ledgerWhere(egov, { q: s.q }, today);
          const ms = await timed(async () => {
            const total = await page(store, where);
            if (side === 'after') found = total;
          });
          if (r >= 0) samples[side].push(ms);
        }
      }
      const before = median(samples.before);
      const after = median(samples.after);
      process.stdout.write(`| ${size} | ${s.name} | ${found} | ${before.toFixed(1)} | ${after.toFixed(1)} | ${(after / before).toFixed(2)} |\n`);
    }
  }
} finally {
  if (!args.includes('--keep')) await cleanup();
  else await store.close();
}

/**
 * `minsheng sources recheck-scope` on a few thousand excluded messages, PostgreSQL:
 *
 *   npx tsx bench/recheck-scope.ts [--generated 5000]
 *
 * Generated city-mailbox letters (sites/samples.ts, half about other districts, the 涉及区县 field
 * left out so the text decides) judged with the shipped 铜川市市长信箱 scope (yintai.yaml); the
 * dropped ones kept as excluded messages in two identical schemas. Then an admin completes the
 * gazetteer with this district's estates (锦绣家园, 阳光花园 …), and:
 *   A. the real CLI entry re-judges schema A (its progress lines are printed as they come);
 *   B. baseline, same run: schema B's same letters brought back one by one with bringBackExcludedMessage
 *      (what 转入受理 does for each, without judging anything).
 * Prints the counts (brought in, still out, another district's wrongly brought in), the times and
 * the ratio A / B, and then a second run of A (nothing left to bring in).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../cli/main.js';
import { decideScope, loadSourceFile } from '../crawlers/index.js';
import { prepareMessage } from '../pipeline/index.js';
import { sampleMessages } from '../sites/index.js';
import { yintaiEstates } from '../sites/text-pool.js';
import { bringBackExcludedMessage, openStore, recordExcludedMessage, systemActor, type Store } from '../workflow/index.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const sourceId = 'tongchuan-city-mailbox';
const yintaiFile = path.resolve(import.meta.dirname, '../crawlers/sources/yintai.yaml');
const shipped = (await loadSourceFile(yintaiFile, { vars: { demoPort: 3100 } })).find((s) => s.id === sourceId);
if (!shipped?.scope) throw new Error('yintai.yaml has no tongchuan-city-mailbox scope');

// The source file as the admin completed it: the estates the gazetteer lacked.
const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-bench-recheck-'));
const completedFile = path.join(dir, 'yintai.yaml');
const text = await readFile(yintaiFile, 'utf8');
const gazetteerLine = /^(\s+gazetteer: \[)(城关街道[^\]]*)\]/m;
if (!gazetteerLine.test(text)) throw new Error('yintai.yaml: the city mailbox gazetteer line was not found');
await writeFile(completedFile, text.replace(gazetteerLine, (_m, head: string, names: string) => `${head}${names}, ${yintaiEstates.join(', ')}]`));

const n = arg('--generated', 5000);
const letters = sampleMessages(n, 42, { otherDistricts: 0.5 });
const dropped = letters.flatMap((m) => {
  const d = decideScope(shipped.scope!, { title: m.title, content: m.content });
  return d.keep ? [] : [{ m, reason: d.reason, kind: d.kind }];
});

async function schemaWithExcluded(): Promise<Store & { schema: string }> {
  const schema = `bench_recheck_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const store = await openStore({ databaseUrl, schema, poolSize: 5 });
  await store.db.source.create({ data: { id: sourceId, name: shipped!.name, channel: 'city_mailbox', definition: {} } });
  const fetchedAt = new Date().toISOString();
  for (const { m, reason, kind } of dropped) {
    const crawled = prepareMessage({ sourceId, channel: 'city_mailbox', siteId: m.id, title: m.title, content: m.content, author: m.author, postedAt: undefined, siteStatus: m.status, fetchedAt });
    await recordExcludedMessage(store.db, crawled, reason, kind);
  }
  return { ...store, schema };
}

const [a, b] = [await schemaWithExcluded(), await schemaWithExcluded()];
console.log(`${n} generated letters, ${dropped.length} dropped by the shipped scope (${dropped.filter((d) => d.kind === 'no_place').length} 属地不明) and kept in two schemas`);

async function cliRun(store: Store & { schema: string }, echo: boolean): Promise<{ ms: number; out: string }> {
  let out = '';
  const started = performance.now();
  const code = await main(['sources', 'recheck-scope', '--sources', completedFile, '--source', sourceId, '--json'], {
    env: { DATABASE_URL: `${databaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent' },
    io: { stdout: (t) => void (out += t), stderr: (t) => void (echo ? process.stdout.write(`  [stderr] ${t}`) : undefined) },
  });
  if (code !== 0) throw new Error(`recheck-scope exited ${code}`);
  return { ms: performance.now() - started, out };
}

try {
  const first = await cliRun(a, true);
  const result = (JSON.parse(first.out) as { checked: number; broughtIn: { siteId: string }[]; reasonChanged: number; unchanged: number }[])[0]!;
  const district = new Map(letters.map((m) => [m.id, m.district]));
  const wrong = result.broughtIn.filter((m) => district.get(m.siteId) !== '印台区').length;
  console.log(`A. recheck-scope (CLI): judged ${result.checked}, brought in ${result.broughtIn.length} (another district's: ${wrong}), still out ${result.checked - result.broughtIn.length} (reason changed ${result.reasonChanged}), ${first.ms.toFixed(0)} ms, ${((result.checked / first.ms) * 1000).toFixed(0)} judged/s`);

  const rows = await b.db.excludedMessage.findMany({ where: { siteId: { in: result.broughtIn.map((m) => m.siteId) } }, select: { id: true } });
  const started = performance.now();
  for (const r of rows) await bringBackExcludedMessage(b.db, { id: r.id, note: '地名表更新后重新判断', actor: { ...systemActor, role: 'admin' } });
  const baseMs = performance.now() - started;
  console.log(`B. the same ${rows.length} brought back one by one (baseline): ${baseMs.toFixed(0)} ms`);
  console.log(`ratio A / B: ${(first.ms / baseMs).toFixed(2)} (A also judges all ${result.checked} and loads the source file)`);

  const second = await cliRun(a, false);
  const again = (JSON.parse(second.out) as { checked: number; broughtIn: unknown[] }[])[0]!;
  console.log(`second run: judged ${again.checked}, brought in ${again.broughtIn.length}, ${second.ms.toFixed(0)} ms`);
} finally {
  for (const s of [a, b]) {
    await s.sql.exec(`DROP SCHEMA IF EXISTS "${s.schema}" CASCADE`);
    await s.close();
  }
  await rm(dir, { recursive: true, force: true });
}

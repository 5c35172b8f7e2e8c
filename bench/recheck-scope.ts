/**
 * `minsheng sources recheck-scope` on a few thousand excluded messages, PostgreSQL:
 *
 *   npx tsx bench/recheck-scope.ts [--generated 5000]
 *
 * Generated city-mailbox letters (sites/samples.ts, half about other districts, the 涉及区县 field
 * left out so the text decides) judged with the shipped 铜川市市长信箱 scope (yintai.yaml); the
 * dropped ones kept as excluded messages in two identical schemas. Then an admin completes the
 * gazetteer with this district's estates (锦绣家园, 阳光花园 …), and:
 *   A. the real CLI entry re-judges schema A, first as a dry run (judging alone: what 预览 costs),
 *      then for real (its progress lines are printed as they come);
 *   B. baseline, same run: schema B's same letters brought back one by one with bringBackExcludedMessage
 *      (what 转入受理 does for each, without judging anything);
 *   C. schema C's same letters re-judged as the console does it: a background run of the main job's
 *      RecheckScopeRuns behind the real web server, started by POST and followed by GET every 250 ms.
 * Prints the counts (brought in, still out, another district's wrongly brought in), the times and
 * the ratio A / B; for C how long the POST took to answer, the GETs' latency while the run went on
 * and the run's time against A's; then a second run of A (nothing left to bring in).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../cli/main.js';
import { decideScope, loadSourceFile } from '../crawlers/index.js';
import { prepareMessage, RecheckScopeRuns, type RecheckScopeRunView } from '../pipeline/index.js';
import { sampleMessages } from '../sites/index.js';
import { yintaiEstates } from '../sites/text-pool.js';
import { silentLogger } from '../core/index.js';
import { createWebServer } from '../web/index.js';
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

const [a, b, c] = [await schemaWithExcluded(), await schemaWithExcluded(), await schemaWithExcluded()];
console.log(`${n} generated letters, ${dropped.length} dropped by the shipped scope (${dropped.filter((d) => d.kind === 'no_place').length} 属地不明) and kept in three schemas`);

async function cliRun(store: Store & { schema: string }, echo: boolean, ...extra: string[]): Promise<{ ms: number; out: string }> {
  let out = '';
  const started = performance.now();
  const code = await main(['sources', 'recheck-scope', '--sources', completedFile, '--source', sourceId, '--json', ...extra], {
    env: { DATABASE_URL: `${databaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent' },
    io: { stdout: (t) => void (out += t), stderr: (t) => void (echo ? process.stdout.write(`  [stderr] ${t}`) : undefined) },
  });
  if (code !== 0) throw new Error(`recheck-scope exited ${code}`);
  return { ms: performance.now() - started, out };
}

/** C: POST, then GET every 250 ms until the end, as the console does; every answer's latency. */
async function backgroundRun(store: Store): Promise<{ firstGetMs: number; postMs: number; runMs: number; getMs: number[]; progress: string[]; run: RecheckScopeRunView }> {
  const [completed] = (await loadSourceFile(completedFile, { vars: { demoPort: 3100 } })).filter((s) => s.id === sourceId);
  const runs = new RecheckScopeRuns({ store, sources: [completed!] });
  const token = 'bench-recheck-token';
  const app = await createWebServer({ store, logger: silentLogger, localToken: token, recheckRuns: runs });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const ask = async (path: string, init: RequestInit = {}) => {
    const t = performance.now();
    const res = await fetch(`${url}${path}`, { ...init, headers: { 'x-minsheng-local-token': token, 'content-type': 'application/json' } });
    return { ms: performance.now() - t, run: (await res.json()) as RecheckScopeRunView };
  };
  try {
    const base = `/api/console/sources/${sourceId}/recheck-scope`;
    // What the page asks first (the run under way, if any): also the server's first request.
    const first = await ask(base);
    const post = await ask(base, { method: 'POST', body: '{}' });
    const getMs: number[] = [];
    const progress: string[] = [];
    let run = post.run;
    while (run.state === 'running') {
      await new Promise((r) => setTimeout(r, 250));
      const answer = await ask(`${base}/${post.run.id}`);
      getMs.push(answer.ms);
      run = answer.run;
      if (progress.at(-1) !== `${run.done}/${run.total}`) progress.push(`${run.done}/${run.total}`);
    }
    return { firstGetMs: first.ms, postMs: post.ms, runMs: Date.parse(run.finishedAt!) - Date.parse(run.startedAt), getMs, progress, run };
  } finally {
    await runs.stop();
    await app.close();
  }
}

try {
  const dry = await cliRun(a, false, '--dry-run');
  const dryResult = (JSON.parse(dry.out) as { checked: number; broughtIn: unknown[] }[])[0]!;
  console.log(`A, dry run (CLI): judged ${dryResult.checked}, would bring in ${dryResult.broughtIn.length}, ${dry.ms.toFixed(0)} ms (${((dryResult.checked / dry.ms) * 1000).toFixed(0)} judged/s)`);
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

  const bg = await backgroundRun(c);
  const sorted = [...bg.getMs].sort((x, y) => x - y);
  console.log(`C. background run (POST + GET every 250 ms): the page's first GET ${bg.firstGetMs.toFixed(0)} ms, then POST answered in ${bg.postMs.toFixed(0)} ms; run ${bg.runMs} ms (${(bg.runMs / first.ms).toFixed(2)}x A's whole CLI run), ${bg.run.state}, brought in ${bg.run.result?.broughtIn.length}`);
  console.log(`   ${bg.getMs.length} GETs meanwhile: median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms; progress seen ${bg.progress.join(' → ')}`);

  const second = await cliRun(a, false);
  const again = (JSON.parse(second.out) as { checked: number; broughtIn: unknown[] }[])[0]!;
  console.log(`second run: judged ${again.checked}, brought in ${again.broughtIn.length}, ${second.ms.toFixed(0)} ms`);
} finally {
  for (const s of [a, b, c]) {
    await s.sql.exec(`DROP SCHEMA IF EXISTS "${s.schema}" CASCADE`);
    await s.close();
  }
  await rm(dir, { recursive: true, force: true });
}

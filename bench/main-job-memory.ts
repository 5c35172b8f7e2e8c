/**
 * Where the main job's memory goes, and whether it stays put. Both parts below run by default,
 * side by side (each measures its own processes): about 4 minutes (7 with `--compare`).
 *
 * Parts (`--parts`): each part of the main job loaded alone in a child process of its own (Node +
 * tsx, as `minsheng start` runs), its resident set (VmRSS) and peak (VmHWM) against a child that
 * loads nothing (the baseline of the same run): the code the main job imports, the embedded store
 * (created, then reopened by another process, at the shipped shared_buffers and at PostgreSQL's
 * 128MB), the classifier (model, then its jieba segmenter on the first message), the
 * de-duplication's own jieba segmenter and reference word counts, the crawl engine (HTTP only, as
 * for the demo mailbox, then with the browser part).
 *
 * The main job (`--main`): `minsheng start` with the demo mailbox, a real child process, on an
 * embedded store created beforehand by another process (as on every start after the first;
 * `--fresh`: on a new one, whose creation runs PostgreSQL's initdb in the same process). The RSS
 * of its process and of every process below it (Chromium when a source needs it; PGlite is in the
 * process) is sampled every `--sample-ms` (1 s) from its start to `--minutes` (2.5) after its
 * `--letters`-th case: a row every `--every` seconds (ratio to the first case: one that keeps
 * climbing while the case count levels off would be a leak), then per process the peak, the lowest
 * and median of the run's second half (steady) and VmHWM, and V8's full collections (`--trace-gc`:
 * the heap before and after each, so what is garbage and what is alive). The daily backup runs at minute 5, so a run of 6 minutes
 * or more includes one. `--heap MB` caps V8's old space. `--compare DIR`: the same run, after this
 * checkout's, of the main job of another checkout (a worktree of the commit before a change, its
 * node_modules linked, `node prisma/generate-client.mjs` run), for before/after in one run.
 * `--port`/`--demo-port` (default 0: any free port), `--tmp PREFIX` (temporary directories,
 * default the OS's).
 *
 * Store speed (`--store-speed N`, not in the default run): N cases written through the ledger into
 * one store, copied, and the two copies opened side by side at the shipped shared_buffers and at
 * 128MB; the ledger's queries alternate between the two (medians of `--runs`).
 *
 *   npx tsx bench/main-job-memory.ts [--parts] [--main] [--fresh] [--letters 30] [--minutes 2.5] [--every 15] [--sample-ms 1000] [--heap 0]
 *       [--compare DIR] [--port 0] [--demo-port 0] [--tmp PREFIX]
 *   npx tsx bench/main-job-memory.ts --store-speed 3000 [--runs 9]
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markCompacts, memoryOf, sampleTree, summarize } from './process-tree-memory.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);

// ---- child: one part of the main job, loaded alone; prints one JSON line of steps ----
const childAt = args.indexOf('--child');
if (childAt >= 0) {
  const part = args[childAt + 1];
  const steps: { step: string; rss: number; hwm: number }[] = [];
  const mark = async (step: string) => steps.push({ step, ...(await memoryOf('self')) });
  await mark('start');
  {
    if (part === 'code') {
      await import('../cli/app/main-job.js');
      await mark('main job code imported');
    } else if (part?.startsWith('store')) {
      // store-create|store-reopen [128MB] DIR: the embedded store in DIR, created (and migrated) or reopened.
      const { openStore } = await import('../workflow/index.js');
      const sharedBuffers = args[childAt + 2] === '128MB' ? '128MB' : undefined;
      const options = { dataDir: args.at(-1)!, ...(sharedBuffers ? { sharedBuffers } : {}) };
      await mark('store code imported');
      const store = await openStore(options);
      await mark(part === 'store-create' ? 'store created and migrated' : 'store reopened');
      await store.close();
    } else if (part === 'classifier') {
      const { loadClassifier } = await import('../classifier/index.js');
      await mark('classifier code imported');
      const classifier = await loadClassifier();
      await mark('model loaded');
      classifier.classify({ title: '路灯不亮', content: '我们小区门口的路灯坏了好几天了，晚上出行很不方便，请尽快维修。' });
      await mark('first message classified (jieba loaded)');
    } else if (part === 'dedup') {
      const { createDecider } = await import('../dedup/index.js');
      await mark('dedup code imported');
      const decider = createDecider();
      await mark('index created (reference word counts)');
      decider.decide({ id: 'x', title: '路灯不亮', content: '我们小区门口的路灯坏了好几天了，晚上出行很不方便，请尽快维修。' });
      await mark('first message fingerprinted (its own jieba)');
    } else if (part === 'crawl') {
      const { loadCrawlEngine, loadSourceFile } = await import('../crawlers/index.js');
      const { demoSourceFile } = await import('../cli/app/demo-source.js');
      await mark('crawler code imported');
      await loadCrawlEngine(await loadSourceFile(demoSourceFile, { vars: { base: 'http://127.0.0.1:9' } }));
      await mark('crawl engine for the demo mailbox (HTTP)');
      await import('../crawlers/engine/browser-list.js');
      await mark('browser part too (Playwright)');
    } else if (part !== 'baseline') {
      throw new Error(`unknown part ${part}`);
    }
  }
  console.log(JSON.stringify(steps));
  process.exit(0);
}

/** Runs one part in a child process (tsx, as bin/minsheng.js) and returns its steps. */
async function runPart(...part: string[]): Promise<{ step: string; rss: number; hwm: number }[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', self, '--child', ...part], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as { step: string; rss: number; hwm: number }[];
}

async function parts(): Promise<string[]> {
  const out: string[] = [];
  const log = (line = '') => void out.push(line);
  const base = (await runPart('baseline'))[0]!;
  const dir = await tempDir('parts');
  log(`## Parts, each alone in a child process (baseline: Node + tsx, nothing loaded: RSS ${base.rss.toFixed(0)} MiB)\n`);
  log('| part | step | RSS (MiB) | over the baseline | step added | peak (VmHWM) |');
  log('|---|---|---|---|---|---|');
  const { embeddedSharedBuffers } = await import('../workflow/store/durable-pglite.js');
  const runs: [string, string[]][] = [
    ['code', ['code']],
    [`store, shared_buffers ${embeddedSharedBuffers}, new`, ['store-create', 'shipped', path.join(dir, 'a')]],
    [`store, shared_buffers ${embeddedSharedBuffers}, reopened`, ['store-reopen', 'shipped', path.join(dir, 'a')]],
    ['store, shared_buffers 128MB, new', ['store-create', '128MB', path.join(dir, 'b')]],
    ['store, shared_buffers 128MB, reopened', ['store-reopen', '128MB', path.join(dir, 'b')]],
    ['classifier', ['classifier']],
    ['dedup', ['dedup']],
    ['crawl', ['crawl']],
  ];
  try {
    for (const [name, part] of runs) {
      let previous = base.rss;
      for (const s of (await runPart(...part)).slice(1)) {
        log(`| ${name} | ${s.step} | ${s.rss.toFixed(0)} | +${(s.rss - base.rss).toFixed(0)} | ${s.rss - previous >= 0 ? '+' : ''}${(s.rss - previous).toFixed(0)} | ${s.hwm.toFixed(0)} |`);
        previous = s.rss;
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  log();
  return out;
}

/** A temporary directory: under `--tmp PREFIX` when given (a helper's own /tmp/NAME-*), else the OS's. */
const tempDir = (name: string) => {
  const prefix = args.includes('--tmp') ? args[args.indexOf('--tmp') + 1]! : path.join(tmpdir(), 'minsheng-bench-');
  return mkdtemp(`${prefix}${name}-`);
};

/**
 * `minsheng start` from the checkout `tree` on the demo mailbox: the RSS of its process and of every
 * process below it each `--sample-ms`, a row each `--every` s, then per process the peak, and the
 * lowest and median of the run's second half (steady), and V8's full collections (`--trace-gc`).
 */
async function mainJob(tree: string, label: string): Promise<string[]> {
  const out: string[] = [];
  const say = (line = '') => void out.push(line);
  const letters = flag('--letters', 30);
  const seconds = flag('--minutes', 2.5) * 60;
  const every = flag('--every', 15);
  const heap = flag('--heap', 0);
  const fresh = args.includes('--fresh');
  const dir = await tempDir('memory');
  // As on an office machine after its first day: the store exists (created by another process), unless --fresh.
  if (!fresh) await runPart('store-create', 'shipped', path.join(dir, 'data'));
  const env = { ...process.env, MINSHENG_DATA_DIR: path.join(dir, 'data'), PORT: String(flag('--port', 0)), MINSHENG_DEMO_PORT: String(flag('--demo-port', 0)), LOG_LEVEL: 'info', ...(heap > 0 ? { NODE_OPTIONS: `--max-old-space-size=${heap}` } : {}) };
  const child = spawn(process.execPath, ['--trace-gc', 'bin/minsheng.js', 'start'], { cwd: tree, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler = sampleTree(child.pid!, flag('--sample-ms', 1000));
  let log = '';
  child.stdout.on('data', (b: Buffer) => void (log += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (log += b.toString()));
  const cases = () => (log.match(/已登记新案件/g) ?? []).length;
  const rss = async () => (await memoryOf(child.pid!)).rss;
  try {
    const started = Date.now();
    const waitFor = async (n: number) => {
      while (cases() < n) {
        if (child.exitCode !== null || Date.now() - started > 180_000) throw new Error(`the main job did not register ${n} cases:\n${log}`);
        await sleep(250);
      }
    };
    say(`## The main job, ${label} (\`minsheng start\`, demo mailbox, ${fresh ? 'a new embedded store' : 'an existing empty embedded store'})\n`);
    say('| when | seconds since start | RSS (MiB) | ratio to the first case | cases |');
    say('|---|---|---|---|---|');
    const row = (when: string, value: number, base: number) => say(`| ${when} | ${((Date.now() - started) / 1000).toFixed(0)} | ${value.toFixed(0)} | ${(value / base).toFixed(2)} | ${cases()} |`);
    await waitFor(1);
    const base = await rss();
    const firstCaseAt = (Date.now() - started) / 1000;
    row('first case registered', base, base);
    await waitFor(letters);
    row(`${letters} cases registered`, await rss(), base);
    for (let t = every; t <= seconds; t += every) {
      await sleep(every * 1000);
      row(`+${t} s`, await rss(), base);
    }
    const { series, totals } = await sampler.stop();
    const steadyFrom = firstCaseAt + ((Date.now() - started) / 1000 - firstCaseAt) / 2;
    say(`\nEach process of the tree, sampled every ${flag('--sample-ms', 1000)} ms (steady: the second half of the run, from ${steadyFrom.toFixed(0)} s)\n`);
    say('| process | processes | samples alive | peak RSS (MiB) | steady lowest | steady median | VmHWM |');
    say('|---|---|---|---|---|---|---|');
    for (const [key, s] of series) {
      const all = summarize(s.samples);
      const steady = summarize(s.samples, steadyFrom);
      say(`| ${key === 'root' ? 'main job (node)' : `children: ${key}`} | ${s.pids.size} | ${all.n} | ${all.peak.toFixed(0)} | ${steady.low.toFixed(0)} | ${steady.median.toFixed(0)} | ${s.hwm.toFixed(0)} |`);
    }
    const all = summarize(totals);
    const steady = summarize(totals, steadyFrom);
    say(`| the whole tree | | ${all.n} | ${all.peak.toFixed(0)} | ${steady.low.toFixed(0)} | ${steady.median.toFixed(0)} | |`);
    if (![...series.keys()].some((k) => /chrom/i.test(k))) say('\nNo browser was started.');
    const gcs = markCompacts(log);
    if (gcs.length > 0) {
      const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
      say(`\nV8 full collections: ${gcs.length}; heap before each ${range(gcs.map((g) => g.before))} MB, alive after ${range(gcs.map((g) => g.after))} MB (what gathered between two: up to ${Math.max(...gcs.map((g) => g.before - g.after)).toFixed(0)} MB)`);
    }
    say(`\n${cases()} cases registered${heap > 0 ? `, V8 old space capped at ${heap} MiB` : ''}${/已自动备份/.test(log) ? '; the daily backup ran during the run' : ''}${child.exitCode !== null ? `; the main job EXITED with code ${child.exitCode}` : ''}\n`);
  } finally {
    await sampler.stop();
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

async function storeSpeed(n: number): Promise<void> {
  const runs = flag('--runs', 9);
  const { ensureSource, openStore, recordMessage, registerMessage } = await import('../workflow/index.js');
  const { embeddedSharedBuffers } = await import('../workflow/store/durable-pglite.js');
  const { listCases } = await import('../workflow/cases/index.js');
  const dir = await tempDir('buffers');
  try {
    const seeded = await openStore({ dataDir: path.join(dir, 'a') });
    await ensureSource(seeded.db, { id: 'bench', name: '印台区区长信箱', channel: 'district_mailbox' });
    const topics = ['楼下的路灯已经坏了一个多月，晚上出行很不方便，请尽快维修。', '家里暖气温度只有十四度，老人孩子受不了，请供热公司处理。', '想问一下低保需要什么材料，到哪里办理，多长时间能批下来。', '小区附近没有公交站，居民出行要走很远，建议增设一个站点。'];
    const categories = ['投诉', '投诉', '咨询', '建议'] as const;
    for (let i = 0; i < n; i++) {
      const { messageId } = await recordMessage(seeded.db, { sourceId: 'bench', channel: 'district_mailbox', siteId: `c${i}`, title: `第 ${i} 号来信 ${topics[i % 4]!.slice(0, 6)}`, content: `${topics[i % 4]!}（${'我住在城关街道 '.repeat(1 + (i % 20))}来信编号 ${i}）`, fetchedAt: new Date().toISOString() });
      await registerMessage(seeded.db, { messageId, classification: { category: categories[i % 4]!, confidence: 0.9, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: null } } });
    }
    await seeded.close();
    const size = Number(execFileSync('du', ['-sm', path.join(dir, 'a')], { encoding: 'utf8' }).split('\t')[0]);
    await cp(path.join(dir, 'a'), path.join(dir, 'b'), { recursive: true });
    const sides = [
      { name: `shared_buffers ${embeddedSharedBuffers} (shipped)`, store: await openStore({ dataDir: path.join(dir, 'a') }), times: new Map<string, number[]>() },
      { name: 'shared_buffers 128MB (PostgreSQL default)', store: await openStore({ dataDir: path.join(dir, 'b'), sharedBuffers: '128MB' }), times: new Map<string, number[]>() },
    ];
    const actor = { userId: 'u-egov', username: 'egov', role: 'egov_centre' } as const;
    let written = n;
    const queries: [string, (s: (typeof sides)[number]['store']) => Promise<unknown>][] = [
      ['ledger first page', (s) => listCases(s.db, { actor })],
      ['ledger text search 暖气', (s) => listCases(s.db, { actor, filter: { q: '暖气' } })],
      ['ledger search, a writer-length word 城关街道', (s) => listCases(s.db, { actor, filter: { q: '城关街道' } })],
      ['ledger page 20 (offset 2,000)', (s) => listCases(s.db, { actor, filter: { offset: Math.min(2000, n - 100) } })],
      ['all messages read (the dedup index rebuild)', (s) => s.db.message.findMany({ select: { id: true, content: true } })],
      ['a letter recorded and registered', async (s) => {
        const i = written++;
        const { messageId } = await recordMessage(s.db, { sourceId: 'bench', channel: 'district_mailbox', siteId: `w${i}`, title: `新来信 ${i}`, content: `${topics[i % 4]!}（来信编号 ${i}）`, fetchedAt: new Date().toISOString() });
        await registerMessage(s.db, { messageId, classification: { category: '投诉', confidence: 0.9, outOfScope: { flagged: false, reasons: [] }, complexity: { value: 'simple' }, urgency: { value: 'normal' }, unit: { value: null } } });
      }],
    ];
    for (const side of sides) for (const [, q] of queries) await q(side.store); // warm both alike
    for (let r = 0; r < runs; r++) {
      for (const [name, q] of queries) {
        for (const side of r % 2 === 0 ? sides : [...sides].reverse()) {
          const t = performance.now();
          await q(side.store);
          side.times.set(name, [...(side.times.get(name) ?? []), performance.now() - t]);
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`## The ledger's queries at two shared_buffers, ${n} cases (store folder ${size} MiB), medians of ${runs}, calls alternating\n`);
    console.log(`| query | ${sides[0]!.name} (ms) | ${sides[1]!.name} (ms) | ratio |`);
    console.log('|---|---|---|---|');
    for (const [name] of queries) {
      const a = median(sides[0]!.times.get(name)!);
      const b = median(sides[1]!.times.get(name)!);
      console.log(`| ${name} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(a / b).toFixed(2)} |`);
    }
    console.log(`\nRSS of this process with both stores open: ${(await memoryOf('self')).rss.toFixed(0)} MiB\n`);
    for (const side of sides) await side.store.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const speedN = flag('--store-speed', 0);
const chosen = ['--parts', '--main'].filter((f) => args.includes(f));
const compare = args.includes('--compare') ? path.resolve(args[args.indexOf('--compare') + 1]!) : undefined;
if (speedN > 0) await storeSpeed(speedN);
// The parts run beside the main job (each its own process, measured on its own): the run stays
// under 4 minutes. With --compare, the main job of the other checkout runs after this one's, alone.
const results = await Promise.all([
  chosen.includes('--parts') || (chosen.length === 0 && speedN === 0) ? parts() : [],
  chosen.includes('--main') || (chosen.length === 0 && speedN === 0) ? mainJob(root, 'this checkout') : [],
]);
console.log(results.flat().join('\n'));
if (compare) console.log((await mainJob(compare, `the checkout ${compare}`)).join('\n'));

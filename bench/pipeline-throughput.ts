/**
 * End-to-end pipeline benchmark: messages per second from crawled page to registered case, on the
 * in-process queue (the baseline, in this process) and on BullMQ with one and two `minsheng worker`
 * processes, all against PostgreSQL in the same run; then the latency from a message appearing on
 * a look-alike site to its case being registered (p50, p95), crawls scheduled every second.
 *
 *   npx tsx bench/pipeline-throughput.ts [--sites 4] [--messages 80] [--samples 15] [--rounds 2]
 *
 * Throughput modes run interleaved, `rounds` times each; the table shows each mode's best round
 * (the machine is shared, so the best round is the least disturbed one).
 *
 * Needs PostgreSQL (DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test) and Redis
 * (REDIS_URL, default redis://127.0.0.1:6379); uses its own schema and queue prefix, removed after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadClassifier } from '../classifier/index.js';
import type { SourceDefinition } from '../crawlers/index.js';
import { deleteQueuePrefix } from '../tests/helpers/services.js';
import { writeSiteSourceFile } from '../tests/helpers/source-files.js';
import { loadConfig, silentLogger } from '../core/index.js';
import { allJobs, createPipeline, crawlSourceJob, crawlStage, InProcessQueue, startScheduler, syncSchedules, type JobQueue } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import { openStore, type Store } from '../workflow/index.js';

const { values: args } = parseArgs({ options: { sites: { type: 'string', default: '4' }, messages: { type: 'string', default: '80' }, samples: { type: 'string', default: '15' }, rounds: { type: 'string', default: '2' } } });
const rounds = Number(args.rounds);
const siteCount = Number(args.sites);
const perSite = Number(args.messages);
const samples = Number(args.samples);
const config = loadConfig();
const databaseUrl = config.databaseUrl ?? 'postgresql://postgres@127.0.0.1:5432/test';
const redisUrl = config.redisUrl ?? 'redis://127.0.0.1:6379';
const repoDir = path.resolve(import.meta.dirname, '..');
const concurrency = 4;
const say = (text: string) => process.stderr.write(`${text}\n`);
const unique = (p: string) => `${p}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const classifier = await loadClassifier();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Env {
  store: Store;
  schema: string;
  prefix: string;
  sites: RunningSite[];
  sources: SourceDefinition[];
  sourceFile: string;
  close(): Promise<void>;
}

async function setUp(count: number, messages: number, every: string, seed: number): Promise<Env> {
  const schema = unique('bench');
  const prefix = unique('msbench');
  const store = await openStore({ databaseUrl, schema, poolSize: 10 });
  const sites: RunningSite[] = [];
  for (let i = 0; i < count; i++) sites.push(await startSite({ shape: 'paged-html', messages: sampleMessages(messages, seed + i), pageSize: 15 }));
  const { file: sourceFile, sources, cleanup: removeSourceFile } = await writeSiteSourceFile(sites, { id: 'bench', name: '压测信箱', every, maxConcurrency: 4 });
  return {
    store,
    schema,
    prefix,
    sites,
    sources,
    sourceFile,
    async close() {
      for (const s of sites) await s.close();
      await store.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await store.close();
      await removeSourceFile();
      await deleteQueuePrefix(prefix, redisUrl);
    },
  };
}

async function spawnWorker(env: Env): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  let output = '';
  const child = spawn(process.execPath, [path.join(repoDir, 'bin/minsheng.js'), 'worker', '--concurrency', String(concurrency)], {
    cwd: repoDir,
    env: { DATABASE_URL: `${databaseUrl}?schema=${env.schema}`, REDIS_URL: redisUrl, MINSHENG_QUEUE_PREFIX: env.prefix, MINSHENG_SOURCES: env.sourceFile, LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => void (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; !output.includes('工作进程已启动'); i++) {
    if (child.exitCode !== null || i > 600) throw new Error(`工作进程启动失败：${output}`);
    await sleep(100);
  }
  return {
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function registered(store: Store): Promise<number> {
  return store.db.message.count({ where: { caseId: { not: null } } });
}

/** Crawls every source once and waits until every message has its case; messages per second. */
async function throughput(mode: 'in-process' | 'bullmq-1' | 'bullmq-2', seed: number): Promise<{ mode: string; messages: number; seconds: number; perSecond: number }> {
  const env = await setUp(siteCount, perSite, '1h', seed);
  const total = siteCount * perSite;
  let queue: JobQueue;
  const workers: { stop(): Promise<void> }[] = [];
  try {
    if (mode === 'in-process') {
      queue = new InProcessQueue({ concurrency });
      createPipeline({ store: env.store, queue, classifier, logger: silentLogger, crawl: crawlStage({ store: env.store, sources: env.sources, config }) });
      await queue.start({ concurrency });
    } else {
      queue = new BullmqQueue({ redisUrl, prefix: env.prefix, definitions: allJobs });
      for (let i = 0; i < (mode === 'bullmq-2' ? 2 : 1); i++) workers.push(await spawnWorker(env));
    }
    const started = performance.now();
    for (const s of env.sources) await queue.enqueue(crawlSourceJob, { sourceId: s.id });
    while ((await registered(env.store)) < total) {
      if (performance.now() - started > 300_000) throw new Error(`${mode}：5 分钟内未完成`);
      await sleep(50);
    }
    const seconds = (performance.now() - started) / 1000;
    return { mode, messages: total, seconds, perSecond: total / seconds };
  } finally {
    for (const w of workers) await w.stop();
    await queue!.close();
    await env.close();
  }
}

/** A message appears on a site; how long until its case is registered (crawls every second). */
async function latency(mode: 'in-process' | 'bullmq-1', seed: number): Promise<{ mode: string; p50: number; p95: number; n: number }> {
  const env = await setUp(1, 10, '1s', seed);
  const site = env.sites[0]!;
  let queue: JobQueue;
  let stopScheduler = () => {};
  const workers: { stop(): Promise<void> }[] = [];
  try {
    if (mode === 'in-process') {
      queue = new InProcessQueue({ concurrency });
      createPipeline({ store: env.store, queue, classifier, logger: silentLogger, crawl: crawlStage({ store: env.store, sources: env.sources, config }) });
      await queue.start({ concurrency });
      stopScheduler = (await startScheduler({ queue, sources: env.sources, sweepEveryMs: 0, deadlineScanEveryMs: 0 })).stop;
    } else {
      queue = new BullmqQueue({ redisUrl, prefix: env.prefix, definitions: allJobs });
      workers.push(await spawnWorker(env));
      await syncSchedules({ queue, sources: env.sources, sweepEveryMs: 0, deadlineScanEveryMs: 0 });
    }
    while ((await registered(env.store)) < 10) await sleep(100);
    const out: number[] = [];
    for (let i = 0; i < samples; i++) {
      await sleep(300 + Math.random() * 700);
      // Text of its own, so it opens a case of its own (an exact copy would join an older case).
      const tag = randomBytes(4).toString('hex');
      const added = site.addMessage({ id: String(900_000 + seed * 100 + i), title: `${i + 1}号楼路灯不亮（${tag}）`, content: `${i + 1}号楼前的路灯坏了${i + 2}天，夜间出行不便，请尽快维修。登记号 ${tag}` });
      const t0 = Date.now();
      for (;;) {
        const row = await env.store.db.message.findFirst({ where: { sourceId: env.sources[0]!.id, siteId: added.id, caseId: { not: null } }, select: { id: true } });
        const event = row ? await env.store.db.event.findFirst({ where: { messageId: row.id, type: { in: ['case_created', 'duplicate_linked'] } }, select: { at: true } }) : null;
        if (event) {
          out.push(event.at.getTime() - t0);
          break;
        }
        if (Date.now() - t0 > 60_000) throw new Error(`${mode}：留言 60 秒内未登记`);
        await sleep(25);
      }
      say(`  ${mode} 样本 ${i + 1}/${samples}：${out.at(-1)} 毫秒`);
    }
    out.sort((a, b) => a - b);
    const at = (q: number) => out[Math.min(out.length - 1, Math.floor(q * out.length))] ?? 0;
    return { mode, p50: at(0.5), p95: at(0.95), n: out.length };
  } finally {
    stopScheduler();
    for (const w of workers) await w.stop();
    await queue!.close();
    await env.close();
  }
}

say(`吞吐量：${siteCount} 个信箱 × ${perSite} 条留言，每种模式各爬取一遍至全部登记（并发 ${concurrency}，交替运行 ${rounds} 轮，取最好一轮）`);
const modes = ['in-process', 'bullmq-1', 'bullmq-2'] as const;
const best = new Map<string, Awaited<ReturnType<typeof throughput>>>();
for (let round = 0; round < rounds; round++) {
  for (const [i, mode] of modes.entries()) {
    say(`- 第 ${round + 1} 轮 ${mode} …`);
    const r = await throughput(mode, 100 + round * 50 + i * 10);
    say(`  ${r.messages} 条，${r.seconds.toFixed(1)} 秒，${r.perSecond.toFixed(1)} 条/秒`);
    if (!best.has(mode) || best.get(mode)!.perSecond < r.perSecond) best.set(mode, r);
  }
}
const rows = modes.map((m) => best.get(m)!);
say(`延迟：每秒采集一次，新留言出现到案件登记，每种模式 ${samples} 个样本`);
const lat = [];
for (const [i, mode] of (['in-process', 'bullmq-1'] as const).entries()) {
  say(`- ${mode} …`);
  lat.push(await latency(mode, 200 + i * 10));
}

const base = rows[0]!.perSecond;
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));
process.stdout.write(`\nthroughput (crawled page -> registered case, PostgreSQL; best of ${rounds} interleaved rounds)\n`);
process.stdout.write(`${pad('mode', 30)}${pad('messages', 10)}${pad('seconds', 10)}${pad('msg/s', 10)}vs in-process\n`);
const names = { 'in-process': 'in-process queue (baseline)', 'bullmq-1': 'BullMQ, 1 worker process', 'bullmq-2': 'BullMQ, 2 worker processes' } as const;
for (const r of rows) {
  process.stdout.write(`${pad(names[r.mode as keyof typeof names], 30)}${pad(String(r.messages), 10)}${pad(r.seconds.toFixed(1), 10)}${pad(r.perSecond.toFixed(1), 10)}${(r.perSecond / base).toFixed(2)}x\n`);
}
process.stdout.write('\nlatency (message appears on the site -> case registered; crawl every 1 s)\n');
process.stdout.write(`${pad('mode', 30)}${pad('samples', 10)}${pad('p50 ms', 10)}${pad('p95 ms', 10)}p50 vs in-process\n`);
for (const l of lat) {
  process.stdout.write(`${pad(names[l.mode as keyof typeof names], 30)}${pad(String(l.n), 10)}${pad(String(l.p50), 10)}${pad(String(l.p95), 10)}${(l.p50 / lat[0]!.p50).toFixed(2)}x\n`);
}
process.stdout.write(`\nconcurrency ${concurrency} per worker; ${siteCount} sites x ${perSite} messages; machine: ${(await import('node:os')).cpus().length} cores (shared)\n`);

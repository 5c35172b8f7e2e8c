/**
 * The whole path, as a newcomer sees it: a mailbox page → crawler → de-duplication → classifier →
 * a registered case in the store, listed by `minsheng cases list --json` — once on the embedded
 * default (PGlite + in-process queue) and once in production mode (PostgreSQL + BullMQ on Redis).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier, type Classifier } from '../classifier/index.js';
import { parseSourceText, type SourceDefinition } from '../crawlers/index.js';
import { silentLogger } from '../core/index.js';
import { createPipeline, crawlStage, InProcessQueue, type JobQueue } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import { listCases, systemActor, type Store } from '../workflow/index.js';
import { main } from '../cli/main.js';
import { readFile } from 'node:fs/promises';
import { demoSourceFile } from '../cli/app/main-job.js';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deleteQueuePrefix, openTestPgliteStore, openTestPostgresStore, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';

let classifier: Classifier;
beforeAll(async () => {
  classifier = await loadClassifier();
});

async function sourcesFor(site: RunningSite): Promise<SourceDefinition[]> {
  return parseSourceText(await readFile(demoSourceFile, 'utf8'), demoSourceFile, { vars: { base: site.url } });
}

async function runOnce(store: Store, queue: JobQueue, site: RunningSite) {
  const sources = await sourcesFor(site);
  const pipeline = createPipeline({ store, queue, classifier, logger: silentLogger, crawl: crawlStage({ store, sources, config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }) });
  await pipeline.start({ concurrency: 2 });
  return pipeline;
}

const modes = [
  {
    name: 'PGlite + in-process queue',
    open: async () => ({ store: await openTestPgliteStore(), queue: new InProcessQueue({ concurrency: 2 }), cleanup: async () => {} }),
  },
  {
    name: 'PostgreSQL + BullMQ',
    open: async () => {
      const prefix = uniqueName('mstest');
      return { store: await openTestPostgresStore(), queue: new BullmqQueue({ redisUrl: testRedisUrl, prefix, concurrency: 2 }), cleanup: () => deleteQueuePrefix(prefix) };
    },
  },
];

describe.each(modes)('end to end on $name', ({ open }) => {
  let site: RunningSite;
  let env: Awaited<ReturnType<typeof open>>;

  beforeAll(async () => {
    const messages = sampleMessages(12, 7);
    // A citizen who posts the same letter twice: one case, two messages, one reporter (反映人数).
    const copy = { ...messages[3]!, id: '999001' };
    site = await startSite({ shape: 'paged-html', messages: [copy, ...messages], pageSize: 5 });
    env = await open();
  });
  afterAll(async () => {
    await env.queue.close();
    await env.store.close();
    await env.cleanup();
    await site.close();
  });

  it('turns every message on the site into exactly one case, links the copy, and notices a reply', async () => {
    const pipeline = await runOnce(env.store, env.queue, site);
    await pipeline.requestCrawl('demo-district-mailbox');
    await env.queue.idle(90_000);

    const { items: cases } = await listCases(env.store.db, { actor: { ...systemActor, role: 'admin' } });
    expect(await env.store.db.message.count()).toBe(13);
    expect(cases).toHaveLength(12);
    const copy = site.messages().find((m) => m.id === '999001');
    const copied = cases.find((c) => c.title === copy?.title);
    expect(await env.store.db.message.count({ where: { caseId: copied?.id } })).toBe(2);
    expect(copy?.author).toBe('周先生');
    expect(copied?.reporterCount).toBe(1);
    for (const c of cases) {
      expect(c.ledgerNo).toMatch(/^YT-\d{4}-\d{6}$/);
      expect(['咨询', '建议', '投诉', '求助', '其他']).toContain(c.category);
      expect(c.state).toBe('awaiting_review');
      expect(c.source).toBe('demo-district-mailbox');
    }

    // A reply appears on the site: the next crawl records it as a change, and no case is added.
    const target = site.messages().find((m) => m.id !== '999001')!;
    site.reply(target.id, '经核实，已安排相关单位处理。');
    await pipeline.requestCrawl('demo-district-mailbox');
    await env.queue.idle(90_000);
    const changes = await env.store.db.messageChange.findMany({ where: { message: { siteId: target.id } } });
    expect(changes.map((c) => c.field)).toContain('replyText');
    expect(await env.store.db.case.count()).toBe(12);
  });
});

describe('minsheng cases list --json', () => {
  it('prints the registered cases of the configured store', async () => {
    const store = await openTestPostgresStore();
    try {
      const site = await startSite({ shape: 'paged-html', messages: sampleMessages(3, 11), pageSize: 5 });
      const queue = new InProcessQueue();
      const pipeline = await runOnce(store, queue, site);
      await pipeline.requestCrawl('demo-district-mailbox');
      await queue.idle(60_000);
      await queue.close();
      await site.close();
      let out = '';
      const code = await main(['cases', 'list', '--json'], {
        env: { DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`, LOG_LEVEL: 'silent' },
        io: { stdout: (t) => void (out += t), stderr: () => {} },
      });
      expect(code).toBe(0);
      const rows = JSON.parse(out) as { ledgerNo: string; category: string; state: string; dueDate: string | null; title: string; source: string }[];
      expect(rows).toHaveLength(3);
      expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['ledgerNo', 'category', 'state', 'dueDate', 'title', 'source']));
    } finally {
      await store.close();
    }
  });

  it('asks the running main job (npm start) when it holds the embedded store', { timeout: 150_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'minsheng-e2e-'));
    const env = { MINSHENG_DATA_DIR: dataDir, PORT: '0', MINSHENG_DEMO_PORT: '0', LOG_LEVEL: 'info' };
    // Another process, as a user runs it: the CLI below must go through its API, not open the store.
    const child = spawn(process.execPath, ['bin/minsheng.js', 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (b: Buffer) => void (log += b.toString()));
    child.stderr.on('data', (b: Buffer) => void (log += b.toString()));
    try {
      await expect.poll(() => log, { timeout: 90_000, interval: 500 }).toMatch(/已登记新案件/);
      let out = '';
      const code = await main(['cases', 'list', '--json'], { env: { ...env, LOG_LEVEL: 'silent' }, io: { stdout: (t) => void (out += t), stderr: () => {} } });
      expect(code).toBe(0);
      const rows = JSON.parse(out) as { ledgerNo: string; source: string }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0]!.ledgerNo).toMatch(/^YT-\d{4}-\d{6}$/);
      expect(rows[0]!.source).toBe('demo-district-mailbox');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

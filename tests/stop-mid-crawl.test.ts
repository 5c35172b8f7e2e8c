/**
 * A long-running process stopped with SIGTERM while a crawl has requests in flight ends on its
 * own once it has closed what it opened: the main job (`minsheng start`, embedded store and
 * in-process queue) and a production worker (`minsheng worker`, PostgreSQL and BullMQ). The
 * site answers only after 8 s, so a request left running by the stopped crawl would hold the
 * process for seconds after 已停止 and the 2 s safety net would have to end it, saying so
 * (`直接退出`): that line must not appear.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSourceJob } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { sampleMessages, startSite, type RunningSite } from '../sites/index.js';
import { deleteQueuePrefix, openTestPostgresStore, testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/services.js';
import { repoDir, sourceFileFor, spawnWorker, waitFor } from './pipeline-helpers.js';

/** Below the source's 10 s timeout: the answer would come, late. */
const answerAfterMs = 8000;

interface Running {
  kill(): void;
  exited: Promise<number | string>;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function slowSite(): Promise<{ site: RunningSite; sources: Awaited<ReturnType<typeof sourceFileFor>> }> {
  const site = await startSite({ shape: 'paged-html', messages: sampleMessages(24, 41), pageSize: 6 });
  cleanups.push(() => site.close());
  const sources = await sourceFileFor(site, { id: 'stop-test' });
  cleanups.push(() => sources.cleanup());
  site.setFault({ kind: 'slow', delayMs: answerAfterMs });
  return { site, sources };
}

/**
 * Waits until the crawl is under way with requests just sent (the site has answered one, and
 * the crawler has had time to handle it and ask for the next ones), then stops the process.
 */
async function stopMidCrawl(site: RunningSite, running: Running): Promise<{ exit: number | string; ms: number }> {
  const answered = site.requests().length;
  await waitFor('an answer of the slow site', async () => site.requests().length > answered, 60_000, 20);
  await new Promise((r) => setTimeout(r, 2000));
  expect(site.requests().length).toBeLessThan(28); // 4 list pages and 24 details: far from done
  const started = Date.now();
  running.kill();
  const exit = await running.exited;
  return { exit, ms: Date.now() - started };
}

describe('a process stopped with SIGTERM while a crawl has requests in flight', () => {
  it('the main job on the embedded store ends on its own', { timeout: 150_000 }, async () => {
    const { site, sources } = await slowSite();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'minsheng-stop-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env = { ...process.env, MINSHENG_DATA_DIR: dataDir, MINSHENG_SOURCES: sources.file, PORT: '0', LOG_LEVEL: 'info' };
    const child = spawn(process.execPath, ['bin/minsheng.js', 'start'], { cwd: repoDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(async () => void (child.exitCode === null && child.kill('SIGKILL')));
    let log = '';
    child.stdout.on('data', (b: Buffer) => void (log += b.toString()));
    child.stderr.on('data', (b: Buffer) => void (log += b.toString()));
    const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
    // Up (its SIGTERM handler set) before the first answer counts.
    await waitFor('the main job to start', async () => log.includes('民声已启动') || child.exitCode !== null, 110_000, 100);
    expect(log).toContain('民声已启动');

    const { exit, ms } = await stopMidCrawl(site, { kill: () => child.kill('SIGTERM'), exited });
    expect(exit).toBe(0);
    expect(log).toContain('已停止');
    expect(log).not.toContain('直接退出');
    expect(ms).toBeLessThan(20_000);
  });

  it('a production worker ends on its own', { timeout: 150_000 }, async () => {
    const { site, sources } = await slowSite();
    const store = await openTestPostgresStore();
    cleanups.push(() => store.close());
    const prefix = uniqueName('msstop');
    const producer = new BullmqQueue({ redisUrl: testRedisUrl, prefix });
    cleanups.push(() => deleteQueuePrefix(prefix));
    cleanups.push(() => producer.close());
    const worker = await spawnWorker({
      DATABASE_URL: `${testDatabaseUrl}?schema=${store.schema}`,
      REDIS_URL: testRedisUrl,
      MINSHENG_QUEUE_PREFIX: prefix,
      MINSHENG_SOURCES: sources.file,
      MINSHENG_WORKER_CONCURRENCY: '2',
    });
    cleanups.push(async () => void (worker.child.exitCode === null && worker.child.kill('SIGKILL')));
    await producer.enqueue(crawlSourceJob, { sourceId: 'stop-test' }, { jobId: 'crawl:stop-test:1' });

    const { exit, ms } = await stopMidCrawl(site, { kill: () => worker.child.kill('SIGTERM'), exited: worker.exited });
    expect(exit).toBe(0);
    expect(worker.output()).toContain('工作进程已停止');
    expect(worker.output()).not.toContain('直接退出');
    expect(ms).toBeLessThan(20_000);
  });
});

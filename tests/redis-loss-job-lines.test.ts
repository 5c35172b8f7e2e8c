/**
 * What a worker's log says about the jobs it was running when Redis lost the queue's data, on the
 * real Redis (the test's own key prefix; only that prefix's keys are deleted, as a FLUSHALL would
 * delete them). Before, BullMQ's own English reached the log as 队列工作进程出错：Missing key for
 * job 3. moveToFinished (and Missing lock / could not renew lock), once or twice per job; now each
 * such job gets one Chinese line saying what happened and that its work is sent again. A missing
 * lock while the queue's data is intact (a real lock problem) is still said as before.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JobDefinition } from '../pipeline/index.js';
import { BullmqQueue } from '../pipeline/redis.js';
import { deleteQueuePrefix, testRedisUrl, uniqueName } from './helpers/services.js';
import { waitFor } from './pipeline-helpers.js';

const lossLine = '运行期间 Redis 丢失了队列数据';
const bullmqWords = /Missing key|Missing lock|could not renew lock/;

interface Run {
  queue: BullmqQueue;
  prefix: string;
  name: string;
  lines: string[];
  running: Set<number>;
  release: () => void;
}

const runs: Run[] = [];
afterEach(async () => {
  for (const r of runs.splice(0)) {
    r.release();
    await r.queue.close();
    await deleteQueuePrefix(r.prefix);
  }
});

/**
 * A queue on its own prefix whose jobs wait until released, with two of them running. `watchFirst`:
 * the mark is read first, as the process's watch does; without, the jobs start before any watch.
 */
async function twoRunningJobs({ watchFirst = true } = {}): Promise<Run> {
  const prefix = uniqueName('msjoblines');
  const name = uniqueName('held-job');
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push((JSON.parse(line) as { msg: string }).msg) });
  const definition: JobDefinition<{ n: number }> = { name, version: 1, schema: z.object({ n: z.number() }), attempts: 1 };
  const queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, logger, concurrency: 2, lockDurationMs: 4_000, closeTimeoutMs: 2_000 });
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const running = new Set<number>();
  queue.handle(definition, async ({ n }) => {
    running.add(n);
    await released;
  });
  const run: Run = { queue, prefix, name, lines, running, release };
  runs.push(run);
  // What every production process's watch does at start (pipeline/queue-data-watch.ts).
  if (watchFirst) await queue.dataMark();
  await queue.start();
  await queue.enqueue(definition, { n: 1 }, { jobId: 'job-1' });
  await queue.enqueue(definition, { n: 2 }, { jobId: 'job-2' });
  await waitFor('both jobs running', async () => running.size === 2, 20_000, 50);
  return run;
}

/** Loses the queue's data under the two running jobs, releases them, and checks each got its one Chinese line and no English. */
async function expectOneLineEach(run: Run): Promise<void> {
  await deleteQueuePrefix(run.prefix);
  // Held past a lock renewal (half the lock's duration), so both BullMQ errors come up.
  await new Promise((r) => setTimeout(r, 2_500));
  run.release();
  await waitFor('a line for each job', async () => run.lines.filter((l) => l.includes(lossLine)).length >= 2, 20_000, 50);
  // Whatever else BullMQ reports about these jobs comes within its retry delay.
  await new Promise((r) => setTimeout(r, 1_500));
  const lost = run.lines.filter((l) => l.includes(lossLine));
  expect(lost).toHaveLength(2);
  for (const id of ['job-1', 'job-2']) expect(lost.filter((l) => l.includes(`编号 ${id}`))).toHaveLength(1);
  expect(lost[0]).toContain(run.name);
  expect(lost[0]).toContain('重新送出');
  expect(run.lines.filter((l) => bullmqWords.test(l))).toEqual([]);
}

describe('jobs running when Redis loses the queue data', () => {
  it('get one Chinese line each, saying their work is sent again, and no BullMQ English', { timeout: 60_000 }, async () => {
    await expectOneLineEach(await twoRunningJobs());
  });

  // Before, the mark was first read by the watch, which each process starts after its workers: a
  // job taken in between had no mark to compare with, and its loss reached the log in English.
  it('the same for jobs taken before the process\'s watch first read the mark', { timeout: 60_000 }, async () => {
    await expectOneLineEach(await twoRunningJobs({ watchFirst: false }));
  });

  it('a lost lock while the queue keeps its data is still reported as an error, not as a loss', { timeout: 60_000 }, async () => {
    const run = await twoRunningJobs();
    const { Redis } = await import('ioredis');
    const redis = new Redis(testRedisUrl);
    try {
      await redis.del(`${run.prefix}:${run.name}:job-1:lock`);
    } finally {
      redis.disconnect();
    }
    run.release();
    await waitFor('the lock error reported', async () => run.lines.some((l) => l.includes('Missing lock for job job-1')), 20_000, 50);
    expect(run.lines.some((l) => l.includes('队列工作进程出错'))).toBe(true);
    expect(run.lines.filter((l) => l.includes(lossLine))).toEqual([]);
  });
});

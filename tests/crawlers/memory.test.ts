/**
 * A run leaves nothing of itself in memory once it is over, even when the caller keeps what its
 * callbacks made: the store's Prisma client keeps its last 100 transactions with their promises,
 * and a promise made inside Crawlee's request handler would carry Crawlee's async context, which
 * reaches the whole crawler and its request queue (16 MB each). The main job on the demo mailbox
 * grew by about 3 MB a second that way (`bench/main-job-memory.ts`).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSource, MemoryCrawlStateStore } from '../../crawlers/index.js';
import { sampleMessages, startSite, type RunningSite } from '../../sites/index.js';
import { exampleSource } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let site: RunningSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('memory', () => {
  it('lets each run go once it is over, though the caller keeps promises its callbacks made', async () => {
    site = await startSite({ shape: 'paged-html', messages: sampleMessages(10, 2), pageSize: 5 });
    const source = await exampleSource('paged-html', site);
    const kept: Promise<void>[] = [];
    const crawlOnce = async () => {
      const result = await crawlSource(source, {
        state: new MemoryCrawlStateStore(),
        onMessage: async () => void kept.push(Promise.resolve()),
      });
      expect(result.messages).toHaveLength(10);
    };
    await crawlOnce();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 10; i++) await crawlOnce();
    // Crawlee's own timers of the last run end within a second or two, later on a loaded machine
    // (48 MiB once under CI's load, 17 MiB when quiet): the lowest of some samples a second apart
    // is what the runs left. Runs kept alive stay, however long one waits.
    let grownMiB = Infinity;
    for (let sample = 0; sample < 8 && grownMiB >= 40; sample++) {
      await new Promise((r) => setTimeout(r, 1000));
      gc();
      grownMiB = Math.min(grownMiB, (process.memoryUsage().heapUsed - before) / 1_048_576);
    }
    expect(kept.length).toBe(110);
    // Ten runs kept alive would hold 160 MB or more.
    expect(grownMiB).toBeLessThan(40);
  });
});

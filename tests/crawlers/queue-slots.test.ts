/**
 * Each run opens a request queue of its own (a new crawler per run). Crawlee's gives every queue a
 * de-duplication cache of a million slots, 16 MB, which the main job on the demo mailbox threw
 * away every 5 s (up to some 200 MiB of it gathering between V8's full collections,
 * `bench/main-job-memory.ts`); the crawl engine sizes it to 65,536 slots (crawlers/engine/queue-slots.ts).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Configuration, RequestQueue } from '@crawlee/cheerio';
import { describe, expect, it } from 'vitest';
import { loadCrawlEngine } from '../../crawlers/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('request queue of a run', () => {
  it('takes about 1 MB of de-duplication slots, not 16 MB', async () => {
    await loadCrawlEngine();
    // As a run's crawler opens its queue: its own configuration, nothing on disk.
    const open = () => RequestQueue.open(null, { config: new Configuration({ persistStorage: false, purgeOnStart: true }) });
    await open();
    gc();
    const before = process.memoryUsage().heapUsed;
    const queues = [];
    for (let i = 0; i < 8; i++) queues.push(await open());
    gc();
    const perQueueMiB = (process.memoryUsage().heapUsed - before) / 1_048_576 / queues.length;
    expect(new Set(queues).size).toBe(8);
    // Crawlee 3.18 as shipped: 16 MiB a queue. If a newer Crawlee moved its cache, queue-slots.ts no longer reaches it.
    expect(perQueueMiB).toBeLessThan(3);
  });

  it('still takes a page once, however often it is queued', async () => {
    await loadCrawlEngine();
    const queue = await RequestQueue.open(null, { config: new Configuration({ persistStorage: false, purgeOnStart: true }) });
    const urls = Array.from({ length: 300 }, (_, i) => ({ url: `http://127.0.0.1:9/letter/${i}.html` }));
    const first = await queue.addRequests(urls);
    const again = await queue.addRequests([...urls].reverse());
    expect(first.processedRequests.filter((r) => !r.wasAlreadyPresent)).toHaveLength(300);
    expect(again.processedRequests.every((r) => r.wasAlreadyPresent)).toBe(true);
    let taken = 0;
    for (let r = await queue.fetchNextRequest(); r; r = await queue.fetchNextRequest()) {
      taken++;
      await queue.markRequestHandled(r);
    }
    expect(taken).toBe(300);
  });
});

/**
 * A smaller de-duplication cache for the request queue Crawlee opens for every run.
 *
 * Crawlee 3.18 gives each request queue a direct-mapped cache of a million slots (two arrays,
 * 16 MB) that only spares the queue's storage a look-up of a request it already holds: a slot
 * overwritten by another key is a miss, and the storage still refuses the key it has (Crawlee's
 * `request_dedup_cache.js`: "never a false hit"). A run is a new crawler and a new queue, so the
 * main job on the demo mailbox (a run every 5 s) threw away 16 MB every 5 s, and V8 let up to some
 * 200 MiB of them gather between full collections (bench/main-job-memory.ts). A run of ours
 * queues at most some tens of thousands of pages: 65,536 slots (1 MB) keep nearly all of them.
 *
 * Crawlee offers no option for the size and does not export the class, so its module is reached
 * by file. If a later Crawlee moves or renames it, nothing changes here (its own size stays) and
 * tests/crawlers/queue-slots.test.ts fails, saying so.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/** Slots of each run's request-queue de-duplication cache (16 bytes each). */
export const requestQueueDedupSlots = 65_536;

type CacheClass = new (size?: number) => object;

let applied = false;

/** Makes every request queue opened from now on use `requestQueueDedupSlots` slots. Idempotent. */
export function shrinkRequestQueueDedupCache(): boolean {
  if (applied) return true;
  const require = createRequire(import.meta.url);
  let module: { RequestDeduplicationCache?: CacheClass } | undefined;
  try {
    // The copy @crawlee/cheerio uses (and @crawlee/playwright, which shares it).
    const core = createRequire(require.resolve('@crawlee/cheerio')).resolve('@crawlee/core');
    module = require(path.join(path.dirname(core), 'storages', 'request_dedup_cache.js')) as typeof module;
  } catch {
    return false;
  }
  const Original = module?.RequestDeduplicationCache;
  if (!module || typeof Original !== 'function') return false;
  // request_provider.js reads the class off this module object at each queue's construction.
  module.RequestDeduplicationCache = class extends Original {
    constructor(size: number = requestQueueDedupSlots) {
      super(size);
    }
  };
  applied = true;
  return true;
}

/**
 * The pipeline as `npm start` runs it (embedded store, in-process queue, the committed classifier)
 * watching one look-alike site whose answers a test changes (tests/crawlers/removal-site.ts): for
 * suites that follow a letter from the site into the store across crawls.
 */
import { silentLogger } from '../../core/index.js';
import { createPipeline, crawlStage, InProcessQueue, type Pipeline } from '../../pipeline/index.js';
import type { Store } from '../../workflow/index.js';
import { removalSource, startRemovalSite, type RemovalSite, type RemovalSiteMessage } from '../crawlers/removal-site.js';
import { sharedClassifier } from '../pipeline-helpers.js';
import { openTestPgliteStore } from './services.js';

export interface RemovalPipeline {
  site: RemovalSite;
  store: Store;
  pipeline: Pipeline;
  /** One crawl of the site, and everything it queued done. */
  crawl(): Promise<void>;
  close(): Promise<void>;
}

export async function startRemovalPipeline(messages: RemovalSiteMessage[]): Promise<RemovalPipeline> {
  const site = await startRemovalSite(messages);
  const store = await openTestPgliteStore();
  const queue = new InProcessQueue({ concurrency: 2 });
  const source = removalSource(site);
  const pipeline = createPipeline({
    store,
    queue,
    classifier: await sharedClassifier(),
    logger: silentLogger,
    crawl: crawlStage({ store, sources: [source], config: { userAgent: 'minsheng-test', chromiumPath: '/usr/bin/chromium' } }),
  });
  await pipeline.start({ concurrency: 2 });
  return {
    site,
    store,
    pipeline,
    crawl: async () => {
      await pipeline.requestCrawl(source.id);
      await queue.idle(60_000);
    },
    close: async () => {
      await queue.close();
      await store.close();
      await site.close();
    },
  };
}

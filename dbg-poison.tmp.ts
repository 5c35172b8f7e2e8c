import { createLogger, type CrawledMessage } from '/work/main/core/index.js';
import { BullmqQueue, createPipeline } from '/work/main/pipeline/index.js';
import { sampleMessages } from '/work/main/sites/index.js';
import { openTestPostgresStore, testRedisUrl, uniqueName, deleteQueuePrefix } from '/work/main/tests/helpers/services.js';
import { sharedClassifier } from '/work/main/tests/pipeline-helpers.js';
const sourceId = 'poison-test';
function crawled(siteId: string, title: string, content: string): CrawledMessage {
  return { sourceId, channel: 'district_mailbox', siteId, title, content, fetchedAt: new Date().toISOString() };
}
const store = await openTestPostgresStore();
const prefix = uniqueName('dbg');
const queue = new BullmqQueue({ redisUrl: testRedisUrl, prefix, concurrency: 2, logger: createLogger({ level: 'debug', format: 'json' }) });
const pipeline = createPipeline({ store, queue, classifier: await sharedClassifier(), logger: createLogger({ level: 'debug', format: 'json' }) });
await pipeline.start({ concurrency: 2 });
console.log('started');
for (const m of sampleMessages(3, 5).map((m) => crawled(m.id, m.title, m.content))) await pipeline.submit(m);
console.log('submitted');
const t = setInterval(async () => console.log(JSON.stringify(await queue.metrics())), 2000);
await queue.idle(20000).catch((e) => console.log('idle', e.message));
clearInterval(t);
console.log(await store.db.message.count(), await store.db.case.count());
await queue.close(); await store.close(); await deleteQueuePrefix(prefix);

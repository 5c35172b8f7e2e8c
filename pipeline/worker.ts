/**
 * A production worker process (`minsheng worker`): PostgreSQL + BullMQ, every job kind; crawl
 * jobs too when a source file is configured. Run as many as needed, on as many machines.
 */
import { loadClassifier, loadUnitDirectory } from '../classifier/index.js';
import { loadConfiguredSourceFile, loadCrawlEngine, type SourceDefinition } from '../crawlers/index.js';
import { ConfigError, type Config, type Logger } from '../core/index.js';
import { openStore, syncUnits, watchStoreVersion, type Store } from '../workflow/index.js';
import { allJobs } from './jobs/definitions.js';
import { createPipeline, type Pipeline } from './pipeline.js';
import { watchQueueData } from './queue-data-watch.js';
import { BullmqQueue } from './queue/bullmq-queue.js';
import { waitForRedis } from './redis-connection.js';
import { crawlStage } from './stages/crawl-stage.js';
import type { MessageClassifier } from './stages/classify-stage.js';

export interface WorkerOptions {
  config: Config;
  logger: Logger;
  /** Jobs run at once per job kind. @default config.workerConcurrency */
  concurrency?: number | undefined;
  /** The classifier; @default the configured model (MINSHENG_MODEL or the committed one) */
  classifier?: MessageClassifier | undefined;
  /** Re-send unregistered messages at start. @default true */
  recover?: boolean | undefined;
  /** On shutdown, how long jobs in flight may take before they are handed back. @default 60000 */
  closeTimeoutMs?: number | undefined;
  /**
   * Called once when a newer minsheng has migrated the store since this worker started (an
   * upgrade with this old worker still running): the caller stops the worker. Unset: not watched.
   */
  onStoreUpgraded?: ((message: string) => void) | undefined;
  /** How often the store's migrations are checked for `onStoreUpgraded`. @default 60000 */
  storeVersionCheckMs?: number | undefined;
  /**
   * Ends the wait for a Redis that is down (the start rejects with the signal's reason, after
   * closing the store): a process stopped before Redis answered stops at once.
   */
  signal?: AbortSignal | undefined;
}

export interface RunningWorker {
  readonly store: Store;
  readonly queue: BullmqQueue;
  readonly pipeline: Pipeline;
  readonly sources: SourceDefinition[];
  /** Graceful: stops taking jobs, finishes (or hands back) those in flight, closes connections. */
  close(): Promise<void>;
}

/** Production mode needs both services; says which is missing, in words staff can act on. */
export function requireProductionServices(config: Pick<Config, 'redisUrl' | 'databaseUrl'>, what: string, needs: { redis?: boolean; database?: boolean } = { redis: true, database: true }): { redisUrl: string; databaseUrl: string | undefined } {
  const missing: string[] = [];
  if (needs.redis !== false && !config.redisUrl) missing.push('REDIS_URL（Redis 地址，如 redis://127.0.0.1:6379）');
  if (needs.database !== false && !config.databaseUrl) missing.push('DATABASE_URL（PostgreSQL 地址，如 postgresql://user@host:5432/minsheng）');
  if (missing.length > 0) {
    const services = [needs.redis !== false ? 'Redis' : '', needs.database !== false ? 'PostgreSQL' : ''].filter(Boolean).join(' 和 ');
    throw new ConfigError(`${what}需要 ${services}（生产模式），请设置环境变量：${missing.join('；')}。单机使用请运行 npm start。`);
  }
  return { redisUrl: config.redisUrl!, databaseUrl: config.databaseUrl };
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { config, logger } = options;
  const { redisUrl, databaseUrl } = requireProductionServices(config, '工作进程');
  const store = await openStore({ databaseUrl, logger });
  try {
    // The unit directory goes into the store here too, as `npm start` does: a registration links
    // the suggested unit only if the store has it, and workers may run (with `minsheng scheduler`)
    // before any `npm start` on a new database, or after a new directory reached only them.
    const units = loadUnitDirectory(config.unitsFile);
    const addedUnits = await syncUnits(store.db, units);
    if (addedUnits > 0) logger.info(`已载入承办单位目录：新增 ${addedUnits} 个单位`);
    const classifier = options.classifier ?? (await loadClassifier({ modelFile: config.modelFile, unitDirectory: units }));
    const sources = config.sourcesFile ? await loadConfiguredSourceFile(config.sourcesFile, config) : [];
    if (!config.sourcesFile) logger.warn('未设置 MINSHENG_SOURCES：本工作进程不执行采集任务，只处理记录、分类、登记等任务');
    // As `npm start` does: wait for a Redis that is down, one line every half minute, rather
    // than start a queue whose workers report every reconnection attempt.
    await waitForRedis(redisUrl, { logger, signal: options.signal });
    const queue = new BullmqQueue({
      redisUrl,
      prefix: config.queuePrefix,
      logger,
      concurrency: options.concurrency ?? config.workerConcurrency,
      definitions: allJobs,
      lockDurationMs: config.jobLockMs,
      closeTimeoutMs: options.closeTimeoutMs,
    });
    const crawl = sources.length > 0 ? crawlStage({ store, sources, config, queue }) : undefined;
    // Before jobs are taken: loading the crawl engine inside the first crawl job would hold its lock's renewal.
    if (crawl) await loadCrawlEngine(sources);
    const pipeline = createPipeline({ store, queue, classifier, logger, crawl, reporterThreshold: config.reporterThreshold });
    await pipeline.start({ concurrency: options.concurrency ?? config.workerConcurrency, recover: options.recover });
    // Each worker says once in its own log when Redis lost its data, and re-sends what was in flight.
    const dataWatch = await watchQueueData({ queue, store, logger });
    const onStoreUpgraded = options.onStoreUpgraded;
    const versionWatch = onStoreUpgraded ? watchStoreVersion({ sql: store.sql, onNewer: onStoreUpgraded, everyMs: options.storeVersionCheckMs, logger }) : undefined;
    let closing: Promise<void> | undefined;
    return {
      store,
      queue,
      pipeline,
      sources,
      close: () =>
        (closing ??= (async () => {
          versionWatch?.stop();
          dataWatch.stop();
          await pipeline.close();
          await store.close();
        })()),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

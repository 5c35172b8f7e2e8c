/**
 * The pipeline: wires the stages to a queue. The same handlers run on the in-process queue
 * (embedded default, `npm start`) and on BullMQ workers (`minsheng worker`).
 */
import type { CrawledMessage, Logger } from '../core/index.js';
import { clearPlaceholderReplies, StoreDedup, type Store } from '../workflow/index.js';
import { classifyMessageJob, crawlSourceJob, recordMessageJob, registerMessageJob, scanDeadlinesJob, sweepUnfinishedJob } from './jobs/definitions.js';
import type { JobHandler, JobQueue } from './queue/index.js';
import { recoverUnfinished, sweepStage } from './recover-unfinished.js';
import { scanDeadlinesStage } from './stages/scan-deadlines-stage.js';
import { classifyStage, type MessageClassifier } from './stages/classify-stage.js';
import { recordStage } from './stages/record-stage.js';
import { fitToLimits } from './stages/normalize-message.js';
import { registerStage } from './stages/register-stage.js';

export interface PipelineOptions {
  store: Store;
  queue: JobQueue;
  /** Reporters (distinct writers) that make a case 群众反映较多 (special supervision). @default workflow's (5) */
  reporterThreshold?: number;
  classifier: MessageClassifier;
  logger: Logger;
  /** Handler of crawl jobs; absent in processes that do not crawl. */
  crawl?: JobHandler<{ sourceId: string }> | undefined;
}

export interface Pipeline {
  readonly queue: JobQueue;
  /** Hands a crawled message to the pipeline (stage 收集). */
  submit(message: CrawledMessage): Promise<void>;
  /** Asks for a crawl of one source now. */
  requestCrawl(sourceId: string): Promise<void>;
  /**
   * Starts processing jobs: first repairs what older releases stored (a reply box's placeholder kept
   * as the reply: once per store and version of the placeholder rules), loads the de-duplication
   * index from the store and re-enqueues unfinished messages.
   */
  start(options?: { concurrency?: number; recover?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { store, queue, classifier, logger } = options;
  // One index per process, shared by every registration job it runs.
  const dedup = new StoreDedup();
  queue.handle(recordMessageJob, recordStage(store));
  queue.handle(classifyMessageJob, classifyStage(store, classifier));
  queue.handle(registerMessageJob, registerStage(store, dedup));
  queue.handle(sweepUnfinishedJob, sweepStage(store, queue));
  queue.handle(scanDeadlinesJob, scanDeadlinesStage(store, { reporterThreshold: options.reporterThreshold }));
  if (options.crawl) queue.handle(crawlSourceJob, options.crawl);
  return {
    queue,
    async submit(message) {
      // Cut here as well as in the stage, so an over-long letter passes the job's payload check.
      await queue.enqueue(recordMessageJob, { message: fitToLimits(message).message }, { jobId: `record:${message.sourceId}:${message.siteId}:${message.fetchedAt}` });
    },
    async requestCrawl(sourceId) {
      await queue.enqueue(crawlSourceJob, { sourceId }, { jobId: `crawl:${sourceId}:${Date.now()}` });
    },
    async start(startOptions = {}) {
      // Before any crawl job records a message: the repaired reply is what the next crawl compares with.
      const repair = await clearPlaceholderReplies(store, {
        onProgress: (n) => logger.debug(`正在检查已存留言的“网站上的回复”是否为占位文字：已检查 ${n} 条…`),
      });
      if (repair.cleared > 0) {
        logger.info(`已清除 ${repair.cleared} 条留言记录的“网站上的回复”：它们是网站答复栏的占位文字（如“暂无回复”“正在办理中”），不是答复；原文保留在各留言的“网站上的变化”中`);
      }
      if (repair.clearedExcluded > 0) {
        // Excluded letters keep no change history: this line is the record of what was cleared.
        const texts = Object.entries(repair.excludedTexts).map(([text, n]) => `“${text}”×${n}`).join('、');
        logger.info(`已清除 ${repair.clearedExcluded} 条非本区留言记录的“网站上的回复”：它们是网站答复栏的占位文字，不是答复（非本区留言不保留变化记录，清除的原文：${texts}）`);
      }
      // Rebuilt here, with progress, rather than by the first registration (a large store takes a while).
      const started = Date.now();
      let shown = started;
      // Messages of an older release (another fingerprint version) are fingerprinted again and
      // written back, once: the first start after an upgrade says so, as it takes longer.
      let rewritten = 0;
      const updated = (n: number) => (n > 0 ? `（其中 ${n} 条为旧版本指纹，已重新计算并写回）` : '');
      const loaded = await dedup.catchUp(store.db, (n, written) => {
        rewritten = written;
        if (Date.now() - shown < 2000) return;
        shown = Date.now();
        logger.info(`正在载入查重索引：已载入 ${n} 条留言${updated(written)}…`);
      }, (error, rows) => {
        // Not a failed start: the index is loaded either way; the next start tries these rows again.
        logger.warn(`${rows} 条旧版本指纹重新计算后未能写回数据库（下次启动时重试）：${error instanceof Error ? error.message : String(error)}`);
      });
      if (loaded > 0) logger.info(`查重索引已就绪：${loaded} 条留言${updated(rewritten)}，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
      if (startOptions.recover !== false) {
        const n = await recoverUnfinished(store, queue);
        if (n > 0) logger.info(`恢复未完成的留言 ${n} 条`);
      }
      await queue.start({ concurrency: startOptions.concurrency });
    },
    async close() {
      await queue.close();
    },
  };
}

/** Stage 收集: normalise a crawled message and record it (once); new messages go on to classification. */
import type { CrawledMessage } from '../../core/index.js';
import { recordMessage, type RecordedMessage, type Store } from '../../workflow/index.js';
import { classifyMessageJob, recordMessageJob } from '../jobs/definitions.js';
import { BadPayloadError, parsePayload, type JobContext, type JobHandler } from '../queue/index.js';
import { normalizeMessage } from './normalize-message.js';

/**
 * Normalises a message and checks it against the payload limits (text length, required fields).
 * Throws BadPayloadError with a staff-facing reason for a message that cannot be stored
 * (huge text, no site id): retrying cannot help.
 */
export function prepareMessage(message: CrawledMessage): CrawledMessage {
  const normalized = normalizeMessage(message);
  if (normalized.siteId === '') throw new BadPayloadError('留言缺少站点编号，无法记录');
  return parsePayload(recordMessageJob, { message: normalized }).message as CrawledMessage;
}

/**
 * Records one crawled message and queues its classification when it has no case yet.
 * The crawl stage calls this before the crawler saves its watch state, so a message the crawler
 * counts as known is always already in the store, whatever queue runs the pipeline.
 * Idempotent: recording the same message again changes nothing but its last-seen time.
 */
export async function recordCrawled(store: Store, message: CrawledMessage, ctx: Pick<JobContext, 'enqueue' | 'logger'>): Promise<RecordedMessage> {
  const recorded = await recordMessage(store.db, prepareMessage(message));
  if (recorded.isNew || recorded.caseId === null) {
    await ctx.enqueue(classifyMessageJob, { messageId: recorded.messageId }, { jobId: `classify:${recorded.messageId}` });
  }
  if (recorded.changedFields.length > 0) {
    ctx.logger.info({ messageId: recorded.messageId, fields: recorded.changedFields }, `留言有更新：${recorded.changedFields.join('、')}`);
  }
  return recorded;
}

/** The record-message job: a message handed in by `Pipeline.submit` (its source must be known). */
export function recordStage(store: Store): JobHandler<{ message: CrawledMessage }> {
  return async ({ message }, ctx) => {
    const prepared = prepareMessage(message);
    const source = await store.db.source.findUnique({ where: { id: prepared.sourceId }, select: { id: true } });
    if (!source) throw new BadPayloadError(`未知来源 ${prepared.sourceId}：留言无法记录（来源须先在来源文件中定义并采集过）`);
    await recordCrawled(store, message, ctx);
  };
}

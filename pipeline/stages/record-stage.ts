/** Stage 收集: normalise a crawled message and record it (once); new messages go on to classification. */
import { BadInputError, type CrawledMessage } from '../../core/index.js';
import { recordMessage, type RecordedMessage, type Store } from '../../workflow/index.js';
import { classifyMessageJob } from '../jobs/definitions.js';
import type { JobContext, JobHandler } from '../queue/index.js';
import { normalizeMessage } from './normalize-message.js';

/**
 * Records one crawled message and queues its classification when it has no case yet.
 * The crawl stage calls this before the crawler saves its watch state, so a message the crawler
 * counts as known is always already in the store, whatever queue runs the pipeline.
 */
export async function recordCrawled(store: Store, message: CrawledMessage, ctx: Pick<JobContext, 'enqueue' | 'logger'>): Promise<RecordedMessage> {
  const normalized = normalizeMessage(message);
  if (normalized.siteId === '') throw new BadInputError('留言缺少站点编号，无法记录');
  const recorded = await recordMessage(store.db, normalized);
  if (recorded.isNew || recorded.caseId === null) {
    await ctx.enqueue(classifyMessageJob, { messageId: recorded.messageId }, { jobId: `classify:${recorded.messageId}` });
  }
  if (recorded.changedFields.length > 0) {
    ctx.logger.info({ messageId: recorded.messageId, fields: recorded.changedFields }, `留言有更新：${recorded.changedFields.join('、')}`);
  }
  return recorded;
}

export function recordStage(store: Store): JobHandler<{ message: CrawledMessage }> {
  return async ({ message }, ctx) => {
    await recordCrawled(store, message, ctx);
  };
}

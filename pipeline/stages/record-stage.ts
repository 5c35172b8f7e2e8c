/** Stage 收集: normalise a crawled message and record it (once); new messages go on to classification. */
import type { CrawledMessage } from '../../core/index.js';
import { recordMessage, type RecordedMessage, type Store } from '../../workflow/index.js';
import { classifyMessageJob, recordMessageJob } from '../jobs/definitions.js';
import { BadPayloadError, parsePayload, type JobContext, type JobHandler } from '../queue/index.js';
import { fitToLimits, normalizeMessage } from './normalize-message.js';

const cutFieldNames: Record<string, string> = { title: '标题', content: '正文', author: '留言人', siteType: '类型', siteStatus: '状态', replyUnit: '答复单位', replyText: '答复' };

/**
 * The watched fields as the case page's 网站上的变化 names them (web/console/js/names.js
 * siteFieldNames), for the log line of a change: the administrator reading a worker's log sees
 * Chinese names, not the store's field names.
 */
const changedFieldNames: Record<RecordedMessage['changedFields'][number], string> = { title: '标题', content: '正文', siteType: '网站上的类型', siteStatus: '网站上的状态', replyUnit: '回复单位', replyAt: '回复时间', replyText: '网站上的回复', upperDeadline: '上级办理时限' };

/**
 * Normalises a message, cuts over-long texts (`fitToLimits`) and checks it against the payload
 * schema (required fields, identifiers' lengths). Throws BadPayloadError with a staff-facing
 * reason for a message that cannot be stored (no site id, a site id or address too long to be
 * one, an unknown channel): retrying cannot help. `onCut` hears which texts were cut.
 */
export function prepareMessage(message: CrawledMessage, onCut?: (fields: string[]) => void): CrawledMessage {
  const normalized = normalizeMessage(message);
  if (normalized.siteId === '') throw new BadPayloadError('留言缺少站点编号，无法记录');
  const fitted = fitToLimits(normalized);
  if (fitted.cut.length > 0) onCut?.(fitted.cut.map((f) => cutFieldNames[f] ?? f));
  return parsePayload(recordMessageJob, { message: fitted.message }).message as CrawledMessage;
}

/**
 * Records one crawled message and queues its classification when it has no case yet.
 * The crawl stage calls this before the crawler saves its watch state, so a message the crawler
 * counts as known is always already in the store, whatever queue runs the pipeline.
 * Idempotent: recording the same message again changes nothing but its last-seen time.
 */
export async function recordCrawled(store: Store, message: CrawledMessage, ctx: Pick<JobContext, 'enqueue' | 'logger'>): Promise<RecordedMessage> {
  const prepared = prepareMessage(message, (fields) => {
    ctx.logger.warn({ sourceId: message.sourceId, siteId: message.siteId, fields }, `留言 ${message.siteId} 的${fields.join('、')}超过长度上限，已截断记录（原文见原网页）`);
  });
  const recorded = await recordMessage(store.db, prepared);
  if (recorded.isNew || recorded.caseId === null) {
    await ctx.enqueue(classifyMessageJob, { messageId: recorded.messageId }, { jobId: `classify:${recorded.messageId}` });
  }
  if (recorded.changedFields.length > 0) {
    // Names the message (source and the site's own id, as the cut warning above does): the pretty
    // log shows the message text only, and a line without them could not be traced to a letter.
    const names = recorded.changedFields.map((f) => changedFieldNames[f]);
    ctx.logger.info(
      { messageId: recorded.messageId, sourceId: message.sourceId, siteId: message.siteId, fields: recorded.changedFields },
      `留言有更新（来源 ${message.sourceId}，留言 ${message.siteId}）：${names.join('、')}`,
    );
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

/** Stage 收集: normalise a crawled message and record it (once); new messages go on to classification. */
import { BadInputError } from '../../core/index.js';
import { recordMessage, type Store } from '../../workflow/index.js';
import { classifyMessageJob } from '../jobs/definitions.js';
import type { JobHandler } from '../queue/index.js';
import type { recordMessageJob } from '../jobs/definitions.js';
import { normalizeMessage } from './normalize-message.js';

type Payload = Parameters<JobHandler<(typeof recordMessageJob)['schema']['_output']>>[0];

export function recordStage(store: Store): JobHandler<Payload> {
  return async ({ message }, ctx) => {
    const normalized = normalizeMessage(message);
    if (normalized.siteId === '') throw new BadInputError('留言缺少站点编号，无法记录');
    const recorded = await recordMessage(store.db, normalized);
    if (recorded.isNew || recorded.caseId === null) {
      await ctx.enqueue(classifyMessageJob, { messageId: recorded.messageId }, { jobId: `classify:${recorded.messageId}` });
    }
    if (recorded.changedFields.length > 0) {
      ctx.logger.info({ messageId: recorded.messageId, fields: recorded.changedFields }, `留言有更新：${recorded.changedFields.join('、')}`);
    }
  };
}

/** Stage 分类: the classifier's suggestion for a recorded message; registration follows. */
import { NotFoundError } from '../../core/index.js';
import type { Store, SuggestionForLedger } from '../../workflow/index.js';
import { registerMessageJob } from '../jobs/definitions.js';
import { BadPayloadError, type JobHandler } from '../queue/index.js';

/** What the pipeline needs of a classifier (classifier/'s Classifier satisfies it). */
export interface MessageClassifier {
  classify(message: { title: string; content: string }): SuggestionForLedger;
}

/**
 * Idempotent: a message that already has a case is left alone; the registration job's id is the
 * message's, so copies of this job queue one registration.
 */
export function classifyStage(store: Store, classifier: MessageClassifier): JobHandler<{ messageId: string }> {
  return async ({ messageId }, ctx) => {
    const message = await store.db.message.findUnique({ where: { id: messageId }, select: { id: true, title: true, content: true, caseId: true } });
    if (!message) throw new NotFoundError(`留言不存在：${messageId}`);
    if (message.caseId) return; // already registered: at-least-once delivery brought it again
    // Every empty message would share one content hash and be merged into one case: keep it out
    // of the ledger and in the failed list, where staff see it.
    if (message.title.trim() === '' && message.content.trim() === '') throw new BadPayloadError(`留言 ${messageId} 的标题和正文均为空，无法分类登记`);
    const classification = classifier.classify({ title: message.title, content: message.content });
    await ctx.enqueue(registerMessageJob, { messageId, classification: classification as unknown as Record<string, unknown> }, { jobId: `register:${messageId}` });
  };
}

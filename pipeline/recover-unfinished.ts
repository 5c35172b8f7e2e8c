/**
 * Start-up recovery: a message recorded but not yet registered (the process stopped, or an
 * in-process job was lost with it) is sent to classification again. Safe to run any time:
 * registration is idempotent.
 */
import type { Store } from '../workflow/index.js';
import { classifyMessageJob } from './jobs/definitions.js';
import type { JobQueue } from './queue/index.js';

export async function recoverUnfinished(store: Store, queue: JobQueue): Promise<number> {
  const pending = await store.db.message.findMany({ where: { caseId: null }, select: { id: true }, orderBy: { firstSeenAt: 'asc' } });
  for (const m of pending) await queue.enqueue(classifyMessageJob, { messageId: m.id }, { jobId: `classify:${m.id}` });
  return pending.length;
}

/**
 * Recovery of unfinished work: a message recorded but not yet registered (the process stopped, an
 * in-process job was lost with it, or Redis lost its data) is sent to classification again. Safe
 * to run any time and from any number of processes: every stage is idempotent and the
 * classification job's id is the message's. Run at start-up and, as the `sweep-unfinished` job,
 * periodically by the scheduler. A letter recorded with neither title nor text (stored trimmed, so
 * both empty) is left out: classification refuses it for good (the failed list says why), so it is
 * kept out of the ledger by design, not unfinished; before, every start and every sweep counted it
 * again (巡检：1 条…重新送去分类 each minute) while the queue, knowing its failed job, added nothing.
 */
import type { Store } from '../workflow/index.js';
import { classifyMessageJob } from './jobs/definitions.js';
import type { JobHandler, JobQueue } from './queue/index.js';

export interface RecoverOptions {
  /** Only messages first seen at least this long ago (younger ones are normally still in flight). @default 0 */
  olderThanMs?: number;
  /** At most this many per run, oldest first. @default 10000 */
  limit?: number;
}

export async function recoverUnfinished(store: Store, queue: Pick<JobQueue, 'enqueue'>, options: RecoverOptions = {}): Promise<number> {
  const before = new Date(Date.now() - (options.olderThanMs ?? 0));
  const pending = await store.db.message.findMany({
    where: { caseId: null, firstSeenAt: { lte: before }, NOT: { title: '', content: '' } },
    select: { id: true },
    orderBy: { firstSeenAt: 'asc' },
    take: options.limit ?? 10_000,
  });
  // A classification that completed while its registration was lost is run again; a failed one
  // stays in the failed list for staff (`minsheng jobs retry`).
  for (const m of pending) await queue.enqueue(classifyMessageJob, { messageId: m.id }, { jobId: `classify:${m.id}`, replaceCompleted: true });
  return pending.length;
}

/**
 * The `sweep-unfinished` job's handler. When Redis lost the queue's data and the re-sending at
 * the loss failed (queue-data-loss.ts: the notice says the sweep does it), a sweep that ran at
 * least `olderThanMs` after the loss has re-sent every letter recorded before it: the loss's
 * record is then marked done, so the console's line stops saying it failed and can be dismissed.
 */
export function sweepStage(store: Store, queue?: Pick<JobQueue, 'dataLoss' | 'settleFailedResend'>): JobHandler<{ olderThanMs: number }> {
  return async ({ olderThanMs }, ctx) => {
    const n = await recoverUnfinished(store, ctx, { olderThanMs });
    if (n > 0) ctx.logger.info(`巡检：${n} 条已记录未登记的留言重新送去分类`);
    const loss = await queue?.dataLoss?.();
    if (loss?.resend !== 'failed' || Date.now() - Date.parse(loss.lostAt) < olderThanMs) return;
    if (await queue?.settleFailedResend?.(loss.lostAt, n, new Date().toISOString()))
      ctx.logger.info(`巡检已补做 Redis 队列数据丢失（${loss.lostAt}）后未能重新送去分类的留言：本次 ${n} 条`);
  };
}

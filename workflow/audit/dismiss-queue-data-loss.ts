/**
 * 知道了 on the console's notice that Redis lost the queue's data (pipeline/queue/queue-data-loss.ts):
 * the administrator or the centre hides that loss's line for everyone once its lost work was sent
 * again. Kept in the event log (caseId null, beside the account changes and bulletins: an admin
 * action on no case) with who and when, and keyed by the loss's `lostAt`: the next loss is noticed
 * at another time, so its line shows again. Workflow knows no queue: the caller passes the loss as
 * Redis holds it now, and the rule (only a finished re-sending, only the loss shown) is kept here.
 */
import { AppError } from '../../core/index.js';
import { appendEvent } from '../events/append-event.js';
import type { Db } from '../store/index.js';
import { accountName } from '../users/actor-name.js';
import { requireRole, type Actor, type ActorRole } from '../users/actor.js';

/** Who is shown the notice, and may dismiss it: the staff who run the system. */
export const queueDataLossRunners: readonly ActorRole[] = ['admin', 'egov_centre'];

/** The event's type (one per dismissed loss). */
export const queueDataLossDismissedEvent = 'queue_data_loss_dismissed';

/** A loss as the queue records it: when it was noticed, and how far its re-sending got. */
export interface QueueDataLossState {
  lostAt: string;
  resend: 'pending' | 'running' | 'done' | 'failed';
}

export interface QueueDataLossDismissal {
  /** The account that said 知道了. */
  by: string;
  /** How staff read it: 张三（zhangsan）. */
  byName: string;
  /** When (ISO time). */
  at: string;
}

/** Why a loss in this state keeps its line: said to whoever tries to dismiss it. */
const notFinished: Record<Exclude<QueueDataLossState['resend'], 'done'>, string> = {
  pending: '已记录、未登记的留言尚未重新送去分类，补做完成后才能标记“知道了”',
  running: '正在将已记录、未登记的留言重新送去分类，完成后才能标记“知道了”',
  failed: '已记录、未登记的留言未能重新送去分类，每分钟的巡检补做完成后才能标记“知道了”；若一直未补做，请查明原因（见提示中的说明和日志）',
};

type EventDb = Pick<Db, 'event'>;

async function findDismissal(db: EventDb, lostAt: string) {
  return db.event.findFirst({
    where: { caseId: null, type: queueDataLossDismissedEvent, data: { path: ['lostAt'], equals: lostAt } },
    orderBy: { id: 'asc' },
    select: { actor: true, at: true },
  });
}

/** Who dismissed the loss noticed at `lostAt`, and when; undefined while nobody has. */
export async function queueDataLossDismissal(db: Db, lostAt: string): Promise<QueueDataLossDismissal | undefined> {
  const row = await findDismissal(db, lostAt);
  return row ? { by: row.actor, byName: await accountName(db, row.actor), at: row.at.toISOString() } : undefined;
}

/**
 * Dismisses the loss noticed at `lostAt` (the one the actor was shown), given the loss Redis holds
 * now (`current`; undefined: none). Refused (409) when that is no longer the loss shown, or its
 * re-sending is not done. Dismissing it again changes nothing and answers the first dismissal.
 */
export async function dismissQueueDataLoss(db: Db, input: { actor: Actor; lostAt: string; current: QueueDataLossState | undefined }): Promise<QueueDataLossDismissal> {
  requireRole(input.actor, queueDataLossRunners);
  const { current } = input;
  if (!current) throw new AppError('CONFLICT', '当前没有任务队列数据丢失的提示，请刷新页面');
  if (current.lostAt !== input.lostAt) throw new AppError('CONFLICT', '任务队列数据丢失的提示已更新（Redis 又一次丢失了队列数据），请刷新页面后查看新的提示');
  if (current.resend !== 'done') throw new AppError('CONFLICT', notFinished[current.resend], { details: { resend: current.resend } });
  await db.$transaction(async (tx) => {
    if (await findDismissal(tx, input.lostAt)) return;
    await appendEvent(tx, { type: queueDataLossDismissedEvent, actor: input.actor.username, role: input.actor.role, data: { lostAt: input.lostAt } });
  });
  return (await queueDataLossDismissal(db, input.lostAt))!;
}

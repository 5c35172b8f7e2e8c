/**
 * The last loss of the queue's data in Redis (pipeline/queue/queue-data-loss.ts), for the staff who
 * run the system (系统管理员, the centre): the line above every console page, and its 知道了
 * (workflow/audit/dismiss-queue-data-loss.ts), which hides that loss's line for everyone once its
 * lost work was sent again. Redis is read within 2 s: the console must not wait on an outage, which
 * the Redis warnings and /api/health report.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeQueueDataLoss, type JobQueue, type QueueDataLoss } from '../../pipeline/index.js';
import type { Store } from '../../workflow/index.js';
import { dismissQueueDataLoss, queueDataLossDismissal, queueDataLossRunners } from '../../workflow/audit/index.js';
import { requireRole } from '../../workflow/users/index.js';
import { withinTime } from '../time-limit.js';
import { actorOf, parseInput } from './request-input.js';

export interface QueueDataLossRoutesOptions {
  store: Store;
  /** The pipeline's queue; absent, or without `dataLoss` (the in-process queue): no loss to tell. */
  queue?: Pick<JobQueue, 'dataLoss'> | undefined;
}

const dismissBody = z.object({ lostAt: z.string().min(1).max(40) });

export async function queueDataLossRoutes(app: FastifyInstance, options: QueueDataLossRoutesOptions): Promise<void> {
  const db = options.store.db;
  /** The loss Redis records now; undefined when none (or Redis does not answer in time: nothing to show). */
  const currentLoss = async (): Promise<QueueDataLoss | undefined> =>
    options.queue?.dataLoss ? await withinTime(options.queue.dataLoss(), 2_000, 'Redis').catch(() => undefined) : undefined;

  /**
   * `loss` with `text`, the line shown; `dismissed` (who said 知道了, and when; the console then
   * shows nothing) and `dismissible` (re-sending done, not yet dismissed: 知道了 is offered); or null.
   */
  app.get('/api/console/queue-data-loss', async (request) => {
    requireRole(actorOf(request), queueDataLossRunners);
    const loss = await currentLoss();
    if (!loss) return { loss: null };
    const dismissed = (await queueDataLossDismissal(db, loss.lostAt)) ?? null;
    return { loss: { ...loss, text: describeQueueDataLoss(loss), dismissed, dismissible: loss.resend === 'done' && !dismissed } };
  });

  /** 知道了 for the loss noticed at `lostAt` (the one shown); refused (409, saying why) unless its re-sending is done. */
  app.post('/api/console/queue-data-loss/dismiss', async (request) => {
    const actor = actorOf(request);
    requireRole(actor, queueDataLossRunners);
    const body = parseInput(dismissBody, request.body);
    const dismissed = await dismissQueueDataLoss(db, { actor, lostAt: body.lostAt, current: await currentLoss() });
    return { dismissed };
  });
}

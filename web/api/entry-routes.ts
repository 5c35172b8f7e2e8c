/**
 * 手工录入 (under /api/console/messages): the e-government centre enters a message that came by
 * paper, OA or another channel (第三条㈠ 3 and 4). It enters the pipeline as a crawled message does
 * (pipeline/stages/enter-by-hand.ts): classified, de-duplicated, and a case in the review queue or
 * a copy linked to its case. Thin handlers: parse, call the pipeline's entry, answer.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { enterByHand, handEntryOf, handEntrySchema, type EnterByHandOptions, type JobQueue } from '../../pipeline/index.js';
import { enteredMessageStatus, enterMessageRoles, type Store } from '../../workflow/index.js';
import { accountActor, requireRole, type Actor } from '../../workflow/users/index.js';
import { requireLocalCommandLine } from './cli-routes.js';
import { actorOf, parseInput } from './request-input.js';

export interface EntryRoutesOptions {
  store: Store;
  /** The pipeline's queue. @default none: the unfinished-work sweep queues an entered message later */
  queue?: Pick<JobQueue, 'enqueue'> | undefined;
  /** How long POST waits for the registration (the case) before answering `pending`. @default 5000 */
  waitForCaseMs?: number | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function entryRoutes(app: FastifyInstance, options: EntryRoutesOptions): Promise<void> {
  const db = options.store.db;
  const waitMs = options.waitForCaseMs ?? 5_000;

  /** Enters one message as `actor` and waits a few seconds for its case. */
  const enter = async (actor: Actor, body: unknown, log: EnterByHandOptions['logger']) => {
    requireRole(actor, enterMessageRoles);
    const input = parseInput(handEntrySchema, body);
    const entered = await enterByHand({ store: options.store, queue: options.queue, logger: log }, { entry: handEntryOf(input), actor });
    let status = await enteredMessageStatus(db, { messageId: entered.messageId, actor });
    for (const started = Date.now(); status.caseId === null && Date.now() - started < waitMs; ) {
      await sleep(100);
      status = await enteredMessageStatus(db, { messageId: entered.messageId, actor });
    }
    return { code: entered.isNew ? 201 : 200, body: { ...status, existing: !entered.isNew, enteredBy: entered.enteredBy, enteredAt: entered.enteredAt, upperDeadlineTaken: entered.upperDeadlineTaken, pending: status.caseId === null } };
  };

  /**
   * 录入留言: 201 with the message and, once registered within a few seconds, its case (`linked`:
   * joined an existing case as a copy); `pending` when registration is still to come (follow it
   * with GET). A 转办编号 entered before: 200 with `existing` and that message's case; nothing new.
   * A letter identical to one entered by hand before, or the same writer's of the same minute
   * retyped: 409 SAME_ENTRY (details: its message and case, and `similarity` for a retyped one),
   * unless the body says `allowSame` (确为另一位群众的来信).
   */
  app.post('/api/console/messages', async (request, reply) => {
    const result = await enter(actorOf(request), request.body, request.log);
    return reply.code(result.code).send(result.body);
  });

  /**
   * `minsheng messages add` while the main job holds the embedded store: the same entry, as the
   * account the command names (--as); only this machine's command line may act for an account.
   */
  app.post('/api/cli/messages', async (request, reply) => {
    requireLocalCommandLine(actorOf(request));
    const { as, entry } = parseInput(z.object({ as: z.string().min(1).max(40), entry: z.record(z.string(), z.unknown()) }), request.body);
    const result = await enter(await accountActor(db, as), entry, request.log);
    return reply.code(result.code).send(result.body);
  });

  /** Where an entered message stands: its case once registered (the console follows a `pending` entry). */
  app.get('/api/console/messages/:id', async (request) => {
    const { id } = parseInput(z.object({ id: z.string().min(1).max(64) }), request.params);
    return enteredMessageStatus(db, { messageId: id, actor: actorOf(request) });
  });
}

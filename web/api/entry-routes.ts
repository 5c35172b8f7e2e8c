/**
 * 手工录入 (under /api/console/messages): the e-government centre enters a message that came by
 * paper, OA or another channel (第三条㈠ 3 and 4). It enters the pipeline as a crawled message does
 * (pipeline/stages/enter-by-hand.ts): classified, de-duplicated, and a case in the review queue or
 * a copy linked to its case. Thin handlers: parse, call the pipeline's entry, answer.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { channels } from '../../core/index.js';
import { crawledTextLimits, enterByHand, type HandEntry, type JobQueue } from '../../pipeline/index.js';
import { enteredMessageStatus, enterMessageRoles, type Store } from '../../workflow/index.js';
import { requireRole } from '../../workflow/users/index.js';
import { actorOf, optional, parseInput } from './request-input.js';

export interface EntryRoutesOptions {
  store: Store;
  /** The pipeline's queue. @default none: the unfinished-work sweep queues an entered message later */
  queue?: Pick<JobQueue, 'enqueue'> | undefined;
  /** How long POST waits for the registration (the case) before answering `pending`. @default 5000 */
  waitForCaseMs?: number | undefined;
}

const text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `请填写${what}`)
    .max(max, `${what}过长（最多 ${max} 字）`);

/** A date (YYYY-MM-DD, Beijing) or an ISO time with its zone; not in the future. */
const postedAt = z
  .string()
  .trim()
  .max(64)
  .transform((v, ctx) => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
    const t = Date.parse(dateOnly ? `${v}T00:00:00+08:00` : v);
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(v) || Number.isNaN(t)) {
      ctx.addIssue({ code: 'custom', message: '日期格式应为 YYYY-MM-DD' });
      return z.NEVER;
    }
    if (dateOnly && new Date(Date.parse(`${v}T00:00:00Z`)).toISOString().slice(0, 10) !== v) {
      ctx.addIssue({ code: 'custom', message: '没有这一天（日期不存在）' });
      return z.NEVER;
    }
    if (t > Date.now() + 60_000) {
      ctx.addIssue({ code: 'custom', message: '留言时间不能晚于现在' });
      return z.NEVER;
    }
    return new Date(t).toISOString();
  });

/** The 录入留言 form; what each channel needs is checked after the fields. */
export const entryBody = z
  .object({
    channel: z.enum(channels),
    title: text('标题', crawledTextLimits.title),
    content: text('内容', crawledTextLimits.content),
    author: optional(z.string().trim().max(crawledTextLimits.author, `留言人过长（最多 ${crawledTextLimits.author} 字）`)),
    postedAt: optional(postedAt),
    originLevel: optional(z.enum(['province', 'city'])),
    forwardNo: optional(z.string().trim().max(100, '转办编号过长（最多 100 字）')),
    channelNote: optional(z.string().trim().max(100, '渠道说明过长（最多 100 字）')),
  })
  .superRefine((b, ctx) => {
    if (b.channel === 'forwarded') {
      if (!b.originLevel) ctx.addIssue({ code: 'custom', path: ['originLevel'], message: '省市转办的留言须选择转办层级（省级或市级）' });
      if (!b.forwardNo) ctx.addIssue({ code: 'custom', path: ['forwardNo'], message: '省市转办的留言须填写转办编号' });
    } else if (b.originLevel || b.forwardNo) {
      ctx.addIssue({ code: 'custom', path: ['forwardNo'], message: '只有省市转办的留言填写转办层级和转办编号；请改选渠道“省市转办”或清空这两项' });
    }
    if (b.channel === 'other_web' && !b.channelNote) ctx.addIssue({ code: 'custom', path: ['channelNote'], message: '其他网络渠道的留言须填写渠道说明（如：微信公众号）' });
  });

/** The entry the pipeline takes from a parsed form. */
export function handEntryOf(body: z.infer<typeof entryBody>): HandEntry {
  return {
    channel: body.channel,
    title: body.title,
    content: body.content,
    author: body.author || undefined,
    postedAt: body.postedAt,
    forwarding: body.channel === 'forwarded' && body.originLevel && body.forwardNo ? { originLevel: body.originLevel, forwardNo: body.forwardNo } : undefined,
    channelNote: body.channelNote || undefined,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function entryRoutes(app: FastifyInstance, options: EntryRoutesOptions): Promise<void> {
  const db = options.store.db;
  const waitMs = options.waitForCaseMs ?? 5_000;

  /**
   * 录入留言: 201 with the message and, once registered within a few seconds, its case (`linked`:
   * joined an existing case as a copy); `pending` when registration is still to come (follow it
   * with GET). A 转办编号 entered before: 200 with `existing` and that message's case; nothing new.
   */
  app.post('/api/console/messages', async (request, reply) => {
    const actor = actorOf(request);
    requireRole(actor, enterMessageRoles);
    const body = parseInput(entryBody, request.body);
    const entered = await enterByHand({ store: options.store, queue: options.queue, logger: request.log }, { entry: handEntryOf(body), actor });
    let status = await enteredMessageStatus(db, { messageId: entered.messageId, actor });
    for (const started = Date.now(); status.caseId === null && Date.now() - started < waitMs; ) {
      await sleep(100);
      status = await enteredMessageStatus(db, { messageId: entered.messageId, actor });
    }
    return reply.code(entered.isNew ? 201 : 200).send({
      ...status,
      existing: !entered.isNew,
      enteredBy: entered.enteredBy,
      enteredAt: entered.enteredAt,
      pending: status.caseId === null,
    });
  });

  /** Where an entered message stands: its case once registered (the console follows a `pending` entry). */
  app.get('/api/console/messages/:id', async (request) => {
    const { id } = parseInput(z.object({ id: z.string().min(1).max(64) }), request.params);
    return enteredMessageStatus(db, { messageId: id, actor: actorOf(request) });
  });
}

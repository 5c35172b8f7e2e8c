/**
 * Stage 收集 for a message staff enter by hand (手工录入: a 转办单 of the province or city, a WeChat
 * post): it is made into a crawled message of the channel's built-in manual source, prepared as
 * the crawl stage prepares one (normalised, within the limits, checked against the payload
 * schema), recorded, and queued for classification under the message's own job id, as
 * recordCrawled does. From there the same classify and register jobs run, on the in-process queue
 * or on BullMQ workers: the message is de-duplicated and becomes a case in review or a copy linked
 * to its case, never anything else.
 */
import { z } from 'zod';
import { channels, withoutInvisible, type Channel, type CrawledMessage, type Logger } from '../../core/index.js';
import { enterMessage, manualSiteIdOf, manualSourceOf, type Actor, type EnteredMessage, type Store } from '../../workflow/index.js';
import { classifyMessageJob, crawledTextLimits } from '../jobs/definitions.js';
import type { JobQueue } from '../queue/index.js';
import { foldForwardNo } from './normalize-message.js';
import { prepareMessage } from './record-stage.js';

/** What staff type in the 录入留言 form (or a line of `minsheng messages add --file`). */
export interface HandEntry {
  channel: Channel;
  title: string;
  content: string;
  author?: string | undefined;
  /** When the citizen wrote it (or the 转办单's date), ISO 8601. */
  postedAt?: string | undefined;
  /**
   * Forwarded items: the upper level and its 转办编号 (required for the forwarded channel), and the
   * 转办单's own 办理时限 (上级办理时限, YYYY-MM-DD) when it gives one: 交办 keeps the due date within it.
   */
  forwarding?: { originLevel: 'province' | 'city'; forwardNo: string; upperDeadline?: string | undefined } | undefined;
  /** Other channels: where it was raised (微信公众号). */
  channelNote?: string | undefined;
  /**
   * Staff say it is another citizen's letter although identical, or nearly identical (same writer and
   * minute, a typo apart), to one entered by hand before
   * (确为另一位群众的来信): recorded rather than refused as the same letter (enter-message.ts).
   */
  allowSame?: boolean | undefined;
}

/** An optional field; an empty one counts as absent. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

/** A required text; one of characters that show nothing only (zero-width spaces, bidi controls) is empty, as intake stores it. */
const text = (what: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? withoutInvisible(v) : v),
    z
      .string()
      .trim()
      .min(1, `请填写${what}`)
      .max(max, `${what}过长（最多 ${max} 字）`),
  );

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

/** 上级办理时限: a date (YYYY-MM-DD) that exists; it may be past (a 转办单 entered late) or ahead. */
const upperDeadline = z
  .string()
  .trim()
  .max(64)
  .transform((v, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: '日期格式应为 YYYY-MM-DD' });
      return z.NEVER;
    }
    if (new Date(Date.parse(`${v}T00:00:00Z`)).toISOString().slice(0, 10) !== v) {
      ctx.addIssue({ code: 'custom', message: '没有这一天（日期不存在）' });
      return z.NEVER;
    }
    return v;
  });

/**
 * The 录入留言 form (API body, a line of `minsheng messages add --file`), with the limits of a
 * crawled message's texts; what each channel needs is checked after the fields.
 */
export const handEntrySchema = z
  .object({
    channel: z.enum(channels),
    title: text('标题', crawledTextLimits.title),
    content: text('内容', crawledTextLimits.content),
    author: optional(z.string().trim().max(crawledTextLimits.author, `留言人过长（最多 ${crawledTextLimits.author} 字）`)),
    postedAt: optional(postedAt),
    originLevel: optional(z.enum(['province', 'city'])),
    forwardNo: optional(z.string().trim().max(100, '转办编号过长（最多 100 字）')),
    upperDeadline: optional(upperDeadline),
    channelNote: optional(z.string().trim().max(100, '渠道说明过长（最多 100 字）')),
    allowSame: optional(z.boolean()),
  })
  .superRefine((b, ctx) => {
    if (b.channel === 'forwarded') {
      if (!b.originLevel) ctx.addIssue({ code: 'custom', path: ['originLevel'], message: '省市转办的留言须选择转办层级（省级或市级）' });
      if (!b.forwardNo) ctx.addIssue({ code: 'custom', path: ['forwardNo'], message: '省市转办的留言须填写转办编号' });
    } else if (b.originLevel || b.forwardNo || b.upperDeadline) {
      ctx.addIssue({ code: 'custom', path: ['forwardNo'], message: '只有省市转办的留言填写转办层级、转办编号和上级办理时限；请改选渠道“省市转办”或清空这几项' });
    }
    if (b.channel === 'other_web' && !b.channelNote) ctx.addIssue({ code: 'custom', path: ['channelNote'], message: '其他网络渠道的留言须填写渠道说明（如：微信公众号）' });
  });

export type HandEntryInput = z.infer<typeof handEntrySchema>;

/** The entry the pipeline takes from a parsed form. */
export function handEntryOf(body: HandEntryInput): HandEntry {
  return {
    channel: body.channel,
    title: body.title,
    content: body.content,
    author: body.author || undefined,
    postedAt: body.postedAt,
    forwarding:
      body.channel === 'forwarded' && body.originLevel && body.forwardNo
        ? { originLevel: body.originLevel, forwardNo: body.forwardNo, ...(body.upperDeadline ? { upperDeadline: body.upperDeadline } : {}) }
        : undefined,
    channelNote: body.channelNote || undefined,
    ...(body.allowSame ? { allowSame: true } : {}),
  };
}

export interface EnterByHandOptions {
  store: Store;
  /** The pipeline's queue. @default none: the unfinished-work sweep queues the message later */
  queue?: Pick<JobQueue, 'enqueue'> | undefined;
  logger?: Pick<Logger, 'warn'> | undefined;
}

/** The crawled message a hand entry stands for (before preparation). */
export function handEntryMessage(entry: HandEntry, now: Date = new Date()): CrawledMessage {
  const f = entry.forwarding;
  const forwarding = f ? { originLevel: f.originLevel, forwardNo: foldForwardNo(f.forwardNo), ...(f.upperDeadline ? { upperDeadline: f.upperDeadline } : {}) } : undefined;
  return {
    sourceId: manualSourceOf(entry.channel).id,
    channel: entry.channel,
    siteId: manualSiteIdOf({ forwarding }),
    title: entry.title,
    content: entry.content,
    author: entry.author,
    postedAt: entry.postedAt,
    forwarding,
    fetchedAt: now.toISOString(),
  };
}

/**
 * Records a hand-entered message and hands it to classification. A 转办编号 entered before answers
 * the message already there (isNew false) and queues nothing new unless it still has no case; a
 * letter identical or nearly identical to one entered before is refused (SAME_ENTRY,
 * workflow/intake/same-entry.ts) unless `entry.allowSame`.
 */
export async function enterByHand(options: EnterByHandOptions, input: { entry: HandEntry; actor: Actor; now?: Date }): Promise<EnteredMessage> {
  const message = prepareMessage(handEntryMessage(input.entry, input.now));
  const entered = await enterMessage(options.store.db, { message, actor: input.actor, channelNote: input.entry.channelNote, allowSame: input.entry.allowSame, now: input.now });
  if (entered.isNew || entered.caseId === null) {
    try {
      await options.queue?.enqueue(classifyMessageJob, { messageId: entered.messageId }, { jobId: `classify:${entered.messageId}` });
    } catch (error) {
      // Recorded already: the unfinished-work sweep queues it when the queue is back.
      options.logger?.warn({ err: error, messageId: entered.messageId }, '手工录入的留言未能立即送去分类，稍后由巡检送去');
    }
  }
  return entered;
}

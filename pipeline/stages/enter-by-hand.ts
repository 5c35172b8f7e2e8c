/**
 * Stage 收集 for a message staff enter by hand (手工录入: a 转办单 of the province or city, a WeChat
 * post): it is made into a crawled message of the channel's built-in manual source, prepared as
 * the crawl stage prepares one (normalised, within the limits, checked against the payload
 * schema), recorded, and queued for classification under the message's own job id, as
 * recordCrawled does. From there the same classify and register jobs run, on the in-process queue
 * or on BullMQ workers: the message is de-duplicated and becomes a case in review or a copy linked
 * to its case, never anything else.
 */
import type { Channel, CrawledMessage, Logger } from '../../core/index.js';
import { enterMessage, manualSiteIdOf, manualSourceOf, type Actor, type EnteredMessage, type Store } from '../../workflow/index.js';
import { classifyMessageJob } from '../jobs/definitions.js';
import type { JobQueue } from '../queue/index.js';
import { cleanText } from './normalize-message.js';
import { prepareMessage } from './record-stage.js';

/** What staff type in the 录入留言 form (or a line of `minsheng messages add --file`). */
export interface HandEntry {
  channel: Channel;
  title: string;
  content: string;
  author?: string | undefined;
  /** When the citizen wrote it (or the 转办单's date), ISO 8601. */
  postedAt?: string | undefined;
  /** Forwarded items: the upper level and its 转办编号 (required for the forwarded channel). */
  forwarding?: { originLevel: 'province' | 'city'; forwardNo: string } | undefined;
  /** Other channels: where it was raised (微信公众号). */
  channelNote?: string | undefined;
}

export interface EnterByHandOptions {
  store: Store;
  /** The pipeline's queue. @default none: the unfinished-work sweep queues the message later */
  queue?: Pick<JobQueue, 'enqueue'> | undefined;
  logger?: Pick<Logger, 'warn'> | undefined;
}

/** The crawled message a hand entry stands for (before preparation). */
export function handEntryMessage(entry: HandEntry, now: Date = new Date()): CrawledMessage {
  const forwarding = entry.forwarding ? { originLevel: entry.forwarding.originLevel, forwardNo: cleanText(entry.forwarding.forwardNo) } : undefined;
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
 * the message already there (isNew false) and queues nothing new unless it still has no case.
 */
export async function enterByHand(options: EnterByHandOptions, input: { entry: HandEntry; actor: Actor; now?: Date }): Promise<EnteredMessage> {
  const message = prepareMessage(handEntryMessage(input.entry, input.now));
  const entered = await enterMessage(options.store.db, { message, actor: input.actor, channelNote: input.entry.channelNote, now: input.now });
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

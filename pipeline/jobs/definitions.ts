/**
 * The pipeline's job kinds: crawl a source → record each message (normalised) → classify →
 * register (de-duplicate, then open or link a case); plus two periodic kinds the scheduler keeps:
 * the unfinished-work sweep and the deadline scan. Each kind has a versioned payload schema,
 * checked before any work.
 *
 * Retries: a stage that touches the store is retried 10 times with exponential backoff from 1 s
 * (about 17 minutes in all), so a database or Redis outage of that length loses nothing.
 */
import { z } from 'zod';
import { channels } from '../../core/index.js';
import type { JobDefinition } from '../queue/index.js';

const isoTime = z.string().max(64);
const text = (max: number) => z.string().max(max);

/**
 * Lengths of a crawled message's free-text fields. A longer text is cut to its limit, with a note,
 * before it travels (`fitToLimits`, stages/normalize-message.ts): a citizen's letter is never
 * refused for its length. The limits keep one pasted book from filling the queue and the store.
 */
export const crawledTextLimits = {
  title: 2000,
  content: 200_000,
  author: 500,
  siteType: 200,
  siteStatus: 200,
  replyUnit: 500,
  replyText: 200_000,
} as const;

/**
 * A crawled message as it travels between stages. The identifying fields (source, site id, url)
 * are refused when too long, since cutting them would make another message; the texts are cut
 * before this check (`crawledTextLimits`).
 */
export const crawledMessageSchema = z.object({
  sourceId: text(200).min(1),
  channel: z.enum(channels),
  siteId: text(500).min(1),
  url: text(4000).optional(),
  title: text(crawledTextLimits.title),
  content: text(crawledTextLimits.content),
  author: text(crawledTextLimits.author).optional(),
  postedAt: isoTime.optional(),
  siteType: text(crawledTextLimits.siteType).optional(),
  siteStatus: text(crawledTextLimits.siteStatus).optional(),
  replyUnit: text(crawledTextLimits.replyUnit).optional(),
  replyAt: isoTime.optional(),
  replyText: text(crawledTextLimits.replyText).optional(),
  district: text(200).optional(),
  forwarding: z
    .object({ originLevel: z.enum(['province', 'city']), forwardNo: text(200).optional(), upperDeadline: text(64).optional() })
    .optional(),
  fetchedAt: isoTime,
});

export const crawlSourceJob: JobDefinition<{ sourceId: string }> = {
  name: 'crawl-source',
  version: 1,
  schema: z.object({ sourceId: z.string().min(1) }),
  attempts: 3,
  backoffMs: 5000,
};

const stageRetries = { attempts: 10, backoffMs: 1000 };

export const recordMessageJob: JobDefinition<{ message: z.infer<typeof crawledMessageSchema> }> = {
  name: 'record-message',
  version: 1,
  schema: z.object({ message: crawledMessageSchema }),
  ...stageRetries,
};

export const classifyMessageJob: JobDefinition<{ messageId: string }> = {
  name: 'classify-message',
  version: 1,
  schema: z.object({ messageId: z.string().min(1) }),
  ...stageRetries,
};

export const registerMessageJob: JobDefinition<{ messageId: string; classification: Record<string, unknown> }> = {
  name: 'register-message',
  version: 1,
  schema: z.object({ messageId: z.string().min(1), classification: z.record(z.string(), z.unknown()) }),
  ...stageRetries,
};

/**
 * Re-sends recorded but unregistered messages (older than `olderThanMs`) to classification: the
 * safety net for jobs lost with Redis's data. Idempotent.
 */
export const sweepUnfinishedJob: JobDefinition<{ olderThanMs: number }> = {
  name: 'sweep-unfinished',
  version: 1,
  schema: z.object({ olderThanMs: z.number().int().min(0) }),
  attempts: 3,
  backoffMs: 5000,
};

/** The periodic deadline scan (第四条㈥ 督查): due-soon and overdue alerts, escalation. Idempotent. */
export const scanDeadlinesJob: JobDefinition<Record<string, never>> = {
  name: 'scan-deadlines',
  version: 1,
  schema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  attempts: 3,
  backoffMs: 5000,
};

/** Every job kind, so producer-only processes (scheduler, `jobs failed`) know all queues. */
export const allJobs = [crawlSourceJob, recordMessageJob, classifyMessageJob, registerMessageJob, sweepUnfinishedJob, scanDeadlinesJob] as JobDefinition<unknown>[];

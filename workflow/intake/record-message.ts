/**
 * 收集: records a crawled message in the store, exactly once per (source, the site's own id), an
 * all-digit id also under another padding of it (a site that re-numbered `4` as `0004`: the same
 * letter, letter-by-site-id.ts; the row keeps the id it was first stored under, and takes the new
 * address). A message seen again updates its last-seen time (and its address, when the site moved it); a
 * change of what the site shows (status, reply, text) is kept as MessageChange rows, and a 转办单's
 * new or earlier 上级办理时限 is taken by its case (take-upper-deadline.ts). Idempotent: recording
 * the same crawl twice changes nothing the second time.
 */
import { sha256, withoutInvisible, type CrawledMessage } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { findMessageOfLetterToRecord } from './letter-by-site-id.js';
import { takeUpperDeadline } from './take-upper-deadline.js';

/** The fields whose changes are kept, as named in the store. */
const watchedFields = ['title', 'content', 'siteType', 'siteStatus', 'replyUnit', 'replyAt', 'replyText'] as const;
type WatchedField = (typeof watchedFields)[number];

export interface RecordedMessage {
  messageId: string;
  isNew: boolean;
  /** The site's changes kept; `upperDeadline`: a 转办单's new or earlier 上级办理时限 taken (take-upper-deadline.ts). */
  changedFields: (WatchedField | 'upperDeadline')[];
  /** The case it already belongs to, if any. */
  caseId: string | null;
}

/** SHA-256 of the text a duplicate check compares (title and body, whitespace folded). */
export function contentHashOf(message: { title: string; content: string }): string {
  return sha256(`${message.title}\n${message.content}`.replace(/\s+/gu, ' ').trim());
}

/** A crawled time as a Date; null when missing or unreadable (the site's text is kept elsewhere). */
export function toDate(value: string | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function fieldsOf(m: CrawledMessage): Record<WatchedField, string | null> {
  return {
    title: m.title,
    content: m.content,
    siteType: m.siteType ?? null,
    siteStatus: m.siteStatus ?? null,
    replyUnit: m.replyUnit ?? null,
    replyAt: toDate(m.replyAt)?.toISOString() ?? null,
    replyText: m.replyText ?? null,
  };
}

/**
 * Makes sure the source row exists (the crawler's source definition is its own business). Two
 * callers at once (two first entries of a channel by hand) may both try to create it: the one
 * refused by the unique key finds it there, which is all it asked for.
 */
export async function ensureSource(db: Db, source: { id: string; name: string; channel: CrawledMessage['channel']; definition?: unknown }): Promise<void> {
  try {
    await db.source.upsert({
      where: { id: source.id },
      create: { id: source.id, name: source.name, channel: source.channel, definition: (source.definition ?? {}) as object },
      update: {},
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'P2002') throw error;
  }
}

/** The Message row of a message recorded for the first time (shared with hand entry, enter-message.ts). */
export function newMessageRow(crawled: CrawledMessage, seenAt: Date) {
  const fields = fieldsOf(crawled);
  return {
    sourceId: crawled.sourceId,
    siteId: crawled.siteId,
    channel: crawled.channel,
    url: crawled.url ?? null,
    title: crawled.title,
    content: crawled.content,
    author: crawled.author ?? null,
    postedAt: toDate(crawled.postedAt),
    siteType: fields.siteType,
    siteStatus: fields.siteStatus,
    replyUnit: fields.replyUnit,
    replyAt: toDate(crawled.replyAt),
    replyText: fields.replyText,
    forwarding: crawled.forwarding ? (crawled.forwarding as object) : undefined,
    contentHash: contentHashOf(crawled),
    firstSeenAt: seenAt,
    lastSeenAt: seenAt,
  };
}

export async function recordMessage(db: Db, crawled: CrawledMessage): Promise<RecordedMessage> {
  const now = new Date(crawled.fetchedAt);
  const seenAt = Number.isNaN(now.getTime()) ? new Date() : now;
  const next = fieldsOf(crawled);
  return db.$transaction(async (tx) => {
    // A letter new under this spelling of an all-digit id takes its lock: another worker recording it
    // under another padding waits for this one (and finds its row). A letter stored under it takes none.
    const existing = await findMessageOfLetterToRecord(tx, crawled.sourceId, crawled.siteId);
    if (!existing) {
      // A concurrent worker may insert the same message between our read and write: the unique
      // (sourceId, siteId) key makes one of them fail, and the retry then takes the update path.
      const created = await tx.message.create({ data: newMessageRow(crawled, seenAt) });
      return { messageId: created.id, isNew: true, changedFields: [], caseId: null };
    }
    const previous: Record<WatchedField, string | null> = {
      title: existing.title,
      content: existing.content,
      siteType: existing.siteType,
      siteStatus: existing.siteStatus,
      replyUnit: existing.replyUnit,
      replyAt: existing.replyAt?.toISOString() ?? null,
      replyText: existing.replyText,
    };
    // A field the site stopped showing is not a change worth recording (pages vary in detail), nor
    // is a blank title or text (a site that stops publishing a letter shows its page with an empty
    // cell: the citizen's words stay the case's). Nor is a text stored before intake dropped the
    // characters that show nothing (a zero-width space, a bidi override): the site shows the same text.
    const changed = watchedFields.filter((f) => next[f] !== null && next[f]!.trim() !== '' && next[f] !== previous[f] && next[f] !== withoutInvisible(previous[f] ?? ''));
    if (changed.length > 0) {
      await tx.messageChange.createMany({
        data: changed.map((field) => ({ messageId: existing.id, field, oldValue: previous[field], newValue: next[field], changedAt: seenAt })),
      });
    }
    await tx.message.update({
      where: { id: existing.id },
      data: {
        lastSeenAt: seenAt,
        // The site moved the message to another address: the case page's 原文 link follows it.
        ...(crawled.url && crawled.url !== existing.url ? { url: crawled.url } : {}),
        ...Object.fromEntries(changed.map((f) => [f, f === 'replyAt' ? toDate(next[f] ?? undefined) : next[f]])),
        ...(changed.includes('title') || changed.includes('content') ? { contentHash: contentHashOf({ title: changed.includes('title') ? crawled.title : existing.title, content: changed.includes('content') ? crawled.content : existing.content }) } : {}),
      },
    });
    // A 转办单 now giving a 上级办理时限 it did not give, or an earlier one: the case takes it.
    const upperDeadlineTaken = await takeUpperDeadline(tx, { message: existing, upperDeadline: crawled.forwarding?.upperDeadline, actor: 'system', now: seenAt });
    return { messageId: existing.id, isNew: false, changedFields: upperDeadlineTaken ? [...changed, 'upperDeadline' as const] : changed, caseId: existing.caseId };
  });
}

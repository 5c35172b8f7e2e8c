/**
 * 收集, the other half: a message a source's scope judged to be another district's (the city
 * mailbox carries every district's mail, 第三条㈠) is kept, as extracted, with the crawler's reason,
 * in ExcludedMessage: out of cases, de-duplication, the review queue, bulletins and exports, which
 * read only Message, yet never lost (staff may bring it back: bring-back-excluded-message.ts).
 * One row per (source, the site's own id), an all-digit id also under another padding of it (a
 * site that re-numbered `4` as `0004`: the row keeps its first id and takes the new address,
 * letter-by-site-id.ts); a change on the site updates it.
 */
import type { CrawledMessage, ExclusionKind } from '../../core/index.js';
import { excludedSiteIdOf, findMessageOfLetter, lockLetter } from '../intake/letter-by-site-id.js';
import { toDate } from '../intake/record-message.js';
import type { Db } from '../store/index.js';

export interface RecordedExclusion {
  /**
   * kept: first seen; updated: its fields or the reason changed; unchanged: seen again as it was;
   * accepted: the message is a Message of the store already (brought back by staff, or taken in by
   * a crawl): nothing was written here, and the caller must record it as a message instead, so
   * its changes reach the case.
   */
  outcome: 'kept' | 'updated' | 'unchanged' | 'accepted';
}

/** The fields of a crawled message as the ExcludedMessage row keeps them. */
function rowFields(m: CrawledMessage) {
  return {
    url: m.url ?? null,
    title: m.title,
    content: m.content,
    author: m.author ?? null,
    postedAt: toDate(m.postedAt),
    siteType: m.siteType ?? null,
    siteStatus: m.siteStatus ?? null,
    replyUnit: m.replyUnit ?? null,
    replyAt: toDate(m.replyAt),
    replyText: m.replyText ?? null,
    district: m.district ?? null,
  };
}

const comparable = (fields: ReturnType<typeof rowFields>) => JSON.stringify({ ...fields, postedAt: fields.postedAt?.toISOString() ?? null, replyAt: fields.replyAt?.toISOString() ?? null });

/**
 * Keeps (or updates) one scope-dropped message. Idempotent. The row is locked before it is read,
 * so a bring-back running at the same time either copies this update or makes it an `accepted`.
 */
export async function recordExcludedMessage(db: Db, crawled: CrawledMessage, reason: string, kind: ExclusionKind): Promise<RecordedExclusion> {
  const fetched = toDate(crawled.fetchedAt) ?? new Date();
  const next = rowFields(crawled);
  return db.$transaction(async (tx) => {
    await lockLetter(tx, crawled.sourceId, crawled.siteId);
    // The row as kept: under this id, or under another padding of it (a row's id never changes).
    const key = { sourceId: crawled.sourceId, siteId: await excludedSiteIdOf(tx, crawled.sourceId, crawled.siteId) };
    // Locks the row while it is still excluded; a row already brought back is left alone.
    const locked = await tx.excludedMessage.updateMany({ where: { ...key, messageId: null }, data: { lastSeenAt: fetched } });
    const accepted = await findMessageOfLetter(tx, crawled.sourceId, crawled.siteId);
    if (accepted) {
      if (locked.count > 0) await tx.excludedMessage.updateMany({ where: { ...key, messageId: null }, data: { messageId: accepted.id, broughtBackAt: fetched } });
      return { outcome: 'accepted' as const };
    }
    const existing = await tx.excludedMessage.findUnique({ where: { sourceId_siteId: key } });
    if (!existing) {
      await tx.excludedMessage.create({
        data: { ...key, ...next, channel: crawled.channel, forwarding: crawled.forwarding ? (crawled.forwarding as object) : undefined, reason, kind, firstSeenAt: fetched, lastSeenAt: fetched },
      });
      return { outcome: 'kept' as const };
    }
    if (existing.messageId) return { outcome: 'accepted' as const };
    const before = comparable({ url: existing.url, title: existing.title, content: existing.content, author: existing.author, postedAt: existing.postedAt, siteType: existing.siteType, siteStatus: existing.siteStatus, replyUnit: existing.replyUnit, replyAt: existing.replyAt, replyText: existing.replyText, district: existing.district });
    const fieldsChanged = before !== comparable(next);
    if (!fieldsChanged && existing.reason === reason && existing.kind === kind) return { outcome: 'unchanged' as const };
    await tx.excludedMessage.update({
      where: { id: existing.id },
      data: { ...next, reason, kind, ...(fieldsChanged ? { changedAt: fetched } : {}), forwarding: crawled.forwarding ? (crawled.forwarding as object) : undefined },
    });
    return { outcome: 'updated' as const };
  });
}

/**
 * A message of a scoped source was recorded as a Message (a later crawl judged it in scope, e.g.
 * after the gazetteer was completed): its excluded copy, if any, is marked as taken in, so it
 * leaves the list of excluded messages and cannot be brought back a second time.
 */
export async function markExclusionAccepted(db: Db, input: { sourceId: string; siteId: string; messageId: string }): Promise<void> {
  const siteId = await excludedSiteIdOf(db, input.sourceId, input.siteId);
  await db.excludedMessage.updateMany({ where: { sourceId: input.sourceId, siteId, messageId: null }, data: { messageId: input.messageId, broughtBackAt: new Date() } });
}

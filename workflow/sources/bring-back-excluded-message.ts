/**
 * 转入受理: staff bring back a message the crawler's scope judged to be another district's (the
 * gazetteer missed a town, say). It becomes a Message, as if it had been in scope: the pipeline
 * then classifies and de-duplicates it and registers it (a new case in the review queue, or a copy
 * linked to its case), and that registration writes a `brought_back` event on the case saying who
 * brought it back and why (broughtBackEvent, called by registerMessage).
 *
 * Bringing back is done once: a second attempt (a double click, two staff at once, or a message a
 * crawl has taken in since) is refused with CONFLICT (409), naming when and by whom it was done.
 */
import { AppError, beijingClock, NotFoundError, newId, replyTextOrNone } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import { findMessageOfLetter } from '../intake/letter-by-site-id.js';
import { contentHashOf } from '../intake/record-message.js';
import { requireText } from '../cases/case-transaction.js';
import { appendEvent } from '../events/append-event.js';
import type { Db } from '../store/index.js';
import { requireRole, roleNames, type Actor } from '../users/actor.js';

/** Who may bring an excluded message back: those who register cases, and admin. */
export const bringBackRoles = ['egov_centre', 'supervision', 'admin'] as const;

export interface BringBackInput {
  id: string;
  /** Why it is this district's after all (涉及陈炉镇，地名表漏列): required, kept in the event log. */
  note: string;
  actor: Actor;
  now?: Date | undefined;
}

const when = (d: Date | null) => (d ? beijingClock(d.getTime()) : '');

const takenByCrawl = '这条留言已作为本区留言采集，不能重复转入';

/** Runs the Message insert; a unique-key violation (a crawl committed the same letter meanwhile) is the CONFLICT of a letter already taken in. */
async function createOnce(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'P2002') throw new AppError('CONFLICT', takenByCrawl);
    throw error;
  }
}

/**
 * Creates the Message (the excluded row's fields, first seen when the crawler first saw it) and
 * links the row to it, in one transaction. Answers the new message's id: the caller queues its
 * classification (the unfinished-work sweep would pick it up otherwise).
 */
export async function bringBackExcludedMessage(db: Db, input: BringBackInput): Promise<{ messageId: string }> {
  requireRole(input.actor, bringBackRoles);
  const note = requireText(input.note, '转入受理的理由', 2000);
  const now = input.now ?? new Date();
  const messageId = newId();
  return db.$transaction(async (tx) => {
    // One statement claims the row (and locks it): of two staff at once, one gets it.
    const claimed = await tx.excludedMessage.updateMany({
      where: { id: input.id, messageId: null },
      data: { messageId, broughtBackAt: now, broughtBackBy: input.actor.username, broughtBackRole: input.actor.role, broughtBackNote: note },
    });
    const row = await tx.excludedMessage.findUnique({ where: { id: input.id } });
    if (!row) throw new NotFoundError(`没有这条排除的留言：${input.id}`);
    if (claimed.count === 0) {
      const by = row.broughtBackBy ? `由 ${row.broughtBackBy}（${roleNames[row.broughtBackRole as keyof typeof roleNames] ?? row.broughtBackRole ?? ''}）` : '由后来的采集判定为本区留言并';
      throw new AppError('CONFLICT', `这条留言已于 ${when(row.broughtBackAt)} ${by}转入受理，不能重复转入`);
    }
    // Taken in by a crawl under this id, or under another padding of it (`4` re-numbered `0004`).
    const taken = await findMessageOfLetter(tx, row.sourceId, row.siteId);
    if (taken) throw new AppError('CONFLICT', takenByCrawl);
    // A crawl recording the same letter in a transaction not yet committed is not seen above: the
    // unique (source, site id) key then makes this insert wait for it and fail once it commits
    // (CI caught a re-judgement run stopped by it). That is the same case as `taken`: refused,
    // and this transaction, the claim with it, rolls back.
    await createOnce(() => tx.message.create({
      data: {
        id: messageId,
        sourceId: row.sourceId,
        siteId: row.siteId,
        channel: row.channel,
        url: row.url,
        title: row.title,
        content: row.content,
        author: row.author,
        postedAt: row.postedAt,
        siteType: row.siteType,
        siteStatus: row.siteStatus,
        replyUnit: row.replyUnit,
        replyAt: row.replyAt,
        // A reply box's placeholder an older release kept in the excluded row (暂无回复) is no reply
        // (the pipeline's start clears it in the row too, clear-placeholder-replies.ts, but
        // `minsheng sources recheck-scope` may bring a letter in before any start of this release).
        replyText: replyTextOrNone(row.replyText ?? undefined) ?? null,
        forwarding: (row.forwarding ?? undefined) as Prisma.InputJsonValue | undefined,
        contentHash: contentHashOf(row),
        firstSeenAt: row.firstSeenAt,
        lastSeenAt: row.lastSeenAt,
      },
    }));
    return { messageId };
  });
}

/**
 * Called by registration, in its transaction, once a message has its case: when staff brought
 * the message back, the case's event log says so (who, why, and the crawler's reason for leaving
 * it out). A message the crawler took in by itself gets no such event.
 */
export async function broughtBackEvent(tx: Pick<Prisma.TransactionClient, 'excludedMessage' | 'event'>, input: { messageId: string; caseId: string }): Promise<void> {
  const row = await tx.excludedMessage.findUnique({ where: { messageId: input.messageId } });
  if (!row?.broughtBackBy) return;
  await appendEvent(tx, {
    caseId: input.caseId,
    messageId: input.messageId,
    type: 'brought_back',
    actor: row.broughtBackBy,
    role: row.broughtBackRole,
    data: { excludedReason: row.reason, note: row.broughtBackNote, sourceId: row.sourceId },
  });
}

/**
 * A start-up repair: messages stored with a reply box's placeholder as their reply (暂无回复,
 * 正在办理中, —, 该信件正在办理中，请耐心等候。) by a release before core/reply-placeholder.ts, or
 * before a phrase joined its list, lose that reply, so the letter no longer looks answered (网站上的
 * 回复) and the real reply the site posts later is recorded as the reply appearing, not as a reply
 * changed (record-message.ts compares with the stored reply).
 *
 * Contract: a stored reply is cleared when the same judge intake uses (core `isReplyPlaceholder`,
 * on the whole text) calls it a placeholder; a real reply, also one opening with the same words, is
 * never touched. Nothing is lost: each clearing is a MessageChange of `replyText` (old value the
 * placeholder, new value none) whose note says why, written in the transaction that clears it,
 * with the row locked and its reply checked to be still that text. The reply box's unit and time are kept, as intake
 * keeps them beside a placeholder today, so the repaired row is what this release stores from the
 * same page and the next crawl sees no change in them; no page shows them without a reply's text.
 * The run is noted in StoreRepair with the rules' version (core `replyPlaceholderRulesVersion`): a
 * later start reads that one row and scans nothing until the rules change. Safe from several
 * processes at once (the store's exclusive lock; the marker is read again under it).
 */
import { isReplyPlaceholder, replyPlaceholderRulesVersion } from '../../core/index.js';
import { Prisma } from '../../prisma/generated/client.js';
import type { Store } from '../store/index.js';

/** The StoreRepair row of this repair. */
export const placeholderRepairName = 'reply-placeholder';

/** The note a cleared reply's change carries, for staff (网站上的变化). */
export const placeholderClearedNote = '系统修正：原记录的“网站上的回复”是网站答复栏的占位文字，不是答复，已清除（原文保留在此记录中）；网站发布正式答复后按首次答复记录';

/**
 * Longest stored reply read for judging: a placeholder has at most 24 characters once trimmed
 * (core/reply-placeholder.ts) and intake stores texts trimmed with runs of spaces folded; the
 * margin covers rows an older intake kept untrimmed, without reading every long reply.
 */
const longestCandidate = 200;

export interface ClearPlaceholderRepliesOptions {
  /** Rows read at a time. @default 500 */
  batch?: number;
  /** @default now */
  now?: Date;
  /** Heard after each batch with the rows judged so far. */
  onProgress?: (judged: number) => void;
}

export interface ClearPlaceholderRepliesResult {
  /** false: this store was already repaired with these rules, or another process is repairing it now. */
  ran: boolean;
  /** Stored replies short enough to be a placeholder, judged. */
  judged: number;
  /** Replies cleared. */
  cleared: number;
}

/** Runs the repair unless the store notes it done with the current rules; see the module comment. */
export async function clearPlaceholderReplies(store: Pick<Store, 'db' | 'withExclusiveLock'>, options: ClearPlaceholderRepliesOptions = {}): Promise<ClearPlaceholderRepliesResult> {
  const { db } = store;
  const notRun: ClearPlaceholderRepliesResult = { ran: false, judged: 0, cleared: 0 };
  const isDone = async () => (await db.storeRepair.findUnique({ where: { name: placeholderRepairName } }))?.version === replyPlaceholderRulesVersion;
  if (await isDone()) return notRun;
  const result = await store.withExclusiveLock(`store-repair:${placeholderRepairName}`, async () => {
    if (await isDone()) return notRun;
    const batch = options.batch ?? 500;
    const now = options.now ?? new Date();
    let judged = 0;
    let cleared = 0;
    let after = '';
    for (;;) {
      const rows = await db.$queryRaw<{ id: string; replyText: string }[]>`
        SELECT "id", "replyText" FROM "Message"
        WHERE "replyText" IS NOT NULL AND char_length("replyText") <= ${longestCandidate} AND "id" > ${after}
        ORDER BY "id" LIMIT ${batch}`;
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      judged += rows.length;
      const placeholders = rows.filter((r) => isReplyPlaceholder(r.replyText));
      // One transaction (one flush of the embedded store) and three statements per batch.
      if (placeholders.length > 0) {
        cleared += await db.$transaction(async (tx) => {
          // Locked and read again: only the text judged is cleared (a crawl that replaced it meanwhile wins).
          const locked = await tx.$queryRaw<{ id: string; replyText: string | null }[]>`
            SELECT "id", "replyText" FROM "Message" WHERE "id" IN (${Prisma.join(placeholders.map((r) => r.id))}) FOR UPDATE`;
          const judgedText = new Map(placeholders.map((r) => [r.id, r.replyText]));
          const still = locked.filter((r) => r.replyText !== null && r.replyText === judgedText.get(r.id));
          if (still.length === 0) return 0;
          await tx.message.updateMany({ where: { id: { in: still.map((r) => r.id) } }, data: { replyText: null } });
          await tx.messageChange.createMany({
            data: still.map((r) => ({ messageId: r.id, field: 'replyText', oldValue: r.replyText, newValue: null, changedAt: now, note: placeholderClearedNote })),
          });
          return still.length;
        });
      }
      options.onProgress?.(judged);
    }
    const done = { version: replyPlaceholderRulesVersion, doneAt: now, changed: cleared };
    await db.storeRepair.upsert({ where: { name: placeholderRepairName }, create: { name: placeholderRepairName, ...done }, update: done });
    return { ran: true, judged, cleared };
  });
  return result ?? notRun;
}

/**
 * A start-up repair: messages stored with a reply box's placeholder as their reply (暂无回复,
 * 正在办理中, —, 该信件正在办理中，请耐心等候。) by a release before core/reply-placeholder.ts, or
 * before a phrase joined its list, lose that reply, so the letter no longer looks answered (网站上的
 * 回复) and the real reply the site posts later is recorded as the reply appearing, not as a reply
 * changed (record-message.ts compares with the stored reply). Letters kept out of the district
 * (非本区留言, ExcludedMessage) lose theirs in the same run: intake keeps a placeholder out of them
 * too (the crawl stage normalises a dropped letter as any message), so a kept one is an older
 * release's, and left there it would make the letter's next fetch look changed on the site
 * (record-excluded-message.ts compares the fields and sets `changedAt`).
 *
 * Contract: a stored reply is cleared when the same judge intake uses (core `isReplyPlaceholder`,
 * on the whole text) calls it a placeholder; a real reply, also one opening with the same words, is
 * never touched. Each batch's rows are cleared in a transaction that locks them and checks each
 * reply is still the text judged (a crawl that replaced it meanwhile wins). The reply box's unit
 * and time are kept, as intake keeps them beside a placeholder today, so the repaired row is what
 * this release stores from the same page and the next crawl sees no change in them; no page shows
 * them without a reply's text.
 *
 * What keeps the old text: a message's clearing is a MessageChange of `replyText` (old value the
 * placeholder, new value none) whose note says why, written in the same transaction (网站上的变化).
 * An excluded letter has no change history, and its row offers only `changedAt`, which says the
 * site changed the letter and so is left alone; the start's log line says how many were cleared
 * and each text with its count. That is enough: such a text says only that no reply was posted
 * yet, the site still shows it at the row's address, and a later fetch of the letter would drop
 * it without a trace anyway; a history table for it would cost a migration for no information. Every
 * excluded row is cleared, also one brought back (its Message came in without the placeholder,
 * bring-back-excluded-message.ts), so no stored reply is a placeholder.
 *
 * The run is noted in StoreRepair with `placeholderRepairVersion` (the rules' version, core
 * `replyPlaceholderRulesVersion`, and the tables read): a later start reads that one row and scans
 * nothing until either changes; a store the release reading only Message repaired is scanned once
 * more. Safe from several processes at once (the store's exclusive lock; the marker is read again
 * under it). Timing: `npx tsx bench/placeholder-repair.ts`.
 */
import { isReplyPlaceholder, replyPlaceholderRulesVersion } from '../../core/index.js';
import { Prisma } from '../../prisma/generated/client.js';
import type { Store } from '../store/index.js';

/** The StoreRepair row of this repair. */
export const placeholderRepairName = 'reply-placeholder';

/**
 * What the StoreRepair row notes: the rules' version and the tables the repair reads, so a store
 * the release that read only Message repaired with the same rules is scanned again, once.
 */
export const placeholderRepairVersion = `${replyPlaceholderRulesVersion}+ExcludedMessage`;

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
  /** Heard after each batch with the rows judged so far (messages, then excluded letters). */
  onProgress?: (judged: number) => void;
}

export interface ClearPlaceholderRepliesResult {
  /** false: this store was already repaired with these rules, or another process is repairing it now. */
  ran: boolean;
  /** Stored replies short enough to be a placeholder, judged (messages and excluded letters). */
  judged: number;
  /** Messages' replies cleared. */
  cleared: number;
  /** Excluded letters' (非本区留言) replies cleared. */
  clearedExcluded: number;
  /** How many of those held each text: the start's log line says so, as they keep no history. */
  excludedTexts: Record<string, number>;
}

/** Runs the repair unless the store notes it done with the current rules; see the module comment. */
export async function clearPlaceholderReplies(store: Pick<Store, 'db' | 'withExclusiveLock'>, options: ClearPlaceholderRepliesOptions = {}): Promise<ClearPlaceholderRepliesResult> {
  const { db } = store;
  const notRun: ClearPlaceholderRepliesResult = { ran: false, judged: 0, cleared: 0, clearedExcluded: 0, excludedTexts: {} };
  const isDone = async () => (await db.storeRepair.findUnique({ where: { name: placeholderRepairName } }))?.version === placeholderRepairVersion;
  if (await isDone()) return notRun;
  const result = await store.withExclusiveLock(`store-repair:${placeholderRepairName}`, async () => {
    if (await isDone()) return notRun;
    const batch = options.batch ?? 500;
    const now = options.now ?? new Date();
    let judged = 0;
    /**
     * Judges every short reply of the table, batch by batch; `clear` empties the rows still
     * holding the text judged (locked and read again in its transaction). Answers how many.
     */
    const clearIn = async (table: 'Message' | 'ExcludedMessage', clear: (tx: Prisma.TransactionClient, still: { id: string; replyText: string }[]) => Promise<void>): Promise<number> => {
      const name = Prisma.raw(`"${table}"`);
      let cleared = 0;
      let after = '';
      for (;;) {
        const rows = await db.$queryRaw<{ id: string; replyText: string }[]>`
          SELECT "id", "replyText" FROM ${name}
          WHERE "replyText" IS NOT NULL AND char_length("replyText") <= ${longestCandidate} AND "id" > ${after}
          ORDER BY "id" LIMIT ${batch}`;
        if (rows.length === 0) return cleared;
        after = rows[rows.length - 1]!.id;
        judged += rows.length;
        const placeholders = rows.filter((r) => isReplyPlaceholder(r.replyText));
        // One transaction (one flush of the embedded store) and at most three statements per batch.
        if (placeholders.length > 0) {
          cleared += await db.$transaction(async (tx) => {
            // Locked and read again: only the text judged is cleared (a crawl that replaced it meanwhile wins).
            const locked = await tx.$queryRaw<{ id: string; replyText: string | null }[]>`
              SELECT "id", "replyText" FROM ${name} WHERE "id" IN (${Prisma.join(placeholders.map((r) => r.id))}) FOR UPDATE`;
            const judgedText = new Map(placeholders.map((r) => [r.id, r.replyText]));
            const still = locked.filter((r): r is { id: string; replyText: string } => r.replyText !== null && r.replyText === judgedText.get(r.id));
            if (still.length > 0) await clear(tx, still);
            return still.length;
          });
        }
        options.onProgress?.(judged);
      }
    };
    const cleared = await clearIn('Message', async (tx, still) => {
      await tx.message.updateMany({ where: { id: { in: still.map((r) => r.id) } }, data: { replyText: null } });
      await tx.messageChange.createMany({
        data: still.map((r) => ({ messageId: r.id, field: 'replyText', oldValue: r.replyText, newValue: null, changedAt: now, note: placeholderClearedNote })),
      });
    });
    const excludedTexts: Record<string, number> = {};
    const clearedExcluded = await clearIn('ExcludedMessage', async (tx, still) => {
      // Not `changedAt`: that says the site changed the letter.
      await tx.excludedMessage.updateMany({ where: { id: { in: still.map((r) => r.id) } }, data: { replyText: null } });
      for (const r of still) excludedTexts[r.replyText] = (excludedTexts[r.replyText] ?? 0) + 1;
    });
    const done = { version: placeholderRepairVersion, doneAt: now, changed: cleared + clearedExcluded };
    await db.storeRepair.upsert({ where: { name: placeholderRepairName }, create: { name: placeholderRepairName, ...done }, update: done });
    return { ran: true, judged, cleared, clearedExcluded, excludedTexts };
  });
  return result ?? notRun;
}

/**
 * 受理范围 1, judged again: after an admin completes a source's gazetteer (a village, estate or
 * street it lacked), the messages the old scope left out are judged with the current one. Those
 * now in scope are brought in exactly as staff bring one back (bring-back-excluded-message.ts:
 * a Message, then classified, de-duplicated and registered through the normal intake, the case's
 * event log naming the actor and 地名表更新后重新判断：提及X); those still out keep their row, its
 * reason and kind updated when they changed.
 *
 * The scope itself is the crawler's business (workflow imports no crawler code): the caller
 * passes `judge`, the source's current scope applied to a row's kept fields.
 *
 * Idempotent and safe beside a crawl of the same source: every message is brought in by the one
 * claim bring-back makes (the row still unclaimed, no Message of the same site id), so a message
 * a crawl took in meanwhile is counted as such and nothing is made twice; a second run finds
 * nothing left to bring in.
 */
import { AppError, type ExclusionKind } from '../../core/index.js';
import type { Db } from '../store/index.js';
import { requireRole, type Actor } from '../users/actor.js';
import { bringBackExcludedMessage, bringBackRoles } from './bring-back-excluded-message.js';

/** The fields of an excluded message the scope reads (the crawler's field names). */
export interface ExcludedMessageFields {
  title: string;
  content: string;
  author?: string | undefined;
  siteType?: string | undefined;
  siteStatus?: string | undefined;
  replyUnit?: string | undefined;
  replyText?: string | undefined;
  district?: string | undefined;
}

/** The scope's answer for one message: kept, with what of ours it names, or dropped, with why. */
export type ScopeJudgement = { keep: true; matched: string } | { keep: false; reason: string; kind: ExclusionKind };

export interface RecheckExcludedInput {
  sourceId: string;
  /** The source's current scope. */
  judge: (fields: ExcludedMessageFields) => ScopeJudgement;
  /** Named in the event log of each case a message brought in becomes. */
  actor: Actor;
  /** Judge and count, write nothing. @default false */
  dryRun?: boolean | undefined;
  /** Rows read at a time. @default 200 */
  batch?: number | undefined;
  /** After each batch: rows judged so far, of how many. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Each message brought in, once its Message is written: the caller queues its classification. */
  onBroughtIn?: ((messageId: string) => Promise<void>) | undefined;
  now?: Date | undefined;
  /** Stops the run between two messages (the process is stopping): the result says `stopped`. */
  signal?: AbortSignal | undefined;
}

export interface RecheckedMessage {
  id: string;
  siteId: string;
  title: string;
  /** What of this district the current scope finds (提及陈炉镇). */
  matched: string;
  /** Null on a dry run. */
  messageId: string | null;
}

export interface RecheckExcludedResult {
  /** Excluded rows judged (not yet brought back when the run started). */
  checked: number;
  /** Now in scope, and brought in by this run (on a dry run: would be). */
  broughtIn: RecheckedMessage[];
  /** Now in scope, but a crawl or a colleague took the message in meanwhile: nothing done. */
  takenMeanwhile: number;
  /** Still out, with a new reason or kind (written unless a dry run). */
  reasonChanged: number;
  /** Still out, as before. */
  unchanged: number;
  /** The run was stopped (`signal`) before every message was judged. */
  stopped: boolean;
}

/** The note of the `brought_back` event of a message the current scope took in. */
export const recheckNote = (matched: string): string => `地名表更新后重新判断：${matched}`;

/**
 * Judges every excluded message of a source still awaiting a decision (not brought back) with
 * `judge`, in id order, a batch at a time, and acts on the answer (see the file's comment).
 * Bringing in needs a role that may bring messages back.
 */
export async function recheckExcludedMessages(db: Db, input: RecheckExcludedInput): Promise<RecheckExcludedResult> {
  requireRole(input.actor, bringBackRoles);
  const batch = Math.max(1, input.batch ?? 200);
  const where = { sourceId: input.sourceId, messageId: null };
  const total = await db.excludedMessage.count({ where });
  const result: RecheckExcludedResult = { checked: 0, broughtIn: [], takenMeanwhile: 0, reasonChanged: 0, unchanged: 0, stopped: false };
  let after: string | undefined;
  input.onProgress?.(0, total);
  while (!result.stopped) {
    const rows = await db.excludedMessage.findMany({
      where: { ...where, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: batch,
      select: { id: true, siteId: true, title: true, content: true, author: true, siteType: true, siteStatus: true, replyUnit: true, replyText: true, district: true, reason: true, kind: true },
    });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const changed = new Map<string, { reason: string; kind: ExclusionKind }>();
    for (const row of rows) {
      if (input.signal?.aborted) {
        result.stopped = true;
        break;
      }
      result.checked++;
      const judged = input.judge({
        title: row.title,
        content: row.content,
        author: row.author ?? undefined,
        siteType: row.siteType ?? undefined,
        siteStatus: row.siteStatus ?? undefined,
        replyUnit: row.replyUnit ?? undefined,
        replyText: row.replyText ?? undefined,
        district: row.district ?? undefined,
      });
      if (!judged.keep) {
        if (judged.reason === row.reason && judged.kind === row.kind) result.unchanged++;
        else {
          result.reasonChanged++;
          changed.set(row.id, { reason: judged.reason, kind: judged.kind });
        }
        continue;
      }
      if (input.dryRun) {
        result.broughtIn.push({ id: row.id, siteId: row.siteId, title: row.title, matched: judged.matched, messageId: null });
        continue;
      }
      try {
        const { messageId } = await bringBackExcludedMessage(db, { id: row.id, note: recheckNote(judged.matched), actor: input.actor, now: input.now });
        result.broughtIn.push({ id: row.id, siteId: row.siteId, title: row.title, matched: judged.matched, messageId });
        await input.onBroughtIn?.(messageId);
      } catch (error) {
        // Brought back by a colleague, or recorded by a crawl, since the row was read.
        if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
        result.takenMeanwhile++;
      }
    }
    if (!input.dryRun && changed.size > 0) {
      // Only rows still out: one brought back meanwhile keeps the reason it was brought back with.
      await db.$transaction(async (tx) => {
        for (const [id, next] of changed) await tx.excludedMessage.updateMany({ where: { id, messageId: null }, data: next });
      });
    }
    input.onProgress?.(result.checked, total);
  }
  return result;
}

/** The hash of the scope a source's excluded messages were last judged with (null: never, or no such source yet). */
export async function judgedScopeHash(db: Db, sourceId: string): Promise<string | null> {
  return (await db.source.findUnique({ where: { id: sourceId }, select: { scopeHash: true } }))?.scopeHash ?? null;
}

/** Notes that every excluded message of a source was judged with the scope of this hash (after a whole run). */
export async function saveJudgedScopeHash(db: Db, sourceId: string, scopeHash: string): Promise<void> {
  await db.source.updateMany({ where: { id: sourceId }, data: { scopeHash } });
}

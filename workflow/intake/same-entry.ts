/**
 * The same letter entered by hand twice (手工录入, enter-message.ts): a `--file` entered again after
 * fixing one line, the 录入留言 form sent twice, or the letter typed again from the paper with a typo
 * fixed, a character changed, other spaces or punctuation, or a shortened title. Linked as a copy by
 * de-duplication, it counted one citizen twice in the case's 反映人数 (an unsigned or generic name is
 * a writer of its own) and added a copy nobody sent. Both checks read only the channel's earlier
 * hand entries (its manual source); a letter with a 转办编号 is never checked (the number decides).
 *
 * - identical: same title, text, writer and 留言时间, as intake normalised them (a missing writer or
 *   time matching a missing one);
 * - retyped: same writer (not empty, compared as the store's "message_writer" compares names: no
 *   spaces, full width folded, Latin lower case) and 留言时间 in the same minute (a missing time
 *   matching a missing one), and a text the same letter's: the texts at most `retypedEdits`
 *   characters apart (one or two typos, wherever they fall: one in a road or estate name is still
 *   a typo), or the exact character-shingle Jaccard of the compared texts (dedup textJaccard) at
 *   least `retypedJaccard` and de-duplication's own judgement a copy (compareFingerprints: not
 *   another place, body or facility named). Without a writer, or with another 留言时间, a near copy
 *   is another citizen's voice or another day's, and de-duplication links it as before.
 *
 * Both refuse with SAME_ENTRY (the CLI's 已跳过, the console's 确为另一位群众的来信 go on it);
 * `allowSame` skips both. Entries at once: an identical pair is kept to one by its site id
 * (`sameEntrySiteIdOf`, the unique key); a retyped pair by a transaction-scoped advisory lock on
 * (channel, writer, minute) taken before reading, so the second waits for the first and reads it.
 */
import { AppError, sha256, type CrawledMessage } from '../../core/index.js';
import { compareFingerprints, fingerprint, textEditsWithin, textJaccard } from '../../dedup/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import { toDate, type newMessageRow } from './record-message.js';

type Tx = Prisma.TransactionClient;
type EntryRow = Pick<ReturnType<typeof newMessageRow>, 'sourceId' | 'contentHash' | 'title' | 'content' | 'author' | 'postedAt'>;

/**
 * The exact shingle Jaccard from which a letter with the same writer and minute is the same letter
 * retyped. Measured with `npx tsx bench/retyped-letter.ts` on 1,429 real letters of 100-300
 * characters: one typo (a character changed, dropped or doubled) scores 0.931 or more, two typos
 * 0.878 or more (1st percentile 0.89: a bar of 0.9 misses more than 1 %); different letters scoring 0.85 or more are re-posts
 * of one letter, those sent again to another body (0.868, 0.903) not called copies by
 * de-duplication's subject check, which findRetyped also asks.
 */
export const retypedJaccard = 0.85;

/**
 * At most this many characters inserted, dropped or changed, a letter with the same writer and
 * minute is the same letter retyped, whatever its length: one or two typos. Below about 100
 * characters the shingles say little (one character changed in a letter of 30 costs 3 of its 28
 * shingles: Jaccard 0.81). Measured with `npx tsx bench/retyped-letter.ts` on 4,838 real letters of
 * 20-99 characters: retyped with one typo, the Jaccard bar alone caught 85-87 %, with the edits
 * 99.3-99.6 % (two typos: 51-59 % against 98.9-99.4 %); the 9 pairs of different letters this close
 * are re-posts of one letter but one, which de-duplication does not call a copy (were it entered by
 * one writer in one minute, it would be refused here, and 确为另一位群众的来信 enters it). Within these
 * edits de-duplication's subject check is not asked: it reads 新化路 typed for 新华路 as another road,
 * and the retyped letter became a second case.
 */
export const retypedEdits = 2;

/**
 * The site id a letter without 转办编号 takes when entered without `allowSame`: derived from what
 * makes two letters the same, so the unique key (source, site id) lets one of two identical entries
 * made at once in.
 */
export function sameEntrySiteIdOf(message: Pick<CrawledMessage, 'title' | 'content' | 'author' | 'postedAt'>): string {
  return `same:${sha256(JSON.stringify([message.title, message.content, message.author ?? null, toDate(message.postedAt)?.toISOString() ?? null]))}`;
}

/**
 * A writer's name as the store's "message_writer" compares names (migration
 * 20261130010000_reporters_by_writer): NFKC, no whitespace, Latin lower case. Empty for no name.
 */
export function writerKeyOf(author: string | null | undefined): string {
  return (author ?? '')
    .normalize('NFKC')
    .replace(/\s/gu, '')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The start of the minute of a 留言时间 (null for none). */
const minuteOf = (at: Date | null) => (at ? new Date(Math.floor(at.getTime() / 60_000) * 60_000) : null);

/**
 * Refuses (SAME_ENTRY) a hand-entered letter identical to, or retyped from, an earlier hand entry of
 * its channel (see the file's comment). Called inside the entry's transaction, before it writes.
 */
export async function refuseSameEntry(tx: Tx, row: EntryRow): Promise<void> {
  const writer = writerKeyOf(row.author);
  const minute = minuteOf(row.postedAt);
  // Serialises entries of one writer and minute in a channel: a retyped pair sent at once cannot
  // both read before either wrote. Only such entries wait, for the other's transaction.
  if (writer) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`same-entry:${row.sourceId}:${writer}:${minute?.toISOString() ?? '-'}`}))`;
  const same = await tx.message.findFirst({
    where: { sourceId: row.sourceId, contentHash: row.contentHash, title: row.title, content: row.content, author: row.author, postedAt: row.postedAt },
    orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }],
    select: { id: true, caseId: true, case: { select: { ledgerNo: true } } },
  });
  if (same) throw sameEntryError(same, '相同');
  if (!writer) return;
  const retyped = await findRetyped(tx, row, writer, minute);
  if (retyped) {
    const how = retyped.similarity >= retypedJaccard || retyped.edits === null ? `内容相似度 ${Math.floor(retyped.similarity * 100)}%` : `内容仅差 ${retyped.edits} 个字`;
    throw sameEntryError(retyped, `几乎相同（同一留言人、同一留言时间，${how}）`, { similarity: retyped.similarity, edits: retyped.edits });
  }
}

/** The earliest hand entry of the channel by this writer in this minute whose letter this one retypes. */
async function findRetyped(tx: Tx, row: EntryRow, writer: string, minute: Date | null) {
  const sameMinute = minute ? { gte: minute, lt: new Date(minute.getTime() + 60_000) } : null;
  // Names are compared folded (writerKeyOf), so the writer is matched here rather than in SQL.
  const byWriter = (
    await tx.message.findMany({
      where: { sourceId: row.sourceId, author: { not: null }, postedAt: sameMinute },
      orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }],
      select: { id: true, author: true },
    })
  ).filter((m) => writerKeyOf(m.author) === writer);
  if (byWriter.length === 0) return null;
  const letters = await tx.message.findMany({
    where: { id: { in: byWriter.map((m) => m.id) } },
    orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }],
    select: { id: true, title: true, content: true, caseId: true, case: { select: { ledgerNo: true } } },
  });
  let printed: ReturnType<typeof fingerprint> | undefined;
  for (const earlier of letters) {
    const similarity = textJaccard(row, earlier);
    const edits = textEditsWithin(row, earlier, retypedEdits);
    if (similarity < retypedJaccard && edits === null) continue;
    // A typo or two is the same letter whatever it touched: one in a road or estate name makes
    // de-duplication's subject check see another place, and the retyped letter a second case.
    if (edits !== null) return { ...earlier, similarity, edits };
    printed ??= fingerprint(row);
    if (compareFingerprints(printed, fingerprint(earlier)).duplicate) return { ...earlier, similarity, edits };
  }
  return null;
}

function sameEntryError(earlier: { id: string; caseId: string | null; case: { ledgerNo: string } | null }, how: string, more: Record<string, unknown> = {}): AppError {
  const where = earlier.case?.ledgerNo ? `案件 ${earlier.case.ledgerNo}` : '尚在分类登记';
  return new AppError('SAME_ENTRY', `与已录入的留言（${where}）${how}`, { details: { messageId: earlier.id, caseId: earlier.caseId, ledgerNo: earlier.case?.ledgerNo ?? null, ...more } });
}

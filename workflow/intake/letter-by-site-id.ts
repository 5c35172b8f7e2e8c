/**
 * The stored row of a crawled letter, by (source, the site's own id). The store's unique key is
 * that pair as the crawler first handed it on; a site that re-numbers its letters by zero-padding
 * the ids (`4` becomes `0004`) shows the same letter under another spelling. An all-digit id
 * therefore also finds the row stored under another padding of it (core's canonicalSiteId) when
 * the exact id is not stored; any other id is matched exactly. The row keeps the id it was first
 * stored under (the crawler hands a letter on under that id too: `KnownItem.storeId`); both
 * spellings find it.
 *
 * Two records of one letter at once under two spellings (two workers) would each miss the
 * other's uncommitted row, and the unique key cannot tell them apart: `lockLetter` serialises the
 * transactions that record a letter of that number, so the second finds the first's row. A record
 * whose exact id is stored takes no lock (`findMessageOfLetterToRecord`).
 */
import { canonicalSiteId, isDigitSiteId } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';

type Tx = Pick<Prisma.TransactionClient, '$executeRaw' | 'message' | 'excludedMessage'>;

/**
 * The longest padding looked for: ids of up to this many digits (or the id's own length, if
 * longer). Each spelling is a lookup in the (source, site id) unique index, so a letter new to the
 * store costs one indexed query, not a scan of the source's rows.
 */
const longestPadding = 32;

/** Every spelling of an all-digit id with leading zeros, from none to `longestPadding` digits (`4`: 4, 04, 004 …). */
export function paddingsOf(siteId: string): string[] {
  const digits = canonicalSiteId(siteId);
  const longest = Math.max(longestPadding, siteId.length);
  return Array.from({ length: longest - digits.length + 1 }, (_, zeros) => `${'0'.repeat(zeros)}${digits}`);
}

/**
 * Holds, until the transaction ends, the lock of the letter numbered `siteId` in `sourceId` (its
 * canonical form: every padding takes the same lock). Nothing for an id that is not all digits:
 * the unique key alone keeps those once. Take it before any row lock of the letter.
 */
export async function lockLetter(tx: Pick<Tx, '$executeRaw'>, sourceId: string, siteId: string): Promise<void> {
  if (!isDigitSiteId(siteId)) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`letter:${sourceId}:${canonicalSiteId(siteId)}`}))`;
}

/** The Message of the letter `siteId` of `sourceId` (exactly, else under another padding of an all-digit id: the oldest), or null. */
export async function findMessageOfLetter(tx: Pick<Tx, 'message'>, sourceId: string, siteId: string) {
  const exact = await tx.message.findUnique({ where: { sourceId_siteId: { sourceId, siteId } } });
  if (exact || !isDigitSiteId(siteId)) return exact;
  return oldestMessageUnderAnyPadding(tx, sourceId, siteId);
}

/**
 * findMessageOfLetter for a transaction that inserts the letter when it finds none (recordMessage),
 * taking the letter's lock only when it may insert: when the exact id is not stored. A letter
 * stored under this very id needs no lock (the unique key keeps that spelling once, and a worker
 * recording another spelling finds this row once it holds the lock), so a re-crawl of a stored
 * letter, the common record, costs what a non-digit id costs; a letter new under this spelling
 * takes the lock and then looks every padding up again, the exact one included (another worker
 * may have inserted it while this one waited).
 */
export async function findMessageOfLetterToRecord(tx: Pick<Tx, 'message' | '$executeRaw'>, sourceId: string, siteId: string) {
  const exact = await tx.message.findUnique({ where: { sourceId_siteId: { sourceId, siteId } } });
  if (exact || !isDigitSiteId(siteId)) return exact;
  await lockLetter(tx, sourceId, siteId);
  return oldestMessageUnderAnyPadding(tx, sourceId, siteId);
}

/** The oldest Message stored under any padding of the all-digit `siteId` (itself included), or null. */
function oldestMessageUnderAnyPadding(tx: Pick<Tx, 'message'>, sourceId: string, siteId: string) {
  return tx.message.findFirst({ where: { sourceId, siteId: { in: paddingsOf(siteId) } }, orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }] });
}

/** The site id of the kept (excluded) letter `siteId` of `sourceId`: itself when kept so or when none is kept, else the other padding it is kept under. */
export async function excludedSiteIdOf(tx: Pick<Tx, 'excludedMessage'>, sourceId: string, siteId: string): Promise<string> {
  if (!isDigitSiteId(siteId)) return siteId;
  const rows = await tx.excludedMessage.findMany({ where: { sourceId, siteId: { in: paddingsOf(siteId) } }, select: { siteId: true }, orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }] });
  return rows.some((r) => r.siteId === siteId) ? siteId : (rows[0]?.siteId ?? siteId);
}

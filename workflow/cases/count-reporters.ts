/**
 * 反映人数: how many people wrote about a case, and how many messages it holds. A case's
 * reporterCount is always recounted from its messages (never added to or subtracted from), so a
 * link, a merge and a split each leave it right whatever happened before.
 *
 * Who counts as one writer is decided by the database function "message_writer" (migration
 * 20261130010000_reporters_by_writer, described in dedup/README.md, "Reporters"): messages signed
 * with the same name that tells people apart are one writer; an anonymous, generic or masked name
 * (匿名, 网友, 王**) makes each message a writer of its own. The rule is in the store so that the
 * migration recounting older cases and the count here cannot disagree.
 */
import { Prisma } from '../../prisma/generated/client.js';
import type { Tx } from './case-transaction.js';

/**
 * The cases of a hot issue that count (SQL over "Case" aliased c): not merged into another, not
 * decided 不予受理 (standing, or archived in the 不予受理 volume). Shared by the board's hot issues
 * (console-queries/hot-issues.ts) and 群众反映较多 (supervision/scan-deadlines.ts, through
 * countHotIssueReporters), so the two never disagree.
 */
export const standingInHotIssue = Prisma.sql`c."state" NOT IN ('merged', 'not_accepted') AND c."archiveCategory" IS DISTINCT FROM '不予受理'`;

export interface ReporterCount {
  /** Distinct writers: 反映人数, what 群众反映较多 (MINSHENG_REPORTER_THRESHOLD) compares. */
  reporterCount: number;
  /** Messages of the case: the first and its copies (the review queue's 重复 N 条 is this minus 1). */
  messageCount: number;
}

/** Counts the writers and messages of a case as they stand in this transaction. */
export async function countReporters(tx: Tx, caseId: string): Promise<ReporterCount> {
  const [row] = await tx.$queryRaw<{ writers: number; messages: number }[]>`
    SELECT count(DISTINCT "message_writer"("author", "id"))::int AS "writers", count(*)::int AS "messages"
    FROM "Message" WHERE "caseId" = ${caseId}`;
  return { reporterCount: row?.writers ?? 0, messageCount: row?.messages ?? 0 };
}

/**
 * Distinct writers over the standing cases of each hot issue: one person who wrote twice in a group
 * is one. Standing: not merged (counted in their target) and not refused (不予受理, archived as such
 * or not): a letter staff decided is not this district's concern (an advertisement naming the
 * estate, another district's estate of the same name) is nobody raising it.
 */
export async function countHotIssueReporters(tx: Pick<Tx, '$queryRaw'>, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ key: string; writers: number }[]>`
    SELECT c."hotIssueKey" AS "key", count(DISTINCT "message_writer"(m."author", m."id"))::int AS "writers"
    FROM "Case" c JOIN "Message" m ON m."caseId" = c."id"
    WHERE c."hotIssueKey" = ANY(${keys}) AND ${standingInHotIssue}
    GROUP BY c."hotIssueKey"`;
  return new Map(rows.map((r) => [r.key, r.writers]));
}

/**
 * The writer of each message of the given cases, by the same rule as the count ("message_writer"),
 * so a list of a case's writers (批量回访: each person to call) names as many as 反映人数 says.
 */
export async function messageWriters(db: Pick<Tx, '$queryRaw'>, caseIds: readonly string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: string; writer: string }[]>`
    SELECT "id", "message_writer"("author", "id") AS "writer" FROM "Message" WHERE "caseId" = ANY(${[...caseIds]})`;
  return new Map(rows.map((r) => [r.id, r.writer]));
}

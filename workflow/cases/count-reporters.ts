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
import type { Tx } from './case-transaction.js';

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

/** Distinct writers over the standing (not merged) cases of each hot issue: one person who wrote twice in a group is one. */
export async function countHotIssueReporters(tx: Pick<Tx, '$queryRaw'>, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ key: string; writers: number }[]>`
    SELECT c."hotIssueKey" AS "key", count(DISTINCT "message_writer"(m."author", m."id"))::int AS "writers"
    FROM "Case" c JOIN "Message" m ON m."caseId" = c."id"
    WHERE c."hotIssueKey" = ANY(${keys}) AND c."state" <> 'merged'
    GROUP BY c."hotIssueKey"`;
  return new Map(rows.map((r) => [r.key, r.writers]));
}

/**
 * Hot issues (群众反映较多, 第四条㈥) for the supervision board: the groups of messages that raise
 * the same concern (HotIssue rows written at registration) raised by at least two people, most
 * people first, with how many messages, cases and reporters each now counts. A group whose messages all come from
 * one writer (one resident's several letters about the estate) is not 多人反映 and is left out.
 * Handling units see none: a group spans cases of other units.
 */
import type { Db } from '../store/index.js';
import { requireRole, type Actor } from '../users/actor.js';
import { standingInHotIssue } from '../cases/count-reporters.js';

export interface HotIssueRow {
  key: string;
  /** The shared key phrase (from message text: untrusted, show as text). */
  label: string;
  /**
   * Messages of the group's standing cases, copies linked to them included: the messages behind
   * `reporters`, so the two columns count the same letters (one writer's two letters: 2 and 1).
   */
  messageCount: number;
  /** Cases of the group still standing (merged ones are counted in their target; 不予受理 ones not at all: count-reporters.ts standingInHotIssue). */
  cases: number;
  /** People who raised it: the distinct writers of those cases' messages (one person who wrote twice counts once). */
  reporters: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface HotIssueQuery {
  actor: Actor;
  /** Only groups seen within this many days. @default 30 */
  sinceDays?: number;
  /** Only groups that at least this many messages opened or joined (copies linked to a case not counted: a hot issue is several letters, not one letter and its re-posts). @default 2 */
  minMessages?: number;
  /** Only groups raised by at least this many people (distinct writers). @default 2 */
  minReporters?: number;
  /** @default 20 */
  limit?: number;
  now?: Date;
}

/**
 * The groups, most people first (反映人数 is what 群众反映较多 is about), then most messages, then
 * the most recently seen. Counted and ordered in the store, so a large group is never cut off
 * behind smaller ones by the limit.
 */
export async function listHotIssues(db: Db, input: HotIssueQuery): Promise<HotIssueRow[]> {
  requireRole(input.actor, ['egov_centre', 'gov_office', 'leader', 'supervision', 'unit', 'admin']);
  if (input.actor.role === 'unit') return [];
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - (input.sinceDays ?? 30) * 86_400_000);
  const limit = Math.min(input.limit ?? 20, 100);
  const minReporters = input.minReporters ?? 2;
  const minMessages = input.minMessages ?? 2;
  // Writers are counted by the store's "message_writer", over the same cases as
  // countHotIssueReporters (standingInHotIssue), as a case's reporterCount is (cases/count-reporters.ts).
  const rows = await db.$queryRaw<{ key: string; label: string; messages: number; cases: number; writers: number; firstSeenAt: Date; lastSeenAt: Date }[]>`
    SELECT h."key", h."label", h."firstSeenAt", h."lastSeenAt",
           count(m."id")::int AS "messages",
           count(DISTINCT c."id")::int AS "cases",
           count(DISTINCT "message_writer"(m."author", m."id"))::int AS "writers"
    FROM "HotIssue" h
    JOIN "Case" c ON c."hotIssueKey" = h."key" AND ${standingInHotIssue}
    JOIN "Message" m ON m."caseId" = c."id"
    WHERE h."lastSeenAt" >= ${since} AND h."messageCount" >= ${minMessages}
    GROUP BY h."key", h."label", h."firstSeenAt", h."lastSeenAt"
    HAVING count(DISTINCT "message_writer"(m."author", m."id")) >= ${minReporters}
    ORDER BY "writers" DESC, "messages" DESC, h."lastSeenAt" DESC, h."key" ASC
    LIMIT ${limit}`;
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    messageCount: r.messages,
    cases: r.cases,
    reporters: r.writers,
    firstSeenAt: r.firstSeenAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
  }));
}

/**
 * One group's label, for the ledger's filter caption; null when unknown, and for a handling unit
 * always (as listHotIssues gives it none: a group spans other units' cases, and its key is a
 * guessable phrase such as `estate:宝山小区`, so a label would tell the unit that other people
 * complained about that estate, and in whose words).
 */
export async function hotIssueLabel(db: Db, key: string, actor: Actor): Promise<string | null> {
  if (actor.role === 'unit') return null;
  return (await db.hotIssue.findUnique({ where: { key }, select: { label: true } }))?.label ?? null;
}

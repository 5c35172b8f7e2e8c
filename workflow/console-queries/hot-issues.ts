/**
 * Hot issues (群众反映较多, 第四条㈥) for the supervision board: the groups of messages that raise
 * the same concern (HotIssue rows written at registration) raised by at least two people, busiest
 * first, with how many cases and reporters each now counts. A group whose messages all come from
 * one writer (one resident's several letters about the estate) is not 多人反映 and is left out.
 * Handling units see none: a group spans cases of other units.
 */
import type { Db } from '../store/index.js';
import { countHotIssueReporters } from '../cases/count-reporters.js';
import { requireRole, type Actor } from '../users/actor.js';

export interface HotIssueRow {
  key: string;
  /** The shared key phrase (from message text: untrusted, show as text). */
  label: string;
  /** Messages that opened or joined the group (copies of them are counted in `reporters`). */
  messageCount: number;
  /** Cases of the group still standing (merged ones are counted in their target). */
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
  /** Only groups of at least this many messages. @default 2 */
  minMessages?: number;
  /** Only groups raised by at least this many people (distinct writers). @default 2 */
  minReporters?: number;
  /** @default 20 */
  limit?: number;
  now?: Date;
}

export async function listHotIssues(db: Db, input: HotIssueQuery): Promise<HotIssueRow[]> {
  requireRole(input.actor, ['egov_centre', 'gov_office', 'leader', 'supervision', 'unit', 'admin']);
  if (input.actor.role === 'unit') return [];
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - (input.sinceDays ?? 30) * 86_400_000);
  const limit = Math.min(input.limit ?? 20, 100);
  const minReporters = input.minReporters ?? 2;
  // Groups of one writer are left out after counting, so a few more are read than shown.
  const groups = await db.hotIssue.findMany({
    where: { lastSeenAt: { gte: since }, messageCount: { gte: input.minMessages ?? 2 } },
    orderBy: [{ messageCount: 'desc' }, { lastSeenAt: 'desc' }, { key: 'asc' }],
    take: limit * 5,
  });
  if (groups.length === 0) return [];
  const keys = groups.map((g) => g.key);
  const [sums, writers] = await Promise.all([
    db.case.groupBy({ by: ['hotIssueKey'], where: { hotIssueKey: { in: keys }, state: { not: 'merged' } }, _count: { _all: true } }),
    countHotIssueReporters(db, keys),
  ]);
  const byKey = new Map(sums.map((s) => [s.hotIssueKey, s]));
  return groups
    .map((g) => ({
      key: g.key,
      label: g.label,
      messageCount: g.messageCount,
      cases: byKey.get(g.key)?._count._all ?? 0,
      reporters: writers.get(g.key) ?? 0,
      firstSeenAt: g.firstSeenAt.toISOString(),
      lastSeenAt: g.lastSeenAt.toISOString(),
    }))
    .filter((g) => g.reporters >= minReporters)
    .slice(0, limit);
}

/** One group's label, for the ledger's filter caption; null when unknown. */
export async function hotIssueLabel(db: Db, key: string): Promise<string | null> {
  return (await db.hotIssue.findUnique({ where: { key }, select: { label: true } }))?.label ?? null;
}

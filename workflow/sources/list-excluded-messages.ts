/**
 * The messages sources' scopes left out (another district's, by the gazetteer), for staff to check
 * on the 采集来源 page and `minsheng sources excluded`: newest first (by the time posted, then by
 * when the crawler first saw them), paged, searchable by title; each with the crawler's reason
 * and, once brought back, who did it and the case it is in.
 */
import type { ExclusionKind } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';
import { requireRole, type Actor } from '../users/actor.js';

/** Who may read the list: whoever sees the 采集来源 page (bringing back is narrower: bringBackRoles). */
export const excludedViewers = ['egov_centre', 'supervision', 'gov_office', 'leader', 'admin'] as const;

export interface ExcludedMessageFilter {
  sourceId?: string | undefined;
  /** Part of the title. */
  q?: string | undefined;
  /** excluded: not brought back (the default); brought_back; all. */
  status?: 'excluded' | 'brought_back' | 'all' | undefined;
  /** other_district (其他区县) or no_place (属地不明); unset: both. */
  exclusionKind?: ExclusionKind | undefined;
  /** @default 50, at most 500 */
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface ExcludedMessageItem {
  id: string;
  sourceId: string;
  sourceName: string;
  siteId: string;
  url: string | null;
  title: string;
  content: string;
  author: string | null;
  postedAt: string | null;
  siteStatus: string | null;
  reason: string;
  kind: ExclusionKind;
  firstSeenAt: string;
  lastSeenAt: string;
  /** When the site's copy last changed (the kept copy was updated then). */
  changedAt: string | null;
  /** Set once it is a Message: by staff (`by`, `note`) or by a later crawl (`by` null). */
  broughtBack: { at: string | null; by: string | null; role: string | null; note: string | null; messageId: string; caseId: string | null; ledgerNo: string | null } | null;
}

export async function listExcludedMessages(db: Db, input: { actor: Actor; filter?: ExcludedMessageFilter }): Promise<{ total: number; items: ExcludedMessageItem[] }> {
  requireRole(input.actor, excludedViewers);
  const f = input.filter ?? {};
  const status = f.status ?? 'excluded';
  const where: Prisma.ExcludedMessageWhereInput = {
    ...(f.sourceId ? { sourceId: f.sourceId } : {}),
    ...(f.exclusionKind ? { kind: f.exclusionKind } : {}),
    ...(f.q?.trim() ? { title: { contains: f.q.trim(), mode: 'insensitive' } } : {}),
    ...(status === 'excluded' ? { messageId: null } : status === 'brought_back' ? { messageId: { not: null } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.excludedMessage.count({ where }),
    db.excludedMessage.findMany({
      where,
      orderBy: [{ postedAt: { sort: 'desc', nulls: 'last' } }, { firstSeenAt: 'desc' }, { id: 'asc' }],
      take: Math.min(Math.max(f.limit ?? 50, 1), 500),
      skip: f.offset ?? 0,
      include: { source: { select: { name: true } } },
    }),
  ]);
  const messageIds = rows.flatMap((r) => (r.messageId ? [r.messageId] : []));
  const cases = messageIds.length
    ? await db.message.findMany({ where: { id: { in: messageIds } }, select: { id: true, caseId: true, case: { select: { ledgerNo: true } } } })
    : [];
  const caseOf = new Map(cases.map((m) => [m.id, m]));
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      sourceId: r.sourceId,
      sourceName: r.source.name,
      siteId: r.siteId,
      url: r.url,
      title: r.title,
      content: r.content,
      author: r.author,
      postedAt: iso(r.postedAt),
      siteStatus: r.siteStatus,
      reason: r.reason,
      kind: r.kind,
      firstSeenAt: r.firstSeenAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      changedAt: iso(r.changedAt),
      broughtBack: r.messageId
        ? { at: iso(r.broughtBackAt), by: r.broughtBackBy, role: r.broughtBackRole, note: r.broughtBackNote, messageId: r.messageId, caseId: caseOf.get(r.messageId)?.caseId ?? null, ledgerNo: caseOf.get(r.messageId)?.case?.ledgerNo ?? null }
        : null,
    })),
  };
}

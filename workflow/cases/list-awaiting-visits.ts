/**
 * 批量回访 (第五条㈥): the replied cases awaiting their follow-up visit, oldest reply first, for a
 * staff member phoning citizens one after another. Each row carries what the call needs (台账编号,
 * title, every writer as the case page shows them, the reply date and the days since) and the
 * published reply the visit asks about (reportId), which the page sends back with each row's
 * visit so a case re-opened and replied again meanwhile is refused, as on the case page.
 *
 * Only the roles that may record a visit (state-machine.ts: 回访 from 已回复) read this list; the
 * visits themselves go through record-visit.ts one case at a time (POST .../cases/:id/visit), so the
 * rules (a dissatisfied answer needs the citizen's words, re-visits only after 无法联系) live there.
 * With `unreached`, the list is instead the 已回访办结 cases whose last visit was 无法联系, which
 * record-visit.ts lets the same roles visit again until 归档.
 */
import type { Db } from '../store/index.js';
import { requireRole, type Actor, type ActorRole } from '../users/actor.js';
import { accountNames } from '../users/actor-name.js';
import { chinaDate, parseIsoDate } from '../calendar/work-calendar.js';
import { transitions } from './state-machine.js';
import { unreachedWhere } from './list-cases.js';
import { maxAwaitingVisits } from './visit-names.js';
import { messageWriters } from './count-reporters.js';

/** Who may record a 回访 on a 已回复 case: the roles of the state machine's visit steps. */
export const visitRoles: readonly ActorRole[] = [
  ...new Set(transitions.filter((t) => t.from === 'replied' && (t.action === 'visit_satisfied' || t.action === 'visit_dissatisfied')).flatMap((t) => t.roles)),
];

// The most rows one page lists: in visit-names.ts, which the CLI's help reads without loading this query.
export { maxAwaitingVisits } from './visit-names.js';

export interface AwaitingVisitFilter {
  /** List the 已回访办结 cases last visited 无法联系 instead of the 已回复 ones. @default false */
  unreached?: boolean | undefined;
  /** At most maxAwaitingVisits. @default 100 */
  limit?: number | undefined;
  offset?: number | undefined;
}

/** One person who wrote about the case, as the case page shows their letter: whom to call and where they wrote. */
export interface AwaitingVisitWriter {
  /** Their first letter in the case (the case's first message for the first writer). */
  messageId: string;
  /** The name signed (null: anonymous). */
  author: string | null;
  sourceName: string | null;
  channel: string;
  url: string | null;
  /** The 转办单's number and level, for a letter forwarded by the province or city (null otherwise). */
  forwardNo: string | null;
  originLevel: string | null;
}

export interface AwaitingVisitRow {
  caseId: string;
  ledgerNo: string;
  title: string;
  /** 已回复, or 已回访办结 (closed on 无法联系, to be visited again). */
  state: string;
  channel: string;
  /** The writer of the case's first message as the case page shows it (null: anonymous), where from and the original's link. */
  author: string | null;
  sourceName: string | null;
  url: string | null;
  /** The 转办单's number and level, for messages forwarded by the province or city (null otherwise). */
  forwardNo: string | null;
  originLevel: string | null;
  /**
   * Everyone who wrote about the case (a case several people raised: de-duplication linked their
   * letters), each once as 反映人数 counts them (count-reporters.ts: one person's re-posts once,
   * each anonymous letter its own writer): the first message's writer first (the fields above),
   * then the others in the order their letters arrived. The visit is still one per case
   * (record-visit.ts), its note saying what each said; the list is whom to reach.
   */
  writers: AwaitingVisitWriter[];
  /** The published reply a visit asks about (the latest), to send back with the visit. */
  reportId: string | null;
  /** When it was published (ISO), and its China date. */
  repliedAt: string | null;
  repliedOn: string | null;
  /** Calendar days from the reply's China date to today's (0 on the day). */
  daysSinceReply: number | null;
  /** The unit that handled it (主办), for the caller's reference. */
  unitName: string | null;
  /** The last visit (for unreached cases: the 无法联系 one), as staff read it. */
  lastVisit: { satisfaction: string; method: string; note: string | null; visitedAt: string; visitedBy: string; visitedByName: string } | null;
}

export interface AwaitingVisitList {
  items: AwaitingVisitRow[];
  /** Cases awaiting a visit (of this kind), all pages. */
  total: number;
}

const dayMs = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / dayMs);

/** A message's 转办 number and level, where it was forwarded (the JSON the 转办单 gave). */
function forwardingOf(value: unknown): { forwardNo: string | null; originLevel: string | null } {
  const f = (value ?? null) as { forwardNo?: unknown; originLevel?: unknown } | null;
  return { forwardNo: typeof f?.forwardNo === 'string' ? f.forwardNo : null, originLevel: typeof f?.originLevel === 'string' ? f.originLevel : null };
}

/** The cases awaiting a visit, oldest reply first; see the module comment. */
export async function listAwaitingVisits(db: Db, input: { actor: Actor; filter?: AwaitingVisitFilter; now?: Date | undefined }): Promise<AwaitingVisitList> {
  requireRole(input.actor, visitRoles);
  const filter = input.filter ?? {};
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), maxAwaitingVisits);
  const offset = Math.max(filter.offset ?? 0, 0);
  const where = { ...(filter.unreached ? unreachedWhere : { state: 'replied' }), archivedAt: null };
  // Sorted on the reply's time, which lives on the report: read the (few) waiting cases' ids and
  // latest published reply, order them, then read the page's rows in full.
  const heads = await db.case.findMany({
    where,
    select: { id: true, createdAt: true, reports: { where: { status: 'published' }, orderBy: { submittedAt: 'desc' }, take: 1, select: { id: true, publishedAt: true } } },
  });
  const replyTime = (h: (typeof heads)[number]) => h.reports[0]?.publishedAt?.getTime() ?? h.createdAt.getTime();
  heads.sort((a, b) => replyTime(a) - replyTime(b) || a.id.localeCompare(b.id));
  const page = heads.slice(offset, offset + limit);
  const rows = await db.case.findMany({
    where: { id: { in: page.map((h) => h.id) } },
    select: {
      id: true, ledgerNo: true, title: true, state: true, channel: true, primaryMessageId: true,
      unit: { select: { name: true } },
      messages: { orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }], select: { id: true, author: true, url: true, channel: true, forwarding: true, source: { select: { name: true } } } },
      visits: { orderBy: [{ visitedAt: 'desc' }, { id: 'desc' }], take: 1 },
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const names = await accountNames(db, rows.flatMap((r) => r.visits.map((v) => v.visitedBy)));
  const writerOf = await messageWriters(db, rows.map((r) => r.id));
  const today = chinaDate(input.now ?? new Date());
  const items = page.flatMap((head): AwaitingVisitRow[] => {
    const c = byId.get(head.id);
    if (!c) return [];
    const primary = c.messages.find((m) => m.id === c.primaryMessageId);
    const forwarding = forwardingOf(primary?.forwarding);
    // The first message's writer first, then each other writer's earliest letter.
    const seen = new Set<string>();
    const writers = [...(primary ? [primary] : []), ...c.messages.filter((m) => m !== primary)].flatMap((m): AwaitingVisitWriter[] => {
      const key = writerOf.get(m.id) ?? `message:${m.id}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ messageId: m.id, author: m.author, sourceName: m.source.name, channel: m.channel, url: m.url, ...forwardingOf(m.forwarding) }];
    });
    const reply = head.reports[0];
    const repliedOn = reply?.publishedAt ? chinaDate(reply.publishedAt) : null;
    const visit = c.visits[0];
    return [{
      caseId: c.id,
      ledgerNo: c.ledgerNo,
      title: c.title,
      state: c.state,
      channel: c.channel,
      author: primary?.author ?? null,
      sourceName: primary?.source.name ?? null,
      url: primary?.url ?? null,
      ...forwarding,
      writers,
      reportId: reply?.id ?? null,
      repliedAt: reply?.publishedAt?.toISOString() ?? null,
      repliedOn,
      daysSinceReply: repliedOn ? Math.max(0, daysBetween(repliedOn, today)) : null,
      unitName: c.unit?.name ?? null,
      lastVisit: visit
        ? { satisfaction: visit.satisfaction, method: visit.method, note: visit.note, visitedAt: visit.visitedAt.toISOString(), visitedBy: visit.visitedBy, visitedByName: names[visit.visitedBy] ?? visit.visitedBy }
        : null,
    }];
  });
  return { items, total: heads.length };
}

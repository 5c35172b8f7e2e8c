/**
 * The ledger (台账) as a list, the one listing of cases: the console's ledger, the workflow API,
 * `minsheng cases list`. Filters: state, category, unit, channel, due-date range, overdue,
 * escalated, archived and archive volume, closed on 无法联系 (unreached), text, hot issue, the signed-in role's to-do (待我办理). A handling unit sees only the cases
 * assigned to it, whatever it asks for.
 */
import { channelNames, type Channel } from '../../core/index.js';
import { searchWords } from '../../core/search-fold.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { getWorkCalendar } from '../calendar/load-calendar-days.js';
import { requireRole, type Actor } from '../users/actor.js';
import { casesVisibleTo } from '../users/cases-visible-to.js';
import { stateNames, type CaseState } from './state-machine.js';
import { todoWhere } from './todo-filter.js';
import { workingDaysLeft, workingDaysReportedLate } from './days-left.js';
import { settledTimes } from './archive-case.js';

export interface CaseFilter {
  state?: string | undefined;
  category?: string | undefined;
  /**
   * 承办单位 as the ledger shows it: the proposal's unit for a case proposed or agreed (拟), else the
   * case's unit. Ignored for a handling unit: it only ever sees its own.
   */
  unitId?: string | undefined;
  channel?: Channel | undefined;
  /** Due date on or after / on or before (YYYY-MM-DD). */
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** Assigned, not yet reported, and the due date has passed (China date). */
  overdue?: boolean | undefined;
  escalated?: boolean | undefined;
  /** true: only archived cases; false: only cases not archived. */
  archived?: boolean | undefined;
  /** An archive volume (<year>-<category>, e.g. 2026-投诉). */
  archiveVolume?: string | undefined;
  /**
   * Only the 已回访办结 cases whose last follow-up visit was 无法联系: closed without the citizen's
   * answer, to be visited again before 归档 (集中回访复核, 第五条㈥).
   */
  unreached?: boolean | undefined;
  /**
   * Each word (when several are given apart) is in the ledger number, the title, or the text or
   * writer's name of one of the case's messages (copies included): a citizen who calls about their
   * letter is found by their name, their phone number or a phrase of it. Full-width and half-width
   * forms, traditional and simplified characters and Latin capitals match alike (core/search-fold.ts).
   */
  q?: string | undefined;
  /** Cases of one hot issue (HotIssue.key), merged ones left out. */
  hotIssue?: string | undefined;
  /** Only the cases waiting for the actor's role's next step (todo-filter.ts). */
  todo?: boolean | undefined;
  /** At most 500. @default 100 */
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface CaseRow {
  id: string;
  ledgerNo: string;
  title: string;
  channel: string;
  channelName: string;
  /** The crawl source of the message that opened the case. */
  source: string;
  category: string;
  categoryConfirmed: boolean;
  outOfScope: boolean;
  complexity: string;
  urgency: string;
  state: string;
  stateName: string;
  unitId: string | null;
  unit: string | null;
  /** The unit proposed (已拟办) or agreed (领导已同意待交办); null in other states. */
  proposedUnit: string | null;
  /** The 协办单位 proposed or agreed with it (same states); empty otherwise. */
  proposedAssistUnits: string[];
  /** The proposal awaiting the leader's decision (已拟办待领导审批), for 批量同意; null otherwise. */
  pendingProposalId: string | null;
  /** The proposal the leader agreed to (领导已同意待交办), for the office's 批量交办; null otherwise. */
  approvedProposalId: string | null;
  /**
   * 已登记 again because the leader sent its last 拟办 back (退回拟办意见): the unit it proposed and
   * the leader's reason, so the office's ledger says why the case is back; null otherwise.
   */
  proposalSentBack: { unitId: string; unit: string; note: string } | null;
  /** 协办单位 of the 交办 in force (those a return closed are left out), in the order assigned. */
  assistUnits: string[];
  /** For a handling unit: its part in the case (主办 lead, 协办 assist); null for the offices. */
  myRole: 'lead' | 'assist' | null;
  dueDate: string | null;
  overdue: boolean;
  /** 退回重办: in hand again after a report of the 交办 in force was sent back (督查室, the leader, or at publication) to be redone. */
  redo: boolean;
  /**
   * A case in hand (已交办办理中): working days left to its due date (0: due today), or the working
   * days it is late as a negative number, counted on the official calendar as the board counts
   * them; null for a case in any other state.
   */
  daysLeft: number | null;
  /**
   * 逾期报送: a case the unit has reported on (or that has gone further), whose report on the 交办
   * in force came this many working days after its due date; null when on time, not yet reported,
   * or never assigned (days-left.ts workingDaysReportedLate).
   */
  reportedLateDays: number | null;
  /**
   * A case awaiting 归档 (已回访办结 or 不予受理, not archived): the China date it was settled (its
   * last 回访, or the 不予受理 decision), whose year names the volume 归档 files it in
   * (archive-case.ts archiveFiling); null otherwise or when its log has no such step.
   */
  settledOn: string | null;
  /** 已回访办结 on 无法联系 (its last visit): the citizen may still be reached before 归档. */
  unreached: boolean;
  reporterCount: number;
  escalated: boolean;
  leaderMarked: boolean;
  highImpact: boolean;
  archivedAt: string | null;
  archiveVolume: string | null;
  createdAt: string;
}

export interface CaseList {
  /** Cases matching the filter (all pages). */
  total: number;
  items: CaseRow[];
  /** The China date overdue was judged against. */
  today: string;
}

/**
 * Search text for Prisma's `contains`, which becomes a LIKE pattern without escaping: `%`, `_`
 * and `\` (LIKE's default escape character on PostgreSQL and PGlite) are matched as themselves.
 */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** States before 交办 whose 承办单位 is the unit of the proposal in force (拟：…). */
const proposing = ['proposed', 'approved'] as const;

/**
 * The cases proposed or agreed to `unitId` now: the latest proposal pending or agreed of each case
 * in those states (an agreement of an earlier round, handed over and returned, is not it).
 */
async function casesProposedTo(db: Db, unitId: string): Promise<string[]> {
  const rows = await db.proposal.findMany({
    where: { decision: { in: ['pending', 'approved'] }, case: { state: { in: [...proposing] } } },
    orderBy: [{ proposedAt: 'asc' }, { id: 'asc' }],
    select: { caseId: true, unitId: true },
  });
  return [...new Map(rows.map((r) => [r.caseId, r.unitId]))].filter(([, u]) => u === unitId).map(([caseId]) => caseId);
}

/**
 * The ledger's condition for an actor and a filter, as listCases counts and pages it (exported so
 * bench/ledger-search.ts times the very same count). `proposedTo`: with a 承办单位 filter, the cases
 * proposed or agreed to that unit now (casesProposedTo), listed under it instead of under their
 * suggestion; without it the filter reads the case's unit alone.
 */
export function ledgerWhere(actor: Actor, f: CaseFilter, today: string, proposedTo?: readonly string[]): Prisma.CaseWhereInput {
  const and: Prisma.CaseWhereInput[] = [casesVisibleTo(actor)];
  // 承办单位 as the row shows it: before 交办 a case proposed or agreed is the proposal's unit (拟：…),
  // not the suggestion or the unit that returned it (QA, office's day: 区生态环境分局 found none of its
  // agreed cases, 区住建局 one it had returned).
  if (actor.role !== 'unit' && f.unitId) {
    and.push(proposedTo ? { OR: [{ state: { notIn: [...proposing] }, unitId: f.unitId }, { id: { in: [...proposedTo] } }] } : { unitId: f.unitId });
  }
  if (f.state) and.push({ state: f.state });
  if (f.category) and.push({ category: f.category });
  if (f.channel) and.push({ channel: f.channel });
  if (f.dueFrom || f.dueTo) and.push({ dueDate: { ...(f.dueFrom ? { gte: f.dueFrom } : {}), ...(f.dueTo ? { lte: f.dueTo } : {}) } });
  if (f.overdue) and.push({ state: 'assigned', dueDate: { lt: today } });
  if (f.escalated !== undefined) and.push({ escalated: f.escalated });
  if (f.archived !== undefined) and.push({ archivedAt: f.archived ? { not: null } : null });
  if (f.archiveVolume) and.push({ archiveVolume: f.archiveVolume });
  if (f.unreached) and.push(unreachedWhere);
  // Pasted text often carries spaces, and ledger numbers are typed in lower case (yt-2026-000015).
  // Words apart (罗寨村 路灯, also with a full-width space) must each be in the number, the title,
  // or a message's text or writer (each word may be in another of them). Both sides are folded
  // (core/search-fold.ts): 3号楼 finds ３号楼, 东风路 finds 東風路, abc finds ABC; searchText holds the
  // number and title of a case, the text and writer of a message, folded by the database.
  for (const word of searchWords(f.q ?? '')) {
    const q = likeLiteral(word);
    and.push({ OR: [{ searchText: { contains: q } }, { messages: { some: { searchText: { contains: q } } } }] });
  }
  if (f.hotIssue) and.push({ hotIssueKey: f.hotIssue, state: { not: 'merged' } });
  if (f.todo) and.push(todoWhere(actor.role, actor.role === 'unit' ? (actor.unitId ?? null) : undefined));
  return { AND: and };
}

/**
 * Closed, and its last visit was 无法联系. A closed case's visits end with the one that closed it
 * (满意, 基本满意 or 无法联系); an answer (满意, 基本满意) is never followed by another visit
 * (record-visit.ts), so a closed case without one was closed on 无法联系, even after a dissatisfied
 * visit re-opened it in between.
 */
export const unreachedWhere: Prisma.CaseWhereInput = { state: 'closed', visits: { none: { satisfaction: { in: ['satisfied', 'basically_satisfied'] } } } };

export async function listCases(db: Db, input: { actor: Actor; filter?: CaseFilter; now?: Date }): Promise<CaseList> {
  requireRole(input.actor, ['egov_centre', 'gov_office', 'leader', 'supervision', 'unit', 'admin']);
  const f = input.filter ?? {};
  const today = chinaDate(input.now ?? new Date());
  const where = ledgerWhere(input.actor, f, today, input.actor.role !== 'unit' && f.unitId ? await casesProposedTo(db, f.unitId) : undefined);
  const [total, rows] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: Math.min(f.limit ?? 100, 500),
      skip: f.offset ?? 0,
      include: {
        unit: { select: { name: true } },
        assignments: { where: { role: 'assist', status: { not: 'returned' } }, orderBy: [{ assignedAt: 'asc' }, { unitId: 'asc' }], select: { unitId: true } },
      },
    }),
  ]);
  const calendar = await getWorkCalendar(db);
  const settledAt = await settledTimes(db, rows.filter((c) => c.archivedAt === null));
  const closedIds = rows.filter((c) => c.state === 'closed').map((c) => c.id);
  const unreached = new Set(
    closedIds.length ? (await db.case.findMany({ where: { id: { in: closedIds }, ...unreachedWhere }, select: { id: true } })).map((c) => c.id) : [],
  );
  const primaries = await db.message.findMany({ where: { id: { in: rows.map((c) => c.primaryMessageId) } }, select: { id: true, sourceId: true } });
  const sourceOf = new Map(primaries.map((m) => [m.id, m.sourceId]));
  // Before 交办 the case's unit is the classifier's suggestion; a case proposed (or agreed) also
  // names the unit of its proposal, which is what the leader decides on and the office hands over.
  const beforeAssignment = rows.filter((c) => c.state === 'proposed' || c.state === 'approved').map((c) => c.id);
  const proposals = beforeAssignment.length
    ? await db.proposal.findMany({ where: { caseId: { in: beforeAssignment }, decision: { in: ['pending', 'approved'] } }, orderBy: { proposedAt: 'asc' }, select: { id: true, caseId: true, unitId: true, assistUnitIds: true, decision: true } })
    : [];
  // 已登记 cases whose last proposal the leader sent back (the office proposes again, knowing why).
  const registered = rows.filter((c) => c.state === 'registered').map((c) => c.id);
  const lastProposals = registered.length
    ? await db.proposal.findMany({ where: { caseId: { in: registered } }, orderBy: [{ proposedAt: 'asc' }, { id: 'asc' }], select: { caseId: true, unitId: true, decision: true, decisionNote: true } })
    : [];
  const sentBack = new Map([...new Map(lastProposals.map((p) => [p.caseId, p])).values()].filter((p) => p.decision === 'rejected').map((p) => [p.caseId, p]));
  const namedUnits = [...new Set([...proposals.flatMap((p) => [p.unitId, ...p.assistUnitIds]), ...[...sentBack.values()].map((p) => p.unitId), ...rows.flatMap((c) => c.assignments.map((a) => a.unitId))])];
  const proposalUnitNames = new Map(
    (await (namedUnits.length ? db.unit.findMany({ where: { id: { in: namedUnits } }, select: { id: true, name: true } }) : Promise.resolve([]))).map((u) => [u.id, u.name]),
  );
  const unitName = (id: string) => proposalUnitNames.get(id) ?? id;
  const sentBackOf = (caseId: string): CaseRow['proposalSentBack'] => {
    const p = sentBack.get(caseId);
    return p ? { unitId: p.unitId, unit: unitName(p.unitId), note: p.decisionNote ?? '' } : null;
  };
  const proposedUnitOf = new Map(proposals.map((p) => [p.caseId, unitName(p.unitId)]));
  const proposedAssistsOf = new Map(proposals.map((p) => [p.caseId, p.assistUnitIds.map(unitName)]));
  const pendingProposalOf = new Map(proposals.filter((p) => p.decision === 'pending').map((p) => [p.caseId, p.id]));
  const approvedProposalOf = new Map(proposals.filter((p) => p.decision === 'approved').map((p) => [p.caseId, p.id]));
  const redone = await sentBackCases(db, rows.filter((c) => c.state === 'assigned').map((c) => c.id));
  const reportedLeads = await reportedLeadAssignments(db, rows.filter((c) => c.state !== 'assigned' && c.unitId !== null).map((c) => c.id));
  return {
    total,
    today,
    items: rows.map((c) => ({
      id: c.id,
      ledgerNo: c.ledgerNo,
      title: c.title,
      channel: c.channel,
      channelName: channelNames[c.channel as Channel] ?? c.channel,
      source: sourceOf.get(c.primaryMessageId) ?? '',
      category: c.category,
      categoryConfirmed: c.categoryConfirmed,
      outOfScope: c.outOfScope,
      complexity: c.complexity,
      urgency: c.urgency,
      state: c.state,
      stateName: stateNames[c.state as CaseState] ?? c.state,
      unitId: c.unitId,
      unit: c.unit?.name ?? null,
      proposedUnit: proposedUnitOf.get(c.id) ?? null,
      proposedAssistUnits: proposedAssistsOf.get(c.id) ?? [],
      pendingProposalId: c.state === 'proposed' ? (pendingProposalOf.get(c.id) ?? null) : null,
      approvedProposalId: c.state === 'approved' ? (approvedProposalOf.get(c.id) ?? null) : null,
      proposalSentBack: sentBackOf(c.id),
      assistUnits: c.assignments.map((a) => unitName(a.unitId)),
      myRole: input.actor.role !== 'unit' ? null : c.unitId === input.actor.unitId && !c.assignments.some((a) => a.unitId === input.actor.unitId) ? 'lead' : 'assist',
      dueDate: c.dueDate,
      overdue: c.state === 'assigned' && c.dueDate !== null && c.dueDate < today,
      redo: redone.has(c.id),
      daysLeft: workingDaysLeft(calendar, today, c),
      reportedLateDays: workingDaysReportedLate(calendar, reportedLeads.get(c.id)),
      settledOn: settledAt.has(c.id) ? chinaDate(settledAt.get(c.id) as Date) : null,
      unreached: unreached.has(c.id),
      reporterCount: c.reporterCount,
      escalated: c.escalated,
      leaderMarked: c.leaderMarked,
      highImpact: c.highImpact,
      archivedAt: c.archivedAt?.toISOString() ?? null,
      archiveVolume: c.archiveVolume,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

/** The lead 交办 in force of each of these cases that its unit has reported on: when, and the due date it was judged against. */
async function reportedLeadAssignments(db: Db, caseIds: readonly string[]): Promise<Map<string, { firstReportedAt: Date | null; dueDate: string }>> {
  if (caseIds.length === 0) return new Map();
  const leads = await db.assignment.findMany({
    where: { caseId: { in: [...caseIds] }, role: 'lead', status: 'active', firstReportedAt: { not: null } },
    select: { caseId: true, firstReportedAt: true, dueDate: true },
  });
  return new Map(leads.map((a) => [a.caseId, a]));
}

/**
 * 退回重办: of these cases in hand (已交办办理中), those whose 交办 in force has a report already, sent
 * back (by 督查室's review, the leader, or the centre at publication) to be redone. The state alone
 * does not tell them from work never reported on, which the unit's 待我办理 lists alike.
 */
async function sentBackCases(db: Db, caseIds: readonly string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const active = await db.assignment.findMany({ where: { caseId: { in: [...caseIds] }, role: 'lead', status: 'active' }, select: { id: true } });
  if (active.length === 0) return new Set();
  const reported = await db.handlingReport.findMany({ where: { assignmentId: { in: active.map((a) => a.id) } }, select: { caseId: true }, distinct: ['caseId'] });
  return new Set(reported.map((r) => r.caseId));
}

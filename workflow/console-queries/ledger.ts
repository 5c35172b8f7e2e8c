/**
 * The ledger (台账) with the console's filters: state, category, unit, channel, due-date range,
 * overdue, escalated, text. A handling unit sees only cases assigned to it, whatever it asks for.
 */
import { channelNames, type Channel } from '../../core/index.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../store/index.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { stateNames, type CaseState } from '../cases/state-machine.js';
import { requireRole, type Actor } from '../users/actor.js';

export interface LedgerFilter {
  state?: string | undefined;
  category?: string | undefined;
  unitId?: string | undefined;
  channel?: Channel | undefined;
  /** Due date on or after / on or before (YYYY-MM-DD). */
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** Assigned, not yet reported, and the due date has passed (China date). */
  overdue?: boolean | undefined;
  escalated?: boolean | undefined;
  /** Ledger number or title contains. */
  q?: string | undefined;
  /** Cases of one hot issue (HotIssue.key), merged ones left out. */
  hotIssue?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface LedgerRow {
  id: string;
  ledgerNo: string;
  title: string;
  channel: string;
  channelName: string;
  category: string;
  categoryConfirmed: boolean;
  state: string;
  stateName: string;
  unitId: string | null;
  unit: string | null;
  dueDate: string | null;
  overdue: boolean;
  reporterCount: number;
  escalated: boolean;
  leaderMarked: boolean;
  createdAt: string;
}

/** The Prisma condition that limits a unit to its own cases; empty for the offices. */
export function unitScope(actor: Actor): Prisma.CaseWhereInput {
  return actor.role === 'unit' ? { unitId: actor.unitId ?? '-', assignments: { some: { unitId: actor.unitId ?? '-' } } } : {};
}

export async function listLedger(db: Db, input: { actor: Actor; filter?: LedgerFilter; now?: Date }): Promise<{ total: number; items: LedgerRow[]; today: string }> {
  requireRole(input.actor, ['egov_centre', 'gov_office', 'leader', 'supervision', 'unit', 'admin']);
  const f = input.filter ?? {};
  const today = chinaDate(input.now ?? new Date());
  const due: Prisma.StringNullableFilter = {};
  if (f.dueFrom) due.gte = f.dueFrom;
  if (f.dueTo) due.lte = f.dueTo;
  const and: Prisma.CaseWhereInput[] = [unitScope(input.actor)];
  if (input.actor.role !== 'unit' && f.unitId) and.push({ unitId: f.unitId });
  if (f.state) and.push({ state: f.state });
  if (f.category) and.push({ category: f.category });
  if (f.channel) and.push({ channel: f.channel });
  if (f.dueFrom || f.dueTo) and.push({ dueDate: due });
  if (f.overdue) and.push({ state: 'assigned', dueDate: { lt: today } });
  if (f.escalated !== undefined) and.push({ escalated: f.escalated });
  if (f.q) and.push({ OR: [{ ledgerNo: { contains: f.q } }, { title: { contains: f.q } }] });
  if (f.hotIssue) and.push({ hotIssueKey: f.hotIssue, state: { not: 'merged' } });
  const where: Prisma.CaseWhereInput = { AND: and };
  const [total, rows] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: Math.min(f.limit ?? 100, 500),
      skip: f.offset ?? 0,
      include: { unit: { select: { name: true } } },
    }),
  ]);
  return {
    total,
    today,
    items: rows.map((c) => ({
      id: c.id,
      ledgerNo: c.ledgerNo,
      title: c.title,
      channel: c.channel,
      channelName: channelNames[c.channel as Channel] ?? c.channel,
      category: c.category,
      categoryConfirmed: c.categoryConfirmed,
      state: c.state,
      stateName: stateNames[c.state as CaseState] ?? c.state,
      unitId: c.unitId,
      unit: c.unit?.name ?? null,
      dueDate: c.dueDate,
      overdue: c.state === 'assigned' && c.dueDate !== null && c.dueDate < today,
      reporterCount: c.reporterCount,
      escalated: c.escalated,
      leaderMarked: c.leaderMarked,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

/** The active units, for filters and forms. */
export async function listUnits(db: Db): Promise<{ id: string; name: string }[]> {
  return db.unit.findMany({ where: { active: true }, orderBy: { name: 'asc' }, select: { id: true, name: true } });
}

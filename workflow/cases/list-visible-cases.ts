/** The ledger as an actor may see it: everything for the offices, only its own cases for a unit. */
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { stateNames, type CaseState } from './state-machine.js';

export interface VisibleCaseFilter {
  state?: string | undefined;
  category?: string | undefined;
  unitId?: string | undefined;
  escalated?: boolean | undefined;
  /** true: only archived cases; false: only cases not archived. */
  archived?: boolean | undefined;
  /** An archive volume (<year>-<category>, e.g. 2026-投诉). */
  archiveVolume?: string | undefined;
  /** Matches ledger number or title. */
  q?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export async function listVisibleCases(db: Db, input: { actor: Actor; filter?: VisibleCaseFilter }) {
  const f = input.filter ?? {};
  const scope = input.actor.role === 'unit' ? { unitId: input.actor.unitId ?? '-', assignments: { some: { unitId: input.actor.unitId ?? '-' } } } : f.unitId ? { unitId: f.unitId } : {};
  const where = {
    ...scope,
    ...(f.state ? { state: f.state } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.escalated !== undefined ? { escalated: f.escalated } : {}),
    ...(f.archived !== undefined ? { archivedAt: f.archived ? { not: null } : null } : {}),
    ...(f.archiveVolume ? { archiveVolume: f.archiveVolume } : {}),
    ...(f.q ? { OR: [{ ledgerNo: { contains: f.q } }, { title: { contains: f.q } }] } : {}),
  };
  const [total, rows] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      take: Math.min(f.limit ?? 100, 500),
      skip: f.offset ?? 0,
      include: { unit: { select: { name: true } } },
    }),
  ]);
  return {
    total,
    items: rows.map((c) => ({
      id: c.id,
      ledgerNo: c.ledgerNo,
      title: c.title,
      channel: c.channel,
      category: c.category,
      categoryConfirmed: c.categoryConfirmed,
      outOfScope: c.outOfScope,
      complexity: c.complexity,
      urgency: c.urgency,
      state: c.state,
      stateName: stateNames[c.state as CaseState] ?? c.state,
      unitId: c.unitId,
      unit: c.unit?.name ?? null,
      dueDate: c.dueDate,
      reporterCount: c.reporterCount,
      leaderMarked: c.leaderMarked,
      highImpact: c.highImpact,
      escalated: c.escalated,
      archivedAt: c.archivedAt?.toISOString() ?? null,
      archiveVolume: c.archiveVolume,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

/** The ledger as a list: what `minsheng cases list` and the console's live list show. */
import type { Db } from '../store/index.js';

export interface CaseSummary {
  id: string;
  ledgerNo: string;
  category: string;
  categoryConfirmed: boolean;
  outOfScope: boolean;
  state: string;
  dueDate: string | null;
  title: string;
  source: string;
  channel: string;
  reporterCount: number;
  unit: string | null;
  createdAt: string;
}

export interface ListCasesFilter {
  state?: string;
  category?: string;
  unitId?: string;
  limit?: number;
}

export async function listCases(db: Db, filter: ListCasesFilter = {}): Promise<CaseSummary[]> {
  const rows = await db.case.findMany({
    where: { state: filter.state, category: filter.category, unitId: filter.unitId },
    orderBy: { createdAt: 'desc' },
    take: filter.limit ?? 500,
    include: { unit: true, messages: { select: { id: true, sourceId: true }, orderBy: { firstSeenAt: 'asc' } } },
  });
  return rows.map((c) => ({
    id: c.id,
    ledgerNo: c.ledgerNo,
    category: c.category,
    categoryConfirmed: c.categoryConfirmed,
    outOfScope: c.outOfScope,
    state: c.state,
    dueDate: c.dueDate,
    title: c.title,
    source: c.messages.find((m) => m.id === c.primaryMessageId)?.sourceId ?? c.messages[0]?.sourceId ?? '',
    channel: c.channel,
    reporterCount: c.reporterCount,
    unit: c.unit?.name ?? null,
    createdAt: c.createdAt.toISOString(),
  }));
}

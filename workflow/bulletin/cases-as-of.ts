/**
 * How each case stood at an instant (a bulletin period's end): its state and its category, read
 * from the event log, so a past period's case totals (收到留言, 待审核, 不予受理, 分类) do not move when
 * its cases are registered, refused, re-opened, merged or have their category corrected afterwards.
 *
 * Every step writes one event (case-transaction.ts) whose data names the state it left (`from`)
 * and the state it led to (`to`), and the steps that set the category name the one before them:
 * 登记 (`register`, `suggested`: the classifier's suggestion it confirmed or corrected) and 更正类别
 * (`correct_category`, `previousCategory`). So the state at the instant is the `from` of the first
 * step after it, and the category the "before" of the first category step after it; a case no
 * step has touched since stands as its row. Reading forward from the first step after the instant
 * needs no record of the case's first state, which the crawler's registration writes elsewhere.
 * The event log refuses UPDATE and DELETE, so these records are as they were written.
 */
import type { Db } from '../store/index.js';

/** How a case stood at an instant. */
export interface CaseAsOf {
  state: string;
  category: string;
}

/** What is read of a case row: its state and category now. */
export interface CaseRecord {
  id: string;
  state: string;
  category: string;
}

/** The steps that set the category, and the field naming the category before them. */
const categoryBefore: Record<string, string> = { register: 'suggested', correct_category: 'previousCategory' };

/** Ids per query (PostgreSQL takes at most 32,767 parameters). */
const idsPerQuery = 1000;

/** Each case as it stood at `instant`; see the module comment. */
export async function casesAsOf(db: Pick<Db, 'event'>, cases: readonly CaseRecord[], instant: Date): Promise<Map<string, CaseAsOf>> {
  const stood = new Map<string, CaseAsOf>();
  const stateKnown = new Set<string>();
  const categoryKnown = new Set<string>();
  for (let i = 0; i < cases.length; i += idsPerQuery) {
    const events = await db.event.findMany({
      where: { caseId: { in: cases.slice(i, i + idsPerQuery).map((c) => c.id) }, at: { gte: instant } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      select: { caseId: true, type: true, data: true },
    });
    for (const e of events) {
      const caseId = e.caseId as string;
      const data = (e.data ?? {}) as Record<string, unknown>;
      const row = stood.get(caseId) ?? { state: '', category: '' };
      if (!stateKnown.has(caseId) && typeof data.from === 'string') {
        row.state = data.from;
        stateKnown.add(caseId);
      }
      const field = categoryBefore[e.type];
      if (field && !categoryKnown.has(caseId) && typeof data[field] === 'string') {
        row.category = data[field] as string;
        categoryKnown.add(caseId);
      }
      stood.set(caseId, row);
    }
  }
  for (const c of cases) {
    const row = stood.get(c.id) ?? { state: '', category: '' };
    if (!stateKnown.has(c.id)) row.state = c.state;
    if (!categoryKnown.has(c.id)) row.category = c.category;
    stood.set(c.id, row);
  }
  return stood;
}

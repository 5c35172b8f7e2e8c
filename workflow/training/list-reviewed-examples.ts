/**
 * Training data from staff review: every case whose category staff confirmed or corrected gives
 * its messages that label (a copy carries the same issue), and every case assigned to a unit gives
 * that unit. This is what `minsheng train --from-store` adds to the shared data, so the model learns
 * from the district's own messages and its staff's corrections. The staff's 不予受理 decisions and
 * registrations come along (`outOfScope`, list-out-of-scope-decisions.ts) for the out-of-scope model.
 */
import type { Db } from '../store/index.js';
import { listOutOfScopeDecisions, type OutOfScopeDecisions } from './list-out-of-scope-decisions.js';

export interface ReviewedExample {
  /** The message's id in the store. */
  id: string;
  title: string;
  content: string;
  /** The category staff settled on (one of 咨询 建议 投诉 求助 其他), or '' when only the unit is known. */
  label: string;
  unit?: string | undefined;
}

export interface ReviewedExamples {
  examples: ReviewedExample[];
  /** How many category corrections (suggestion changed by staff) are among them. */
  corrections: number;
  /** How many handling-unit corrections (the suggested unit changed at 拟办) are among them. */
  unitCorrections: number;
  /** The staff's out-of-scope decisions (不予受理 or registered), for the out-of-scope model. */
  outOfScope: OutOfScopeDecisions;
}

export async function listReviewedExamples(db: Db, options: { limit?: number } = {}): Promise<ReviewedExamples> {
  const cases = await db.case.findMany({
    where: { OR: [{ categoryConfirmed: true }, { assignments: { some: {} } }], state: { not: 'merged' } },
    select: {
      category: true,
      categoryConfirmed: true,
      unit: { select: { name: true } },
      assignments: { select: { id: true }, take: 1 },
      messages: { select: { id: true, title: true, content: true } },
    },
    orderBy: { createdAt: 'asc' },
    take: options.limit ?? 100_000,
  });
  const examples: ReviewedExample[] = [];
  for (const c of cases) {
    const unit = c.assignments.length > 0 ? c.unit?.name : undefined;
    for (const m of c.messages) examples.push({ id: m.id, title: m.title, content: m.content, label: c.categoryConfirmed ? c.category : '', unit });
  }
  const corrections = await db.correction.count({ where: { field: 'category' } });
  const unitCorrections = await db.correction.count({ where: { field: 'unit' } });
  return { examples, corrections, unitCorrections, outOfScope: await listOutOfScopeDecisions(db, options) };
}

/**
 * What the province's or city's 转办单 said about a case (第三条㈠3): the upper level, its 转办编号
 * and its own 办理时限 (上级办理时限), read from the case's forwarded messages. One 转办单 may be in
 * a case twice (entered by hand from the paper 转办单, then crawled from the 转办 page, which also
 * gives the deadline): the primary message's level and number come first, and the earliest
 * deadline any copy gives is the one the district must meet. Null for a case with no forwarded message.
 */
import type { Tx } from './case-transaction.js';

export interface ForwardingFacts {
  originLevel: 'province' | 'city' | null;
  forwardNo: string | null;
  /** YYYY-MM-DD; null when no copy gave a date. */
  upperDeadline: string | null;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A 上级办理时限 as a China date, or null when it is not one (a site's free text is never guessed). */
export function upperDeadlineOf(value: unknown): string | null {
  if (typeof value !== 'string' || !isoDate.test(value)) return null;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value ? value : null;
}

export async function forwardingFacts(tx: Tx, c: { id: string; primaryMessageId: string }): Promise<ForwardingFacts | null> {
  const messages = await tx.message.findMany({
    where: { caseId: c.id },
    select: { id: true, forwarding: true },
    orderBy: { firstSeenAt: 'asc' },
  });
  const rows = messages
    .filter((m) => m.forwarding !== null && typeof m.forwarding === 'object')
    .map((m) => ({ primary: m.id === c.primaryMessageId, f: (m.forwarding ?? {}) as { originLevel?: unknown; forwardNo?: unknown; upperDeadline?: unknown } }))
    .sort((a, b) => Number(b.primary) - Number(a.primary));
  if (rows.length === 0) return null;
  const level = rows.map((r) => r.f.originLevel).find((v): v is 'province' | 'city' => v === 'province' || v === 'city') ?? null;
  const forwardNo = rows.map((r) => r.f.forwardNo).find((v): v is string => typeof v === 'string' && v !== '') ?? null;
  const deadlines = rows.map((r) => upperDeadlineOf(r.f.upperDeadline)).filter((d): d is string => d !== null).sort();
  return { originLevel: level, forwardNo, upperDeadline: deadlines[0] ?? null };
}

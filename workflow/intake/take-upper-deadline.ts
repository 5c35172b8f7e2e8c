/**
 * A stored 转办单 read again (the 转办 page re-crawled, record-message.ts; the same 转办编号 entered
 * by hand again, enter-message.ts) that now gives a 上级办理时限 it did not give, or an earlier one
 * (第三条㈠3): the message keeps the new date in its forwarding (the earliest date any copy gave
 * is the one the district must meet: forwarding-facts.ts), the change is kept as a MessageChange
 * (field `upperDeadline`, shown on the case page with the site's other changes), and the case's
 * unit due date is tightened to it as a new copy's would be (tightenToUpperDeadline: 办理时限调整,
 * only while the unit has not reported). A later date, or no readable date, changes nothing: the
 * upper level's earlier date stands until staff hear otherwise. Runs in the caller's transaction.
 */
import type { Prisma } from '../../prisma/generated/client.js';
import { upperDeadlineOf } from '../cases/forwarding-facts.js';
import { tightenToUpperDeadline } from '../cases/tighten-to-upper-deadline.js';

export async function takeUpperDeadline(
  tx: Prisma.TransactionClient,
  input: { message: { id: string; caseId: string | null; forwarding: unknown }; upperDeadline: unknown; actor: string; now: Date },
): Promise<boolean> {
  const arrived = upperDeadlineOf(input.upperDeadline);
  const forwarding = input.message.forwarding;
  if (!arrived || !forwarding || typeof forwarding !== 'object' || Array.isArray(forwarding)) return false;
  const stored = (forwarding as { upperDeadline?: unknown }).upperDeadline;
  const storedDate = upperDeadlineOf(stored);
  if (storedDate && storedDate <= arrived) return false;
  await tx.message.update({ where: { id: input.message.id }, data: { forwarding: { ...(forwarding as object), upperDeadline: arrived } } });
  await tx.messageChange.create({
    data: { messageId: input.message.id, field: 'upperDeadline', oldValue: typeof stored === 'string' && stored !== '' ? stored : null, newValue: arrived, changedAt: input.now },
  });
  if (input.message.caseId) await tightenToUpperDeadline(tx, { caseId: input.message.caseId, actor: input.actor, now: input.now });
  return true;
}

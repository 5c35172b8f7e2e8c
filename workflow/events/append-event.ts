/**
 * The event log: append-only (the database refuses UPDATE and DELETE). Every state change is
 * written with its event in the same transaction: callers pass their transaction client.
 */
import type { Prisma } from '../../prisma/generated/client.js';

type Tx = Pick<Prisma.TransactionClient, 'event'>;

export interface EventInput {
  caseId?: string | null;
  messageId?: string | null;
  type: string;
  actor: string;
  role?: string | null;
  data?: Record<string, unknown>;
}

export async function appendEvent(tx: Tx, event: EventInput): Promise<void> {
  await tx.event.create({
    data: {
      caseId: event.caseId ?? null,
      messageId: event.messageId ?? null,
      type: event.type,
      actor: event.actor,
      role: event.role ?? null,
      data: (event.data ?? {}) as Prisma.InputJsonValue,
    },
  });
}

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
  /**
   * When it happened: a case step passes its own time, so the log dates a decision as the step
   * does (its Correction rows, assignments) and "decided in a period" reads one clock.
   * @default the database's now()
   */
  at?: Date | undefined;
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
      ...(event.at ? { at: event.at } : {}),
    },
  });
}

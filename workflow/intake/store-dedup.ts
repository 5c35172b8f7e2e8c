/**
 * The de-duplication index (dedup/) kept in step with the store, for any number of processes.
 * Every registered message gets a `dedupSeq` from a sequence while the registration lock is held,
 * so the order of dedupSeq is the order of registrations. Before deciding, a process replays into
 * its in-memory index every message registered since it last looked (by itself or by another
 * worker on another machine) — the index is rebuilt from the store at the first registration after
 * a start, and nothing depends on in-memory state surviving a crash.
 */
import { createDecider, FINGERPRINT_VERSION, fingerprint, type Decider, type DedupDecision, type Fingerprint } from '../../dedup/index.js';
import type { Prisma } from '../../prisma/generated/client.js';

type Tx = Prisma.TransactionClient;

export interface StoreDedupOptions {
  /** Days within which messages about the same concern form a hot issue. @default 7 */
  hotIssueWindowDays?: number;
  /** Rows read per replay batch. @default 2000 */
  batchSize?: number;
}

export class StoreDedup {
  private decider: Decider;
  private lastSeq = 0n;

  constructor(private readonly options: StoreDedupOptions = {}) {
    this.decider = this.freshDecider();
  }

  /** Messages in the in-memory index. */
  get size(): number {
    return this.decider.index.size;
  }

  /** Forgets everything; the next sync rebuilds from the store (after a failed transaction). */
  reset(): void {
    this.decider = this.freshDecider();
    this.lastSeq = 0n;
  }

  /** Replays into the index every message registered since the last sync. Call under the registration lock. */
  async sync(tx: Tx): Promise<void> {
    const batchSize = this.options.batchSize ?? 2000;
    for (;;) {
      const rows = await tx.message.findMany({
        where: { dedupSeq: { gt: this.lastSeq } },
        orderBy: { dedupSeq: 'asc' },
        take: batchSize,
        select: { id: true, dedupSeq: true, fingerprint: true, title: true, content: true, sourceId: true, firstSeenAt: true, postedAt: true, duplicateOfId: true },
      });
      for (const row of rows) {
        const stored = row.fingerprint as Fingerprint | null;
        const fp = stored && stored.v === FINGERPRINT_VERSION ? stored : fingerprint(row);
        const meta = { createdAt: (row.postedAt ?? row.firstSeenAt).toISOString(), source: row.sourceId };
        this.decider.index.add(row.id, fp, meta);
        if (!row.duplicateOfId) this.decider.tracker.assign(row.id, row, meta.createdAt);
        this.lastSeq = row.dedupSeq ?? this.lastSeq;
      }
      if (rows.length < batchSize) return;
    }
  }

  /**
   * Decides one message against everything registered before it, and adds it to the index.
   * The caller must then store the message with the returned `dedupSeq`, in the same transaction;
   * if that transaction fails, the caller calls reset().
   */
  async decide(tx: Tx, message: { id: string; title: string; content: string; sourceId: string; firstSeenAt: Date; postedAt: Date | null }): Promise<DedupDecision & { dedupSeq: bigint }> {
    const createdAt = (message.postedAt ?? message.firstSeenAt).toISOString();
    const decision = this.decider.decide({ id: message.id, title: message.title, content: message.content, source: message.sourceId, createdAt });
    const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('message_dedup_seq') AS n`;
    const dedupSeq = row?.n ?? 0n;
    this.lastSeq = dedupSeq;
    return { ...decision, dedupSeq };
  }

  private freshDecider(): Decider {
    return createDecider({ hotIssues: { windowDays: this.options.hotIssueWindowDays ?? 7 } });
  }
}

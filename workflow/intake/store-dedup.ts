/**
 * The de-duplication index (dedup/) kept in step with the store, for any number of processes.
 * Every registered message gets a `dedupSeq` from a sequence while the registration lock is held,
 * so the order of dedupSeq is the order of registrations. Before deciding, a process replays into
 * its in-memory index every message registered since it last looked (by itself or by another
 * worker on another machine), and nothing depends on in-memory state surviving a crash.
 *
 * Rebuilding a large index is slow (text and fingerprint of every message), so it is done by
 * `catchUp` outside the registration lock and its transaction: at pipeline start (with progress) and
 * before each registration (then only the few rows since). Under the lock, `sync` replays what
 * arrived in between. Committed dedupSeq values only grow (they are drawn under the lock and
 * committed before the next holder draws one), so reading them without the lock is safe. Within a
 * process every change to the index is serialised, because jobs of one process share it.
 */
import { createDecider, FINGERPRINT_VERSION, fingerprint, type Decider, type DedupDecision, type Fingerprint } from '../../dedup/index.js';
import type { Prisma } from '../../prisma/generated/client.js';

type Tx = Prisma.TransactionClient;

/** What replays the index: a transaction under the lock, or the store's client outside it. */
type Reader = Pick<Tx, 'message'>;

export interface StoreDedupOptions {
  /** Days within which messages about the same concern form a hot issue. @default 7 */
  hotIssueWindowDays?: number;
  /** Rows read per replay batch. @default 2000 */
  batchSize?: number;
}

export class StoreDedup {
  private decider: Decider;
  private lastSeq = 0n;
  /** The tail of the chain every change to the index waits on (one at a time per process). */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: StoreDedupOptions = {}) {
    this.decider = this.freshDecider();
  }

  /** Messages in the in-memory index. */
  get size(): number {
    return this.decider.index.size;
  }

  /**
   * Forgets everything (after a failed transaction: the index may hold a message the store does
   * not); the next catch-up rebuilds from the store. Queued behind the changes already under way.
   */
  reset(): Promise<void> {
    return this.exclusive(async () => {
      this.decider = this.freshDecider();
      this.lastSeq = 0n;
    });
  }

  /**
   * Replays into the index, outside the registration lock, every message registered since the
   * last look: the whole store after a start or a reset. `onProgress(replayed)` is called after
   * each batch. Returns how many messages were replayed.
   */
  catchUp(db: Reader, onProgress?: (replayed: number) => void): Promise<number> {
    return this.exclusive(() => this.replay(db, onProgress));
  }

  /**
   * Under the registration lock, in the registering transaction: replays what arrived since the
   * last look, decides the message against everything registered before it, and adds it to the
   * index. The caller must then store the message with the returned `dedupSeq`, in the same
   * transaction; if that transaction fails, the caller calls reset().
   */
  syncAndDecide(tx: Tx, message: { id: string; title: string; content: string; sourceId: string; firstSeenAt: Date; postedAt: Date | null }): Promise<DedupDecision & { dedupSeq: bigint }> {
    return this.exclusive(async () => {
      await this.replay(tx);
      return this.decide(tx, message);
    });
  }

  /** Runs `fn` after every change queued before it: a process's jobs share one index. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.turn.then(fn, fn);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async replay(db: Reader, onProgress?: (replayed: number) => void): Promise<number> {
    const batchSize = this.options.batchSize ?? 2000;
    let replayed = 0;
    for (;;) {
      const rows = await db.message.findMany({
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
      replayed += rows.length;
      if (rows.length > 0) onProgress?.(replayed);
      if (rows.length < batchSize) return replayed;
    }
  }

  private async decide(tx: Tx, message: { id: string; title: string; content: string; sourceId: string; firstSeenAt: Date; postedAt: Date | null }): Promise<DedupDecision & { dedupSeq: bigint }> {
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

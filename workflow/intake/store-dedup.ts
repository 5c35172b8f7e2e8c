/**
 * The de-duplication index (dedup/) kept in step with the store, for any number of processes.
 * Every registered message gets a `dedupSeq` from a sequence while the registration lock is held,
 * so the order of dedupSeq is the order of registrations. Before deciding, a process replays into
 * its in-memory index every message registered since it last looked (by itself or by another
 * worker on another machine), and nothing depends on in-memory state surviving a crash.
 *
 * Rebuilding a large index is slow (text and fingerprint of every message), so it is done by
 * `catchUp` outside the registration lock and its transaction: at pipeline start (with progress), or
 * before a registration when the index is not loaded yet (a process that skipped the start-up load,
 * or after a reset). Under the lock, `sync` replays what
 * arrived in between. Committed dedupSeq values only grow (they are drawn under the lock and
 * committed before the next holder draws one), so reading them without the lock is safe. Jobs of
 * one process share the index; how their replays stay consistent is said at `replay`.
 */
import { createDecider, FINGERPRINT_VERSION, fingerprint, type Decider, type DedupDecision, type Fingerprint } from '../../dedup/index.js';
import type { Prisma } from '../../prisma/generated/client.js';

type Tx = Prisma.TransactionClient;

/** What replays the index: a transaction under the lock, or the store's client outside it. */
type Reader = Pick<Tx, 'message' | 'messageChange'>;

export interface StoreDedupOptions {
  /** Days within which messages about the same concern form a hot issue. @default 7 */
  hotIssueWindowDays?: number;
  /** Rows read per replay batch. @default 2000 */
  batchSize?: number;
}

export class StoreDedup {
  private decider: Decider;
  private lastSeq = 0n;
  /** Bumped by reset(), so a replay that was reading at the time drops what it read. */
  private generation = 0;
  /** The generation whose index has been replayed to the end once (-1: not yet). */
  private loadedGeneration = -1;

  constructor(private readonly options: StoreDedupOptions = {}) {
    this.decider = this.freshDecider();
  }

  /**
   * Whether the index has been loaded from the store since the start or the last reset. Once it
   * has, the replay under the lock keeps it current and no catch-up outside the lock is needed.
   */
  get loaded(): boolean {
    return this.loadedGeneration === this.generation;
  }

  /** Messages in the in-memory index. */
  get size(): number {
    return this.decider.index.size;
  }

  /**
   * Forgets everything (after a failed transaction: the index may hold a message the store does
   * not); the next catch-up rebuilds from the store. A replay whose rows were read before the
   * reset drops them (they belong to the forgotten index).
   */
  reset(): void {
    this.decider = this.freshDecider();
    this.lastSeq = 0n;
    this.generation++;
  }

  /**
   * Replays into the index, outside the registration lock, every message registered since the
   * last look: the whole store after a start or a reset. `onProgress(replayed)` is called after
   * each batch. Returns how many messages were replayed.
   */
  catchUp(db: Reader, onProgress?: (replayed: number) => void): Promise<number> {
    return this.replay(db, onProgress);
  }

  /**
   * Under the registration lock, in the registering transaction: replays what arrived since the
   * last look, decides the message against everything registered before it, and adds it to the
   * index. The caller must then store the message with the returned `dedupSeq`, in the same
   * transaction; if that transaction fails, the caller calls reset().
   */
  async syncAndDecide(tx: Tx, message: { id: string; title: string; content: string; sourceId: string; firstSeenAt: Date; postedAt: Date | null }): Promise<DedupDecision & { dedupSeq: bigint }> {
    await this.replay(tx);
    const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('message_dedup_seq') AS n`;
    const dedupSeq = row?.n ?? 0n;
    // Decided and added in one synchronous step, so no other job of this process sees half of it.
    const createdAt = (message.postedAt ?? message.firstSeenAt).toISOString();
    const decision = this.decider.decide({ id: message.id, title: message.title, content: message.content, source: message.sourceId, createdAt });
    this.lastSeq = dedupSeq;
    return { ...decision, dedupSeq };
  }

  /**
   * Reads the rows after `lastSeq` in batches and applies each batch synchronously. Jobs of one
   * process share the index and may replay at the same time (a catch-up outside the lock, a sync
   * inside it), so no lock is held across the reads: holding one would deadlock with the embedded
   * store, whose open transaction makes every other query wait. Instead each batch is applied
   * without an await, skipping rows another replay applied meanwhile; a batch read is a complete
   * run of committed rows after the `lastSeq` it was read with, so skipping leaves no gap.
   */
  private async replay(db: Reader, onProgress?: (replayed: number) => void): Promise<number> {
    const batchSize = this.options.batchSize ?? 2000;
    let replayed = 0;
    for (;;) {
      const generation = this.generation;
      const rows = await db.message.findMany({
        where: { dedupSeq: { gt: this.lastSeq } },
        orderBy: { dedupSeq: 'asc' },
        take: batchSize,
        select: { id: true, dedupSeq: true, fingerprint: true, title: true, content: true, sourceId: true, firstSeenAt: true, postedAt: true, indexDecided: true, indexMatchId: true },
      });
      const registered = await textsAsRegistered(db, rows);
      if (generation !== this.generation) continue; // reset while reading: read again for the new index
      for (const read of rows) {
        if (read.dedupSeq === null || read.dedupSeq <= this.lastSeq) continue;
        const row = { ...read, ...registered.get(read.id) };
        const stored = row.fingerprint as Fingerprint | null;
        const fp = stored && stored.v === FINGERPRINT_VERSION ? stored : fingerprint(row);
        // The index's decision as it was made at registration (kept in indexMatchId; a message of an
        // older release, without it, is decided again against the same messages in the same
        // order), so the index, the case links and the hot-issue groups are what the deciding
        // process held. Not the store's links: a registration may link otherwise than the index
        // decided (an exact copy, a 转办 item, a copy of an answered case), and staff merges and
        // splits change the links later, which a process that keeps running never learns:
        // replaying those made a restart change later decisions (a merged letter's hot issue
        // opened again on a later day).
        const createdAt = (row.postedAt ?? row.firstSeenAt).toISOString();
        const message = { id: row.id, title: row.title, content: row.content, source: row.sourceId, createdAt };
        if (row.indexDecided && stored && stored.v === FINGERPRINT_VERSION) this.decider.replay(message, fp, row.indexMatchId);
        else this.decider.decide(message, fp);
        this.lastSeq = read.dedupSeq;
        replayed++;
      }
      if (rows.length > 0) onProgress?.(replayed);
      if (rows.length < batchSize) {
        if (generation === this.generation) this.loadedGeneration = generation;
        return replayed;
      }
    }
  }

  private freshDecider(): Decider {
    return createDecider({ hotIssues: { windowDays: this.options.hotIssueWindowDays ?? 7 } });
  }
}

/**
 * The title and text of messages the site changed after they were registered, as registration read
 * them, so the decision replayed reads what the deciding process read (the hot-issue rules read the
 * text). MessageChange keeps each change's old value; the version registration read is the newest
 * whose fingerprint is the one stored at registration (same normalised text and title). Messages
 * never changed are not in the map (one query finds none); nor is one whose stored fingerprint is
 * of an older release (its text as registered is not known: the text as it is now is used).
 */
async function textsAsRegistered(db: Reader, rows: { id: string; title: string; content: string; fingerprint: unknown }[]): Promise<Map<string, { title: string; content: string }>> {
  const out = new Map<string, { title: string; content: string }>();
  if (rows.length === 0) return out;
  const changes = await db.messageChange.findMany({
    where: { messageId: { in: rows.map((r) => r.id) }, field: { in: ['title', 'content'] } },
    orderBy: { id: 'desc' },
    select: { messageId: true, field: true, oldValue: true },
  });
  const changesOf = new Map<string, typeof changes>();
  for (const change of changes) changesOf.set(change.messageId, [...(changesOf.get(change.messageId) ?? []), change]);
  for (const row of rows) {
    const stored = row.fingerprint as Fingerprint | null;
    const own = changesOf.get(row.id) ?? [];
    if (own.length === 0 || !stored || stored.v !== FINGERPRINT_VERSION) continue;
    const matches = (text: { title: string; content: string }) => {
      const fp = fingerprint(text);
      return fp.exactHash === stored.exactHash && fp.titleSketch === stored.titleSketch;
    };
    if (matches(row)) continue;
    // Newest first: undo one change at a time.
    let text = { title: row.title, content: row.content };
    for (const change of own) {
      text = { ...text, [change.field]: change.oldValue ?? '' };
      if (matches(text)) {
        out.set(row.id, text);
        break;
      }
    }
  }
  return out;
}

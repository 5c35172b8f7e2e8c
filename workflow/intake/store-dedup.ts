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
 *
 * After a release changes the fingerprint (FINGERPRINT_VERSION), the messages registered before keep
 * the fingerprint of their release in the store; a replay recomputes theirs and decides them again.
 * `catchUp` writes what it recomputed back (`writeBack`), so that cost is paid at one start only.
 */
import { createDecider, FINGERPRINT_VERSION, fingerprint, type Decider, type DedupDecision, type Fingerprint } from '../../dedup/index.js';
import type { Prisma } from '../../prisma/generated/client.js';

type Tx = Prisma.TransactionClient;

/** What replays the index: a transaction under the lock, or the store's client outside it. */
type Reader = Pick<Tx, 'message' | 'messageChange'>;

/** What catches up outside the lock: the store's client, which also writes recomputed fingerprints back. */
type Writer = Reader & Pick<Tx, '$executeRaw'>;

/** A message the replay fingerprinted and decided again, as written back: the same fields registration writes. */
interface Recomputed {
  id: string;
  fp: Fingerprint;
  match: string | null;
}

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
   * last look: the whole store after a start or a reset. Messages whose stored fingerprint is of an
   * older release (or missing), or whose index decision was not kept, are fingerprinted and decided
   * again, and written back (see `writeBack`), so the next catch-up replays them. `onProgress(replayed,
   * rewritten)` is called after each batch (`rewritten`: messages written back so far);
   * `onWriteBackError(error, rows)` when a batch could not be written back (the catch-up goes on: the
   * index it loads is right either way, and the next catch-up tries those rows again). Returns how
   * many messages were replayed.
   */
  catchUp(db: Writer, onProgress?: (replayed: number, rewritten: number) => void, onWriteBackError?: (error: unknown, rows: number) => void): Promise<number> {
    return this.replay(db, { writer: db, onProgress, onWriteBackError });
  }

  /**
   * Under the registration lock, in the registering transaction: replays what arrived since the
   * last look, decides the message against everything registered before it, and adds it to the
   * index. The caller must then store the message with the returned `dedupSeq`, in the same
   * transaction; if that transaction fails, the caller calls reset().
   */
  async syncAndDecide(tx: Tx, message: { id: string; title: string; content: string; sourceId: string; firstSeenAt: Date; postedAt: Date | null }): Promise<DedupDecision & { dedupSeq: bigint }> {
    // No write-back here: it would lengthen the transaction every registration waits for, and a
    // failed write would undo the registration. The rows replayed here are the few registered since
    // the last look (by this release, with current fingerprints, unless an older worker still runs
    // during a rolling upgrade); the next catch-up writes back any that are not current.
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
  private async replay(
    db: Reader,
    options: { writer?: Writer; onProgress?: ((replayed: number, rewritten: number) => void) | undefined; onWriteBackError?: ((error: unknown, rows: number) => void) | undefined } = {},
  ): Promise<number> {
    const batchSize = this.options.batchSize ?? 2000;
    let replayed = 0;
    let rewritten = 0;
    for (;;) {
      const recomputed: Recomputed[] = [];
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
        else recomputed.push({ id: row.id, fp, match: this.decider.decide(message, fp).duplicateOf });
        this.lastSeq = read.dedupSeq;
        replayed++;
      }
      if (options.writer && recomputed.length > 0) rewritten += await writeBack(options.writer, recomputed, options.onWriteBackError);
      if (rows.length > 0) options.onProgress?.(replayed, rewritten);
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
 * Writes the fingerprints and index decisions a catch-up recomputed (one batch, one statement), as
 * registration writes them (`indexDecided`, `indexMatchId`: what the index matched), so the next
 * replay takes `decider.replay` with no fingerprint to compute. Returns how many rows were written.
 *
 * - Concurrency: after an upgrade several workers on several machines may catch up at once. Their
 *   decisions are the same (deterministic in dedupSeq order, over the same rows and texts), so
 *   whichever writes first writes what the others would. The write is conditional: only a row whose
 *   stored fingerprint is still of an older version (or missing), or current but with no decision
 *   kept, is written; a fingerprint already current with its decision (registration, another worker)
 *   is never overwritten, nor one of a newer release (a process of the older release still running
 *   during a rolling upgrade writes nothing over it). A match must be a message registered earlier:
 *   one whose registration failed is in this process's memory only until the failed registration's
 *   reset(), and a decision that matched it in that moment is not kept (one it swayed otherwise,
 *   a far narrower case, would be). Two processes that read a message's text on either side of a
 *   site's edit decide it on different texts; the first write stands and the other process holds
 *   its own decision until it restarts, as every process did before this write-back.
 * - Locks: it runs only in `catchUp`, outside the registration lock and its transaction, as one
 *   statement of its own; it skips rows another transaction holds (SKIP LOCKED: a staff merge or
 *   split writing those messages) rather than wait for them, so it never waits in a lock order
 *   against another transaction (PostgreSQL), and on the embedded store, which runs one transaction at
 *   a time, it is one more query that waits its turn and holds nothing meanwhile. A row skipped or a
 *   write that fails stays as it was: the next catch-up recomputes and writes it then. A failure is
 *   not the catch-up's: the index it loaded is right either way.
 * - Texts: a message with an older fingerprint was decided on its current text (textsAsRegistered
 *   cannot tell which text its release read); the fingerprint written is of that text, so a later
 *   edit by the site is undone through MessageChange to the same text, and the decision replayed is
 *   the one this process holds.
 */
async function writeBack(db: Writer, recomputed: Recomputed[], onError?: (error: unknown, rows: number) => void): Promise<number> {
  const rows = JSON.stringify(recomputed);
  try {
    // Driven from the batch (the primary key finds each row), not from a scan of the table.
    return await db.$executeRaw`
      WITH w AS (SELECT * FROM jsonb_to_recordset(${rows}::jsonb) AS w(id text, fp jsonb, match text)),
      stale AS (
        SELECT s."id" FROM w JOIN "Message" AS s ON s."id" = w.id
        WHERE COALESCE((s."fingerprint"->>'v')::numeric, 0) < ${FINGERPRINT_VERSION}
          OR (COALESCE((s."fingerprint"->>'v')::numeric, 0) = ${FINGERPRINT_VERSION} AND NOT s."indexDecided")
        FOR UPDATE OF s SKIP LOCKED)
      UPDATE "Message" AS m
      SET "fingerprint" = w.fp, "indexDecided" = true, "indexMatchId" = w.match
      FROM w JOIN stale ON stale."id" = w.id
      WHERE m."id" = w.id
        AND (w.match IS NULL OR EXISTS (SELECT 1 FROM "Message" AS o WHERE o."id" = w.match AND o."dedupSeq" < m."dedupSeq"))`;
  } catch (error) {
    onError?.(error, recomputed.length);
    return 0;
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

/**
 * 建议准确率 for the console without reading every reviewed case on each request. The decisions
 * the figures are computed from (reviewed-decisions.ts) are kept in memory and read again only
 * when the event log shows they may have changed; the figures for a period are then computed from
 * them by the same pure function as `measureSuggestionAgreement`, so they are the same figures.
 *
 * Why the event log tells: every change of a case is written with its event in one transaction
 * (house style 9; case-transaction.ts), events are never updated or deleted (a trigger refuses),
 * and every process writes them, so a count of events is a version of the decisions that any
 * console process can read, whichever process made the change. Events that change no input of the
 * figures are not counted (a new case awaiting review, deadline alerts, calendar, accounts,
 * bulletins, new suggestions for cases awaiting review): the pipeline's steady intake and the
 * deadline scan leave the cache alone. A copy linked by the pipeline (`duplicate_linked`) re-reads
 * the duplicate decisions only.
 *
 * The count covers the events after a floor some `window` events below the newest, found through
 * the primary key, so a check costs the same whatever the size of the store. An event can only be
 * missed by committing after `window` later events were numbered (identity values are taken in
 * order, committed in any order), which no short transaction of this project does; and figures
 * older than `maxAgeMs` are read again whatever the log says.
 */
import type { Db } from '../store/index.js';
import { readDuplicateDecisions, readReviewedCases, type DuplicateDecisions, type ReviewedCase } from './reviewed-decisions.js';
import { computeSuggestionAgreement, type AgreementPeriod, type SuggestionAgreement } from './suggestion-agreement.js';

/** Event types that change no input of the figures (see the module comment). */
export const eventsOutsideAgreement: readonly string[] = [
  'case_created',
  'suggestion_updated',
  'record_alert',
  'due_date_recomputed',
  'calendar_loaded',
  'bulletin_generated',
  'user_created',
  'user_disabled',
  'user_enabled',
  'password_set',
];

export interface SuggestionAgreementCacheOptions {
  /** Figures are read again after this long even when the event log shows no change. @default 600000 (10 minutes) */
  maxAgeMs?: number;
  /** Events below the newest that each check counts, so that one committed late is still seen. @default 2000 */
  window?: number;
  /** The clock (tests). @default Date.now */
  now?: () => number;
}

/**
 * An upper bound no id reaches: with a range bounded at both ends the planner reads the primary
 * key's range even without statistics (the embedded store is never analysed, and with one bound
 * it guesses a third of the table and reads it all).
 */
const unreachedIds = 1n << 50n;

interface EventCounts {
  /** Counted events with ids above `floor`: decisions, and pipeline duplicate links. */
  floor: bigint;
  decisions: number;
  links: number;
  newest: bigint;
}

interface Held<T> {
  data: T;
  readAt: number;
}

/** One per console process (web/api/console-routes.ts); `measure` answers as measureSuggestionAgreement does. */
export class SuggestionAgreementCache {
  private readonly maxAgeMs: number;
  private readonly window: bigint;
  private readonly now: () => number;
  private counts: EventCounts | undefined;
  private cases: Held<ReviewedCase[]> | undefined;
  private duplicates: Held<DuplicateDecisions> | undefined;
  /** Figures per period for the decisions held; emptied whenever they are read again. */
  private readonly figures = new Map<string, SuggestionAgreement>();
  /** The refresh in progress, shared by the requests that arrive meanwhile. */
  private refreshing: Promise<void> | undefined;
  /** How often the decisions were read from the store (tests and bench/suggestion-agreement.ts). */
  readonly reads = { cases: 0, duplicates: 0 };

  constructor(
    private readonly db: Db,
    options: SuggestionAgreementCacheOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 600_000;
    this.window = BigInt(options.window ?? 2_000);
    this.now = options.now ?? Date.now;
  }

  /** The figures for a period, the same as `measureSuggestionAgreement(db, period)` would give now. */
  async measure(period: AgreementPeriod = {}): Promise<SuggestionAgreement> {
    await this.refresh();
    const key = `${period.from ?? ''}..${period.to ?? ''}`;
    const known = this.figures.get(key);
    if (known) return structuredClone(known);
    const figures = computeSuggestionAgreement(this.cases!.data, this.duplicates!.data, period);
    // A few periods at most are asked for (the page's default and what someone typed).
    if (this.figures.size >= 32) this.figures.delete(this.figures.keys().next().value!);
    this.figures.set(key, figures);
    return structuredClone(figures);
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.readChanged().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Reads again what the event log (or age) says may have changed. */
  private async readChanged(): Promise<void> {
    const before = this.counts;
    const stale = (held: Held<unknown> | undefined) => !held || this.now() - held.readAt > this.maxAgeMs;
    if (before && !stale(this.cases) && !stale(this.duplicates)) {
      // Once the counted range has grown past two windows, the same query (one snapshot) also
      // counts from a higher floor, kept as the next check's if nothing changed: a check stays one
      // short index range, and no commit falls between the check and the new count.
      const raise = before.newest - before.floor > 2n * this.window ? before.newest - this.window : undefined;
      const [now, raised] = await this.countEvents(before.floor, raise);
      if (now.decisions === before.decisions && now.links === before.links) {
        this.counts = raised ?? { ...before, newest: now.newest };
        return;
      }
      if (now.decisions === before.decisions) {
        // Only copies linked by the pipeline: the reviewed cases stay.
        this.duplicates = { data: await readDuplicateDecisions(this.db), readAt: this.now() };
        this.reads.duplicates += 1;
        this.counts = now;
        this.figures.clear();
        return;
      }
    }
    // Counted before reading: a change committed in between is read now and counted at the next
    // check (one more read, never a missed one).
    const [counts] = await this.countEvents((await this.newestEventId()) - this.window);
    const [cases, duplicates] = await Promise.all([readReviewedCases(this.db), readDuplicateDecisions(this.db)]);
    const readAt = this.now();
    this.cases = { data: cases, readAt };
    this.duplicates = { data: duplicates, readAt };
    this.reads.cases += 1;
    this.reads.duplicates += 1;
    this.counts = counts;
    this.figures.clear();
  }

  /** Counts the events above `floor` by kind, and in the same snapshot above `raise` when given. */
  private async countEvents(floor: bigint, raise?: bigint): Promise<[EventCounts, EventCounts | undefined]> {
    const high = raise ?? floor;
    const [row] = await this.db.$queryRaw<{ decisions: bigint; links: bigint; newest: bigint | null; highDecisions: bigint; highLinks: bigint }[]>`
      SELECT count(*) FILTER (WHERE "type" <> ALL(${eventsOutsideAgreement as string[]}::text[]) AND "type" <> 'duplicate_linked') AS decisions,
             count(*) FILTER (WHERE "type" = 'duplicate_linked') AS links,
             count(*) FILTER (WHERE "id" > ${high} AND "type" <> ALL(${eventsOutsideAgreement as string[]}::text[]) AND "type" <> 'duplicate_linked') AS "highDecisions",
             count(*) FILTER (WHERE "id" > ${high} AND "type" = 'duplicate_linked') AS "highLinks",
             max("id") AS newest
      FROM "Event" WHERE "id" > ${floor} AND "id" <= ${floor + unreachedIds}`;
    const newest = row?.newest ?? floor;
    const counts = { floor, decisions: Number(row?.decisions ?? 0), links: Number(row?.links ?? 0), newest };
    return [counts, raise === undefined ? undefined : { floor: raise, decisions: Number(row?.highDecisions ?? 0), links: Number(row?.highLinks ?? 0), newest }];
  }

  private async newestEventId(): Promise<bigint> {
    const [row] = await this.db.$queryRaw<{ newest: bigint | null }[]>`SELECT max("id") AS newest FROM "Event"`;
    return row?.newest ?? 0n;
  }
}

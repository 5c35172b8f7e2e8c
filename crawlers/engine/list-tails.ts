/**
 * Lists sorted oldest first (`list.order: oldest-first`): new letters arrive at the end of the list,
 * on its last page, not on page 1. The incremental walk stops at the first page of known letters,
 * which on such a list is page 1 at every run after the first: new letters were never read. So each
 * run remembers, per start URL, the last list page that held letters (its tail) and leaves it as a
 * resume point: the next run reads page 1 as usual (changes shown there), then walks on from the
 * tail to the list's end as it resumes any unfinished walk (a backfill, which pages on past known
 * letters). With no tail known (a first run, or a tail on page 1) the head walk itself goes on past
 * known pages to the end. Cost: one or two list pages more per run.
 *
 * A tail can be lost: the site deleted letters or shows more a page, so the page answers an error
 * status or no letter, or letters that all came after those the run knew (a pager that clamps the
 * page number shows the last page again; a shifted list shows later letters there). Letters that
 * arrived may then stand on earlier pages, so the run itself reads the list from page 2 to its end
 * (the head walk goes on past known pages) instead of missing them; known letters on those pages are
 * unchanged, never reported. The lost tail's own error or empty answer is no page error.
 */
import type { PageRequest, ResumePoint } from '../state/types.js';

/** A page the head walk stopped after (all known) on a list whose tail may still turn out lost: where it would have gone on. */
export interface HeadStop {
  request: PageRequest;
  moreShown: boolean;
}

export class ListTails {
  /** Per start URL, the list pages of this run that held letters: by page index, the request and the ids it showed. */
  private readonly pages = new Map<number, Map<number, { request: PageRequest; ids: string }>>();
  /** Start URLs whose walk this run resumes from a page after the first (a tail or unfinished work). */
  private readonly resumed: Set<number>;
  /** Ids of the letters known when the run began (oldest-first lists only): a tail showing none of them first is lost. */
  private readonly known: ReadonlySet<string>;
  /** Start URLs whose tail this run found lost: their head walk goes on to the list's end. */
  private readonly lost = new Set<number>();
  /** Start URLs whose head walk stopped after page 1 before their tail was judged. */
  private readonly headStops = new Map<number, HeadStop>();

  constructor(
    /** The source's list is sorted oldest first; nothing here applies otherwise. */
    readonly oldestFirst: boolean,
    resume: readonly ResumePoint[],
    knownIds: Iterable<string>,
  ) {
    this.resumed = new Set(resume.filter((p) => p.pageIndex > 0).map((p) => p.start));
    this.known = new Set(oldestFirst ? knownIds : []);
  }

  /** Whether a walk goes on past a page of known, unchanged letters: an oldest-first list's head walk when no later page is resumed, or its tail was lost. */
  walksPastKnown(chain: 'head' | 'backfill', start: number): boolean {
    return this.oldestFirst && chain === 'head' && (!this.resumed.has(start) || this.lost.has(start));
  }

  /**
   * Whether a tail page, read again, shows its tail lost: no letter on it, or a first letter the run
   * did not know (on a list sorted oldest first, every letter before a known one is known).
   */
  lostAt(items: readonly { siteId: string }[]): boolean {
    const first = items[0];
    return this.oldestFirst && (!first || !this.known.has(first.siteId));
  }

  /** The head walk of `start` stopped after its first page, all known; `next` is where it would have gone on. */
  headStopped(start: number, next: HeadStop | undefined): void {
    if (this.oldestFirst && next) this.headStops.set(start, next);
  }

  /**
   * The tail of `start` is lost: its head walk goes on to the list's end. Returns where it goes on
   * when it already stopped after page 1 (the caller queues it); else it has not decided yet and goes on by itself.
   */
  lose(start: number): HeadStop | undefined {
    this.lost.add(start);
    const stop = this.headStops.get(start);
    this.headStops.delete(start);
    return stop;
  }

  /** A list page read with `items` on it. */
  saw(start: number, pageIndex: number, request: PageRequest | undefined, items: readonly { siteId: string }[]): void {
    if (!this.oldestFirst || !request || items.length === 0) return;
    let pages = this.pages.get(start);
    if (!pages) this.pages.set(start, (pages = new Map()));
    pages.set(pageIndex, { request, ids: items.map((i) => i.siteId).join('\n') });
  }

  /**
   * The tails of this run's lists, as resume points (page 1 is read by every run anyway): the last
   * page that held letters no earlier page showed, so a page number past the end that a clamping
   * pager answers with the last page is not taken for a later page.
   */
  points(): ResumePoint[] {
    const points: ResumePoint[] = [];
    for (const [start, pages] of this.pages) {
      const firstShown = new Map<string, number>();
      for (const [index, page] of pages) if ((firstShown.get(page.ids) ?? Infinity) > index) firstShown.set(page.ids, index);
      const last = Math.max(...firstShown.values());
      const page = pages.get(last);
      if (page && last > 0) points.push({ start, request: page.request, pageIndex: last, tail: true });
    }
    return points;
  }
}

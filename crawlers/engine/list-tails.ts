/**
 * Lists sorted oldest first (`list.order: oldest-first`): new letters arrive at the end of the list,
 * on its last page, not on page 1. The incremental walk stops at the first page of known letters,
 * which on such a list is page 1 at every run after the first: new letters were never read. So each
 * run remembers, per start URL, the last list page that held letters (its tail) and leaves it as a
 * resume point: the next run reads page 1 as usual (changes shown there), then walks on from the
 * tail to the list's end as it resumes any unfinished walk (a backfill, which pages on past known
 * letters). With no tail known (a first run, or a tail on page 1) the head walk itself goes on past
 * known pages to the end. Cost: one or two list pages more per run.
 */
import type { PageRequest, ResumePoint } from '../state/types.js';

export class ListTails {
  private readonly tails = new Map<number, ResumePoint>();
  /** Start URLs whose walk this run resumes from a page after the first (a tail or unfinished work). */
  private readonly resumed: Set<number>;

  constructor(
    private readonly oldestFirst: boolean,
    resume: readonly ResumePoint[],
  ) {
    this.resumed = new Set(resume.filter((p) => p.pageIndex > 0).map((p) => p.start));
  }

  /** Whether a walk goes on past a page of known, unchanged letters: an oldest-first list's head walk when no later page is resumed. */
  walksPastKnown(chain: 'head' | 'backfill', start: number): boolean {
    return this.oldestFirst && chain === 'head' && !this.resumed.has(start);
  }

  /** A list page read with `items` letters on it. */
  saw(start: number, pageIndex: number, request: PageRequest | undefined, items: number): void {
    if (!this.oldestFirst || !request || items === 0) return;
    const tail = this.tails.get(start);
    if (!tail || pageIndex >= tail.pageIndex) this.tails.set(start, { start, request, pageIndex });
  }

  /** The tails of this run's lists, as resume points (page 1 is read by every run anyway). */
  points(): ResumePoint[] {
    return [...this.tails.values()].filter((p) => p.pageIndex > 0);
  }
}

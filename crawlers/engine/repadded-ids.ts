/**
 * A letter a site re-numbered by zero-padding its id (`id=4` became `id=0004`, `/letter/17.html`
 * became `/letter/0017.html`; the same letter, the same text): the message the state knows under
 * the other spelling, not a new one. Without this, a mailbox that re-padded its ids overnight made
 * every letter look new: each was handed on again, recorded a second time and linked to its case
 * as an exact copy (raising 反映人数), and the run reported them all as new.
 *
 * Two all-digit ids name one letter when they are equal once their leading zeros are dropped
 * (core's canonicalSiteId); ids of any other form are matched exactly, as before. The known
 * spelling is taken over only while no list of this run showed it (nor the page showing the new
 * one): a site that lists `4` and `0004` side by side holds two letters; and the move is undone
 * when the letter's page shows a title and a text both other than the known letter's
 * (LetterMoves.confirmRepadded in letter-moves.ts: `0004` on one list page, the `4` it knew on a later one).
 */
import { canonicalSiteId, isDigitSiteId } from '../../core/index.js';
import type { SourceState } from '../state/types.js';

/** The known all-digit ids of a source by canonical form, built on first use and kept in step with the moves of the run. */
export class RepaddedIds {
  private byCanonical: Map<string, string[]> | undefined;

  constructor(private readonly state: SourceState) {}

  /**
   * The other spelling under which the state knows the letter now shown as `siteId`, or undefined
   * (`siteId` itself is not in the state). `listedThisRun`: ids a list of this run showed.
   */
  earlierId(siteId: string, listedThisRun: (id: string) => boolean): string | undefined {
    if (!isDigitSiteId(siteId)) return undefined;
    this.byCanonical ??= this.index();
    return this.byCanonical.get(canonicalSiteId(siteId))?.find((id) => id !== siteId && this.state.items[id] && !listedThisRun(id));
  }

  /** The state moved the letter known as `from` to `to`. */
  moved(from: string, to: string): void {
    if (!this.byCanonical) return;
    const key = canonicalSiteId(to);
    this.byCanonical.set(key, [...(this.byCanonical.get(key) ?? []).filter((id) => id !== from && id !== to), to]);
  }

  private index(): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const id of Object.keys(this.state.items)) {
      if (!isDigitSiteId(id)) continue;
      const key = canonicalSiteId(id);
      map.set(key, [...(map.get(key) ?? []), id]);
    }
    return map;
  }
}

/**
 * A known letter the site now shows under another id, within one run: re-addressed (a redesign
 * gave it a new id at a new kind of address, readdressed.ts) or re-padded (`4` shown as `0004`,
 * repadded-ids.ts). The letter's state is moved to the new id, so it is compared with what was
 * known rather than taken as new, and handed on under the id the store knows it by
 * (`KnownItem.storeId`); a re-padding move is undone when the site turns out to hold two letters.
 * Mutates the run's SourceState; the CrawlRun (crawl-run.ts) decides when each move is asked for.
 */
import type { PageRequest, KnownItem } from '../state/types.js';
import { ReaddressedLetters } from './readdressed.js';
import { RepaddedIds } from './repadded-ids.js';
import type { ListCopy, RemovalRun, RemovalWatch } from './removals.js';

/** What the moves need of their run: its state and report, its list copies, and its removals. */
export interface LetterMovesRun extends Pick<RemovalRun, 'source' | 'state' | 'report' | 'listCopy'> {
  readonly removals: Pick<RemovalWatch, 'withdraw'>;
}

/** A letter moved to a re-padded id in this run: the id and state it had, until its detail confirms it. */
interface RepaddedMove {
  earlier: string;
  known: KnownItem;
}

export class LetterMoves {
  /** Known letters by title, text and time, to recognise one the site re-addressed. */
  private readonly readdressed: ReaddressedLetters;
  /** Known all-digit ids by their form without leading zeros, to recognise a letter the site re-padded. */
  private readonly repadded: RepaddedIds;
  /** Ids the site re-padded in this run, each with the spelling its letter is known by now: their queued revisits answer for nothing. */
  private readonly renumbered = new Map<string, string>();
  /** Letters moved to a re-padded id in this run, by the new id: the id and state they had, until their detail confirms them. */
  private readonly repaddedMoves = new Map<string, RepaddedMove>();

  /**
   * `requestAgain`: a letter whose move was undone keeps its own detail request (the list gave it
   * one), to be kept as unfetched if this run does not read it.
   */
  constructor(
    private readonly run: LetterMovesRun,
    private readonly requestAgain: (siteId: string, request: PageRequest, list: ListCopy) => void,
  ) {
    this.readdressed = new ReaddressedLetters(run.state);
    this.repadded = new RepaddedIds(run.state);
  }

  /**
   * Whether a list of this run showed the letter known as `siteId` under a re-padded id (`4` as
   * `0004`): the state moved it there, so an answer to a request queued under the old spelling (a
   * revisit of its old address, which a renumbered site may answer 404) says nothing of it.
   */
  renumberedThisRun(siteId: string): boolean {
    return this.renumbered.has(siteId);
  }

  /**
   * Moves the state of a known message to `siteId` when the site shows it under a new id at a new
   * kind of address (readdressed.ts), so it is compared with what was known rather than taken as
   * new, and handed on under the id the store knows it by. `handledThisRun`: ids a list showed or
   * whose detail was handled in this run.
   */
  takeOverReaddressed(siteId: string, hashes: Record<string, string>, url: string | undefined, handledThisRun: (id: string) => boolean): void {
    const { state, source, report } = this.run;
    const earlier = this.readdressed.earlierId(siteId, hashes, url, handledThisRun);
    if (!earlier) return;
    const known = state.items[earlier] as KnownItem;
    delete state.items[earlier];
    state.items[siteId] = { ...known, storeId: known.storeId ?? earlier };
    report.logger.info({ source: source.id, siteId, earlier, url }, `留言 ${earlier} 在网站上改为编号 ${siteId}（网站改版）：按原留言对待`);
  }

  /**
   * Moves the state of a known letter to `siteId` when the site shows it under another padding of
   * its id (repadded-ids.ts): compared with what was known rather than taken as new (its detail is
   * fetched, for its new address), and handed on under the id the store knows it by
   * (`KnownItem.storeId`). A removal its old address answered earlier in the run is withdrawn.
   * Returns whether it moved one.
   */
  takeOverRepadded(siteId: string, listedThisRun: (id: string) => boolean): boolean {
    const { state, source, report } = this.run;
    const earlier = this.repadded.earlierId(siteId, listedThisRun);
    if (!earlier) return false;
    const known = state.items[earlier] as KnownItem;
    delete state.items[earlier];
    this.run.removals.withdraw(earlier);
    this.repadded.moved(earlier, siteId);
    this.renumbered.set(earlier, siteId);
    this.repaddedMoves.set(siteId, { earlier, known });
    // A letter never read was never handed on: no store id to keep.
    state.items[siteId] = { ...known, ...(known.unfetched ? {} : { storeId: known.storeId ?? earlier }) };
    report.logger.info({ source: source.id, siteId, earlier }, `留言 ${earlier} 在网站上改为编号 ${siteId}（编号补零）：按原留言对待`);
    return true;
  }

  /**
   * Undoes the move of a known letter to the re-padded id `siteId` when its detail shows another
   * letter: title and text both other than the known letter's (a site that lists `0004` on one
   * page and the `4` it knew on a later one holds two letters). A title or a text alone edited
   * meanwhile is the letter's change.
   */
  confirmRepadded(siteId: string, hashes: Record<string, string>): void {
    const move = this.repaddedMoves.get(siteId);
    if (!move) return;
    this.repaddedMoves.delete(siteId);
    const before = move.known.fieldHashes;
    const otherLetter = !move.known.unfetched && (['title', 'content'] as const).every((f) => before[f] && hashes[f] && before[f] !== hashes[f]);
    if (otherLetter) this.undoRepadded(siteId, move, `留言 ${siteId} 与留言 ${move.earlier} 标题和内容都不同：不是同一封信，按新留言对待`);
  }

  /**
   * A list shows `siteId`, which this run moved to another padding of it: answers for `siteId` are
   * news of what the site lists under it again. While the move's detail has not confirmed it, the
   * site lists both spellings of two letters: the move is undone.
   */
  listedAfterMove(siteId: string): void {
    const movedTo = this.renumbered.get(siteId);
    if (movedTo === undefined) return;
    this.renumbered.delete(siteId);
    const move = this.repaddedMoves.get(movedTo);
    if (!move) return;
    this.repaddedMoves.delete(movedTo);
    this.undoRepadded(movedTo, move, `网站同时列出留言 ${move.earlier} 和 ${movedTo}：是两封信，${movedTo} 按新留言对待`);
  }

  /** The known letter takes its own id back; `siteId` is a new letter (its detail, if not read in this run, is fetched again next run). */
  private undoRepadded(siteId: string, move: RepaddedMove, why: string): void {
    const { state, source, report } = this.run;
    const moved = state.items[siteId];
    delete state.items[siteId];
    state.items[move.earlier] = move.known;
    this.repadded.moved(siteId, move.earlier);
    this.renumbered.delete(move.earlier);
    const list = this.run.listCopy(siteId);
    // Its own detail request (the list gave it one): kept as unfetched if this run does not read it.
    if (moved?.detail && list && moved.detail.url !== move.known.detail?.url) this.requestAgain(siteId, moved.detail, list);
    report.logger.info({ source: source.id, siteId, earlier: move.earlier }, why);
  }
}

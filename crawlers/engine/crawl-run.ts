/**
 * The watching logic of one run, independent of how pages are fetched: which list items are new
 * or changed, when to stop paging, which open items to revisit, what changed, what to drop, and
 * the source's health. Mutates the SourceState it was given; the caller persists it. Removals are
 * the RemovalWatch's (removals.ts); letters the site re-addressed or re-padded are the LetterMoves'
 * (letter-moves.ts); the alerts a run's pages raise are judged in run-verdicts.ts; what is reported
 * goes through the RunReport (run-report.ts); letters whose detail could not be read are kept or
 * given up in unread-letters.ts; where the next run resumes is resume-points.ts's; the work passed
 * between the run's parts (walks, detail work, list decisions) is typed in run-work.ts.
 */
import type { CrawledMessage, ExclusionKind, Logger } from '../../core/index.js';
import type { RawFields } from '../extract/fields.js';
import type { ListItem, ListPageResult } from '../extract/pages.js';
import type { SourceDefinition } from '../source/schema.js';
import type { PageRequest, ResumePoint, SourceHealth, SourceState } from '../state/types.js';
import type { AccessWall, AccessWallKind } from './access-wall.js';
import { changedFields, fieldHashes, listHash, toCrawledMessage } from './changes.js';
import { DetailAddresses } from './detail-urls.js';
import { rechecksClosed, withinRecheckAge } from './closed-rechecks.js';
import { LetterMoves } from './letter-moves.js';
import { ListTails } from './list-tails.js';
import { RemovalWatch, type ListCopy, type RemovalRun } from './removals.js';
import { earliestResumePoints } from './resume-points.js';
import { RunReport } from './run-report.js';
import { judgeDetailPages, judgeEmptyFirstPage, judgeSharedIds, judgeWalledList, mostlyWalled } from './run-verdicts.js';
import type { Chain, DetailWork, ListDecision } from './run-work.js';
import { decideScope } from './scope.js';
import { keepUnread } from './unread-letters.js';

export class CrawlRun implements RemovalRun {
  readonly report: RunReport;
  readonly removals: RemovalWatch;
  /** The source's list and detail addresses, to tell where a redirected detail request landed. */
  readonly addresses: DetailAddresses;
  private readonly seen = new Set<string>();
  /** Items whose detail was handled in this run. */
  private readonly checked = new Set<string>();
  /** What list pages showed this run, by site id: wins over a queued revisit's older copy. */
  private readonly latestList = new Map<string, ListCopy>();
  private readonly closed: Set<string>;
  listPages = 0;
  listFailures = 0;
  /** Detail answers of this run (parsed, or answered 404/410). */
  detailPages = 0;
  detailLayoutFailures = 0;
  /**
   * Details this run asked for and could not read (failed after retries, held off, an error status,
   * a busy notice or message box, cut short or garbled): the run is incomplete, no success, so
   * 采集来源 and `sources status` show it failing with its last page error until a run reads them.
   */
  unreadDetails = 0;
  /** Detail requests of this run answered with an access wall (access-wall.ts; also counted in `unreadDetails`), and the kinds of wall seen. */
  walledDetails = 0;
  private readonly wallKinds = new Set<AccessWallKind>();
  /** Walks not finished yet, by `${chain}:${start}`: their next request (for resuming). */
  readonly pending = new Map<string, ResumePoint>();
  /** Detail requests queued but never handled (the run was stopped): the list page that showed them. */
  readonly outstanding = new Map<string, ResumePoint>();
  /** Site ids whose detail request got an answer or failed for good in this run. */
  readonly answered = new Set<string>();
  /**
   * Items whose detail this run asked the site for and got an answer or a final failure (not held
   * off): an unread letter is given up after `unreadGiveUpMs` (unread-letters.ts) only when tried,
   * so a run that sent the site nothing (held off by Retry-After) or never reached it does not drop
   * it untried.
   */
  readonly tried = new Set<string>();
  /** Closed items keep their last fields (for a later removal) while the source re-checks them. */
  private readonly keepClosedFields: boolean;
  /** New items (or never read ones) whose detail this run requested from a list page: those not read by its end stay unfetched. */
  private readonly requestedNew = new Map<string, DetailWork>();
  /** Known letters the site shows under another id in this run (re-addressed, re-padded). */
  private readonly moves: LetterMoves;
  /** The source had no known message when this run began (a first crawl: its whole backlog is to be read). */
  readonly firstCrawl: boolean;
  /** An oldest-first list's last pages, where its new letters arrive (a lost one judged by the LIST handler). */
  readonly tails: ListTails;

  constructor(
    readonly source: SourceDefinition,
    readonly state: SourceState,
    private readonly detailFor: (item: ListItem, pageUrl: string) => PageRequest | undefined,
    onMessage: ((m: CrawledMessage) => Promise<void> | void) | undefined,
    logger: Logger,
    readonly startedAt = new Date(),
    onDropped?: (m: CrawledMessage, reason: string, kind: ExclusionKind) => Promise<void> | void,
  ) {
    this.closed = new Set(source.closedStatuses);
    this.firstCrawl = Object.keys(state.items).length === 0;
    this.tails = new ListTails(source.kind !== 'module' && source.list.order === 'oldest-first', state.resume, Object.keys(state.items));
    this.keepClosedFields = rechecksClosed(source);
    this.moves = new LetterMoves(this, (siteId, request, list) => this.requestedNew.set(siteId, { siteId, request, ...list }));
    this.report = new RunReport(source.id, state.health, onMessage, logger, startedAt, onDropped);
    this.removals = new RemovalWatch(this);
    const knownDetails = Object.values(state.items).flatMap((k) => (k.detail ? [k.detail.url] : []));
    this.addresses = new DetailAddresses(source.startUrls, knownDetails);
  }

  listCopy(siteId: string): ListCopy | undefined {
    return this.latestList.get(siteId);
  }

  listed(siteId: string): boolean {
    return this.seen.has(siteId);
  }

  markChecked(siteId: string): void {
    this.checked.add(siteId);
  }

  /** A detail request of this item got its answer (or failed for good): it is no longer outstanding. */
  detailAnswered(siteId: string): void {
    this.outstanding.delete(siteId);
    this.answered.add(siteId);
  }

  /**
   * Whether a list of this run showed the letter known as `siteId` under a re-padded id (`4` as
   * `0004`): the state moved it there, so an answer to a request queued under the old spelling (a
   * revisit of its old address, which a renumbered site may answer 404) says nothing of it.
   */
  renumberedThisRun(siteId: string): boolean {
    return this.moves.renumberedThisRun(siteId);
  }

  /** Whether this run already handled the item's detail or queued it (a list showed it new or changed). */
  detailTaken(siteId: string): boolean {
    return this.checked.has(siteId) || this.latestList.has(siteId);
  }

  /**
   * A page of this run was the site's access wall (a page error said which). A walled list page
   * raises the access alert at once: nothing of that list could be read; walled detail pages are
   * judged together at the end of the run (`finish`).
   */
  accessWalled(wall: AccessWall, list: boolean): void {
    this.wallKinds.add(wall.kind);
    if (list) judgeWalledList(wall.kind, this.report);
    else this.walledDetails++;
  }

  /** Half or more of this run's detail answers so far were access walls (the access alert's rule; closed re-checks are then skipped). */
  get mostlyWalled(): boolean {
    return mostlyWalled(this.walledDetails, this.detailPages);
  }

  /** Open items due for a revisit (not seen changed on a list page this run), and every item whose detail was never read. */
  revisits(): DetailWork[] {
    const due = Date.now() - this.source.watch.revisitOpenAfter;
    return Object.entries(this.state.items)
      .filter(([, k]) => k.open && !k.dropped && !k.removed && k.detail && (k.unfetched || Date.parse(k.lastCheckedAt) <= due))
      .map(([siteId, k]) => ({ siteId, request: k.detail as PageRequest, listFields: (k.listFields ?? {}) as RawFields, listHash: k.listHash }));
  }

  /** Decides what a parsed list page means for this run (`request`: the page's, an oldest-first list's tail when it is the last). */
  onListPage(result: ListPageResult, pageUrl: string, pageIndex: number, chain: Chain, start = 0, request?: PageRequest): ListDecision {
    this.listPages++;
    this.tails.saw(start, pageIndex, request, result.items);
    this.addresses.addList(pageUrl);
    const decision: ListDecision = { details: [], complete: [], more: false };
    const items = result.items;
    if (pageIndex === 0 && chain === 'head') {
      if (items.length === 0) {
        judgeEmptyFirstPage(result, this.state.firstPageItems[String(start)] ?? 0, this.report);
        return decision;
      }
      this.state.firstPageItems[String(start)] = items.length;
    }
    if (items.length > 0 && result.problems.length > 0) this.report.layoutAlert(`${pageUrl}：${result.problems.join('；')}`);
    if (items.length === 0) return decision; // past the last page
    let fresh = 0;
    let repeated = 0;
    const now = new Date().toISOString();
    const onPage = judgeSharedIds(items, pageUrl, this.report);
    for (const item of items) {
      if (this.seen.has(item.siteId)) {
        repeated++;
        continue;
      }
      this.seen.add(item.siteId);
      this.moves.listedAfterMove(item.siteId);
      this.report.itemFound();
      const hash = listHash(item.fields);
      // A letter known under another padding of its id (`4` shown as `0004`): the same message, renumbered.
      const repadded = !this.state.items[item.siteId] && this.moves.takeOverRepadded(item.siteId, (id) => this.seen.has(id) || onPage.has(id));
      const known = this.state.items[item.siteId];
      if (known && known.listHash === hash && !repadded) {
        known.lastSeenAt = now;
        continue;
      }
      fresh++;
      this.latestList.set(item.siteId, { listFields: item.fields, listHash: hash });
      if (known && this.checked.has(item.siteId)) {
        // Its detail was just revisited in this run: only the list copy is new.
        known.listHash = hash;
        known.listFields = item.fields as Record<string, string>;
        continue;
      }
      const request = this.detailFor(item, pageUrl);
      // Its revisits go to the new address from now on, even if this fetch fails.
      if (repadded && known && request) known.detail = request;
      if (request) {
        this.addresses.addDetail(request.url);
        if (!known || known.unfetched) this.requestedNew.set(item.siteId, { siteId: item.siteId, request, listFields: item.fields, listHash: hash });
        decision.details.push({ siteId: item.siteId, request, listFields: item.fields, listHash: hash });
      } else decision.complete.push({ siteId: item.siteId, listFields: item.fields, listHash: hash });
    }
    // Stop when the page holds only known, unchanged items (head), or repeats this run's items (clamped pager).
    // An oldest-first list's head walk goes on to the end while no tail of it is known (list-tails.ts).
    decision.more = repeated < items.length && (chain === 'backfill' || fresh > 0 || this.tails.walksPastKnown(chain, start));
    return decision;
  }

  /**
   * Records a fully extracted item: new, changed, unchanged or dropped. A blank title or text is
   * taken as the site shows it (a citizen may send a title only, or nothing; the pipeline decides
   * what to register): a rule that found no place for them was already reported by the parser.
   */
  async finishItem(siteId: string, fields: RawFields, hash: string, detail: PageRequest | undefined, listFields: RawFields): Promise<void> {
    const now = new Date().toISOString();
    this.removals.withdraw(siteId); // a later answer of this run showed it after all
    const hashes = fieldHashes(fields);
    const url = fields.detailUrl ?? (detail && detail.method !== 'POST' ? detail.url : undefined);
    this.moves.confirmRepadded(siteId, hashes);
    // A letter known under another id and address (the site re-designed): the same message, moved.
    if (!this.state.items[siteId] || this.state.items[siteId].unfetched) this.moves.takeOverReaddressed(siteId, hashes, url, (id) => this.seen.has(id) || this.checked.has(id));
    // An item whose detail was never read is new, not known.
    const known = this.state.items[siteId]?.unfetched ? undefined : this.state.items[siteId];
    const firstSeenAt = this.state.items[siteId]?.firstSeenAt ?? now;
    const storeId = known?.storeId ?? siteId;
    const status = fields.siteStatus;
    const open = status === undefined ? false : !this.closed.has(status);
    const base = {
      ...(storeId !== siteId ? { storeId } : {}),
      ...(url ? { url } : {}),
      listHash: hash,
      fieldHashes: hashes,
      siteStatus: status,
      open,
      fields: open || (this.keepClosedFields && withinRecheckAge(this.source, { firstSeenAt })) ? ({ ...fields, detailUrl: url } as Record<string, string>) : undefined,
      detail,
      listFields: listFields as Record<string, string>,
      firstSeenAt,
      lastSeenAt: now,
      lastCheckedAt: now,
    };
    // The site moved it to another address (same id, re-addressed or re-padded): handed on for its new address (原文).
    const knownUrl = known?.url ?? known?.fields?.detailUrl;
    const movedAddress = !!knownUrl && !!url && knownUrl !== url;
    if (this.source.scope) {
      const decision = decideScope(this.source.scope, fields);
      if (!decision.keep) {
        // Handed on (to be kept with its reason) when first dropped, when its fields, its address
        // or the reason changed, and when it was in scope before; recorded only once handed on, as below.
        const changed = known?.dropped ? [...changedFields(known.fieldHashes, hashes), ...(movedAddress ? ['url'] : [])] : undefined;
        if (!changed || changed.length > 0 || known?.dropped !== decision.reason) {
          await this.report.handOnDropped(toCrawledMessage(this.source, storeId, { ...fields, detailUrl: url }, now), decision.reason, decision.kind);
          this.report.record({ siteId, kind: 'dropped', reason: decision.reason, ...(changed?.length ? { fields: changed } : {}) });
        }
        this.state.items[siteId] = { ...base, open: false, fields: undefined, dropped: decision.reason };
        this.checked.add(siteId);
        return;
      }
    }
    const changed = known && !known.dropped ? changedFields(known.fieldHashes, hashes) : undefined;
    if (changed && movedAddress) changed.push('url');
    if (!changed || changed.length > 0) {
      // Recorded only once handed on: if the consumer throws, the page is retried and the message offered again.
      await this.report.handOn(toCrawledMessage(this.source, storeId, { ...fields, detailUrl: url }, now));
      this.report.record(changed ? { siteId, kind: 'changed', fields: changed } : { siteId, kind: 'new' });
    }
    this.state.items[siteId] = base;
    this.checked.add(siteId);
  }

  /** Per list, the earliest page with unfinished work, so a stopped run loses nothing; else an oldest-first list's tail. */
  resumePoints(): ResumePoint[] {
    return earliestResumePoints(this.pending.values(), [...this.outstanding.values(), ...this.tails.points()]);
  }

  /**
   * Closes the run: removals settled, health totals, success stamp, resume cursor. An interrupted
   * run (`interrupted`: its process was asked to stop) is not a success, and no fault either: it is
   * marked `health.interrupted`, never a page error, so a planned restart does not show the source
   * as failed (采集来源's 已恢复（…出错：…）) on the console. Real faults of the same run (a page
   * that failed before the stop) stay recorded as errors. The line staff read is the caller's (the
   * crawl stage's 采集已中断（本进程正在停止）, `minsheng crawl`'s): here only a debug line, so a
   * stopped run is not said twice at info.
   */
  async finish(interrupted = false): Promise<SourceHealth> {
    await this.removals.settle(this.detailPages);
    const health = this.report.health;
    if (interrupted) {
      health.interrupted = true;
      this.report.logger.debug({ source: this.source.id }, '采集因程序停止而中断，下次运行从中断处继续');
    }
    keepUnread(this.state, { requested: this.requestedNew, checked: this.checked, tried: this.tried }, this.report);
    const items = Object.values(this.state.items);
    // Closed messages past the re-check age keep no text: the state does not grow for ever.
    for (const item of items) if (!item.open && item.fields && !item.removed && !withinRecheckAge(this.source, item)) item.fields = undefined;
    // Items never read are no known messages (their page errors say so).
    health.knownItems = items.filter((i) => !i.unfetched).length;
    health.openItems = items.filter((i) => i.open && !i.dropped && !i.unfetched).length;
    health.durationMs = Date.now() - this.startedAt.getTime();
    judgeDetailPages({ detailPages: this.detailPages, detailLayoutFailures: this.detailLayoutFailures, walledDetails: this.walledDetails, wallKinds: this.wallKinds }, this.report);
    if (!interrupted && !health.layoutAlert && this.listPages > 0 && this.listFailures === 0 && this.unreadDetails === 0) health.lastSuccessAt = new Date().toISOString();
    this.state.resume = this.resumePoints();
    this.state.health = health;
    return health;
  }
}

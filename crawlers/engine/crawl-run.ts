/**
 * The watching logic of one run, independent of how pages are fetched: which list items are new
 * or changed, when to stop paging, which open items to revisit, what changed, what to drop, and
 * the source's health. Mutates the SourceState it was given; the caller persists it.
 */
import { describeError, type CrawledMessage, type Logger } from '../../core/index.js';
import type { RawFields } from '../extract/fields.js';
import type { ListItem, ListPageResult } from '../extract/pages.js';
import type { SourceDefinition } from '../source/schema.js';
import type { PageRequest, ResumePoint, SourceHealth, SourceState } from '../state/types.js';
import { changedFields, fieldHashes, listHash, toCrawledMessage } from './changes.js';
import { decideScope } from './scope.js';

export type Chain = 'head' | 'backfill';

/** Key of one walk of one list. */
export const walkKey = (chain: Chain, start: number) => `${chain}:${start}`;

export interface Change {
  siteId: string;
  /** `removed`: a known message's detail says the site removed it (reported once; see `removedStatus`). */
  kind: 'new' | 'changed' | 'dropped' | 'removed';
  fields?: string[];
  reason?: string;
}

/**
 * The status a message gets when its site removed it. It is handed on like any status change, with
 * every other field as last seen, so the store keeps the text and records the change.
 */
export const removedStatus = '已从网站删除';

/** What to do after a list page. */
export interface ListDecision {
  /** Items whose detail must be fetched. */
  details: { siteId: string; request: PageRequest; listFields: RawFields; listHash: string }[];
  /** Items complete from the list alone (no detail rule). */
  complete: { siteId: string; listFields: RawFields; listHash: string }[];
  /** Keep paging this chain. */
  more: boolean;
}

const MAX_PAGE_ERRORS = 20;
/**
 * When at least this many known messages look removed and every detail page of the run answered
 * "removed", the site more likely moved its detail pages than deleted them all: alert, report none.
 */
const MASS_REMOVAL = 3;

export class CrawlRun {
  readonly messages: CrawledMessage[] = [];
  readonly changes: Change[] = [];
  readonly health: SourceHealth;
  private readonly seen = new Set<string>();
  /** Items whose detail was handled in this run. */
  private readonly checked = new Set<string>();
  /** What list pages showed this run, by site id: wins over a queued revisit's older copy. */
  readonly latestList = new Map<string, { listFields: RawFields; listHash: string }>();
  private readonly closed: Set<string>;
  listPages = 0;
  listFailures = 0;
  detailPages = 0;
  detailLayoutFailures = 0;
  /** Detail answers of this run saying "removed" (HTTP 404/410 or the removedText notice), known items or not. */
  goneDetails = 0;
  /** Known items whose detail said "removed" this run, reported by `settleRemovals` at the end. */
  private readonly removals = new Map<string, { why: string; url: string }>();
  /** Walks not finished yet, by `${chain}:${start}`: their next request (for resuming). */
  readonly pending = new Map<string, ResumePoint>();
  /** Detail requests queued but never handled (the run was stopped): the list page that showed them. */
  readonly outstanding = new Map<string, ResumePoint>();

  constructor(
    readonly source: SourceDefinition,
    readonly state: SourceState,
    private readonly detailFor: (item: ListItem, pageUrl: string) => PageRequest | undefined,
    private readonly onMessage: ((m: CrawledMessage) => Promise<void> | void) | undefined,
    private readonly logger: Logger,
    readonly startedAt = new Date(),
  ) {
    this.closed = new Set(source.closedStatuses);
    this.health = {
      ...state.health,
      sourceId: source.id,
      lastRunAt: startedAt.toISOString(),
      itemsFound: 0,
      pagesFetched: 0,
      newItems: 0,
      changedItems: 0,
      droppedItems: 0,
      removedItems: 0,
      pageErrors: [],
      layoutAlert: undefined,
    };
  }

  private now(): string {
    return new Date().toISOString();
  }

  pageFetched(): void {
    this.health.pagesFetched++;
  }

  pageError(url: string, error: string): void {
    this.logger.warn({ source: this.source.id, url }, `页面出错：${error}`);
    if (this.health.pageErrors.length < MAX_PAGE_ERRORS) this.health.pageErrors.push({ url, error });
    this.health.lastError = url ? `${error}（${url}）` : error;
    this.health.lastErrorAt = this.now();
  }

  layoutAlert(text: string): void {
    this.health.layoutAlert ??= text;
    this.pageError('', `布局告警：${text}`);
  }

  /** Open items due for a revisit (not seen changed on a list page this run). */
  revisits(): { siteId: string; request: PageRequest; listFields: RawFields; listHash: string }[] {
    const due = Date.now() - this.source.watch.revisitOpenAfter;
    return Object.entries(this.state.items)
      .filter(([, k]) => k.open && !k.dropped && !k.removed && k.detail && Date.parse(k.lastCheckedAt) <= due)
      .map(([siteId, k]) => ({ siteId, request: k.detail as PageRequest, listFields: (k.listFields ?? {}) as RawFields, listHash: k.listHash }));
  }

  /** Decides what a parsed list page means for this run. */
  onListPage(result: ListPageResult, pageUrl: string, pageIndex: number, chain: Chain, start = 0): ListDecision {
    this.listPages++;
    const decision: ListDecision = { details: [], complete: [], more: false };
    const items = result.items;
    if (pageIndex === 0 && chain === 'head') {
      if (items.length === 0) {
        const before = this.state.firstPageItems[String(start)] ?? 0;
        this.layoutAlert(
          before > 0
            ? `列表首页原有 ${before} 条，本次解析出 0 条：网站可能改版（${result.problems.join('；') || '选择器未匹配'}）`
            : `列表首页未解析出任何条目（${result.problems.join('；') || '选择器未匹配'}）`,
        );
        return decision;
      }
      this.state.firstPageItems[String(start)] = items.length;
    }
    if (items.length > 0 && result.problems.length > 0) this.layoutAlert(`${pageUrl}：${result.problems.join('；')}`);
    if (items.length === 0) return decision; // past the last page
    let fresh = 0;
    let repeated = 0;
    const now = this.now();
    for (const item of items) {
      if (this.seen.has(item.siteId)) {
        repeated++;
        continue;
      }
      this.seen.add(item.siteId);
      this.health.itemsFound++;
      const hash = listHash(item.fields);
      const known = this.state.items[item.siteId];
      if (known && known.listHash === hash) {
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
      if (request) decision.details.push({ siteId: item.siteId, request, listFields: item.fields, listHash: hash });
      else decision.complete.push({ siteId: item.siteId, listFields: item.fields, listHash: hash });
    }
    // Stop when the page holds only known, unchanged items (head), or repeats this run's items (clamped pager).
    decision.more = repeated < items.length && (chain === 'backfill' || fresh > 0);
    return decision;
  }

  /** Records a fully extracted item: new, changed, unchanged or dropped. */
  async finishItem(siteId: string, fields: RawFields, hash: string, detail: PageRequest | undefined, listFields: RawFields): Promise<void> {
    const now = this.now();
    const known = this.state.items[siteId];
    const missing = (['title', 'content'] as const).filter((f) => !fields[f]);
    if (missing.length) {
      this.detailLayoutFailures++;
      this.pageError(detail?.url ?? fields.detailUrl ?? siteId, `留言 ${siteId} 缺少 ${missing.join('、')}，未记录`);
      return;
    }
    this.removals.delete(siteId); // a later answer of this run showed it after all
    const hashes = fieldHashes(fields);
    const status = fields.siteStatus;
    const open = status === undefined ? false : !this.closed.has(status);
    const url = fields.detailUrl ?? (detail && detail.method !== 'POST' ? detail.url : undefined);
    const base = {
      listHash: hash,
      fieldHashes: hashes,
      siteStatus: status,
      open,
      fields: open ? ({ ...fields, detailUrl: url } as Record<string, string>) : undefined,
      detail,
      listFields: listFields as Record<string, string>,
      firstSeenAt: known?.firstSeenAt ?? now,
      lastSeenAt: now,
      lastCheckedAt: now,
    };
    if (this.source.scope) {
      const decision = decideScope(this.source.scope, fields);
      if (!decision.keep) {
        this.state.items[siteId] = { ...base, open: false, fields: undefined, dropped: decision.reason };
        this.checked.add(siteId);
        if (known?.dropped !== decision.reason) {
          this.health.droppedItems++;
          this.changes.push({ siteId, kind: 'dropped', reason: decision.reason });
        }
        return;
      }
    }
    const changed = known && !known.dropped ? changedFields(known.fieldHashes, hashes) : undefined;
    if (!changed || changed.length > 0) {
      const message = toCrawledMessage(this.source, siteId, { ...fields, detailUrl: url }, now);
      // Recorded only once handed on: if the consumer throws, the page is retried and the message offered again.
      await this.onMessage?.(message);
      this.messages.push(message);
      if (changed) {
        this.health.changedItems++;
        this.changes.push({ siteId, kind: 'changed', fields: changed });
      } else {
        this.health.newItems++;
        this.changes.push({ siteId, kind: 'new' });
      }
    }
    this.state.items[siteId] = base;
    this.checked.add(siteId);
  }

  /** Whether the state knows this site id (a removal can only be told of a message seen before). */
  isKnown(siteId: string): boolean {
    return this.state.items[siteId] !== undefined;
  }

  /**
   * A known item's detail says the site removed it (`why`: what the page answered). Returns false for
   * an id the state does not know (the caller reports a page error instead). The removal is held
   * until `settleRemovals`, so a run in which every detail answers "removed" can be told apart.
   */
  noteRemoved(siteId: string, why: string, url: string): boolean {
    const known = this.state.items[siteId];
    if (!known) return false;
    if (known.removed) {
      // Already reported: only remember what the list shows now, so it is not fetched again for nothing.
      const list = this.latestList.get(siteId);
      this.checked.add(siteId);
      this.state.items[siteId] = { ...known, ...(list ? { listHash: list.listHash, listFields: list.listFields as Record<string, string> } : {}), lastCheckedAt: this.now() };
      return true;
    }
    this.removals.set(siteId, { why, url });
    return true;
  }

  /**
   * Reports the removals noted in this run, each once: the message is handed on with status
   * `removedStatus` and every other field as last seen, counted in `removedItems`, and closed (no
   * more revisits). Its hashes take the removed status, so if the site shows it again its real
   * status is a change and is handed on. Call after the last page, before `finish`.
   */
  async settleRemovals(): Promise<void> {
    if (this.removals.size === 0) return;
    if (this.removals.size >= MASS_REMOVAL && this.goneDetails >= this.detailPages) {
      this.layoutAlert(`本次 ${this.detailPages} 个详情页都答复已删除（其中已知留言 ${this.removals.size} 条）：详情页地址可能已改版，未按删除处理`);
      return;
    }
    for (const [siteId, { why, url }] of this.removals) {
      try {
        await this.reportRemoved(siteId, why, url);
      } catch (error) {
        // Not recorded: the state is unchanged, so the next run notices the removal again.
        this.pageError(url, `留言 ${siteId} 已从网站删除，但未能转交：${describeError(error)}`);
      }
    }
    this.removals.clear();
  }

  private async reportRemoved(siteId: string, why: string, url: string): Promise<void> {
    const known = this.state.items[siteId];
    if (!known) return;
    const now = this.now();
    const list = this.latestList.get(siteId);
    // If no list showed it this run, forget its list hash: its next appearance on a list fetches the detail again.
    const listHash = list?.listHash ?? (this.seen.has(siteId) ? known.listHash : '');
    const listFields = list ? (list.listFields as Record<string, string>) : known.listFields;
    const last = known.fields;
    if (last?.title && last.content) {
      const message = toCrawledMessage(this.source, siteId, { ...last, siteStatus: removedStatus }, now);
      await this.onMessage?.(message);
      this.messages.push(message);
    } else {
      // Known from before the engine kept last fields (or closed and not revisited since): nothing to hand on.
      this.pageError(url, `留言 ${siteId} 已从网站删除（${why}），但未保存其上次内容，未能作为留言变更记录`);
    }
    this.health.removedItems++;
    this.changes.push({ siteId, kind: 'removed', fields: ['siteStatus'], reason: why });
    this.logger.info({ source: this.source.id, siteId, url }, `留言 ${siteId} 已从网站删除：${why}`);
    this.state.items[siteId] = {
      ...known,
      listHash,
      listFields,
      fieldHashes: { ...known.fieldHashes, ...fieldHashes({ siteStatus: removedStatus }) },
      siteStatus: removedStatus,
      open: false,
      fields: undefined,
      removed: now,
      lastCheckedAt: now,
    };
  }

  /** Per list, the earliest page with unfinished work, so a stopped run loses nothing. */
  resumePoints(): ResumePoint[] {
    const byStart = new Map<number, ResumePoint>();
    for (const point of [...this.pending.values(), ...this.outstanding.values()]) {
      if (point.pageIndex === 0) continue; // the head walk starts there anyway
      const best = byStart.get(point.start);
      if (!best || point.pageIndex < best.pageIndex) byStart.set(point.start, point);
    }
    return [...byStart.values()];
  }

  /** Closes the run: health totals, success stamp, resume cursor. An interrupted run is not a success. */
  finish(interrupted = false): SourceHealth {
    if (interrupted) this.pageError('', '抓取被中断，下次运行从中断处继续');
    const items = Object.values(this.state.items);
    this.health.knownItems = items.length;
    this.health.openItems = items.filter((i) => i.open && !i.dropped).length;
    this.health.durationMs = Date.now() - this.startedAt.getTime();
    if (this.detailPages > 0 && this.detailLayoutFailures >= this.detailPages) {
      this.layoutAlert(`本次 ${this.detailPages} 个详情页都未取到必填字段：详情页可能改版`);
    }
    if (!interrupted && !this.health.layoutAlert && this.listPages > 0 && this.listFailures === 0) this.health.lastSuccessAt = this.now();
    this.state.resume = this.resumePoints();
    this.state.health = this.health;
    return this.health;
  }
}

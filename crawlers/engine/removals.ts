/**
 * Messages the site took down (crawlers/README.md, Removals). A known message whose detail answers
 * "removed" (HTTP 404/410, the source's `watch.removedText` notice, a redirect away from the detail
 * pages, by HTTP or by the page's own meta refresh or script, a message box saying so before a
 * step back, or the list or home page answered at the detail's address) is noted during the run
 * and settled at its end: handed on once as a change of status to `removedStatus`, every other
 * field as last seen, then closed. When every detail page of a batch (the run's walks and
 * revisits, or its re-check of closed messages) answers "removed", the site more likely moved its
 * detail pages than deleted them all: a layout alert is raised and nothing is reported.
 */
import { describeError, removedFromSiteStatus } from '../../core/index.js';
import type { RawFields } from '../extract/fields.js';
import type { SourceDefinition } from '../source/schema.js';
import type { SourceState } from '../state/types.js';
import { fieldHashes, toCrawledMessage } from './changes.js';
import type { Landing } from './detail-urls.js';
import type { RunReport } from './run-report.js';

/**
 * The status a message gets when its site removed it (the measures' vocabulary in core). It is
 * handed on like any status change, with every other field as last seen, so the store keeps the
 * text and records the change.
 */
export const removedStatus = removedFromSiteStatus;

/** Statuses that mean "this page was removed" (not a fault: never retried). */
const goneStatuses = new Set([404, 410]);

/**
 * When at least this many known messages look removed and every detail page of the batch answered
 * "removed", the site more likely moved its detail pages than deleted them all: alert, report none.
 */
const MASS_REMOVAL = 3;

/** Why a detail answer's HTTP status says the page was removed, or undefined (a fault, or no answer of that kind). */
export function goneStatusReason(status: number): string | undefined {
  return goneStatuses.has(status) ? `详情页返回 HTTP ${status}` : undefined;
}

/** The visible text of a page (scripts, styles and tags stripped), what `watch.removedText` is matched against. */
export function visibleText(body: string): string {
  return body
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|\s+/g, ' ');
}

/**
 * What a detail page shows of itself besides its HTTP answer, for pages answered with 200: where it
 * sends the browser (a meta refresh or a short inline script, in-page-redirect.ts) and where that
 * lands, the message box it shows before sending the browser back (`alert`), whether the source's
 * list rules find message items on it (the site answered the detail address with its list page),
 * and whether it is the site's home page (`looksLikeHome`, home-page.ts).
 */
export interface PageSigns {
  sendsTo?: { url: string; landing: Landing } | undefined;
  alert?: string | undefined;
  looksLikeList?: boolean;
  looksLikeHome?: boolean;
}

/**
 * What a message box says when a site took a message down (不存在, 已删除, 不予公开, 审核未通过 …).
 * A box that says something else (系统繁忙, 请登录) is not a removal: the page stays a page error.
 */
export const removalAlert = /删除|不存在|撤回|撤销|已撤|屏蔽|不予?公开|无权(查看|访问|浏览)|找不到|未找到|失效|已关闭|无此|没有此|已下线|已隐藏|不可见|审核未通过|未通过审核/;

/**
 * Why a detail page the site answered (status below 400) says a known message was removed, or
 * undefined. An HTTP redirect to the home page or a list page always does. Everything else does
 * only when the detail rules find no message on the page (`showsMessage`), so a footer that
 * mentions 已被删除, a conditional script, or a message moved to a new kind of address is not
 * taken for a removal: an in-page redirect (`signs.sendsTo`) to the home page, a list page or a
 * page that is not a detail page; an HTTP redirect elsewhere; a message box saying the message is
 * gone before a step back (`signs.alert`, `removalAlert` or `removedText`); the page being a list
 * page (`signs.looksLikeList`) or the home page (`signs.looksLikeHome`); the `removedText` notice. An in-page redirect to another detail page is
 * a move and never a removal.
 */
export function removedPageReason(page: { url: string; body: string }, landing: Landing, showsMessage: boolean, removedText: RegExp | undefined, signs: PageSigns = {}): string | undefined {
  if (landing === 'home') return `详情页被转到网站首页（${page.url}）`;
  if (landing === 'list') return `详情页被转到列表页（${page.url}）`;
  if (showsMessage) return undefined;
  const to = signs.sendsTo;
  if (to?.landing === 'detail') return undefined;
  if (to?.landing === 'home') return `详情页跳转到网站首页（${to.url}）`;
  if (to?.landing === 'list') return `详情页跳转到列表页（${to.url}）`;
  if (to?.landing === 'elsewhere') return `详情页跳转到非详情页地址（${to.url}）`;
  if (landing === 'elsewhere') return `详情页被转到非详情页地址（${page.url}）`;
  if (signs.alert && (removalAlert.test(signs.alert) || removedText?.test(signs.alert))) return `详情页提示“${signs.alert}”后返回上一页`;
  if (signs.looksLikeList) return `详情页显示为列表页（${page.url}）`;
  if (signs.looksLikeHome) return `详情页显示为网站首页（${page.url}）`;
  const notice = removedText?.exec(visibleText(page.body));
  return notice ? `详情页显示“${notice[0]}”` : undefined;
}

/** What a list page showed of an item in this run. */
export interface ListCopy {
  listFields: RawFields;
  listHash: string;
}

/** What the removal bookkeeping needs of the run it belongs to. */
export interface RemovalRun {
  readonly source: SourceDefinition;
  readonly state: SourceState;
  readonly report: RunReport;
  /** What a list page showed of the item in this run, when one showed it new or changed. */
  listCopy(siteId: string): ListCopy | undefined;
  /** Whether any list page showed the item in this run. */
  listed(siteId: string): boolean;
  /** The item's detail was handled in this run: a later list copy of it is only stored. */
  markChecked(siteId: string): void;
}

export class RemovalWatch {
  /** Detail answers since the last settle saying "removed", known items or not: the mass-removal guard's count. */
  private goneAnswers = 0;
  /** Detail answers of the run at the last settle (each settle judges the answers since the one before). */
  private settledPages = 0;
  /** Known items whose detail said "removed" this run, reported by `settle`. */
  private readonly noted = new Map<string, { why: string; url: string }>();

  constructor(private readonly run: RemovalRun) {}

  /**
   * A detail answered "removed" (`why`: what the page answered, for staff). Returns false for an id
   * the state does not know (the caller reports a page error instead). The removal is held until
   * `settle`, so a run in which every detail answers "removed" can be told apart.
   */
  note(siteId: string, why: string, url: string): boolean {
    this.goneAnswers++;
    const known = this.run.state.items[siteId];
    if (!known || known.unfetched) return false; // never read: not a known message
    if (known.removed) {
      // Already reported: only remember what the list shows now, so it is not fetched again for nothing.
      const list = this.run.listCopy(siteId);
      this.run.markChecked(siteId);
      const listCopy = list ? { listHash: list.listHash, listFields: list.listFields as Record<string, string> } : {};
      this.run.state.items[siteId] = { ...known, ...listCopy, lastCheckedAt: new Date().toISOString() };
      return true;
    }
    this.noted.set(siteId, { why, url });
    return true;
  }

  /** A later answer of this run showed the message after all. */
  withdraw(siteId: string): void {
    this.noted.delete(siteId);
  }

  /**
   * Reports the removals noted since the last settle, each once: handed on with status
   * `removedStatus`, counted in `removedItems`, and closed (no more revisits). Its hashes take the
   * removed status, so if the site shows it again its real status is a change and is handed on.
   * Call after the last page of a batch of requests (the run's walks and revisits; the re-check of
   * closed messages), before the run is finished; `detailPages` = detail answers of the run so far.
   * The mass-removal guard judges each batch on its own answers; `batch` names it in the alert.
   * Returns the site ids left as they were (held back by the guard, or not handed on): they are
   * tried again next run.
   */
  async settle(detailPages: number, batch = ''): Promise<Set<string>> {
    const pages = detailPages - this.settledPages;
    const gone = this.goneAnswers;
    const noted = new Map(this.noted);
    this.settledPages = detailPages;
    this.goneAnswers = 0;
    this.noted.clear();
    const unsettled = new Set<string>();
    if (noted.size === 0) return unsettled;
    if (noted.size >= MASS_REMOVAL && gone >= pages) {
      this.run.report.layoutAlert(`本次${batch} ${pages} 个详情页都答复已删除（其中已知留言 ${noted.size} 条）：详情页地址可能已改版，未按删除处理`);
      return new Set(noted.keys());
    }
    for (const [siteId, { why, url }] of noted) {
      try {
        await this.reportRemoved(siteId, why, url);
      } catch (error) {
        // Not recorded: the state is unchanged, so the next run notices the removal again.
        this.run.report.pageError(url, `留言 ${siteId} 已从网站删除，但未能转交：${describeError(error)}`);
        unsettled.add(siteId);
      }
    }
    return unsettled;
  }

  private async reportRemoved(siteId: string, why: string, url: string): Promise<void> {
    const { source, state, report } = this.run;
    const known = state.items[siteId];
    if (!known) return;
    const now = new Date().toISOString();
    const list = this.run.listCopy(siteId);
    // If no list showed it this run, forget its list hash: its next appearance on a list fetches the detail again.
    const listHash = list?.listHash ?? (this.run.listed(siteId) ? known.listHash : '');
    const listFields = list ? (list.listFields as Record<string, string>) : known.listFields;
    const last = known.fields;
    if (last?.title && last.content) {
      await report.handOn(toCrawledMessage(source, known.storeId ?? siteId, { ...last, siteStatus: removedStatus }, now));
    } else {
      // Known from before the engine kept last fields (or closed and not revisited since): nothing to hand on.
      report.pageError(url, `留言 ${siteId} 已从网站删除（${why}），但未保存其上次内容，未能作为留言变更记录`);
    }
    report.record({ siteId, kind: 'removed', fields: ['siteStatus'], reason: why });
    report.logger.info({ source: source.id, siteId, url }, `留言 ${siteId} 已从网站删除：${why}`);
    state.items[siteId] = {
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
}

/**
 * What one run tells its caller: the messages it handed on, the changes it saw, and the source's
 * health (counts, page errors, layout and access alerts, charset notice). Every part of the engine reports through this one
 * object, so the counts always agree with the changes.
 */
import type { CrawledMessage, ExclusionKind, Logger } from '../../core/index.js';
import type { CharsetDecision } from '../extract/charsets.js';
import type { SourceHealth } from '../state/types.js';

export interface Change {
  siteId: string;
  /** `removed`: a known message's detail says the site removed it (reported once; see `removedStatus`). */
  kind: 'new' | 'changed' | 'dropped' | 'removed';
  /** The watched fields that changed; `url` when the site moved the message to another address. */
  fields?: string[];
  reason?: string;
}

/** Page errors kept per run (the health table shows them; more would only repeat the same fault). */
const MAX_PAGE_ERRORS = 20;

const countOf = { new: 'newItems', changed: 'changedItems', dropped: 'droppedItems', removed: 'removedItems' } as const;

export class RunReport {
  /** New and changed messages handed on (scope-dropped ones excluded), in the order found. */
  readonly messages: CrawledMessage[] = [];
  readonly changes: Change[] = [];
  readonly health: SourceHealth;
  /** This run has set the charset notice (the first page read in another charset than the site names). */
  private charsetNoticed = false;

  /**
   * @param previous the health of the last run: its success and error stamps carry over; counts start at zero
   * @param onMessage the consumer of new and changed messages
   * @param onDropped the consumer of scope-dropped messages (new ones, and changed ones), with the reason and its kind (another district, or no place named)
   */
  constructor(
    readonly sourceId: string,
    previous: SourceHealth,
    private readonly onMessage: ((m: CrawledMessage) => Promise<void> | void) | undefined,
    readonly logger: Logger,
    startedAt: Date,
    private readonly onDropped?: ((m: CrawledMessage, reason: string, kind: ExclusionKind) => Promise<void> | void) | undefined,
  ) {
    this.health = {
      ...previous,
      sourceId,
      lastRunAt: startedAt.toISOString(),
      itemsFound: 0,
      pagesFetched: 0,
      newItems: 0,
      changedItems: 0,
      droppedItems: 0,
      removedItems: 0,
      recheckedItems: 0,
      pageErrors: [],
      layoutAlert: undefined,
      accessAlert: undefined,
      interrupted: undefined,
    };
  }

  pageFetched(): void {
    this.health.pagesFetched++;
  }

  itemFound(): void {
    this.health.itemsFound++;
  }

  /** A closed message's detail was re-checked (answered or failed for good). */
  recheckDone(): void {
    this.health.recheckedItems++;
  }

  pageError(url: string, error: string): void {
    this.logger.warn({ source: this.sourceId, url }, `页面出错：${error}`);
    if (this.health.pageErrors.length < MAX_PAGE_ERRORS) this.health.pageErrors.push({ url, error });
    this.health.lastError = url ? `${error}（${url}）` : error;
    this.health.lastErrorAt = new Date().toISOString();
  }

  /** The first alert of a run wins (it is the cause; later ones are its symptoms); each is also a page error. */
  layoutAlert(text: string): void {
    this.health.layoutAlert ??= text;
    this.pageError('', `布局告警：${text}`);
  }

  /** The site put an access wall in front of its pages (access-wall.ts): the first such alert of a run wins. */
  accessAlert(text: string): void {
    this.health.accessAlert ??= text;
  }

  /**
   * An HTML page was decoded in `decision`'s charset (decideCharset). The first page of the run
   * read in another charset than the site names sets the source's charset notice, and is told once
   * in the log; a page read as the site says clears a notice of an earlier run, unless a page of
   * this run has set it again. A run that decodes no HTML page keeps the notice as it was.
   */
  charsetRead(decision: CharsetDecision, url: string): void {
    if (this.charsetNoticed) return;
    if (!decision.overrode || !decision.charset) {
      this.health.charsetNotice = undefined;
      return;
    }
    this.charsetNoticed = true;
    const text = `${decision.overrode}（可在来源文件中设置 encoding: ${decision.charset}）`;
    this.health.charsetNotice = { text, ...(decision.header ? { header: decision.header } : {}), readAs: decision.charset };
    this.logger.warn({ source: this.sourceId, url, charset: decision.charset }, text);
  }

  /**
   * Gives a message to the consumer, then keeps it. If the consumer throws, nothing is kept: the
   * caller leaves its state unchanged so the message is offered again.
   */
  async handOn(message: CrawledMessage): Promise<void> {
    await this.onMessage?.(message);
    this.messages.push(message);
  }

  /**
   * Gives a scope-dropped message, with the reason, to its consumer (so it is kept, not lost). If
   * the consumer throws, the caller leaves its state unchanged so the message is offered again.
   */
  async handOnDropped(message: CrawledMessage, reason: string, kind: ExclusionKind): Promise<void> {
    await this.onDropped?.(message, reason, kind);
  }

  /** Records a change and counts it in the health. */
  record(change: Change): void {
    this.health[countOf[change.kind]]++;
    this.changes.push(change);
  }
}

/**
 * One run of one source: the list walks (over HTTP, or in the browser for load-more lists), the
 * details of new/changed items and of open items due for a revisit, then the slow re-check of
 * closed items, and the state persisted as it goes so a restart resumes. The parts:
 * polite-crawler.ts (HTTP and politeness), host-session.ts (the session with the host), page-router.ts
 * (what each answer means), crawl-run.ts (the watching rules), closed-rechecks.ts, removals.ts, run-report.ts.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Request } from '@crawlee/cheerio';
import { describeError, silentLogger, type CrawledMessage, type ExclusionKind, type Logger } from '../../core/index.js';
import { getModule } from '../modules/registry.js';
import type { SourceDefinition } from '../source/schema.js';
import { emptyState, type CrawlStateStore, type SourceHealth, type SourceState } from '../state/types.js';
import type { SiteAdapter } from './adapter.js';
import { recheckClosed } from './closed-rechecks.js';
import { createConfigAdapter } from './config-adapter.js';
import { CrawlRun } from './crawl-run.js';
import { HostGates, heldOffUntilText } from './host-gate.js';
import { pageShape, type PageShape } from './home-page.js';
import type { Change } from './run-report.js';
import { walkKey } from './run-work.js';

export { defaultUserAgent } from './user-agent.js';

/** What one run found. */
export interface CrawlResult {
  /** New and changed messages (scope-dropped ones excluded). */
  messages: CrawledMessage[];
  changes: Change[];
  health: SourceHealth;
  /** HTTP requests sent (every attempt, warm-up included, browser clicks counted once each). */
  requests: number;
}

export interface CrawlOptions {
  state: CrawlStateStore;
  /** Used when the source sets none. */
  userAgent?: string;
  /** @default '/usr/bin/chromium' */
  chromiumPath?: string;
  logger?: Logger;
  /** Called for each new or changed message, in the order found. */
  onMessage?: (m: CrawledMessage) => Promise<void> | void;
  /**
   * Called for each message the source's `scope` drops, with the reason and its kind: when first dropped, and
   * again when its fields (or the reason) change, so a kept copy stays current. Dropped messages
   * are not fetched again unless a list shows them changed. A throw leaves the item unknown (or
   * as last handed on), so it is offered again next run.
   */
  onDropped?: (m: CrawledMessage, reason: string, kind: ExclusionKind) => Promise<void> | void;
  signal?: AbortSignal;
  /** Share between sources crawled in one process so hosts see one polite client. */
  hostGates?: HostGates;
  /** Called after each page (progress). */
  onProgress?: (p: { pages: number; items: number; url: string }) => void;
}

/** Pages between two saves of the state while a run goes on. */
const SAVE_EVERY = 20;

/** The adapter behind a source: declarative rules or its code module. */
export function adapterFor(source: SourceDefinition): SiteAdapter {
  if (source.kind === 'config') return createConfigAdapter(source);
  const module = getModule(source.module);
  if (!module) throw new Error(`未知模块 ${source.module}`);
  return module.createAdapter(source);
}

/** Saves a snapshot of the state every SAVE_EVERY pages, one save at a time; a failed save is only logged. */
function periodicSaver(source: SourceDefinition, state: SourceState, run: CrawlRun, store: Pick<CrawlStateStore, 'put'>, logger: Logger) {
  let sinceSave = 0;
  let saving: Promise<void> = Promise.resolve();
  return {
    pageDone(): void {
      if (++sinceSave < SAVE_EVERY) return;
      sinceSave = 0;
      const snapshot = structuredClone({ ...state, resume: run.resumePoints() });
      saving = saving.then(() => store.put(source.id, snapshot)).catch((error: unknown) => logger.warn({ error }, '保存抓取状态失败'));
    },
    settled: () => saving,
  };
}

/**
 * The caller's callbacks (storing a message, saving the state), bound to run in the caller's own
 * async context rather than inside Crawlee's request handler. A promise made inside the handler
 * carries Crawlee's AsyncLocalStorage store, which reaches the whole crawler and its request queue
 * (a de-duplication cache of two million-slot arrays, 16 MB); the store's Prisma client keeps its
 * last 100 transactions with their promises, so every crawl that stored a message stayed in memory:
 * the main job on the demo mailbox grew by about 3 MB a second (up to some 100 crawls' worth)
 * (`bench/main-job-memory.ts`).
 */
function outsideCrawlee<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
function outsideCrawlee<A extends unknown[], R>(fn: ((...args: A) => R) | undefined): ((...args: A) => R) | undefined;
function outsideCrawlee<A extends unknown[], R>(fn: ((...args: A) => R) | undefined): ((...args: A) => R) | undefined {
  return fn && AsyncResource.bind(fn);
}

/**
 * The parts of a run that stand on Crawlee, imported on the first crawl: they take some 2–3 s of
 * CPU to load, which every other command of the process (`minsheng cases list`, `classify`, a
 * worker that only classifies) would otherwise pay at start (`bench/cli-startup.ts`). Only Crawlee's
 * HTTP crawler: the whole `crawlee` package (every crawler kind) and Playwright cost some 90 MB
 * more of resident memory, which a process whose sources need no browser never uses.
 */
const crawleeParts = () => Promise.all([import('./page-router.js'), import('./polite-crawler.js'), import('./host-session.js')]);

/** The browser part (PlaywrightCrawler and Playwright), imported by the first source with a "load more" list. */
const browserPart = () => import('./browser-list.js');

/** Whether crawling the source opens a browser (its list is built by a "load more" button). */
function needsBrowser(source: SourceDefinition): boolean {
  return adapterFor(source).loadMore !== undefined;
}

/**
 * Loads those parts now, the browser part only when one of `sources` needs it. A long-running
 * process that crawls (the main job, a worker with sources) calls it at start: the load holds the
 * event loop for seconds in one piece, and on the first crawl job it would do so while the job's
 * queue lock is due for renewal (a worker with a short MINSHENG_JOB_LOCK_MS lost its crawl to the
 * stalled-job check: tests/pipeline-worker-kill.test.ts).
 */
export async function loadCrawlEngine(sources: readonly SourceDefinition[] = []): Promise<void> {
  await Promise.all([crawleeParts(), ...(sources.some(needsBrowser) ? [browserPart()] : [])]);
}

/**
 * A run while the site's hold-off lasts: no request; a page error (so 采集来源 and `sources status`
 * show 网站要求暂停访问至 HH:MM) and no success (finish() stamps one only after a list page was read); the state is saved as it was, hold-off included.
 */
async function skipHeldOff(source: SourceDefinition, state: SourceState, options: CrawlOptions, logger: Logger, heldOff: { until: string; status: number }): Promise<CrawlResult> {
  const run = new CrawlRun(source, state, () => undefined, undefined, logger);
  run.report.pageError(source.startUrls[0] as string, `网站要求暂停访问至 ${heldOffUntilText(Date.parse(heldOff.until))}（HTTP ${heldOff.status}，Retry-After），本次运行未请求该网站，到时由下次运行继续`);
  // No list page is read, so finish() stamps no success. The walks left to resume stay as they were.
  const resume = state.resume;
  const health = await run.finish();
  state.resume = resume;
  await options.state.put(source.id, state);
  return { messages: [], changes: [], health, requests: 0 };
}

/** Crawls one source once, incrementally against its stored state. */
export async function crawlSource(source: SourceDefinition, options: CrawlOptions): Promise<CrawlResult> {
  const [{ detailRequest, listRequest, PageRouter }, { createPoliteCrawler }, { HostSession, PageFetcher }] = await crawleeParts();
  const logger = options.logger ?? silentLogger;
  const adapter = adapterFor(source);
  const walkLoadMoreList = adapter.loadMore ? (await browserPart()).walkLoadMoreList : undefined;
  const state = { ...emptyState(source.id), ...((await options.state.get(source.id)) ?? {}) };
  // The site asked, in an earlier run, not to be visited before a time still to come: nothing is sent.
  const heldOff = state.health.heldOff;
  if (heldOff && Date.parse(heldOff.until) > Date.now()) return skipHeldOff(source, state, options, logger, heldOff);
  state.health = { ...state.health, heldOff: undefined };
  const run = new CrawlRun(source, state, (item, url) => adapter.detailRequest(item, url), outsideCrawlee(options.onMessage), logger, undefined, outsideCrawlee(options.onDropped));
  const pol = source.politeness;
  const gate = (options.hostGates ?? new HostGates()).get(source.startUrls[0] as string, pol.delay, pol.maxConcurrency);
  const session = new HostSession(source, gate, run.report, options.userAgent, options.signal);
  await session.warmUp();
  const saver = periodicSaver(source, state, run, { put: outsideCrawlee((id: string, value: SourceState) => options.state.put(id, value)) }, logger);
  const fetcher = new PageFetcher(session, pol.timeout);
  const homes = new Map<string, Promise<PageShape | undefined>>();
  const homePage = (pageUrl: string) => {
    const url = new URL('/', pageUrl).href;
    let home = homes.get(url);
    if (!home) homes.set(url, (home = fetcher.text(url, adapter.encoding).then((body) => (body === undefined ? undefined : pageShape(body, url)))));
    return home;
  };

  // The router queues on the crawler, which is built with the router's handlers (first called once it runs).
  const router = new PageRouter({
    source,
    adapter,
    run,
    homePage,
    fetchText: (url, send) => fetcher.text(url, adapter.encoding, send),
    enqueue: async (requests) => void (await polite.crawler.addRequests(requests)),
    decodeUnlabelledAs: (encoding) => polite.crawler.decodeUnlabelledAs(encoding),
    afterPage: (url) => {
      options.onProgress?.({ pages: run.report.health.pagesFetched, items: run.report.health.itemsFound, url });
      saver.pageDone();
    },
  });
  const polite = createPoliteCrawler(source, adapter.encoding, session, logger, router);

  // Graceful, so that nothing of the run outlives it (polite-crawler.ts: why not autoscaledPool.abort()).
  const abort = () => polite.crawler.stop();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const initial: Request[] = [];
    for (let start = 0; start < source.startUrls.length; start++) {
      const first = adapter.firstListRequest(start);
      if (!first) continue;
      if (walkLoadMoreList) {
        session.requests += await walkLoadMoreList(adapter, first, start, run, {
          chromiumPath: options.chromiumPath ?? '/usr/bin/chromium',
          headers: session.headers(),
          gate,
          signal: options.signal,
          onDetails: async (details) => void initial.push(...details.map(detailRequest)),
          resume: state.resume.find((point) => point.start === start),
        });
        continue;
      }
      run.pending.set(walkKey('head', start), { start, request: first, pageIndex: 0 });
      initial.push(listRequest(first, 'head', start, 0));
    }
    for (const point of adapter.loadMore ? [] : state.resume) {
      run.pending.set(walkKey('backfill', point.start), point);
      initial.push(listRequest(point.request, 'backfill', point.start, point.pageIndex, { resumed: true, moreShown: point.moreShown, tail: point.tail }));
    }
    initial.push(...run.revisits().map(detailRequest));
    if (!options.signal?.aborted && initial.length > 0) await polite.crawler.run(initial);
    // Then, with what is left of the run's budget, the slow re-check of closed messages.
    await recheckClosed(run, async (work) => void (await polite.crawler.run(work.map(detailRequest))), options.signal);
  } catch (error) {
    run.listFailures++;
    // What a stop requested of the process threw on its way out (a browser closed under a
    // load-more walk) is part of the stop, not a fault of the site: logged, not a page error.
    if (options.signal?.aborted) logger.info({ source: source.id }, `程序停止时抓取出错（不计为来源出错）：${describeError(error)}`);
    else run.report.pageError(source.startUrls[0] as string, `抓取中断：${describeError(error)}`);
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await polite.crawler.teardown().catch(() => undefined);
    polite.releaseAll();
  }
  const health = await run.finish(options.signal?.aborted ?? false);
  await saver.settled();
  await options.state.put(source.id, state);
  return { messages: run.report.messages, changes: run.report.changes, health, requests: session.requests };
}

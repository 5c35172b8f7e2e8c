/**
 * One run of one source on Crawlee: list pages (CheerioCrawler, or the browser for load-more
 * lists), detail pages of new/changed items and of open items due for a revisit; politeness,
 * backoff and warm-up cookies; state persisted as it goes so a restart resumes.
 */
import { CheerioCrawler, Configuration, Log, LogLevel, Request, type CheerioCrawlingContext } from 'crawlee';
import iconv from 'iconv-lite';
import { describeError, sha256, silentLogger, type CrawledMessage, type Logger } from '../../core/index.js';
import type { RawFields } from '../extract/fields.js';
import { getModule } from '../modules/registry.js';
import { compileRemovedText, type SourceDefinition } from '../source/schema.js';
import { emptyState, type CrawlStateStore, type PageRequest, type ResumePoint, type SourceHealth } from '../state/types.js';
import type { FetchedPage, SiteAdapter } from './adapter.js';
import { walkLoadMoreList } from './browser-list.js';
import { createConfigAdapter } from './config-adapter.js';
import { CrawlRun, walkKey, type Chain, type Change } from './crawl-run.js';
import { backoffDelay, HostGates } from './host-gate.js';
import { warmUp } from './warm-up.js';

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
  signal?: AbortSignal;
  /** Share between sources crawled in one process so hosts see one polite client. */
  hostGates?: HostGates;
  /** Called after each page (progress). */
  onProgress?: (p: { pages: number; items: number; url: string }) => void;
}

export const defaultUserAgent = 'Mozilla/5.0 (X11; Linux x86_64) minsheng/0.1 (+e-government centre crawler)';
// Beyond HTML/XML: JSON and JS APIs, and octet-stream (static servers of saved pages with odd extensions such as .jspx).
const mimeTypes = ['application/json', 'text/json', 'text/plain', 'application/javascript', 'text/javascript', 'application/x-javascript', 'application/octet-stream'];
const crawleeLog = new Log({ level: LogLevel.OFF });

/** The adapter behind a source: declarative rules or its code module. */
export function adapterFor(source: SourceDefinition): SiteAdapter {
  if (source.kind === 'config') return createConfigAdapter(source);
  const module = getModule(source.module);
  if (!module) throw new Error(`未知模块 ${source.module}`);
  return module.createAdapter(source);
}

interface Job {
  kind: 'list' | 'detail';
  chain?: Chain;
  /** Index of the start URL whose list this belongs to. */
  start?: number;
  pageIndex?: number;
  siteId?: string;
  listFields?: RawFields;
  listHash?: string;
  page: PageRequest;
  /** Set once an answer reached the request handler (so a failure after it is not read as the site's answer). */
  answered?: boolean;
}

/** Statuses that mean "this page was removed" (not a fault: never retried). */
const goneStatuses = new Set([404, 410]);

/** The visible text of a page (scripts, styles and tags stripped), what `watch.removedText` is matched against. */
function visibleText(body: string): string {
  return body
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|\s+/g, ' ');
}

function toRequest(page: PageRequest, job: Job): Request {
  const key = `${page.method ?? 'GET'} ${page.url} ${page.body ? sha256(page.body).slice(0, 16) : ''}`;
  return new Request({
    url: page.url,
    method: page.method ?? 'GET',
    payload: page.body,
    headers: { ...(page.contentType ? { 'content-type': page.contentType } : {}), ...(page.headers ?? {}) },
    uniqueKey: key,
    userData: job,
  });
}

/** Crawls one source once, incrementally against its stored state. */
export async function crawlSource(source: SourceDefinition, options: CrawlOptions): Promise<CrawlResult> {
  const logger = options.logger ?? silentLogger;
  const adapter = adapterFor(source);
  const state = { ...emptyState(source.id), ...((await options.state.get(source.id)) ?? {}) };
  const removedText = source.watch.removedText ? compileRemovedText(source.watch.removedText) : undefined;
  const run = new CrawlRun(source, state, (item, url) => adapter.detailRequest(item, url), options.onMessage, logger);
  const pol = source.politeness;
  const userAgent = pol.userAgent ?? options.userAgent ?? defaultUserAgent;
  const gate = (options.hostGates ?? new HostGates()).get(source.startUrls[0] as string, pol.delay, pol.maxConcurrency);
  // Slots held by requests in flight, released when answered or failed.
  const held = new Map<string, () => void>();
  const releaseFor = (key: string) => {
    held.get(key)?.();
    held.delete(key);
  };
  let requests = 0;
  let cookie: string | undefined;
  const headers = () => ({ 'user-agent': userAgent, ...pol.headers, ...(cookie ? { cookie } : {}) });
  const doWarmUp = async () => {
    if (!pol.warmupUrl) return;
    const release = await gate.acquire(options.signal);
    requests++;
    try {
      cookie = await warmUp(pol.warmupUrl, { 'user-agent': userAgent, ...pol.headers }, pol.timeout);
    } catch (error) {
      run.pageError(pol.warmupUrl, `预热请求失败：${describeError(error)}`);
    } finally {
      release();
    }
  };
  await doWarmUp();

  let sinceSave = 0;
  let saving: Promise<void> = Promise.resolve();
  const saveSoon = () => {
    if (++sinceSave < 20) return;
    sinceSave = 0;
    const snapshot = structuredClone({ ...state, resume: run.resumePoints() });
    saving = saving.then(() => options.state.put(source.id, snapshot)).catch((error: unknown) => logger.warn({ error }, '保存抓取状态失败'));
  };

  const crawler = new CheerioCrawler(
    {
      maxConcurrency: pol.maxConcurrency,
      maxRequestRetries: pol.retries,
      navigationTimeoutSecs: Math.max(1, pol.timeout / 1000),
      requestHandlerTimeoutSecs: Math.max(5, pol.timeout / 1000 + 10),
      useSessionPool: false,
      persistCookiesPerSession: false,
      additionalHttpErrorStatusCodes: [403, 408, 429],
      additionalMimeTypes: mimeTypes,
      ...(adapter.encoding ? { forceResponseEncoding: adapter.encoding } : {}),
      log: crawleeLog,
      statusMessageLoggingInterval: 3600,
      preNavigationHooks: [
        async (ctx, gotOptions) => {
          releaseFor(ctx.request.uniqueKey);
          held.set(ctx.request.uniqueKey, await gate.acquire(options.signal));
          requests++;
          gotOptions.headers = { ...gotOptions.headers, ...headers() };
        },
      ],
      postNavigationHooks: [async (ctx) => releaseFor(ctx.request.uniqueKey)],
      requestHandler: async (ctx) => handle(ctx),
      errorHandler: async (ctx, error) => {
        releaseFor(ctx.request.uniqueKey);
        const status = ctx.response?.statusCode ?? Number(/^(\d{3}) - /.exec(error.message)?.[1] ?? 0);
        const retryAfter = ctx.response?.headers?.['retry-after'];
        const delay = backoffDelay(ctx.request.retryCount, pol.backoff, pol.maxBackoff, typeof retryAfter === 'string' ? retryAfter : undefined);
        gate.pause(delay);
        logger.debug({ source: source.id, url: ctx.request.url, status, delay }, '请求失败，退避后重试');
        if (status === 403) await doWarmUp();
      },
      failedRequestHandler: async (ctx, error) => {
        releaseFor(ctx.request.uniqueKey);
        const job = ctx.request.userData as Job;
        if (job.siteId) run.outstanding.delete(job.siteId);
        run.pageFetched();
        // A 404/410 the handler never saw (an answer type Crawlee refuses): still the site saying it removed the message.
        const status = ctx.response?.statusCode ?? Number(/^(\d{3}) - /.exec(error.message)?.[1] ?? 0);
        if (job.kind === 'detail' && job.siteId && !job.answered && goneStatuses.has(status)) {
          run.detailPages++;
          run.goneDetails++;
          if (run.noteRemoved(job.siteId, `详情页返回 HTTP ${status}`, ctx.request.url)) return;
        }
        run.pageError(ctx.request.url, `重试 ${ctx.request.retryCount} 次后仍失败：${describeError(error).slice(0, 200)}`);
        if (job.kind === 'list') {
          run.listFailures++;
          // Keep the failed page as the resume point so the next run tries it again.
          const start = job.start ?? 0;
          if (job.chain) run.pending.delete(walkKey(job.chain, start));
          if ((job.pageIndex ?? 0) > 0) run.pending.set(walkKey('backfill', start), { start, request: job.page, pageIndex: job.pageIndex ?? 0 });
        }
      },
    },
    new Configuration({ persistStorage: false, purgeOnStart: true }),
  );

  // Crawlee has already transcoded non-Node charsets (gbk …) to UTF-8; `encoding` is what the bytes are now.
  const decode = (body: string | Buffer, encoding: string | undefined): string =>
    typeof body === 'string' ? body : iconv.decode(body, encoding && iconv.encodingExists(encoding) ? encoding : 'utf8');

  const enqueueList = async (request: PageRequest, chain: Chain, start: number, pageIndex: number) => {
    run.pending.set(walkKey(chain, start), { start, request, pageIndex });
    await crawler.addRequests([toRequest(request, { kind: 'list', chain, start, pageIndex, page: request })]);
  };

  const enqueueDetails = async (details: { siteId: string; request: PageRequest; listFields: RawFields; listHash: string }[], from?: ResumePoint) => {
    if (details.length === 0) return;
    if (from) for (const d of details) run.outstanding.set(d.siteId, from);
    await crawler.addRequests(details.map((d) => toRequest(d.request, { kind: 'detail', siteId: d.siteId, listFields: d.listFields, listHash: d.listHash, page: d.request })));
  };

  const handleListResult = async (page: FetchedPage, chain: Chain, broken: boolean) => {
    const key = walkKey(chain, page.start);
    const walkOn = async (next: PageRequest | undefined) => {
      if (!next) run.pending.delete(key);
      else if (run.listPages >= source.watch.maxPagesPerRun) run.pending.set(key, { start: page.start, request: next, pageIndex: page.pageIndex + 1 });
      else await enqueueList(next, chain, page.start, page.pageIndex + 1);
    };
    let result;
    try {
      result = adapter.parseList(page);
    } catch (error) {
      run.pageError(page.url, `列表页无法解析：${describeError(error)}`);
      if (page.pageIndex === 0 && chain === 'head') run.layoutAlert(`列表首页无法解析：${describeError(error)}`);
      run.pending.delete(key);
      return;
    }
    if (broken) {
      // Items of a cut-short page may be cut too: take none of them this run, but walk on.
      run.listPages++;
      await walkOn(adapter.nextListRequest(page, result));
      return;
    }
    const decision = run.onListPage(result, page.url, page.pageIndex, chain, page.start);
    await enqueueDetails(decision.details, { start: page.start, request: page.request, pageIndex: page.pageIndex });
    for (const item of decision.complete) await run.finishItem(item.siteId, item.listFields, item.listHash, undefined, item.listFields);
    await walkOn(decision.more ? adapter.nextListRequest(page, result) : undefined);
  };

  let charsetHinted = false;
  async function handle(ctx: CheerioCrawlingContext): Promise<void> {
    const job = ctx.request.userData as Job;
    job.answered = true;
    const status = ctx.response.statusCode ?? 200;
    const page: FetchedPage = { request: job.page, url: ctx.request.loadedUrl ?? ctx.request.url, status, body: decode(ctx.body, ctx.contentType?.encoding), $: ctx.$ as unknown as FetchedPage['$'], pageIndex: job.pageIndex ?? 0, start: job.start ?? 0 };
    run.pageFetched();
    options.onProgress?.({ pages: run.health.pagesFetched, items: run.health.itemsFound, url: page.url });
    saveSoon();
    // A page cut short (no closing </html>) is reported; what could be parsed from it is still used.
    if (!adapter.encoding && !charsetHinted && page.body.includes('\uFFFD')) {
      const declared = /charset\s*=\s*["']?\s*(gb2312|gbk|gb18030|big5)/i.exec(page.body.slice(0, 3000))?.[1];
      if (declared) {
        charsetHinted = true;
        run.pageError(page.url, `页面声明编码为 ${declared}，按 UTF-8 解码出现乱码：请在来源文件中设置 encoding: ${declared.toLowerCase()}`);
      }
    }
    const broken = !!ctx.$ && status < 400 && /<html[\s>]/i.test(page.body.slice(0, 2000)) && !/<\/html\s*>/i.test(page.body.slice(-2000));
    if (broken) run.pageError(page.url, `页面不完整或已损坏（缺少 </html>）${job.kind === 'detail' ? '，该留言下次再取' : ''}`);
    if (job.kind === 'list') {
      if (status >= 400) {
        if (page.pageIndex === 0) {
          run.listFailures++;
          run.pageError(page.url, `列表页返回 HTTP ${status}`);
        }
        run.pending.delete(walkKey(job.chain ?? 'head', page.start));
        return;
      }
      await handleListResult(page, job.chain ?? 'head', broken);
      return;
    }
    run.detailPages++;
    const siteId = job.siteId as string;
    run.outstanding.delete(siteId);
    // Only a message seen before can be "removed"; a new item's 404 stays a page error (5xx, 403, 429 never get here: retried).
    if (goneStatuses.has(status)) {
      run.goneDetails++;
      if (run.noteRemoved(siteId, `详情页返回 HTTP ${status}`, page.url)) return;
    }
    if (status >= 400) {
      run.pageError(page.url, `详情页返回 HTTP ${status}（留言 ${siteId}）`);
      return;
    }
    if (broken) return;
    let detail;
    let parseError: unknown;
    try {
      detail = adapter.parseDetail(page, job.listFields ?? {});
    } catch (error) {
      parseError = error;
    }
    // A "removed" notice page: it shows the configured text and no message body of its own (a guard
    // against a footer or sidebar that happens to contain the words).
    const notice = removedText && run.isKnown(siteId) && (!detail || detail.problems.length > 0 || !detail.fields.content) ? removedText.exec(visibleText(page.body)) : null;
    if (notice) {
      run.goneDetails++;
      if (run.noteRemoved(siteId, `详情页显示“${notice[0]}”`, page.url)) return;
    }
    if (!detail) {
      run.detailLayoutFailures++;
      run.pageError(page.url, `详情页无法解析：${describeError(parseError)}`);
      return;
    }
    if (detail.problems.length) {
      run.detailLayoutFailures++;
      run.pageError(page.url, detail.problems.join('；'));
      return;
    }
    const list = run.latestList.get(siteId) ?? { listFields: job.listFields ?? {}, listHash: job.listHash ?? '' };
    await run.finishItem(siteId, { ...list.listFields, ...detail.fields }, list.listHash, job.page, list.listFields);
  }

  const abort = () => void crawler.autoscaledPool?.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const initial: Request[] = [];
    for (let start = 0; start < source.startUrls.length; start++) {
      const first = adapter.firstListRequest(start);
      if (!first) continue;
      if (adapter.loadMore) {
        requests += await walkLoadMoreList(adapter, first, start, run, {
          chromiumPath: options.chromiumPath ?? '/usr/bin/chromium',
          headers: headers(),
          gate,
          signal: options.signal,
          onDetails: async (d) => void initial.push(...d.map((x) => toRequest(x.request, { kind: 'detail', siteId: x.siteId, listFields: x.listFields, listHash: x.listHash, page: x.request }))),
        });
        continue;
      }
      run.pending.set(walkKey('head', start), { start, request: first, pageIndex: 0 });
      initial.push(toRequest(first, { kind: 'list', chain: 'head', start, pageIndex: 0, page: first }));
    }
    for (const point of adapter.loadMore ? [] : state.resume) {
      run.pending.set(walkKey('backfill', point.start), point);
      initial.push(toRequest(point.request, { kind: 'list', chain: 'backfill', start: point.start, pageIndex: point.pageIndex, page: point.request }));
    }
    for (const r of run.revisits()) initial.push(toRequest(r.request, { kind: 'detail', siteId: r.siteId, listFields: r.listFields, listHash: r.listHash, page: r.request }));
    if (!options.signal?.aborted && initial.length > 0) await crawler.run(initial);
  } catch (error) {
    run.pageError(source.startUrls[0] as string, `抓取中断：${describeError(error)}`);
    run.listFailures++;
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await crawler.teardown().catch(() => undefined);
    for (const release of held.values()) release();
    held.clear();
  }
  await run.settleRemovals();
  const health = run.finish(options.signal?.aborted ?? false);
  await saving;
  await options.state.put(source.id, state);
  return { messages: run.messages, changes: run.changes, health, requests };
}

/**
 * The HTTP side of a run on Crawlee's CheerioCrawler, polite to the source's host: each request
 * waits for a slot of the host's gate (concurrency, gap, backoff pause) and holds it until
 * answered; failures back off the whole host (Retry-After honoured) and a 403 renews the warm-up
 * cookie. What an answer means is the page router's (page-router.ts).
 *
 * Stopping (the session's signal): no request starts after it, the requests in flight are
 * cancelled, and the crawler's run ends once its running tasks have (see `createPoliteCrawler`).
 */
import type { IncomingMessage } from 'node:http';
import { Readable, Transform } from 'node:stream';
import iconv from 'iconv-lite';
import { decideCharset, type CharsetDecision } from '../extract/charsets.js';
import { CheerioCrawler, Configuration, Log, LogLevel, Request, type CheerioCrawlingContext } from '@crawlee/cheerio';
import { describeError, sha256, type Logger } from '../../core/index.js';
import type { RawFields } from '../extract/fields.js';
import { describeNetworkError } from './network-errors.js';
import type { SourceDefinition } from '../source/schema.js';
import type { PageRequest } from '../state/types.js';
import type { Chain } from './crawl-run.js';
import { backoffDelay, heldOffUntilText, retryAfterMs, type HostGate } from './host-gate.js';
import type { RunReport } from './run-report.js';
import { defaultUserAgent } from './user-agent.js';
import { warmUp } from './warm-up.js';

// Beyond HTML/XML: JSON and JS APIs, and octet-stream (static servers of saved pages with odd extensions such as .jspx).
const mimeTypes = ['application/json', 'text/json', 'text/plain', 'application/javascript', 'text/javascript', 'application/x-javascript', 'application/octet-stream'];
const crawleeLog = new Log({ level: LogLevel.OFF });
/** The error of a request the stop kept from being sent (never shown: such a request is not reported). */
const stoppedMessage = '抓取已停止';

/** What a queued request is for; travels with it as Crawlee's userData. */
export interface Job {
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
  /** In-page redirects to another detail page followed to reach this request (detail-answers.ts). */
  hops?: number;
  /** Fetched again to be decoded in the charset its page declares (page-router.ts): not again. */
  recoded?: boolean;
  /** The list page a stopped walk left off at, fetched again by the next run. */
  resumed?: boolean;
  /**
   * The walk knew there was more before asking for this list page (the page before showed a next
   * page, or was a full first page of offset pages; for a resumed page, its resume point says so):
   * an error status here is a page error, not the list's end (list-answers.ts).
   */
  moreShown?: boolean;
  /** Not sent, or not retried, because the site asked to wait longer than the run does (Retry-After): why, for the page error. */
  heldOff?: string;
}

/** A Crawlee request for a job; `again` tells a deliberate second fetch of the same page from the first (Crawlee skips a key it has seen). */
export function toRequest(page: PageRequest, job: Job, again = ''): Request {
  const key = `${page.method ?? 'GET'} ${page.url} ${page.body ? sha256(page.body).slice(0, 16) : ''}${again ? ` ${again}` : ''}`;
  return new Request({
    url: page.url,
    method: page.method ?? 'GET',
    payload: page.body,
    headers: { ...(page.contentType ? { 'content-type': page.contentType } : {}), ...(page.headers ?? {}) },
    uniqueKey: key,
    userData: job,
  });
}

/**
 * The error of a request not sent because the site asked, with a Retry-After longer than the
 * source's `maxBackoff`, not to be visited before a time (the text is the page error).
 */
class HeldOffError extends Error {}

/** What the error statuses a crawler retries usually mean, for staff. */
const statusMeanings: Record<string, string> = {
  '403': '网站拒绝访问，可能限制了抓取或需要先访问首页',
  '408': '网站等待请求超时',
  '429': '访问过于频繁，网站要求放慢：可加大 politeness.delay',
  '500': '网站内部错误',
  '502': '网站网关错误',
  '503': '网站暂时无法服务或正在维护',
  '504': '网站网关超时',
};

/**
 * A failed request's cause in words staff can act on (the site refused the connection, its name
 * does not resolve, it did not answer within `timeoutMs`, the source's timeout); any other
 * error's own text.
 */
export function describeFetchError(error: Error, timeoutMs: number): string {
  const text = error.message;
  if (error instanceof HeldOffError) return text;
  const network = describeNetworkError(text);
  if (network) return network;
  // Crawlee's timeout texts name its own overall limits, not the source's timeout.
  if (/^(request|requestHandler) timed out after/.test(text)) return `网站在 ${timeoutMs / 1000} 秒内没有应答完毕`;
  // Crawlee's texts for an error status (`429 - Error status code was set by user.`, `503 - Internal Server Error: <body>`) are English.
  const status = /^(\d{3}) - /.exec(text)?.[1];
  if (status) return `网站返回 HTTP ${status}${statusMeanings[status] ? `（${statusMeanings[status]}）` : ''}`;
  return describeError(error).slice(0, 200);
}

/**
 * Why the warm-up request (Node's fetch) failed, in staff's words: fetch says only `fetch failed`
 * with the network error as its cause, and `TimeoutError` when the source's timeout ran out.
 */
export function describeWarmUpError(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return describeError(error);
  if (error.name === 'TimeoutError') return `网站在 ${timeoutMs / 1000} 秒内没有应答完毕`;
  return describeFetchError(error.cause instanceof Error ? error.cause : error, timeoutMs);
}

/** The HTTP status of a failed request: from the answer, or from Crawlee's error text when it refused the answer. */
export function failedStatus(ctx: { response?: { statusCode?: number | undefined } | undefined }, error: Error): number {
  return ctx.response?.statusCode ?? Number(/^(\d{3}) - /.exec(error.message)?.[1] ?? 0);
}

/** One source's session with its host: the politeness gate, the warm-up cookie, the request count. */
export class HostSession {
  /** HTTP requests sent (every attempt, warm-up included, browser clicks counted once each). */
  requests = 0;
  private cookie: string | undefined;
  private readonly userAgent: string;
  /**
   * Set when the site answered with a Retry-After longer than the source's `maxBackoff` (a site
   * that throttles for an hour says so): no request is sent to it for the rest of the run, rather
   * than retrying within minutes what it asked to wait an hour for (sites block such clients).
   */
  private heldOff: { until: number; status: number; waitMs: number } | undefined;

  constructor(
    private readonly source: SourceDefinition,
    readonly gate: HostGate,
    private readonly report: RunReport,
    userAgent: string | undefined,
    readonly signal: AbortSignal | undefined,
  ) {
    this.userAgent = source.politeness.userAgent ?? userAgent ?? defaultUserAgent;
  }

  /**
   * The site asked not to be visited for `waitMs` (Retry-After): the rest of the run sends it
   * nothing, and the health keeps when it may be visited again, so later runs (after a restart
   * too) send it nothing until then (crawl-source.ts).
   */
  holdOff(status: number, waitMs: number): void {
    const until = Date.now() + waitMs;
    this.heldOff = { until, status, waitMs };
    const kept = this.report.health.heldOff;
    if (!kept || Date.parse(kept.until) < until) this.report.health.heldOff = { until: new Date(until).toISOString(), status };
  }

  /** Why a request is not sent now (the site asked to wait), or undefined. */
  heldOffReason(): string | undefined {
    const held = this.heldOff;
    if (!held || Date.now() >= held.until) return undefined;
    const minutes = Math.ceil(held.waitMs / 60_000);
    const wait = held.waitMs >= 120_000 ? `${minutes} 分钟` : `${Math.ceil(held.waitMs / 1000)} 秒`;
    return `网站返回 HTTP ${held.status} 并要求 ${wait}后再访问（Retry-After），暂停访问至 ${heldOffUntilText(held.until)}，本次运行不再请求该网站，到时由下次运行继续`;
  }

  /** Headers of every request: user agent, the source's headers, the session cookie. */
  headers(): Record<string, string> {
    return { 'user-agent': this.userAgent, ...this.source.politeness.headers, ...(this.cookie ? { cookie: this.cookie } : {}) };
  }

  /** Gets a session cookie from the source's `warmupUrl`, if it has one; a failure is a page error, not fatal. */
  async warmUp(): Promise<void> {
    const pol = this.source.politeness;
    if (!pol.warmupUrl) return;
    const release = await this.gate.acquire(this.signal);
    this.requests++;
    try {
      this.cookie = await warmUp(pol.warmupUrl, { 'user-agent': this.userAgent, ...pol.headers }, pol.timeout, this.signal);
    } catch (error) {
      // Cut off by the stop: nothing the site did.
      if (!this.signal?.aborted) this.report.pageError(pol.warmupUrl, `预热请求失败：${describeWarmUpError(error, pol.timeout)}`);
    } finally {
      release();
    }
  }
}


export class PageFetcher {
  constructor(
    private readonly session: HostSession,
    private readonly timeoutMs: number,
  ) {}

  /**
   * One polite GET outside the crawler (the home page, for comparison; home-page.ts), through the
   * host's gate and counted: the body as text (in `encoding`, else the charset decideCharset finds,
   * else UTF-8), or undefined when it fails or answers an error. A failure is no page error: the page
   * that asked for it is judged without it.
   */
  async text(url: string, encoding: string | undefined): Promise<string | undefined> {
    const release = await this.session.gate.acquire(this.session.signal);
    this.session.requests++;
    try {
      // Ends at its timeout or when the run is stopped, whichever comes first.
      const timeout = AbortSignal.timeout(this.timeoutMs);
      const signal = this.session.signal ? AbortSignal.any([this.session.signal, timeout]) : timeout;
      const response = await fetch(url, { headers: this.session.headers(), signal, redirect: 'follow' });
      const bytes = Buffer.from(await response.arrayBuffer());
      if (response.status >= 400) return undefined;
      const { charset } = decideCharset(encoding, response.headers.get('content-type'), bytes);
      return iconv.decode(bytes, charset && iconv.encodingExists(charset) ? charset : 'utf8');
    } catch {
      return undefined;
    } finally {
      release();
    }
  }
}

/** What answers are handed to: the page router. */
export interface AnswerHandlers {
  /** An answer reached the handler (any status Crawlee accepts, 4xx included). */
  handle(ctx: CheerioCrawlingContext): Promise<void>;
  /** The request failed for good (retries exhausted, or an answer Crawlee refuses); `answerText`: the HTML page of its last error answer (status 400 and above), if any. */
  failed(ctx: CheerioCrawlingContext, error: Error, answerText?: string): Promise<void>;
}

/**
 * A signal of one request's own that aborts when `parent` (the session's: in the main job, the
 * queue's stop signal, which lives as long as the process) aborts; `unlink` drops the link once the
 * request is over. got adds an abort listener to the signal it is given and removes it only when the
 * request is destroyed, which a request that ends normally is not: given the long-lived signal
 * itself, every page fetched left a listener (and its request) on it for good, a leak that grew
 * with every crawl (Node's MaxListenersExceededWarning at each start was its sign).
 */
export function requestSignal(parent: AbortSignal): { signal: AbortSignal; unlink: () => void } {
  const controller = new AbortController();
  if (parent.aborted) controller.abort(parent.reason);
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, unlink: () => parent.removeEventListener('abort', onAbort) };
}

/** What an HTML answer's handler is given besides Crawlee's context: the charset its page was decoded in (decideCharset). */
export interface DecodedContext {
  decidedCharset?: CharsetDecision;
}

/** The most of one answer read (mailbox pages are well under 1 MB; a 5 MB one reads in under a second). */
const MAX_ANSWER_BYTES = 20_000_000;

/** An answer's bytes as they came, kept while Crawlee reads the answer, with its Content-Type. */
interface RawAnswer {
  chunks: Buffer[];
  contentType: string | undefined;
}

/**
 * Crawlee's CheerioCrawler, whose charset for answers that name none can be set while it runs, and
 * which decodes HTML answers in the charset decideCharset finds from their bytes: Crawlee takes the
 * header's as said (and decodes even a `charset=latin1` answer as UTF-8), so a GBK page under an
 * IIS default `charset=utf-8` or `iso-8859-1` was stored garbled.
 */
export class PoliteCheerioCrawler extends CheerioCrawler {
  private readonly raw = new WeakMap<Request, RawAnswer>();

  /**
   * The page an error answer carried (a 403, 429 or 5xx that Crawlee retries and fails: it reads the
   * body into its error, keeping none of it), decoded as an HTML answer is, or undefined (none kept,
   * or not HTML). Read once: a firewall's or login wall's page behind the status (access-wall.ts).
   */
  errorAnswerText(request: Request): string | undefined {
    const kept = this.raw.get(request);
    this.raw.delete(request);
    return kept && kept.chunks.length > 0 ? this.decodeKept(kept).text : undefined;
  }

  /** An answer's kept bytes in the charset decideCharset finds (the source's `encoding` first). */
  private decodeKept(kept: RawAnswer): { text: string; decision: CharsetDecision; charset: string | undefined } {
    const bytes = Buffer.concat(kept.chunks);
    const decision = decideCharset(this.forceResponseEncoding, kept.contentType, bytes);
    const charset = decision.charset ?? this.suggestResponseEncoding;
    return { text: iconv.decode(bytes, charset && iconv.encodingExists(charset) ? charset : 'utf8'), decision, charset };
  }

  /** Answers whose Content-Type names no charset are decoded in `encoding` from now on (a site found to be GBK). */
  decodeUnlabelledAs(encoding: string): void {
    this.suggestResponseEncoding = encoding;
  }

  /**
   * Keeps the answer's bytes as they pass to Crawlee's decoding (which they still go through: error
   * answers and JSON are read so), and stops reading any answer past `MAX_ANSWER_BYTES`: a page
   * that streams without end (a script stuck in a loop) was read and held until the request's time
   * ran out, hundreds of MB in the memory of the process that watches every source.
   */
  protected override _encodeResponse(request: Request, response: IncomingMessage, encoding: BufferEncoding): { encoding: BufferEncoding; response: IncomingMessage } {
    // Only what Crawlee parses as HTML or XML is kept (JSON and other answers are read as the header says).
    const type = String(response.headers['content-type'] ?? '');
    const keep = !type || /html|xml/i.test(type);
    const kept: RawAnswer = { chunks: [], contentType: response.headers['content-type'] };
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          // The same page would stream as long again: not retried.
          request.noRetry = true;
          response.destroy();
          done(new Error(`网站的应答超过 ${MAX_ANSWER_BYTES / 1_000_000} MB，已停止读取（页面可能出错，在不停地输出）`));
          return;
        }
        if (keep) kept.chunks.push(chunk);
        done(null, chunk);
      },
    });
    response.on('error', (error) => tap.destroy(error));
    const tapped = Object.assign(response.pipe(tap), { statusCode: response.statusCode, headers: response.headers, url: response.url }) as unknown as IncomingMessage;
    if (keep) this.raw.set(request, kept);
    return super._encodeResponse(request, tapped, encoding);
  }

  /** Decodes the page's bytes in the charset decideCharset finds (the source's `encoding` first), then parses it as Crawlee does. */
  protected override async _parseHTML(response: IncomingMessage, isXml: boolean, ctx: CheerioCrawlingContext) {
    const kept = this.raw.get(ctx.request);
    if (!kept) return super._parseHTML(response, isXml, ctx);
    this.raw.delete(ctx.request);
    // Crawlee's decoding is read to its end (so every byte has passed the tap) and set aside.
    for await (const chunk of response) void chunk;
    const { text, decision, charset } = this.decodeKept(kept);
    const parsed = await super._parseHTML(Readable.from([Buffer.from(text, 'utf8')]) as unknown as IncomingMessage, isXml, ctx);
    return Object.assign(parsed, { decidedCharset: { ...decision, charset } satisfies CharsetDecision });
  }
}

/**
 * A CheerioCrawler for one source; `releaseAll` frees the gate slots of requests cut off by teardown.
 *
 * Stop it with `crawler.stop()` when the session's signal aborts, never with
 * `autoscaledPool.abort()`: abort resolves `run()` at once and leaves the tasks running, each
 * with its request in flight and Crawlee's timers (the navigation timeout, the request handler's),
 * so they outlive the run and keep the process alive until the site answers or the timeout ends
 * (a stopped `minsheng start` or `minsheng worker` held for seconds after 已停止). With `stop()`,
 * `run()` resolves once the running tasks have ended, and they end at once: the signal cancels
 * the request in flight, and a request not sent yet is not sent.
 */
export function createPoliteCrawler(
  source: SourceDefinition,
  encoding: string | undefined,
  session: HostSession,
  logger: Logger,
  handlers: AnswerHandlers,
): { crawler: PoliteCheerioCrawler; releaseAll: () => void } {
  const pol = source.politeness;
  const gate = session.gate;
  // Slots held by requests in flight, released when answered or failed.
  const held = new Map<string, () => void>();
  const releaseFor = (key: string) => {
    held.get(key)?.();
    held.delete(key);
  };
  // Each request's own stop signal, linked to the session's until the request is handled or failed.
  const links = new Map<string, () => void>();
  const unlinkFor = (key: string) => {
    links.get(key)?.();
    links.delete(key);
  };
  const crawler = new PoliteCheerioCrawler(
    {
      maxConcurrency: pol.maxConcurrency,
      maxRequestRetries: pol.retries,
      // Crawlee reads a refused or reset connection as a proxy fault and retries it up to its own
      // limit (10 session rotations): the source's retries apply to those too.
      maxSessionRotations: pol.retries,
      navigationTimeoutSecs: Math.max(1, pol.timeout / 1000),
      // Covers the wait for the host gate too (pre-navigation hook): up to a backoff pause.
      requestHandlerTimeoutSecs: Math.max(5, pol.timeout / 1000 + 10 + pol.maxBackoff / 1000),
      useSessionPool: false,
      persistCookiesPerSession: false,
      additionalHttpErrorStatusCodes: [403, 408, 429],
      additionalMimeTypes: mimeTypes,
      ...(encoding ? { forceResponseEncoding: encoding } : {}),
      log: crawleeLog,
      statusMessageLoggingInterval: 3600,
      preNavigationHooks: [
        async (ctx, gotOptions) => {
          releaseFor(ctx.request.uniqueKey);
          const release = await gate.acquire(session.signal);
          if (session.signal?.aborted) {
            release();
            // Also when the stop came before run() (which clears an earlier stop()).
            crawler.stop();
            throw new Error(stoppedMessage);
          }
          const heldOff = session.heldOffReason();
          if (heldOff) {
            release();
            ctx.request.noRetry = true;
            (ctx.request.userData as Job).heldOff = heldOff;
            throw new HeldOffError(heldOff);
          }
          held.set(ctx.request.uniqueKey, release);
          session.requests++;
          gotOptions.headers = { ...gotOptions.headers, ...session.headers() };
          if (session.signal) {
            unlinkFor(ctx.request.uniqueKey); // a retry's earlier attempt
            const link = requestSignal(session.signal);
            links.set(ctx.request.uniqueKey, link.unlink);
            gotOptions.signal = link.signal;
          }
        },
      ],
      postNavigationHooks: [async (ctx) => releaseFor(ctx.request.uniqueKey)],
      requestHandler: async (ctx) => {
        try {
          await handlers.handle(ctx);
        } finally {
          unlinkFor(ctx.request.uniqueKey);
        }
      },
      errorHandler: async (ctx, error) => {
        releaseFor(ctx.request.uniqueKey);
        unlinkFor(ctx.request.uniqueKey);
        // Cut off by the stop: not the host's fault, no backoff and no new warm-up.
        if (session.signal?.aborted) return;
        if (error instanceof HeldOffError) return;
        const status = failedStatus(ctx, error);
        const retryAfter = ctx.response?.headers?.['retry-after'];
        const asked = retryAfterMs(typeof retryAfter === 'string' ? retryAfter : undefined);
        if (asked !== undefined && asked > pol.maxBackoff) {
          // Longer than this run will wait: honour it by sending the site nothing more this run.
          session.holdOff(status, asked);
          ctx.request.noRetry = true;
          (ctx.request.userData as Job).heldOff = session.heldOffReason();
          logger.warn({ source: source.id, url: ctx.request.url, status, retryAfterMs: asked }, '网站要求稍后再访问，本次运行不再请求');
          return;
        }
        const delay = backoffDelay(ctx.request.retryCount, pol.backoff, pol.maxBackoff, typeof retryAfter === 'string' ? retryAfter : undefined);
        gate.pause(delay);
        logger.debug({ source: source.id, url: ctx.request.url, status, delay }, '请求失败，退避后重试');
        if (status === 403) await session.warmUp();
      },
      failedRequestHandler: async (ctx, error) => {
        releaseFor(ctx.request.uniqueKey);
        unlinkFor(ctx.request.uniqueKey);
        // Cut off by the stop, not failed: it stays outstanding, and the next run resumes from it.
        if (session.signal?.aborted) return;
        const answerText = crawler.errorAnswerText(ctx.request);
        await handlers.failed(ctx, error, failedStatus(ctx, error) >= 400 ? answerText : undefined);
      },
    },
    new Configuration({ persistStorage: false, purgeOnStart: true }),
  );
  const releaseAll = () => {
    for (const release of held.values()) release();
    held.clear();
    for (const unlink of links.values()) unlink();
    links.clear();
  };
  return { crawler, releaseAll };
}

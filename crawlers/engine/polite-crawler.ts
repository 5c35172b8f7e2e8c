/**
 * The HTTP side of a run on Crawlee's CheerioCrawler, polite to the source's host: each request
 * waits for a slot of the host's gate (concurrency, gap, backoff pause) and holds it until
 * answered; failures back off the whole host (Retry-After honoured) and a 403 renews the warm-up
 * cookie; cookies a redirect sets go on with the request (redirect-cookies.ts). What an answer
 * means is the page router's (page-router.ts); the session with the host
 * (gate, cookie, hold-off, request count) is host-session.ts's; how an answer's bytes are read and
 * decoded is decoding-crawler.ts's; what a failure is called, fetch-errors.ts's.
 *
 * Stopping (the session's signal): no request starts after it, the requests in flight are
 * cancelled, and the crawler's run ends once its running tasks have (see `createPoliteCrawler`).
 */
import { Configuration, Log, LogLevel, type CheerioCrawlingContext } from '@crawlee/cheerio';
import type { Logger } from '../../core/index.js';
import type { SourceDefinition } from '../source/schema.js';
import type { Job } from './crawl-job.js';
import { PoliteCheerioCrawler } from './decoding-crawler.js';
import { failedStatus, HeldOffError } from './fetch-errors.js';
import { backoffDelay, retryAfterMs } from './host-gate.js';
import type { HostSession } from './host-session.js';
import { shrinkRequestQueueDedupCache } from './queue-slots.js';
import { keepRedirectCookies } from './redirect-cookies.js';
import { requestSignal } from './request-signal.js';

// Beyond HTML/XML: JSON and JS APIs, and octet-stream (static servers of saved pages with odd extensions such as .jspx).
const mimeTypes = ['application/json', 'text/json', 'text/plain', 'application/javascript', 'text/javascript', 'application/x-javascript', 'application/octet-stream'];
const crawleeLog = new Log({ level: LogLevel.OFF });
// Each run's request queue: 1 MB of de-duplication slots instead of 16 (queue-slots.ts).
shrinkRequestQueueDedupCache();
/** The error of a request the stop kept from being sent (never shown: such a request is not reported). */
const stoppedMessage = '抓取已停止';

/** What answers are handed to: the page router. */
export interface AnswerHandlers {
  /** An answer reached the handler (any status Crawlee accepts, 4xx included). */
  handle(ctx: CheerioCrawlingContext): Promise<void>;
  /** The request failed for good (retries exhausted, or an answer Crawlee refuses); `answerText`: the HTML page of its last error answer (status 400 and above), if any. */
  failed(ctx: CheerioCrawlingContext, error: Error, answerText?: string): Promise<void>;
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
          // Cookies a redirect sets are sent on to the next address and kept for the page (a letter's reply request).
          keepRedirectCookies(ctx, gotOptions);
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

/**
 * One source's session with its host for a run: the politeness gate every request waits on, the
 * warm-up cookie and headers every request carries, the request count, and the hold-off a long
 * Retry-After sets; and the one-off polite GETs made outside the crawler (`PageFetcher`), which
 * go through the same gate and count. The crawler (polite-crawler.ts) and the browser pass
 * (browser-list.ts) share it, so a host sees one client whichever way its pages are fetched.
 */
import iconv from 'iconv-lite';
import { decideCharset } from '../extract/charsets.js';
import type { SourceDefinition } from '../source/schema.js';
import { describeWarmUpError } from './fetch-errors.js';
import { heldOffUntilText, type HostGate } from './host-gate.js';
import { joinCookies } from './page-cookies.js';
import type { ReplySend } from './reply-request.js';
import type { RunReport } from './run-report.js';
import { defaultUserAgent } from './user-agent.js';
import { warmUp } from './warm-up.js';

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

  /**
   * Headers of a request outside the crawler: the session's, then what `send` adds (a reply's
   * headers, its body's type), with the cookies the letter's page set joined to the session's.
   */
  requestHeaders(send?: ReplySend): Record<string, string> {
    const added = { ...send?.headers, ...(send?.contentType ? { 'content-type': send.contentType } : {}) };
    // Names are matched whatever their case (`Cookie` in politeness.headers), so none is sent twice.
    const own = new Set([...Object.keys(added), 'cookie'].map((k) => k.toLowerCase()));
    const session = Object.entries(this.headers());
    const sessionCookie = session.find(([k]) => k.toLowerCase() === 'cookie')?.[1];
    const cookie = joinCookies(sessionCookie, send?.cookie);
    return { ...Object.fromEntries(session.filter(([k]) => !own.has(k.toLowerCase()))), ...added, ...(cookie ? { cookie } : {}) };
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

/** Polite one-off GETs through a host session, outside the crawler. */
export class PageFetcher {
  constructor(
    private readonly session: HostSession,
    private readonly timeoutMs: number,
  ) {}

  /**
   * One polite GET outside the crawler (the home page, for comparison; home-page.ts), or a letter's
   * reply asked apart (reply-request.ts: a GET or a POST of `send.body`, with its headers and the
   * letter's page's cookies), through the host's gate and counted: the
   * body as text (in `encoding`, else the charset decideCharset finds, else UTF-8), or undefined when
   * it fails or answers an error. A failure is no page error: the page that asked for it is judged without it.
   */
  async text(url: string, encoding: string | undefined, send?: ReplySend): Promise<string | undefined> {
    const release = await this.session.gate.acquire(this.session.signal);
    this.session.requests++;
    try {
      // Ends at its timeout or when the run is stopped, whichever comes first.
      const timeout = AbortSignal.timeout(this.timeoutMs);
      const signal = this.session.signal ? AbortSignal.any([this.session.signal, timeout]) : timeout;
      const request = { ...(send?.body === undefined ? {} : { method: 'POST', body: send.body }), headers: this.session.requestHeaders(send) };
      const response = await fetch(url, { ...request, signal, redirect: 'follow' });
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

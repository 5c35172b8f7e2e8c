/**
 * Politeness per host: at most `maxConcurrency` requests in flight, a minimum gap between request
 * starts, and a pause that every request waits out after the host throttled or failed
 * (429/403/5xx/timeouts), growing exponentially. One gate per host; share a HostGates between
 * sources crawled in the same process so a host sees one polite client.
 */
import { beijingClock } from '../../core/index.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class HostGate {
  private nextStartAt = 0;
  private pausedUntil = 0;
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly watchersBySignal = new WeakMap<AbortSignal, Set<() => void>>();

  /**
   * @param delayMs minimum gap between two request starts on this host
   * @param maxConcurrency requests in flight at once on this host
   */
  constructor(
    private delayMs: number,
    private maxConcurrency = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * Resolves when a request to this host may start; call the returned function when it is
   * answered. Once `signal` aborts it resolves at once, even while waiting for a slot: the caller
   * sees the abort and sends nothing, and a stopped crawl does not wait for other requests' slots.
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    while (this.active >= this.maxConcurrency && !signal?.aborted) await this.freedSlot(signal);
    this.active++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiters.shift()?.();
    };
    for (;;) {
      if (signal?.aborted) return release;
      const now = Date.now();
      const at = Math.max(this.nextStartAt, this.pausedUntil);
      if (at <= now) {
        this.nextStartAt = now + this.delayMs;
        return release;
      }
      await sleep(Math.min(at - now, 1000));
    }
  }

  /**
   * Resolves when a slot is released, or when `signal` aborts. The requests of one crawl share its
   * signal, and many may wait at once: one abort listener per signal wakes them all, rather than
   * one each (Node warns past 10 listeners on one signal, MaxListenersExceededWarning).
   */
  private freedSlot(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const onAbort = () => {
        const at = this.waiters.indexOf(wake);
        if (at >= 0) this.waiters.splice(at, 1);
        resolve();
      };
      const watchers = signal ? this.abortWatchers(signal) : undefined;
      const wake = () => {
        watchers?.delete(onAbort);
        resolve();
      };
      this.waiters.push(wake);
      watchers?.add(onAbort);
    });
  }

  /** The waiters to wake when `signal` aborts, with the one listener that wakes them added on first use. */
  private abortWatchers(signal: AbortSignal): Set<() => void> {
    let watchers = this.watchersBySignal.get(signal);
    if (!watchers) {
      const set = new Set<() => void>();
      this.watchersBySignal.set(signal, set);
      signal.addEventListener('abort', () => {
        for (const onAbort of [...set]) onAbort();
        set.clear();
      }, { once: true });
      watchers = set;
    }
    return watchers;
  }

  /** Holds every request to this host for `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /** Several sources on one host: the largest delay and the smallest concurrency win. */
  tighten(delayMs: number, maxConcurrency: number): void {
    this.delayMs = Math.max(this.delayMs, delayMs);
    this.maxConcurrency = Math.min(this.maxConcurrency, maxConcurrency);
  }
}

/** Gates by host name. */
export class HostGates {
  private readonly gates = new Map<string, HostGate>();
  get(url: string, delayMs: number, maxConcurrency: number): HostGate {
    const host = new URL(url).host;
    let gate = this.gates.get(host);
    if (!gate) this.gates.set(host, (gate = new HostGate(delayMs, maxConcurrency)));
    else gate.tighten(delayMs, maxConcurrency);
    return gate;
  }
}

/** Backoff for retry `retryCount` (0-based): base * 2^n, capped; the wait `Retry-After` asks for (retryAfterMs) wins when larger. */
export function backoffDelay(retryCount: number, baseMs: number, maxMs: number, retryAfter?: string): number {
  const exp = Math.min(maxMs, baseMs * 2 ** retryCount);
  return Math.min(maxMs, Math.max(exp, retryAfterMs(retryAfter) ?? 0));
}

/**
 * When a hold-off ends, as staff read it: `21:30` (Beijing time) on the same Beijing day as `now`,
 * else `11-30 09:15`.
 */
export function heldOffUntilText(untilMs: number, now = Date.now()): string {
  const until = beijingClock(untilMs);
  return until.slice(0, 10) === beijingClock(now).slice(0, 10) ? until.slice(11, 16) : until.slice(5, 16);
}

/**
 * How long a `Retry-After` header asks to wait, in ms: delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`); undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

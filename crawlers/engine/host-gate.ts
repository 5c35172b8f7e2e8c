/**
 * Politeness per host: a minimum gap between request starts, and a pause that every request
 * waits out after the host throttled or failed (429/403/5xx/timeouts), growing exponentially.
 * One gate per host; share a HostGates between sources crawled in the same process.
 */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class HostGate {
  private nextStartAt = 0;
  private pausedUntil = 0;

  /** @param delayMs minimum gap between two request starts on this host */
  constructor(private delayMs: number) {}

  /** Resolves when the next request to this host may start. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      const now = Date.now();
      const at = Math.max(this.nextStartAt, this.pausedUntil);
      if (at <= now) {
        this.nextStartAt = now + this.delayMs;
        return;
      }
      await sleep(Math.min(at - now, 1000));
    }
  }

  /** Holds every request to this host for `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /** Keeps the larger delay when several sources share a host. */
  raiseDelay(delayMs: number): void {
    this.delayMs = Math.max(this.delayMs, delayMs);
  }
}

/** Gates by host name. */
export class HostGates {
  private readonly gates = new Map<string, HostGate>();
  get(url: string, delayMs: number): HostGate {
    const host = new URL(url).host;
    let gate = this.gates.get(host);
    if (!gate) this.gates.set(host, (gate = new HostGate(delayMs)));
    else gate.raiseDelay(delayMs);
    return gate;
  }
}

/** Backoff for retry `retryCount` (0-based): base * 2^n, capped; `Retry-After` seconds win when larger. */
export function backoffDelay(retryCount: number, baseMs: number, maxMs: number, retryAfter?: string): number {
  const exp = Math.min(maxMs, baseMs * 2 ** retryCount);
  const seconds = retryAfter && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : 0;
  return Math.min(maxMs, Math.max(exp, seconds));
}

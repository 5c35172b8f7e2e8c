/**
 * The first SIGINT (Ctrl-C) or SIGTERM (a service manager's stop) of a long-running command
 * (start, worker, scheduler), which then shuts down gracefully.
 *
 * The listeners are added with `on` and stay for the life of the process. Crawlee, once loaded,
 * listens too (its signal-exit): when it finds itself the last listener of a signal it sends the
 * signal to the process again, which then dies of it. A `once` listener added before Crawlee was
 * loaded ran first and removed itself, so Crawlee's re-sent SIGTERM killed the main job in the
 * middle of its graceful stop (tests/stop-mid-crawl.test.ts, once the crawl engine was loaded on
 * the first crawl instead of at start; stop-signal.test.ts).
 *
 * A second signal while stopping ends the process at once (exit 130 or 143, the shell's codes for
 * the two signals), as a second Ctrl-C does everywhere; but not one within a second of the first:
 * a Ctrl-C under `npm start` reaches the process twice, from the terminal and forwarded by npm,
 * and must not cut the embedded store's close short.
 */
const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
const repeatWithinMs = 1000;
export type StopSignal = keyof typeof exitCodes;

export function firstStopSignal(): Promise<StopSignal> {
  return new Promise<StopSignal>((resolve) => {
    let firstAt: number | undefined;
    for (const signal of Object.keys(exitCodes) as StopSignal[]) {
      process.on(signal, () => {
        if (firstAt === undefined) {
          firstAt = Date.now();
          resolve(signal);
        } else if (Date.now() - firstAt > repeatWithinMs) {
          process.exit(exitCodes[signal]);
        }
      });
    }
  });
}

/** The reason a start was given up: a stop signal came while it waited (for Redis). */
export class StoppedWhileStarting extends Error {
  constructor(readonly signal: StopSignal) {
    super(`收到 ${signal}，启动中止`);
    this.name = 'StoppedWhileStarting';
  }
}

/**
 * For a long-running command, listened to from before its start: `stopped` is the first stop
 * signal, and `starting` is aborted by it (with a StoppedWhileStarting reason), for the waits of
 * the start (Redis down) to end on. Before, the listeners were added only once the start was
 * done, so a worker stopped while it waited for Redis died of the signal (exit 143, no message).
 */
export function watchStopSignals(): { stopped: Promise<StopSignal>; starting: AbortSignal } {
  const starting = new AbortController();
  const stopped = firstStopSignal();
  void stopped.then((signal) => starting.abort(new StoppedWhileStarting(signal)));
  return { stopped, starting: starting.signal };
}

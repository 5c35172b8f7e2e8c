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

/**
 * The end of a long-running command (start, worker, scheduler) after a signal: once everything it
 * opened is closed, the process ends. A library's leftover handle must not keep it alive: a crawl
 * cut off by the signal can leave a request socket or a timer of its own that lasts up to its
 * timeout (a minute was seen under load), and an operator or a service manager waiting for the
 * exit would wait that long. After `graceMs` the process exits anyway, naming what was left.
 */
import type { Logger } from '../../core/index.js';

export function exitAfterShutdown(logger: Logger, graceMs = 2_000): void {
  const timer = setTimeout(() => {
    // In the message itself: the default log format shows no objects.
    const left = process.getActiveResourcesInfo().join('、');
    logger.warn(`已停止；${graceMs / 1000} 秒后仍有未关闭的资源（${left}），直接退出`);
    process.exit(process.exitCode ?? 0);
  }, graceMs);
  // Unref'd: when nothing else is left the process ends at once, without waiting for this timer.
  timer.unref();
}

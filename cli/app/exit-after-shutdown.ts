/**
 * The end of a long-running command (start, worker, scheduler) after a signal: once everything it
 * opened is closed, the process ends on its own. This is the safety net for a handle still open
 * then (a library's timer or socket that its API gives no way to close): an operator or a service
 * manager waiting for the exit would wait as long as it lasts, so after `graceMs` the process
 * exits anyway, naming what was left. A stopped crawl used to leave one for up to its timeout
 * (Crawlee's request tasks outliving the run; fixed in crawlers/engine/polite-crawler.ts). The one
 * leftover still known is Crawlee's own 1 s timer at the end of every crawler run (its "waiting
 * for the storage" notice), shorter than the grace.
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

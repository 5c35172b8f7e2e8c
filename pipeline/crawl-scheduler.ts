/**
 * Keeps watch: asks for a crawl of each source on its own schedule (its `schedule.every`), the
 * first one at once. In-process timers; production runs `minsheng scheduler`, which keeps the
 * same schedule as BullMQ job schedulers instead.
 */
import type { SourceDefinition } from '../crawlers/index.js';
import type { Logger } from '../core/index.js';
import type { Pipeline } from './pipeline.js';

export interface CrawlScheduler {
  stop(): void;
}

export function scheduleCrawls(pipeline: Pipeline, sources: SourceDefinition[], logger: Logger): CrawlScheduler {
  const timers: NodeJS.Timeout[] = [];
  for (const source of sources.filter((s) => s.enabled)) {
    const tick = () => {
      pipeline.requestCrawl(source.id).catch((error: Error) => logger.error({ err: error }, `无法安排采集 ${source.name}：${error.message}`));
    };
    tick();
    timers.push(setInterval(tick, Math.max(1000, source.schedule.every)));
  }
  return {
    stop() {
      for (const t of timers) clearInterval(t);
    },
  };
}

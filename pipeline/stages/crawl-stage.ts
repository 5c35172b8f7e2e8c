/**
 * Stage 收集 (crawl): runs one source's crawler against its stored watch state and records every
 * new or changed message before the crawler saves that state (so nothing it counts as known is lost). One crawl per source at a time, across all
 * workers (a store lock), so two runs never race on the same state.
 */
import { crawlSource, HostGates, type CrawlStateStore, type SourceDefinition, type SourceState } from '../../crawlers/index.js';
import { BadInputError, type Config } from '../../core/index.js';
import { ensureSource, getCrawlState, listCrawlStates, putCrawlState, type Store, type StoredCrawlState } from '../../workflow/index.js';
import type { JobHandler } from '../queue/index.js';
import { recordCrawled } from './record-stage.js';

/** The crawlers' state interface over the store (Source.crawlState). */
export function storeCrawlState(store: Store): CrawlStateStore {
  return {
    get: async (sourceId) => (await getCrawlState(store.db, sourceId)) as SourceState | undefined,
    put: (sourceId, state) => putCrawlState(store.db, sourceId, state as unknown as StoredCrawlState),
    list: async () => (await listCrawlStates(store.db)) as unknown as SourceState[],
  };
}

export interface CrawlStageOptions {
  store: Store;
  sources: SourceDefinition[];
  config: Pick<Config, 'userAgent' | 'chromiumPath'>;
}

export function crawlStage(options: CrawlStageOptions): JobHandler<{ sourceId: string }> {
  const byId = new Map(options.sources.map((s) => [s.id, s]));
  const state = storeCrawlState(options.store);
  const hostGates = new HostGates();
  return async ({ sourceId }, ctx) => {
    const source = byId.get(sourceId);
    if (!source) throw new BadInputError(`来源文件中没有来源 ${sourceId}`);
    await ensureSource(options.store.db, { id: source.id, name: source.name, channel: source.channel, definition: source });
    const result = await options.store.withExclusiveLock(`crawl:${sourceId}`, () =>
      crawlSource(source, {
        state,
        userAgent: options.config.userAgent,
        chromiumPath: options.config.chromiumPath,
        logger: ctx.logger,
        hostGates,
        signal: ctx.signal,
        onMessage: async (message) => {
          await recordCrawled(options.store, message, ctx);
        },
      }),
    );
    if (result === undefined) {
      ctx.logger.debug(`来源 ${source.name} 正在被另一进程采集，本次跳过`);
      return;
    }
    const h = result.health;
    ctx.logger.info(
      { sourceId, pages: h.pagesFetched, items: h.itemsFound, new: h.newItems, changed: h.changedItems, dropped: h.droppedItems },
      `采集完成：${source.name}，页面 ${h.pagesFetched}，新增 ${h.newItems}，变更 ${h.changedItems}，排除 ${h.droppedItems}`,
    );
    if (h.layoutAlert) ctx.logger.warn({ sourceId }, `来源 ${source.name} 疑似改版：${h.layoutAlert}`);
  };
}

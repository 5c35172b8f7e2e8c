/**
 * Stage 收集 (crawl): runs one source's crawler against its stored watch state and records every
 * new or changed message before the crawler saves that state (so nothing it counts as known is
 * lost). One crawl per source at a time, across all workers (a store lock), so two runs never
 * race on the same state.
 *
 * At-least-once: a crawl killed half-way is run again by another worker; what it recorded is
 * recorded again as "seen", never twice. A message the store could not take (database down) is
 * left out of the saved watch state, so the next run offers it again; the job then fails and is
 * retried. A poison message (huge text) becomes a failed record-message job with its reason.
 */
import { crawlSource, HostGates, type CrawlStateStore, type SourceDefinition, type SourceState } from '../../crawlers/index.js';
import { UnavailableError, type Config, BadInputError, describeError } from '../../core/index.js';
import { ensureSource, getCrawlState, listCrawlStates, putCrawlState, type Store, type StoredCrawlState } from '../../workflow/index.js';
import { recordMessageJob } from '../jobs/definitions.js';
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

/**
 * The state store one crawl run uses: every save leaves out the items whose message is not yet
 * safely recorded (in flight, or failed), so a saved state never counts an unrecorded message as known.
 */
function confirmedOnly(inner: CrawlStateStore, unconfirmed: Set<string>): CrawlStateStore {
  return {
    get: inner.get,
    list: inner.list,
    put: (sourceId, state) => {
      if (unconfirmed.size === 0) return inner.put(sourceId, state);
      const items = Object.fromEntries(Object.entries(state.items).filter(([siteId]) => !unconfirmed.has(siteId)));
      return inner.put(sourceId, { ...state, items });
    },
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
    const unconfirmed = new Set<string>();
    const failures: string[] = [];
    const result = await options.store.withExclusiveLock(`crawl:${sourceId}`, () =>
      crawlSource(source, {
        state: confirmedOnly(state, unconfirmed),
        userAgent: options.config.userAgent,
        chromiumPath: options.config.chromiumPath,
        logger: ctx.logger,
        hostGates,
        signal: ctx.signal,
        onMessage: async (message) => {
          unconfirmed.add(message.siteId);
          try {
            await recordCrawled(options.store, message, ctx);
            unconfirmed.delete(message.siteId);
          } catch (error) {
            if (!(error instanceof BadInputError)) {
              failures.push(`${message.siteId}：${describeError(error)}`);
              return;
            }
            // Poison: keep it (whole) in the failed list with its reason; the crawl goes on.
            ctx.logger.warn({ sourceId, siteId: message.siteId }, `留言无法记录：${error.message}`);
            try {
              await ctx.enqueue(recordMessageJob, { message }, { jobId: `record:${message.sourceId}:${message.siteId}:${message.fetchedAt}` });
              unconfirmed.delete(message.siteId);
            } catch (enqueueError) {
              failures.push(`${message.siteId}：${describeError(enqueueError)}`);
            }
          }
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
    if (failures.length > 0) {
      throw new UnavailableError(`来源 ${source.name} 有 ${failures.length} 条留言未能记录，稍后重试：${failures.slice(0, 3).join('；')}`);
    }
  };
}

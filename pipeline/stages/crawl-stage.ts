/**
 * Stage 收集 (crawl): runs one source's crawler against its stored watch state and records every
 * new or changed message before the crawler saves that state (so nothing it counts as known is
 * lost). One crawl per source at a time, across all workers (a store lock), so two runs never
 * race on the same state.
 *
 * At-least-once: a crawl killed half-way is run again by another worker; what it recorded is
 * recorded again as "seen", never twice. The watch state is saved only after a run in which every
 * message was recorded: when the store could not take one (database down), the job fails and is
 * retried from the previous state. A letter longer than the limits is recorded cut, with a note
 * (prepareMessage). A message that cannot be recorded at all (no site id, or one too long to be an
 * id) becomes a failed record-message job with its reason, and the run goes on.
 */
import { crawlSource, HostGates, type CrawlStateStore, type SourceDefinition, type SourceState } from '../../crawlers/index.js';
import { UnavailableError, type Config, BadInputError, describeError } from '../../core/index.js';
import { ensureSource, getCrawlState, listCrawlStates, markExclusionAccepted, putCrawlState, type Store, type StoredCrawlState } from '../../workflow/index.js';
import { recordMessageJob } from '../jobs/definitions.js';
import type { JobHandler, JobQueue } from '../queue/index.js';
import { crawlScheduleKey } from '../scheduler.js';
import { recordExcluded } from './record-excluded.js';
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
 * The state store one crawl run uses: saves are held back until the run is over, and written
 * only if every message of the run was recorded. A run that stops half-way (killed, or the store
 * went away) leaves the previous state, so the next run offers its messages again (recording is
 * idempotent). Saving mid-run snapshots would be unsafe: a snapshot counts the first list pages as
 * known without the cursor to the pages after them, so a run after a crash would stop early and
 * never see those pages.
 */
function heldUntilDone(inner: CrawlStateStore): { store: CrawlStateStore; commit(sourceId: string): Promise<void> } {
  let latest: SourceState | undefined;
  return {
    store: {
      get: inner.get,
      list: inner.list,
      put: async (_sourceId, state) => {
        latest = structuredClone(state);
      },
    },
    commit: async (sourceId) => {
      if (latest) await inner.put(sourceId, latest);
    },
  };
}

export interface CrawlStageOptions {
  store: Store;
  sources: SourceDefinition[];
  config: Pick<Config, 'userAgent' | 'chromiumPath'>;
  /**
   * The queue's schedules. A crawl of a source missing from this process's file (a process still
   * on an older file) is retried, for a process that knows it, while the source's schedule
   * stands; without a schedule the source was removed and the job is dropped.
   * @default none: such a job is dropped
   */
  queue?: Pick<JobQueue, 'schedules'> | undefined;
}

export function crawlStage(options: CrawlStageOptions): JobHandler<{ sourceId: string }> {
  const byId = new Map(options.sources.map((s) => [s.id, s]));
  const state = storeCrawlState(options.store);
  const hostGates = new HostGates();
  return async ({ sourceId }, ctx) => {
    const source = byId.get(sourceId);
    if (!source) {
      const key = crawlScheduleKey(sourceId);
      if (options.queue && (await options.queue.schedules()).some((s) => s.key === key)) {
        throw new UnavailableError(`本进程的来源文件中没有来源 ${sourceId}，但它仍有采集计划：留给使用新来源文件的进程采集。来源文件改动后，请用新文件重启 npm start、计划进程和每个工作进程`);
      }
      ctx.logger.warn({ sourceId }, `来源 ${sourceId} 不在来源文件中，也已没有采集计划（已移出来源文件）：丢弃这次采集任务`);
      return;
    }
    if (!source.enabled) {
      // A crawl queued before the source was switched off (its schedule is removed at the next sync):
      // a disabled source is never fetched, whatever asks for it.
      ctx.logger.info({ sourceId }, `来源 ${sourceId} 已停用（来源文件中 enabled: false）：不采集，丢弃这次采集任务`);
      return;
    }
    await ensureSource(options.store.db, { id: source.id, name: source.name, channel: source.channel, definition: source });
    const failures: string[] = [];
    // The letters of this run the store took as new, and those it already held (by the store's
    // site id). The crawler's own 新增 counts letters new to its watch state; after a run whose
    // state was not saved (killed, or a letter failed to record) those include letters already
    // recorded, which the log must not present as new (an operator would suspect duplicates).
    const storeNew = new Set<string>();
    const storeKnown = new Set<string>();
    const held = heldUntilDone(state);
    const result = await options.store.withExclusiveLock(`crawl:${sourceId}`, async () => {
      const run = await crawlSource(source, {
        state: held.store,
        userAgent: options.config.userAgent,
        chromiumPath: options.config.chromiumPath,
        logger: ctx.logger,
        hostGates,
        signal: ctx.signal,
        onMessage: async (message) => {
          try {
            const recorded = await recordCrawled(options.store, message, ctx);
            (recorded.isNew ? storeNew : storeKnown).add(message.siteId);
            // In scope now (a completed gazetteer, a changed text): its excluded copy, if any, is settled.
            if (source.scope && recorded.isNew) await markExclusionAccepted(options.store.db, { sourceId, siteId: message.siteId, messageId: recorded.messageId });
          } catch (error) {
            if (!(error instanceof BadInputError)) {
              failures.push(`${message.siteId}：${describeError(error)}`);
              return;
            }
            // Unrecordable (no usable site id): keep it (whole) in the failed list with its reason; the crawl goes on.
            ctx.logger.warn({ sourceId, siteId: message.siteId }, `留言无法记录：${error.message}`);
            try {
              await ctx.enqueue(recordMessageJob, { message }, { jobId: `record:${message.sourceId}:${message.siteId}:${message.fetchedAt}` });
            } catch (enqueueError) {
              failures.push(`${message.siteId}：${describeError(enqueueError)}`);
            }
          }
        },
        // Out of scope: kept with the reason, like a message before the state is saved (never lost).
        onDropped: async (message, reason, kind) => {
          try {
            await recordExcluded(options.store, message, reason, kind, ctx);
          } catch (error) {
            if (!(error instanceof BadInputError)) {
              failures.push(`${message.siteId}：${describeError(error)}`);
              return;
            }
            // Unrecordable (no usable site id): it cannot be kept; said in the log, and the crawl goes on.
            ctx.logger.warn({ sourceId, siteId: message.siteId, reason }, `排除的留言无法保存：${error.message}`);
          }
        },
      });
      // Saved under the lock, so two runs never interleave their states.
      if (failures.length === 0) await held.commit(source.id);
      return run;
    });
    if (result === undefined) {
      ctx.logger.debug(`来源 ${source.name} 正在被另一进程采集，本次跳过`);
      return;
    }
    const h = result.health;
    // 新增: letters new to the store (not the crawler's health.newItems, which counts letters new to
    // its watch state); those the crawler took as new but the store already held are said apart.
    // Letters that could not be recorded are in neither (the job fails with them, below).
    const alreadyRecorded = result.changes.filter((c) => c.kind === 'new' && storeKnown.has(c.siteId)).length;
    const counts = { sourceId, pages: h.pagesFetched, items: h.itemsFound, new: storeNew.size, alreadyRecorded, changed: h.changedItems, dropped: h.droppedItems, removed: h.removedItems, rechecked: h.recheckedItems };
    const summary = `${source.name}，页面 ${h.pagesFetched}，新增 ${storeNew.size}${alreadyRecorded > 0 ? `（另 ${alreadyRecorded} 条此前已记录）` : ''}，变更 ${h.changedItems}，排除 ${h.droppedItems}，已删除 ${h.removedItems}，复查已办结 ${h.recheckedItems}`;
    // A run that could not read its lists (site unreachable, a list page failing) is no success:
    // said as a failure with its cause. The next scheduled run tries again; nothing is retried here.
    const succeeded = h.lastSuccessAt !== undefined && h.lastSuccessAt >= (h.lastRunAt ?? '');
    // Stopped by the process's own shutdown (SIGTERM): neither a finished run nor the site's fault.
    if (ctx.signal.aborted && !succeeded) ctx.logger.info(counts, `采集已中断（本进程正在停止）：${summary}；下次运行从中断处继续`);
    else if (succeeded || h.layoutAlert) ctx.logger.info(counts, `采集完成：${summary}`);
    else ctx.logger.warn(counts, `采集失败：${summary}；${h.lastError ?? '列表页未能读取'}`);
    if (h.layoutAlert) ctx.logger.warn({ sourceId }, `来源 ${source.name} 疑似改版：${h.layoutAlert}`);
    if (h.accessAlert) ctx.logger.warn({ sourceId }, `来源 ${source.name} 被网站拦截：${h.accessAlert}`);
    if (failures.length > 0) {
      throw new UnavailableError(`来源 ${source.name} 有 ${failures.length} 条留言未能记录，稍后重试：${failures.slice(0, 3).join('；')}`);
    }
  };
}

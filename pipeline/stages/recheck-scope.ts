/**
 * 受理范围 1 after a gazetteer change: a source's excluded messages judged again with its current
 * scope (crawlers' decideScope), those now in scope brought in like a staff bring-back and sent
 * to classification (workflow/sources/recheck-excluded-messages.ts has the contract). Used by
 * `minsheng sources recheck-scope`, the console's 重新判断 button, and the main job at start when
 * a source file's scope differs from the one its excluded messages were last judged with.
 */
import { BadInputError, sha256, type Logger } from '../../core/index.js';
import { decideScope, type SourceDefinition } from '../../crawlers/index.js';
import { judgedScopeHash, recheckExcludedMessages, saveJudgedScopeHash, type RecheckExcludedResult, type Store } from '../../workflow/index.js';
import type { Actor } from '../../workflow/users/index.js';
import { classifyMessageJob } from '../jobs/definitions.js';
import type { JobQueue } from '../queue/index.js';

type ScopeSpec = NonNullable<SourceDefinition['scope']>;

/** The fingerprint of a scope as loaded (zod gives its keys in one order): a different one means the gazetteer or the districts changed. */
export function scopeHashOf(scope: ScopeSpec): string {
  return sha256(JSON.stringify(scope));
}

export interface RecheckScopeOptions {
  store: Store;
  source: SourceDefinition;
  actor: Actor;
  /** @default false */
  dryRun?: boolean | undefined;
  /** Where the brought-in messages are sent to classification. @default none: the unfinished-work sweep sends them (at start-up and periodically) */
  queue?: Pick<JobQueue, 'enqueue'> | undefined;
  logger?: Logger | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Rows read at a time. @default 200 */
  batch?: number | undefined;
  /** Stops the run between two messages; the scope is then not noted as judged. */
  signal?: AbortSignal | undefined;
}

/** Re-judges one source's excluded messages; after a whole run (not a dry one) notes the scope they were judged with. */
export async function recheckScope(options: RecheckScopeOptions): Promise<RecheckExcludedResult> {
  const { source } = options;
  const scope = source.scope;
  if (!scope) throw new BadInputError(`来源 ${source.id}（${source.name}）没有受理范围（scope），它的留言不按地名表排除，无需重新判断`);
  const result = await recheckExcludedMessages(options.store.db, {
    sourceId: source.id,
    judge: (fields) => decideScope(scope, fields),
    actor: options.actor,
    dryRun: options.dryRun,
    batch: options.batch,
    signal: options.signal,
    onProgress: options.onProgress,
    onBroughtIn: async (messageId) => {
      // Queued under the message's own job id, as a bring-back is; the message is in the store
      // already, so an unreachable queue only delays it to the next sweep.
      try {
        await options.queue?.enqueue(classifyMessageJob, { messageId }, { jobId: `classify:${messageId}` });
      } catch (error) {
        options.logger?.warn({ err: error, messageId }, '重新判断后转入的留言未能立即送去分类，稍后由巡检送去');
      }
    },
  });
  if (!options.dryRun && !result.stopped) await saveJudgedScopeHash(options.store.db, source.id, scopeHashOf(scope));
  return result;
}

/**
 * At start: every scoped source whose scope is not the one its excluded messages were last judged
 * with (the source file changed, or they never were) is re-judged, one after the other. Sound
 * beside the crawls that start at the same time (see recheck-excluded-messages.ts), and on many
 * processes at once (each message is claimed once; the others count it as taken meanwhile).
 * A failure is logged, not thrown: the hash stays, so the next start tries again.
 */
export async function recheckChangedScopes(options: { store: Store; sources: SourceDefinition[]; actor: Actor; queue?: Pick<JobQueue, 'enqueue'> | undefined; logger: Logger; signal?: AbortSignal | undefined }): Promise<void> {
  for (const source of options.sources) {
    if (!source.scope || options.signal?.aborted) continue;
    try {
      const before = await judgedScopeHash(options.store.db, source.id);
      if (before === scopeHashOf(source.scope)) continue;
      const pending = await options.store.db.excludedMessage.count({ where: { sourceId: source.id, messageId: null } });
      if (pending === 0) {
        await saveJudgedScopeHash(options.store.db, source.id, scopeHashOf(source.scope));
        continue;
      }
      options.logger.info(`来源 ${source.name}的受理范围（地名表）${before ? '已修改' : '尚未用于重新判断'}：重新判断排除的 ${pending} 条留言`);
      const result = await recheckScope({ ...options, source });
      if (result.stopped) options.logger.info(`来源 ${source.name}：重新判断因停止而中断（已判断 ${result.checked} 条），下次启动时继续`);
      else options.logger.info(`来源 ${source.name}：重新判断 ${result.checked} 条，转入受理 ${result.broughtIn.length} 条，排除原因更新 ${result.reasonChanged} 条`);
    } catch (error) {
      options.logger.error({ err: error, sourceId: source.id }, `来源 ${source.name} 的排除留言重新判断失败，下次启动时再试`);
    }
  }
}

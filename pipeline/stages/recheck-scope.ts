/**
 * 受理范围 1 after a gazetteer change: a source's excluded messages judged again with its current
 * scope (crawlers' decideScope), those now in scope brought in like a staff bring-back and sent
 * to classification (workflow/sources/recheck-excluded-messages.ts has the contract). Used by
 * `minsheng sources recheck-scope` on a store it opens itself, and in the main job as background
 * runs (recheck-scope-runs.ts): the console's 重新判断 button, the same command through the main
 * job, and the re-judgement at start when a source file's scope changed.
 */
import { BadInputError, sha256, type Logger } from '../../core/index.js';
import { decideScope, type SourceDefinition } from '../../crawlers/index.js';
import { recheckExcludedMessages, saveJudgedScopeHash, type RecheckExcludedResult, type Store } from '../../workflow/index.js';
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

/**
 * Stage 收集 for a message the source's scope dropped (another district's, 第三条㈠): normalised
 * like any message and kept with the crawler's reason (workflow's ExcludedMessage), out of the
 * ledger. A message the store has already accepted (staff brought it back, or a crawl took it in)
 * is recorded as a message instead, so a change on the site reaches its case.
 */
import type { CrawledMessage, ExclusionKind } from '../../core/index.js';
import { recordExcludedMessage, type RecordedExclusion, type Store } from '../../workflow/index.js';
import type { JobContext } from '../queue/index.js';
import { prepareMessage, recordCrawled } from './record-stage.js';

export async function recordExcluded(store: Store, message: CrawledMessage, reason: string, kind: ExclusionKind, ctx: Pick<JobContext, 'enqueue' | 'logger'>): Promise<RecordedExclusion> {
  const prepared = prepareMessage(message);
  const kept = await recordExcludedMessage(store.db, prepared, reason, kind);
  if (kept.outcome === 'accepted') await recordCrawled(store, message, ctx);
  return kept;
}

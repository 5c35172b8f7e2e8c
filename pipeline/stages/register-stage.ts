/** Stage 登记: de-duplicate, then open a case in the ledger or link the message to its case. */
import { registerMessage, StoreDedup, type Store, type SuggestionForLedger } from '../../workflow/index.js';
import type { JobHandler } from '../queue/index.js';

/**
 * One de-duplication index per process (pass the same StoreDedup to every register handler of a
 * process); it is kept in step with the store before each decision, so workers on other machines
 * see each other's messages.
 */
export function registerStage(store: Store, dedup: StoreDedup = new StoreDedup()): JobHandler<{ messageId: string; classification: Record<string, unknown> }> {
  return async ({ messageId, classification }, ctx) => {
    const result = await registerMessage(store.db, { messageId, classification: classification as unknown as SuggestionForLedger, dedup });
    if (result.outcome === 'created') {
      ctx.logger.info({ ledgerNo: result.ledgerNo }, `已登记新案件 ${result.ledgerNo}${result.hotIssue && result.hotIssue.count >= 3 ? `（热点：${result.hotIssue.label}，${result.hotIssue.count} 件）` : ''}`);
    } else if (result.outcome === 'linked') {
      ctx.logger.info({ ledgerNo: result.ledgerNo }, `重复留言已并入案件 ${result.ledgerNo}`);
    }
  };
}

/** Stage 登记: de-duplicate, then open a case in the ledger or link the message to its case. */
import { registerMessage, type Store, type SuggestionForLedger } from '../../workflow/index.js';
import type { JobHandler } from '../queue/index.js';

export function registerStage(store: Store): JobHandler<{ messageId: string; classification: Record<string, unknown> }> {
  return async ({ messageId, classification }, ctx) => {
    const result = await registerMessage(store.db, { messageId, classification: classification as unknown as SuggestionForLedger });
    if (result.outcome === 'created') ctx.logger.info({ ledgerNo: result.ledgerNo }, `已登记新案件 ${result.ledgerNo}`);
    else if (result.outcome === 'linked') ctx.logger.info({ ledgerNo: result.ledgerNo }, `重复留言已并入案件 ${result.ledgerNo}`);
  };
}
